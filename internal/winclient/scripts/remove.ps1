# Operation: remove a registry checkpoint, without prompting. Input {"cluster": "",
# "resource": "...", "key": "..."}. Answers the resource's row after the change.
function Invoke-Operation {
    param($In)
    $cluster = Find-TargetCluster -Name $In.cluster
    if ($null -eq $cluster) { return New-Failure 'cluster_not_found' (Get-ClusterMissingMessage $In.cluster) }
    $clusterName = Get-ObjectName $cluster
    $resource = Find-ClusterResourceByName -Cluster $clusterName -Name $In.resource
    if ($null -eq $resource) {
        return New-Failure 'resource_not_found' ("The cluster resource '{0}' does not exist in cluster '{1}'." -f $In.resource, $clusterName)
    }
    $resourceName = Get-ObjectName $resource
    $existing = Find-RegistryCheckpoint -CheckpointMap (Get-CheckpointMap -Cluster $clusterName) -Resource $resourceName -Key $In.key
    if ($null -eq $existing) {
        return New-Failure 'checkpoint_not_found' ("The resource '{0}' does not checkpoint the key '{1}'." -f $resourceName, $In.key)
    }
    $null = Remove-ClusterCheckpoint -Cluster $clusterName -ResourceName $resourceName -CheckpointName $existing -RegistryCheckpoint -Force
    $row = ConvertTo-ResourceRow -Resource $resource -CheckpointMap (Get-CheckpointMap -Cluster $clusterName)
    return @{ ok = $true; data = @{ cluster = $clusterName; resources = @($row) } }
}
