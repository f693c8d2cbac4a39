package clustersim

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winhost"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Software is what a node offers to commands: its executables (reg, ntbackup), its
// PowerShell cmdlets (registry provider, event log, FailoverClusters) and the value handed to
// every cmdlet call.
type Software struct {
	Programs map[string]cmdexe.Program
	Cmdlets  []*winps51.Cmdlet
	Host     any
	// SessionHost, when set, is the value handed to the cmdlets of a process started over
	// WinRM, given how its user logged on (whether it can reach other nodes); Host when nil.
	SessionHost func(logon wsman.Logon) any
}

// WindowsSoftware is a node's software as a Windows machine (package winhost): reg.exe and
// ntbackup for cmd.exe; the registry provider on HKLM:\, Get-EventLog and the
// FailoverClusters module for PowerShell.
func WindowsSoftware(c *cluster.Cluster, node string) Software {
	n := winhost.New(c, node)
	return Software{Programs: n.Programs(), Cmdlets: n.Cmdlets(), Host: n,
		SessionHost: func(l wsman.Logon) any {
			return n.Session(winhost.Logon{Method: l.Method, Remote: true, Delegable: l.Delegable})
		}}
}
