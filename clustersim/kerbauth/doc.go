// Package kerbauth is the Kerberos acceptor of a simulated Windows machine: it verifies
// the Kerberos AP-REQ a client sends in "Authorization: Negotiate <base64>" (SPNEGO,
// RFC 4178 and RFC 4559) or "Authorization: Kerberos <base64>" (MS-WSMV 2.2.9.1.2.1, the
// same GSS-API InitialContextToken), against the keys of the machine's HTTP service
// principal in a keytab (as ktpass or kadmin's ktadd write it), with
// github.com/jcmturner/gokrb5/v8.
//
// A verified token yields the client principal and the token for the answer's
// WWW-Authenticate header: a SPNEGO NegTokenResp with negState accept-completed and, when
// the client asked for mutual authentication, the AP-REP (RFC 4120 5.5.2) wrapped as a
// GSS-API KRB5 token (RFC 4121 4.1). A bare KRB5 token is answered with a bare one.
//
// The acceptor checks what Windows' Kerberos SSP checks: the ticket decrypts with a key of
// the keytab for its service principal (a ticket for another service, a tampered ticket or a
// ticket made with an old key fails), the ticket's realm and service name are among those
// configured, the ticket is current (start and end times, within the clock skew), the
// authenticator decrypts with the ticket's session key, names the ticket's client and is
// within the clock skew, the client address when the ticket lists addresses, and replays.
//
// A verified token also yields the context's message security (Result.Session, wrap.go):
// RFC 4121 wrap tokens with confidentiality in the layout SSPI's EncryptMessage and MIT's
// gss_wrap_iov give them for WinRM's multipart/encrypted bodies (MS-WSMV 2.2.9.1.2), keyed by
// the acceptor subkey of the AP-REP, for aes256-cts-hmac-sha1-96 and aes128-cts-hmac-sha1-96.
// rc4-hmac contexts authenticate but cannot seal (RFC 4757's wrap token is not implemented).
//
// Guesses about Windows are in unconfirmed.go.
//
//	acc, err := kerbauth.New(kerbauth.Config{Keytab: keytabBytes, Realm: "EXAMPLE.TEST",
//		SPNs: []string{"HTTP/node1.example.test"}})
//	res, err := acc.Accept(token, r.RemoteAddr)
//	// res.User "alice", res.Realm "EXAMPLE.TEST", res.Reply for WWW-Authenticate
package kerbauth
