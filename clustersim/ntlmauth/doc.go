// Package ntlmauth is the server side of NTLM (NTLMv2) and of HTTP Negotiate carrying NTLM,
// as the WinRM service speaks them: the challenge/response handshake over one TCP connection
// and NTLM session security for WinRM message encryption over plain HTTP.
//
// # Handshake (MS-NLMP, MS-SPNG)
//
// The HTTP server keeps one ConnState per TCP connection (http.Server.ConnContext is the
// natural place to make it) and calls Server.Step with the base64-decoded token of each
// "Authorization: Negotiate <b64>" (or "NTLM <b64>") header:
//
//	reply, user, done, err := srv.Step(cs, token)
//	switch {
//	case err != nil: // ErrBadCredentials, ErrNoNTLM or a malformed token:
//		// 401 with a bare "WWW-Authenticate: Negotiate"; the connection starts over
//	case !done:
//		// 401 with "WWW-Authenticate: Negotiate <b64 reply>" (the challenge)
//	default:
//		// authenticated as user ("COMPUTER\user" or "DOMAIN\user"); serve the request and,
//		// if reply != nil (SPNEGO), add "WWW-Authenticate: Negotiate <b64 reply>" to the answer
//	}
//
// Clients send either raw NTLMSSP messages (github.com/Azure/go-ntlmssp, github.com/bodgit/ntlmssp,
// hence masterzen/winrm; requests_ntlm, hence pywinrm) or SPNEGO tokens wrapping them
// (pyspnego, Windows); Step answers in the form the client used. The challenge carries a random
// server challenge, the flags Windows grants, the target name and the AV pairs NbDomainName,
// NbComputerName, DnsDomainName, DnsComputerName and Timestamp. The AUTHENTICATE_MESSAGE must
// carry an NTLMv2 response: anonymous logons and LM or NTLMv1 responses are refused, as on a
// server hardened with LmCompatibilityLevel 5 (Windows' default level would still accept NTLMv1
// from old clients; WinRM clients all send NTLMv2). A MIC is verified when the client announces
// one. Which domain names reach a local account is decided in unconfirmed.go. On HTTPS, call
// ConnState.SetTLSServerCertificate before the handshake so that a client's channel binding is
// checked (CbtHardeningLevel=Relaxed: no binding is accepted, a wrong one refused).
//
// A failed Step leaves the connection unauthenticated; a new NEGOTIATE_MESSAGE on an
// authenticated connection starts a new handshake.
//
// # Message encryption (MS-WSMV 2.2.9.1.1)
//
// When the client negotiated sealing, ConnState.Session is non-nil after the handshake. A
// request whose Content-Type satisfies IsEncrypted is decrypted with DecryptBody; the answer on
// that connection is then encrypted with EncryptBody, which also returns the Content-Type to
// send (EncryptedContentType). The RC4 streams and sequence numbers are per connection and per
// direction: decrypt requests and encrypt answers in the order they travel on the connection
// (HTTP/1.1 keeps that order), and encrypt every answer to an encrypted request, faults
// included. ErrBadSignature means tampering or a message out of sequence.
//
// Two client behaviours the HTTP server must allow for:
//   - masterzen/winrm's NewEncryption("ntlm") makes a new NTLM client for every message: it
//     first POSTs an empty body without Authorization, expects 401 and a full handshake (the
//     AUTHENTICATE_MESSAGE arrives with the empty body, to be answered 200), then sends the
//     encrypted message. So an unencrypted request without Authorization must get 401 even on
//     an authenticated connection when unencrypted traffic is not allowed.
//   - pywinrm authenticates once with an empty POST and then only sends encrypted bodies on the
//     same connection, without Authorization headers.
//
// Nothing in this package logs; passwords never leave the Lookup call.
package ntlmauth
