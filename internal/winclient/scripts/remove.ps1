# Operation: remove a registry checkpoint, without prompting. Input {"cluster": "",
# "resource": "...", "key": "..."}. Answers the cluster's name; the client applies the
# change to its snapshot itself.
# The checkpoint object found is piped to Remove-ClusterCheckpoint (Microsoft's example 1 of
# Remove-ClusterCheckpoint): -CheckpointName is documented to take a regular expression, and
# a key such as SOFTWARE\Microsoft\... is not a valid one (or may match other checkpoints).
# Only the target resource's checkpoints are read.
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
    if ($null -eq $existing) {
        return New-Failure 'checkpoint_not_found' ("The resource '{0}' does not checkpoint the key '{1}'." -f $resourceName, $In.key)
    }
    $null = $existing | Remove-ClusterCheckpoint -Force
    return @{ ok = $true; data = @{ cluster = $clusterName } }
}
