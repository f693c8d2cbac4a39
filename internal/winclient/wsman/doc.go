// Package wsman is the WS-Management wire: it posts one SOAP envelope to one WinRM endpoint
// and returns the answer, whatever built the envelope. It knows nothing of WMI classes or
// PowerShell; the Windows client's two transports (package winclient) build their messages
// and use this package through its exported API only (a test of the module's walls checks
// that it imports neither them nor its parent).
//
// What it does, once for every request (Client.Post):
//   - authenticates with Basic (http.go), NTLM over HTTPS or unsealed over HTTP (ntlm.go),
//     NTLM with WinRM message encryption over HTTP (ntlm_sealed.go; sealed per connection,
//     so Windows' default AllowUnencrypted=false works) or Kerberos (kerberos.go). NTLM
//     authenticates connections, so each request in flight has one of its own (lanes.go).
//     Each is a Poster; another authentication, or Kerberos sealing, is another Poster
//     chosen in newPoster;
//   - stops sending credentials once the server has refused them (the latch: RefusedError),
//     so that a wrong password cannot lock the account out;
//   - counts every HTTP request and every message by action (Stats), and logs one DEBUG line
//     per message with its duration, never headers or bodies;
//   - records every exchange decrypted when asked (record.go, package recording);
//   - reads a SOAP fault into a *Fault (fault.go): its SOAP Code and Subcode, the WSManFault
//     code, the reason and the raw detail, for readers of richer details to build on.
package wsman
