// Package ntlmauth is the server side of NTLM (NTLMv2) and of HTTP Negotiate carrying NTLM,
// as the WinRM service speaks them: the challenge/response handshake over one TCP connection
// and NTLM session security for WinRM message encryption over plain HTTP.
//
// # Handshake (MS-NLMP, MS-SPNG)
//
// The HTTP server keeps one ConnState per TCP connection and calls Server.Step with the
// base64-decoded token of each "Authorization: Negotiate <b64>" (or "NTLM <b64>") header:
//
//	reply, user, done, err := srv.Step(cs, token)
//	switch {
//	case errors.Is(err, ntlmauth.ErrBadCredentials):   // 401, WWW-Authenticate: Negotiate
//	case err != nil:                                     // 401 too (malformed or unexpected token)
//	case !done:                                          // 401, WWW-Authenticate: Negotiate <b64 reply>
//	default:                                             // authenticated as user; serve the request
//		// if reply != nil (SPNEGO), add WWW-Authenticate: Negotiate <b64 reply> to the answer
//	}
//
// Clients send either raw NTLMSSP messages (github.com/Azure/go-ntlmssp, github.com/bodgit/ntlmssp,
// hence masterzen/winrm) or SPNEGO tokens wrapping them (pyspnego, Windows); Step answers in the
// form the client used. The challenge carries a random server challenge, the flags Windows
// grants, the target name and the AV pairs NbDomainName, NbComputerName, DnsDomainName,
// DnsComputerName and Timestamp. The AUTHENTICATE_MESSAGE must carry an NTLMv2 response:
// anonymous logons and LM or NTLMv1 responses are refused, as on a server hardened with
// LmCompatibilityLevel 5 (Windows' default level 3 would still accept NTLMv1 from old clients;
// WinRM clients all send NTLMv2). A MIC is verified when the client announces one. Which
// domain names reach a local account is decided in unconfirmed.go.
//
// # Message encryption (MS-WSMV 2.2.9.1.1)
//
// When the client negotiated sealing, ConnState.Session is non-nil after the handshake and
// the HTTP server must decrypt each request body whose Content-Type is
// multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted" with DecryptBody,
// and encrypt each answer on that connection with EncryptBody (Content-Type included). The
// RC4 streams and sequence numbers are per connection and per direction, so requests must be
// decrypted, and answers encrypted, in the order they travel on the connection (HTTP/1.1 keeps
// that order). Clients such as masterzen/winrm's NewEncryption("ntlm") authenticate with an
// empty POST first (Content-Length: 0) and expect 200 for it before sending encrypted bodies.
//
// Nothing in this package logs; no password leaves a Lookup call.
package ntlmauth
