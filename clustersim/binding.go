package clustersim

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winhost"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// DefaultBinding binds a node as a Windows machine (package winhost): reg.exe and ntbackup
// for cmd.exe; the registry provider on HKLM:\, Get-EventLog and the FailoverClusters module
// for PowerShell.
func DefaultBinding(c *cluster.Cluster, node string) Binding {
	n := winhost.New(c, node)
	return Binding{Programs: n.Programs(), Cmdlets: n.Cmdlets(), Host: n,
		SessionHost: func(l wsman.Logon) any {
			return n.Session(winhost.Logon{Method: l.Method, Remote: true, Delegable: l.Delegable})
		}}
}
