package clustersim

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/clusterwmi"
)

// newNodeWMI is the root\MSCluster namespace of a node, on the same cluster model as its
// cmdlets; unregistered when the options list the node in WMIUnavailable.
func newNodeWMI(c *cluster.Cluster, name string, opts Options) *clusterwmi.Provider {
	p := clusterwmi.New(c, name)
	if win, err := opts.Windows.profile(); err == nil && !win.wmi2012 {
		p.Without2012Properties()
	}
	for _, n := range opts.WMIUnavailable {
		if equalFold(n, name) || n == "*" {
			p.SetRegistered(false)
		}
	}
	return p
}
