# Operation: every resource of a cluster with its type, state, owners and registry
# checkpoints, in one call. Input {"cluster": ""}.
function Invoke-Operation {
    param($In)
    $cluster = Find-TargetCluster -Name $In.cluster
    if ($null -eq $cluster) { return New-Failure 'cluster_not_found' (Get-ClusterMissingMessage $In.cluster) }
    $clusterName = Get-ObjectName $cluster
    $map = Get-CheckpointMap -Cluster $clusterName
    $rows = @(foreach ($resource in @(Get-ClusterResource -Cluster $clusterName)) {
        ConvertTo-ResourceRow -Resource $resource -CheckpointMap $map
    })
    return @{ ok = $true; data = @{ cluster = $clusterName; resources = $rows } }
}
