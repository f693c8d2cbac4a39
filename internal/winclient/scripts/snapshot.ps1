# Operation: every resource of a cluster with its type, state, owners and registry
# checkpoints, in one call. Input {"cluster": ""}.
function Invoke-Operation {
    param($In)
    $target = Resolve-TargetCluster -Name $In.cluster
    if ($target.failure) { return $target.failure }
    $clusterName = Get-ObjectName $target.cluster
    $map = Get-CheckpointMap
    $rows = @(foreach ($resource in @(Get-ClusterResource)) {
        $name = Get-ObjectName $resource
        $checkpoints = @()
        if ($map.ContainsKey($name)) { $checkpoints = $map[$name] }
        ConvertTo-ResourceRow -Resource $resource -Checkpoints $checkpoints
    })
    return @{ ok = $true; data = @{ cluster = $clusterName; resources = $rows } }
}
