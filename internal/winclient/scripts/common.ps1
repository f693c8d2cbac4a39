# Shared head of every winclient script. The Go side appends one operation file (which
# defines Invoke-Operation) and main.ps1. Input comes as base64 of a UTF-8 JSON document and
# is only ever used as data; the result is one line: the marker, a space, and the base64 of a
# UTF-8 JSON envelope {"ok":true,"data":...} or {"ok":false,"kind":"...","message":"..."}.
# Base64 keeps the line ASCII whatever the console code page.
param([string]$Payload, [string]$RunId)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function New-Failure {
    param([string]$Kind, [string]$Message)
    return @{ ok = $false; kind = $Kind; message = $Message }
}

function Write-Envelope {
    param($Envelope)
    if ($PSVersionTable.PSVersion.Major -lt 3) {
        # Windows PowerShell 2.0 (Windows Server 2008 R2 as shipped) has no ConvertTo-Json,
        # so no operation can run: say only that, in a fixed envelope whose two values (a
        # version number and this run's hex id) hold no character JSON would escape.
        $json = '{"ok":false,"kind":"powershell_too_old","message":"' + [string]$PSVersionTable.PSVersion + '","nonce":"' + $RunId + '"}'
        return '##winclient-result ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
    }
    $Envelope['nonce'] = $RunId
    $json = ConvertTo-Json -InputObject $Envelope -Compress -Depth 10
    return '##winclient-result ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
}

# Get-FailureKind classifies an unexpected error by its exception type and category, which
# do not depend on the display language (message texts do).
function Get-FailureKind {
    param($ErrorRecord)
    if ($ErrorRecord.Exception -is [System.UnauthorizedAccessException]) { return 'access_denied' }
    $category = [string]$ErrorRecord.CategoryInfo.Category
    if ($category -eq 'PermissionDenied') { return 'access_denied' }
    if ($category -eq 'InvalidArgument') { return 'invalid_argument' }
    return 'windows_error'
}

# Test-FailoverClustersModule tells whether the FailoverClusters cmdlets can run here. It
# looks the command up rather than reading an error's text (texts depend on the language).
function Test-FailoverClustersModule {
    return $null -ne (Get-Command -Name 'Get-Cluster' -ErrorAction SilentlyContinue)
}

function Get-ModuleMissingMessage {
    return ('The FailoverClusters PowerShell module is not installed on {0}, so its cmdlets (Get-Cluster, Get-ClusterCheckpoint, ...) are not recognized. ' +
        'Add the Windows feature RSAT-Clustering-PowerShell: Install-WindowsFeature RSAT-Clustering-PowerShell ' +
        '(Install-WindowsFeature Failover-Clustering without -IncludeManagementTools leaves it out).') -f $env:COMPUTERNAME
}

# Resolve-TargetCluster returns @{ cluster = <this node's cluster> } or @{ failure = ... }.
# It asks the local Cluster service (Get-Cluster without a name) and never names a cluster
# to the cmdlets: -Cluster <name>, even this cluster's own name, makes them open an RPC
# connection to the node that owns the core group, a second hop that a WinRM logon by NTLM,
# Basic or Kerberos without delegation cannot make. A requested name must therefore be this
# node's cluster. Access problems are not hidden as "not found".
function Resolve-TargetCluster {
    param([string]$Name)
    try {
        $cluster = Get-Cluster
    } catch {
        if (-not (Test-FailoverClustersModule)) { return @{ failure = New-Failure 'module_missing' (Get-ModuleMissingMessage) } }
        if ((Get-FailureKind $_) -eq 'access_denied') { throw }
        return @{ failure = New-Failure 'cluster_not_found' ('The computer {0} is not a node of a failover cluster, or its Cluster service is not running (Get-Cluster: {1}).' -f $env:COMPUTERNAME, $_.Exception.Message) }
    }
    if ($null -eq $cluster) {
        return @{ failure = New-Failure 'cluster_not_found' ('The computer {0} is not a node of a failover cluster (Get-Cluster found none).' -f $env:COMPUTERNAME) }
    }
    if (-not [string]::IsNullOrEmpty($Name) -and -not (Test-ThisCluster -Cluster $cluster -Name $Name)) {
        $own = Get-ObjectName $cluster
        return @{ failure = New-Failure 'other_cluster' (("The cluster '{0}' is not the cluster of {1}, the node the provider is connected to, which belongs to the cluster '{2}'. " +
            'The provider changes only the cluster of the node it is connected to: reaching another cluster from {1} would be a second hop, ' +
            'and a WinRM logon by NTLM, Basic or Kerberos without delegation cannot pass the credentials on to it. ' +
            "Configure a provider block with an alias whose host is a node of '{0}', and set provider = exchange.<alias> on the resources of that cluster.") -f $Name, $env:COMPUTERNAME, $own) }
    }
    return @{ cluster = $cluster }
}

