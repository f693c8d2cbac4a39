# Operation: resolve the cluster name. Input {"cluster": ""} (empty: this node's cluster).
function Invoke-Operation {
    param($In)
    $cluster = Find-TargetCluster -Name $In.cluster
    if ($null -eq $cluster) { return New-Failure 'cluster_not_found' (Get-ClusterMissingMessage $In.cluster) }
    return @{ ok = $true; data = @{ cluster = (Get-ObjectName $cluster) } }
}
