package clustersim

import (
	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/cluster"
)

// DefaultBinding is the node binding used when Options.Bind is nil.
//
// The node binding (package winhost: reg.exe, ntbackup.exe, the registry provider, the event
// log and the FailoverClusters cmdlets) is not in the tree yet; until it is, a node offers
// only what cmdexe builds in (hostname, cmd, powershell) and PowerShell has no host cmdlets.
func DefaultBinding(c *cluster.Cluster, node string) Binding {
	return Binding{Host: node}
}
