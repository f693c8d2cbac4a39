// Package clustersim assembles the simulated Windows failover cluster: the cluster model
// (package cluster), one WinRM endpoint per node (package wsman) whose commands go through
// that node's cmd.exe layer (package cmdexe), its programs and PowerShell cmdlets (the node
// software) and the PowerShell engine (package winps51). Start builds and serves it; Sim is the
// handle tests use; ControlHandler is the JSON control API the clustersim program serves.
//
// It models Windows, not this project's provider: it never imports internal/provider or
// internal/winclient.
package clustersim
