// Package clustersim assembles the simulated Windows failover cluster: the cluster model
// (package cluster), one WinRM endpoint per node (package wsman) whose commands go through
// that node's cmd.exe layer (package cmdexe), its programs and PowerShell cmdlets (the node
// software) and the PowerShell engine (package winps51). Start builds and serves it; Sim is the
// handle tests use; ControlHandler is the JSON control API the clustersim program serves.
//
// It models Windows, not this project's provider: it never imports internal/provider or
// internal/winclient.
package clustersim

// The files, each using only those listed above it (file_deps_test.go checks that no two
// files use each other's declarations):
//
//	releases.go     Windows: the Windows Server releases a node can run
//	unconfirmed.go  the package's guesses (each release's build revision)
//	windows.go      what differs between releases; ParseWindows
//	software.go     Software: a node's programs and cmdlets; WindowsSoftware
//	modules.go      Options.WithoutModules: a node's software without some modules
//	utf8bom.go      Options.UTF8BOM: a byte order mark before a command's stdout
//	names.go        node names compared as Windows compares them
//	options.go      Options and Layout, and the options a release fills in
//	wmi.go          a node's root\MSCluster namespace
//	powershell.go   a node's powershell.exe: one runspace per process, the programs it can
//	                run, 2016 RTM's stdin hang
//	sim.go          Sim and its nodes: Start, the cluster name's address, stats, Close
//	control.go      changing a running Sim: SetStdinHang, SetWMIRegistered, Faults,
//	                SetLatency, and the JSON control API over them (ControlHandler)
