// Package cluster models a Windows failover cluster running Exchange Server 5.5: its nodes,
// groups, resources and their dependencies, one registry (HKEY_LOCAL_MACHINE) per node,
// registry checkpoints replicated by the Cluster service, an Application event log per node,
// and the NT backup of Exchange that Microsoft KB Q245211 is about.
//
// It is pure Go and knows nothing of PowerShell or WinRM: package winhost binds one node of
// it to the PowerShell engine and to cmd.exe programs. A Cluster is safe for concurrent use;
// one mutex guards the whole model, as one Cluster service guards one cluster database.
//
// Everything here that is a guess about real Windows lives in unconfirmed.go.
package cluster
