# Operation: first contact (DescribeCluster). Input {"cluster": "", "probe": false}.
# Answers this computer's name, the version of this Windows PowerShell and whether the
# FailoverClusters module answers, then the cluster: its name and domain, the nodes with
# their state and the owner of the core group. With probe (WMI already read the cluster and
# PowerShell is only the fallback), it stops after the module: a missing module is then a
# fact to show, not a failure.
function Invoke-Operation {
    param($In)
    $facts = @{
        node      = [string]$env:COMPUTERNAME
        psVersion = [string]$PSVersionTable.PSVersion
        module    = [bool](Test-FailoverClustersModule)
    }
    if ($In.probe) { return @{ ok = $true; data = @{ cluster = ''; facts = $facts } } }
    $target = Resolve-TargetCluster -Name $In.cluster
    if ($target.failure) { return $target.failure }
    $facts.domain = [string]$target.cluster.Domain
    $facts.nodes = @(foreach ($node in @(Get-ClusterNode)) { @{ name = Get-ObjectName $node; state = [string]$node.State } })
    $facts.coreGroupOwner = Get-ObjectName (Find-CoreGroup).OwnerNode
    return @{ ok = $true; data = @{ cluster = (Get-ObjectName $target.cluster); facts = $facts } }
}

# Find-CoreGroup returns the core cluster group: GroupType Cluster (CLUSGROUP_TYPE
# ClusGroupTypeCoreCluster, 1) from Windows Server 2012 on. Windows Server 2008 R2's groups
# have no GroupType: there it is the group named "Cluster Group", the name the cluster gives
# its core group.
function Find-CoreGroup {
    $groups = @(Get-ClusterGroup)
    foreach ($group in $groups) {
        if ($null -ne $group.GroupType -and [int]$group.GroupType -eq 1) { return $group }
    }
    foreach ($group in $groups) {
        if ($null -eq $group.GroupType -and (Get-ObjectName $group) -eq 'Cluster Group') { return $group }
    }
    return $null
}
