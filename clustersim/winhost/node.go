// Package winhost is one node of the simulated cluster as a Windows machine: it binds the
// cluster model (package cluster) to the PowerShell engine (the FailoverClusters module, the
// registry provider on HKLM:\, Get-EventLog) and to cmd.exe programs (reg.exe, ntbackup).
//
// What a script sees:
//   - FailoverClusters: Get-Cluster, Get-ClusterNode, Get-ClusterGroup, Get-ClusterResource,
//     Get-/Add-/Remove-ClusterCheckpoint, Move-ClusterGroup, Start-/Stop-ClusterResource,
//     Start-/Stop-ClusterNode, with the objects, enums and errors of the module.
//   - The registry provider on HKLM:\ and Registry::HKEY_LOCAL_MACHINE\: Test-Path, Get-Item,
//     Get-ChildItem, Get-ItemProperty, Get-ItemPropertyValue, New-Item, New-ItemProperty,
//     Set-ItemProperty, Remove-Item, Remove-ItemProperty. Other drives and hives fail with a
//     NotImplemented error that says so.
//   - Get-EventLog -LogName Application.
//
// What cmd.exe finds: reg (QUERY, ADD, DELETE on HKLM) and ntbackup (the Exchange backup).
//
// Not modelled: other hives, registry views (/reg:32 and /reg:64 are the same), reg query's
// search options, key security, the replication of crypto checkpoints.
//
// Everything here that is a guess about real Windows is in unconfirmed.go; errors seen on
// real machines are in moduleerrors.go with their sources.
package winhost

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// Node is one machine of the cluster.
type Node struct {
	c    *cluster.Cluster
	name string
}

// New binds the node named node of c. The node must exist in c; its name is kept as the
// cluster spells it.
func New(c *cluster.Cluster, node string) *Node {
	if info, err := c.Node(node); err == nil {
		node = info.Name
	}
	return &Node{c: c, name: node}
}

// Name is the node's computer name.
func (n *Node) Name() string { return n.name }

// Cluster is the model the node belongs to.
func (n *Node) Cluster() *cluster.Cluster { return n.c }

// Cmdlets are the node's PowerShell commands: the registry provider cmdlets, Get-EventLog
// and the FailoverClusters module.
func (n *Node) Cmdlets() []*winps51.Cmdlet {
	var out []*winps51.Cmdlet
	out = append(out, n.registryCmdlets()...)
	out = append(out, n.eventLogCmdlet())
	out = append(out, n.clusterCmdlets()...)
	return out
}

// Programs are the node's executables for the cmd.exe layer, keyed by lower-case name
// without ".exe".
func (n *Node) Programs() map[string]cmdexe.Program {
	return map[string]cmdexe.Program{
		"reg":      n.regExe,
		"ntbackup": n.ntBackup,
	}
}

// NativePrograms are Programs as winps51.Options.Programs takes them, so that PowerShell runs
// reg and ntbackup as native commands.
func (n *Node) NativePrograms() map[string]winps51.NativeProgram {
	out := map[string]winps51.NativeProgram{}
	for name, p := range n.Programs() {
		out[name] = winps51.NativeProgram(p)
	}
	return out
}

func (n *Node) registry() *cluster.Registry {
	r, err := n.c.Registry(n.name)
	if err != nil {
		// New was given a node the cluster does not have: a programming error.
		panic("winhost: " + err.Error())
	}
	return r
}
