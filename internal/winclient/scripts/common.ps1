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

# Find-TargetCluster returns the named cluster, or the cluster of this node when Name is
# empty; $null when there is none. Access problems are not hidden as "not found".
function Find-TargetCluster {
    param([string]$Name)
    try {
        if ([string]::IsNullOrEmpty($Name)) {
            return Get-Cluster
        }
        return Get-Cluster -Name $Name
    } catch {
        if ((Get-FailureKind $_) -eq 'access_denied') { throw }
        return $null
    }
}

function Get-ClusterMissingMessage {
    param([string]$Name)
    if ([string]::IsNullOrEmpty($Name)) {
        return ('The computer {0} is not a node of a failover cluster (Get-Cluster found none).' -f $env:COMPUTERNAME)
    }
    return ("The cluster '{0}' does not exist or cannot be reached from {1}." -f $Name, $env:COMPUTERNAME)
}

function Get-ObjectName {
    param($Value)
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    return [string]$Value.Name
}

# Find-ClusterResourceByName compares names with -eq (case-insensitive, no wildcards).
function Find-ClusterResourceByName {
    param([string]$Cluster, [string]$Name)
    foreach ($resource in @(Get-ClusterResource -Cluster $Cluster)) {
        if ((Get-ObjectName $resource) -eq $Name) { return $resource }
    }
    return $null
}

# Get-CheckpointMap returns a hashtable: resource name -> array of registry checkpoint names,
# for every resource of the cluster, from one Get-ClusterCheckpoint call.
function Get-CheckpointMap {
    param([string]$Cluster)
    $map = @{}
    foreach ($checkpoint in @(Get-ClusterCheckpoint -Cluster $Cluster -RegistryCheckpoint)) {
        $owner = Get-ObjectName $checkpoint.Resource
        if ($map.ContainsKey($owner)) {
            $map[$owner] += [string]$checkpoint.Name
        } else {
            $map[$owner] = @([string]$checkpoint.Name)
        }
    }
    return $map
}

function ConvertTo-ResourceRow {
    param($Resource, $CheckpointMap)
    $name = Get-ObjectName $Resource
    $checkpoints = @()
    if ($CheckpointMap.ContainsKey($name)) { $checkpoints = @($CheckpointMap[$name]) }
    return @{
        name        = $name
        type        = Get-ObjectName $Resource.ResourceType
        state       = [string]$Resource.State
        ownerGroup  = Get-ObjectName $Resource.OwnerGroup
        ownerNode   = Get-ObjectName $Resource.OwnerNode
        checkpoints = $checkpoints
    }
}

# Find-RegistryCheckpoint returns the stored name of Key on the resource (compared
# case-insensitively), or $null.
function Find-RegistryCheckpoint {
    param($CheckpointMap, [string]$Resource, [string]$Key)
    if (-not $CheckpointMap.ContainsKey($Resource)) { return $null }
    foreach ($name in @($CheckpointMap[$Resource])) {
        if ($name -eq $Key) { return $name }
    }
    return $null
}