# Test-ThisCluster tells whether Name designates this cluster: its name, or the name of one
# of its nodes (through which the cmdlets reach the same cluster), either alone or followed
# by the cluster's DNS domain. A name in another domain may be another cluster of the same
# short name, so it is not taken for this one. Names compare without regard to case.
function Test-ThisCluster {
    param($Cluster, [string]$Name)
    $names = @(Get-ObjectName $Cluster)
    if ($Name -ne $names[0]) {
        $names += @(foreach ($node in @(Get-ClusterNode)) { Get-ObjectName $node })
    }
    $domain = [string]$Cluster.Domain
    foreach ($candidate in $names) {
        if ($Name -eq $candidate) { return $true }
        if (-not [string]::IsNullOrEmpty($domain) -and $Name -eq ($candidate + '.' + $domain)) { return $true }
    }
    return $false
}

function Get-ObjectName {
    param($Value)
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    return [string]$Value.Name
}

# Find-ClusterResourceByName compares names with -eq (case-insensitive, no wildcards).
function Find-ClusterResourceByName {
    param([string]$Name)
    foreach ($resource in @(Get-ClusterResource)) {
        if ((Get-ObjectName $resource) -eq $Name) { return $resource }
    }
    return $null
}

# Get-CheckpointMap returns a hashtable: resource name -> array of registry checkpoint names,
# for every resource of the cluster, from one Get-ClusterCheckpoint call.
function Get-CheckpointMap {
    $map = @{}
    foreach ($checkpoint in @(Get-ClusterCheckpoint -RegistryCheckpoint)) {
        $owner = Get-ObjectName $checkpoint.Resource
        if ($map.ContainsKey($owner)) {
            $map[$owner] += [string]$checkpoint.Name
        } else {
            $map[$owner] = @([string]$checkpoint.Name)
        }
    }
    return $map
}

# ConvertTo-ResourceRow is what the client reads of a resource; Checkpoints are its registry
# checkpoint names.
function ConvertTo-ResourceRow {
    param($Resource, $Checkpoints)
    return @{
        name        = Get-ObjectName $Resource
        type        = Get-ObjectName $Resource.ResourceType
        state       = [string]$Resource.State
        ownerGroup  = Get-ObjectName $Resource.OwnerGroup
        ownerNode   = Get-ObjectName $Resource.OwnerNode
        checkpoints = @($Checkpoints)
    }
}

# Get-ResourceCheckpoints returns the registry checkpoint objects of one resource only (the
# resource object piped, no name to match): a write costs the same whatever the number of
# checkpoints of the other resources.
function Get-ResourceCheckpoints {
    param($Resource)
    return @(Get-ClusterCheckpoint -InputObject $Resource -RegistryCheckpoint)
}

# Find-RegistryCheckpoint returns the checkpoint object of Key among Checkpoints (names
# compared case-insensitively, an exact spelling first), or $null.
function Find-RegistryCheckpoint {
    param($Checkpoints, [string]$Key)
    $found = $null
    foreach ($checkpoint in @($Checkpoints)) {
        $name = [string]$checkpoint.Name
        if ($name -ceq $Key) { return $checkpoint }
        if ($null -eq $found -and $name -eq $Key) { $found = $checkpoint }
    }
    return $found
}
