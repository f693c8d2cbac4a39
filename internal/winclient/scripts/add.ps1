# Operation: add a registry checkpoint. Input {"cluster": "", "resource": "...", "key": "..."}.
# Answers the cluster's name (the client applies the change to its snapshot itself, so
# nothing is read again). It reads the checkpoints of that resource once, so its cost does
# not grow with the checkpoints of the cluster's other resources.
function Invoke-Operation {
    param($In)
    $target = Resolve-TargetCluster -Name $In.cluster
    if ($target.failure) { return $target.failure }
    $clusterName = Get-ObjectName $target.cluster
    $resource = Find-ClusterResourceByName -Name $In.resource
    if ($null -eq $resource) {
        return New-Failure 'resource_not_found' ("The cluster resource '{0}' does not exist in cluster '{1}'." -f $In.resource, $clusterName)
    }
    $resourceName = Get-ObjectName $resource
    $existing = Find-RegistryCheckpoint -Checkpoints (Get-ResourceCheckpoints -Resource $resource) -Key $In.key
    if ($null -ne $existing) {
        return New-Failure 'already_exists' ("The resource '{0}' already checkpoints the key '{1}'." -f $resourceName, $existing.Name)
    }
    $null = Add-ClusterCheckpoint -InputObject $resource -RegistryCheckpoint $In.key
    return @{ ok = $true; data = @{ cluster = $clusterName } }
}
