// Package winclient is the provider's Windows face: a small typed API (API, implemented by
// *Client) over WinRM that reads and changes registry checkpoints of failover-cluster
// resources with the FailoverClusters cmdlets.
//
// # How an operation travels
//
// Each operation runs one embedded script (scripts/*.ps1: common.ps1 + the operation +
// main.ps1). The script and its input travel as base64 literals inside one constant line of
// PowerShell, so nothing the user wrote ever becomes code; the input is one JSON document.
// The script answers one line: a marker and the base64 of a JSON envelope,
// {"ok":true,"data":...} or {"ok":false,"kind":"resource_not_found","message":"..."}, the
// kind decided inside the script by explicit checks, never by matching message text.
//
// # Sessions
//
// A Client keeps at most Config.MaxShells (default 2) remote shells, each running one
// long-lived `powershell.exe -Command -` fed one line per operation on stdin; a run ends at a
// marker line carrying its own random id. A session that dies (PowerShell exits, the shell is
// deleted by the server's IdleTimeout or a restart, a connection breaks) is discarded and
// replaced; idle sessions are closed after two minutes, before Windows' IdleTimeout. When
// the user's shell quota is full, the pool works with the sessions it has. Config.OneShot
// starts a shell and a PowerShell per operation instead (the public providers' pattern),
// with the line in -EncodedCommand. Sessions are fed in pipe mode (launch.go); a session's
// first line rides behind a trivial one that must be answered within firstAnswerBound, and
// a node whose PowerShell
// ignores stdin (Windows Server 2016 RTM) gets one-shot runs from then on, with one WARN.
//
// # Reads, snapshots and writes
//
// GetResource and ListCheckpoints read a snapshot of the whole cluster (every resource with
// its type, state, owners and checkpoints, one script run). Concurrent reads share one run,
// and the snapshot is kept for the life of the Client. The provider makes one Client per
// provider process, that is per terraform plan or apply, so a change made out of band
// between two plans is always seen by the second. A write that succeeds is applied to the
// snapshot (its key added or removed), a write that fails or whose outcome is unknown drops
// it, and a snapshot still being taken during a write is never kept: a read after a write
// sees the write, and terraform's create (a read, then an add) costs no new snapshot.
//
// # Failures
//
// Every error is a *Error with a Kind; errors.Is(err, ErrResourceNotFound) and friends
// compare kinds. Idempotent steps (reads, and any step before a write's line reached
// PowerShell) are retried with backoff within Config.Timeout; a write whose outcome is
// unknown is checked with a fresh read, never repeated blindly. The password never appears
// in logs or errors; each WinRM request and script run is logged at DEBUG with its duration.
//
// # Transports
//
// Basic; NTLM over HTTPS, or over HTTP with WinRM message encryption (sealed per
// connection, so Windows' default AllowUnencrypted=false works), or without it
// (Config.NTLMWithoutEncryption, for servers with AllowUnencrypted=true); Kerberos through
// masterzen/winrm. NTLM authenticates connections, so each request in flight has a
// connection of its own (lanes.go).
//
// The provider should call CloseAll when the plugin server stops: shells left open count
// against MaxShellsPerUser until the server reaps them.
package winclient
