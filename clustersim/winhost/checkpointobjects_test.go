package winhost

import "testing"

// The checkpoints one Get-ClusterCheckpoint call writes each carry a Resource object of their
// own (the cmdlet builds the resource once and copies it): a change a script makes to one,
// nested objects included, does not show in another, as when each was built from the cluster.
func TestCheckpointResourcesAreNotShared(t *testing.T) {
	_, n := newTestNode(t)
	out := mustPS(t, n, `foreach ($k in 'SOFTWARE\A', 'SOFTWARE\B', 'SOFTWARE\C') { $null = Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint $k }
$cps = @(Get-ClusterResource 'Cluster Name' | Get-ClusterCheckpoint -RegistryCheckpoint)
$cps[0].Resource.Description = 'changed'
$cps[0].Resource.OwnerGroup.Description = 'changed'
$cps[0].Resource.OwnerNode.Cluster.Description = 'changed'
'[' + $cps[1].Resource.Description + '][' + $cps[1].Resource.OwnerGroup.Description + '][' + $cps[1].Resource.OwnerNode.Cluster.Description + ']'
($cps | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.Name, $_.Resource, $_.Resource.OwnerGroup, $_.Resource.OwnerNode, [string]$_.Resource.State }) -join ';'`)
	assertTable(t, out, "[][][]", `SOFTWARE\A Cluster Name Cluster Group NODE1 Online;SOFTWARE\B Cluster Name Cluster Group NODE1 Online;SOFTWARE\C Cluster Name Cluster Group NODE1 Online`)
}
