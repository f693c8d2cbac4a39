# Operation: add a registry checkpoint. Input {"cluster": "", "resource": "...", "key": "..."}.
# Answers the cluster's name (the client applies the change to its snapshot itself, so
# nothing is read again).
# It adds first and reads the resource's checkpoints only when the add fails: reading them
# builds one object per checkpoint, so a read before every add made an apply of n checkpoints
# on one resource cost n squared (issue 13). Adding a key already checkpointed fails
# (ERROR_ALREADY_EXISTS, domain.md section 2); the failure is told apart without its text,
# which depends on the display language: if the key is now among the resource's checkpoints,
# the answer is already_exists, otherwise the error goes on as it is. The trade: a key that
# the cluster holds in another case is found only if Windows refuses the add; whether it
# compares checkpoint names without regard to case is unconfirmed (domain.md section 2), and
# the provider looks for the key by meaning before it adds (as the WMI transport relies on).
function Invoke-Operation {
    param($In)
    $target = Resolve-TargetCluster -Name $In.cluster
    if ($target.failure) { return $target.failure }
    $clusterName = Get-ObjectName $target.cluster
    $resource = Find-ClusterResourceByName -Name $In.resource
    if ($null -eq $resource) {
        return New-Failure 'resource_not_found' ("The cluster resource '{0}' does not exist in cluster '{1}'." -f $In.resource, $clusterName)
    }
    try {
        $null = Add-ClusterCheckpoint -InputObject $resource -RegistryCheckpoint $In.key
    } catch {
        $existing = Find-RegistryCheckpoint -Checkpoints (Get-ResourceCheckpoints -Resource $resource) -Key $In.key
        if ($null -eq $existing) { throw }
        return New-Failure 'already_exists' ("The resource '{0}' already checkpoints the key '{1}'." -f (Get-ObjectName $resource), $existing.Name)
    }
    return @{ ok = $true; data = @{ cluster = $clusterName } }
}
