// Package wsman is the WinRM endpoint of one simulated Windows machine: a WS-Management
// (MS-WSMV) server for the remote shell resource
// http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd, answering as the Windows
// WinRM service does, not as any one client expects.
//
// # Protocol
//
// POST /wsman only (other paths 404, other methods 405). SOAP 1.2 envelopes; actions
// Create, Command, Send, Receive, Signal (terminate, ctrl_c, ctrl_break) and Delete; the
// ShellId selector (ShellID accepted); options WINRS_NOPROFILE, WINRS_CODEPAGE,
// WINRS_CONSOLEMODE_STDIN, WINRS_SKIP_CMD_SHELL. Every answer relates to the request's
// MessageID. Receive is a long poll: it answers as soon as output or the exit arrives and
// with the w:TimedOut fault (2150858793) when the OperationTimeout (capped by MaxTimeout)
// passes first. Output is split over as many Receive answers as the request's
// MaxEnvelopeSize requires; the last one carries End="true" markers and CommandState Done
// with the ExitCode. Faults are HTTP 500 with Content-Type application/soap+xml;charset=UTF-8.
// Requests above MaxEnvelopeSizeKB get HTTP 413.
//
// Authentication: Basic (checked on every request) and Negotiate/NTLM (the connection
// stays authenticated; handshake by package ntlmauth). With Config.Kerberos (package
// kerbauth, a keytab of the machine's HTTP service principal) Kerberos too: a Negotiate
// token whose first mechanism is Kerberos, or one NTLM does not take, goes to the Kerberos
// acceptor, as does the "Kerberos" scheme; the principal must be an account of Users; the
// accept-completed token (with the AP-REP when mutual authentication was asked) comes back
// in WWW-Authenticate on the 200; the context then seals the connection's messages
// (MS-WSMV 2.2.9.1.2: RFC 4121 wrap tokens in SSPI's layout, package kerbauth), with the
// protocol string of the scheme that carried it. A refusal is 401 with an empty body and WWW-Authenticate
// headers "Negotiate", "Kerberos" (when configured) and `Basic realm="WSMAN"`. With AllowUnencrypted
// false (the default, as on Windows) plain HTTP requests are refused with 401 unless their
// body is sealed (MS-WSMV 2.2.9.1 multipart/encrypted, framed by package encbody; unsealed
// and sealed with the connection's Kerberos context, or its NTLM session by
// Config.SessionSecurity, NTLMSessionSecurity by default); an
// empty POST that completes a handshake gets 200, as encrypting clients expect. HTTPS is
// always served.
//
// WMI (Config.WMI, wmi*.go): the WMI plug-in's resource URIs
// http://schemas.microsoft.com/wbem/wsman/1/wmi/<namespace>/<Class> with Enumerate, Pull,
// Release (optimized enumeration, MaxElements, EndOfSequence), the WQL filter dialect on
// .../<namespace>/* (a subset, wmi_wql.go), Get by key selectors and Invoke of methods;
// WMI errors are faults carrying an MSFT_WmiError with the HRESULT. The same
// authentication, encryption, latency and fault injection as the shell ("Enumerate",
// "Pull", "Release", "Get" and "Invoke" name the WMI operations in fault rules).
//
// Everything about Windows that is a guess is in unconfirmed.go.
//
// # Go API
//
// Listen builds a Server from a Config and serves it: see Example (example_test.go), a
// WinRM client running a command against a Go function. The Endpoint gives its URL, the
// PEM a client trusts over HTTPS (CACertPEM), and its Server: Counters, Faults, SetLatency.
//
// Config fields are zero for Windows' defaults: MaxShellsPerUser 30,
// MaxConcurrentOperationsPerUser 1500, MaxEnvelopeSizeKB 500, MaxTimeout 60 s, IdleTimeout
// 7200 s (an idle shell is deleted: its commands cancelled, later requests get the
// shell-not-found fault 2150858843). Latency delays every request (SetLatency changes it at
// run time). Counters (package simstats) count requests (all, and by action: "Create",
// "Command", "Send", "Receive", "Signal", "Delete"; "unauthenticated" for 401s; "unknown" for
// unparsable, oversized or unknown-action requests and for the empty POST that completes an
// NTLM handshake), shells created and open, commands, bytes in and out (request and response
// bodies), and authentication failures (credentials presented and refused).
//
// NewServer gives the bare http.Handler; when serving it yourself set
// http.Server.ConnContext = srv.ConnContext so that NTLM state is per connection. Serve runs
// an existing Server on a listener, with a certificate several endpoints share
// (ListenOptions.Certificate, made once by TLSCertificate) and a front Handler when one
// address stands for several servers (a cluster's name); SelfSignedCert makes a
// certificate.
//
// Fault injection (Server.Faults, safe for concurrent use): DropConnections(n, action)
// closes the connection without an answer; FailWith(n, action, code, text) answers HTTP 500
// with that WSManFault; Delay(n, d); RefuseAuth(n); FillShellQuota(on); Clear.
// Server.CloseAllShells forgets every shell, as a restart of the WinRM service does.
//
// The Executor (executor.go) is the machine: each command runs in its own goroutine with
// stdin fed by Send (io.EOF after End="true") and its stdout/stderr delivered by Receive;
// its context is cancelled by Signal, Delete, idle reaping and Close.
package wsman
