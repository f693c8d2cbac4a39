// Package winclient is the provider's Windows face: a small typed API (API, implemented by
// *Client) that reads and changes registry checkpoints of failover-cluster resources on
// the cluster of one WinRM host, over one of two transports.
//
// # Transports
//
// Config.Transport chooses (transport_select.go):
//
//   - "wmi" (wmi.go, wmi_wire.go): WMI's root\MSCluster over WS-Management. A snapshot of
//     the cluster is an Enumerate of MSCluster_Cluster (once per client) and one of
//     MSCluster_Resource (optimized enumeration, Pull to EndOfSequence, Release when given
//     up); an add or remove is one Invoke of MSCluster_Resource.AddRegistryCheckpoint or
//     RemoveRegistryCheckpoint on the instance whose key Name is the resource. No shell, no
//     powershell.exe, no FailoverClusters module, no second hop. Requests are Go values
//     written by encoding/xml, so names and keys travel as escaped text.
//   - "powershell" (session.go, pool.go, runner.go, scripts/*.ps1): each operation runs one
//     embedded script (common.ps1 + the operation + main.ps1) in a long-lived
//     `powershell.exe -Command -` fed one line per operation on stdin; the script and its
//     input travel as base64 literals inside one constant line, and the script answers one
//     marker line with the base64 of a JSON result (result.go). At most Config.MaxShells
//     sessions (default 2); dead sessions are replaced, idle ones closed after two minutes,
//     before Windows' IdleTimeout. Config.OneShot starts a shell and a PowerShell per
//     operation instead (the public providers' pattern).
//   - "auto" (the default): WMI first; when the host answers that WMI cannot serve
//     root\MSCluster there (WBEM_E_INVALID_NAMESPACE or _INVALID_CLASS, or no WMI plug-in),
//     PowerShell for that host from then on, with one warning. Authentication, network and
//     quota failures never switch.
//
// On the powershell transport, a run ends at a marker line carrying its own random id; a
// session that dies (PowerShell exits, the shell is deleted by the server's IdleTimeout or a
// restart, a connection breaks) is replaced, and when the user's shell quota is full the
// pool works with the sessions it has. Sessions are fed in pipe mode (launch.go); a
// session's first line rides behind a trivial one that must be answered within
// firstAnswerBound, and a node whose PowerShell ignores stdin (Windows Server 2016 RTM) gets
// one-shot runs (-EncodedCommand) from then on, with one WARN.
//
// Both transports send every request through one function of package wsman, the
// WS-Management wire (wsman.Client.Post), which checks the refused-credentials latch,
// counts the request under its action and logs it once at DEBUG with its duration, over
// Basic, NTLM (sealed over HTTP) or Kerberos. The transports build their envelopes here
// (wire.go for the remote shell, wmi_wire.go for WMI) and read faults as *wsman.Fault.
//
// # Reads, snapshots and writes
//
// GetResource, ListCheckpoints and FindCheckpoint read a snapshot of the whole cluster
// (every resource with its type, state, owners and checkpoints). Concurrent reads share
// one run, and the snapshot is kept for the life of the Client. The provider makes one
// Client per provider process, that is per terraform plan or apply, so a change made out
// of band between two plans is always seen by the second. A write that succeeds is
// applied to the snapshot (its key added or removed), a write that fails or whose outcome
// is unknown drops it, and a snapshot still being taken during a write is never kept: a
// read after a write sees the write, and terraform's create (a read, then an add) costs no
// new snapshot.
//
// # Failures
//
// Every error is a *Error with a Kind; errors.Is(err, ErrResourceNotFound) and friends
// compare kinds. The kinds are decided by codes, never by message text: over PowerShell
// inside the script by explicit checks; over WMI by the HRESULT of the fault's WMI error
// (wmi_errors.go). Idempotent steps (reads, and any step before a write reached the
// server) are retried with backoff within Config.Timeout; a write whose outcome is unknown
// is checked with a fresh read, never repeated blindly. After the server refuses the
// credentials once, no request sends them again. The password never appears in logs or
// errors.
//
// The provider closes its clients when the plugin server stops (Close; CloseAll closes
// every client not yet closed): PowerShell sessions' shells left open count against
// MaxShellsPerUser until the server reaps them.
package winclient
