package kerbauth

// UNCONFIRMED behaviour of Windows' Kerberos acceptor behind the WinRM service.
//
// Everything in this file is a guess: no capture from a real Windows machine was available.
// Each guess is a named value so that a capture can replace it in one place.

import (
	"strings"
	"time"
)

// defaultMaxClockSkew is Windows' "Maximum tolerance for computer clock synchronization"
// (Kerberos policy, 5 minutes by default). The value is documented; that the WinRM
// acceptor applies it unchanged to tickets and authenticators is assumed.
const defaultMaxClockSkew = 5 * time.Minute

// acceptKerberosScheme: the WinRM service accepts "Authorization: Kerberos <token>" with the
// same GSS-API token as Negotiate (MS-WSMV 2.2.9.1.2.1 defines it for encrypted messages;
// that it is accepted for plain requests over HTTPS too is assumed), and answers in the
// scheme of the request.
const acceptKerberosScheme = true

// replyOnlyForMutual: the AP-REP goes back only when the AP-REQ asks for mutual
// authentication (ap-options mutual-required, RFC 4120 3.2.4); otherwise the NegTokenResp
// carries accept-completed and the mechanism alone. RFC 4121 says so; what Windows'
// HTTP.sys sends in that case is not captured.
const replyOnlyForMutual = true

// replySubkeyAndSequence: Windows' AP-REP carries an acceptor subkey of the session key's
// type and a random sequence number (as RFC 4121 acceptors commonly do); neither is
// confirmed from a capture.
const replySubkeyAndSequence = true

// echoClientMech: the NegTokenResp's supportedMech is the mechanism OID the client listed
// first (the Microsoft legacy Kerberos OID 1.2.840.48018.1.2.2 when the client sent it
// first, as Windows clients do), not always the standard OID.
const echoClientMech = true

// serviceAllowed: Windows decrypts a service ticket with the machine account's key whatever
// SPN alias (HTTP/node, HTTP/node.domain, HOST/...) it was issued for. With a keytab, where
// each principal has its own keys, the acceptor takes a ticket for any of the configured
// SPNs (compared without regard to case, as Active Directory compares SPNs), and for any
// principal of the keytab when none is configured.
func serviceAllowed(spns map[string]bool, sname, realm string) bool {
	if len(spns) == 0 {
		return true
	}
	return spns[strings.ToLower(sname)] || spns[strings.ToLower(sname+"@"+realm)]
}

// wrapExtraCount is the EC field (filler bytes) of the wrap tokens the acceptor seals. MIT's
// gss_wrap_iov, which pywinrm (requests-kerberos, pykerberos) uses, writes 0 for AES
// contexts given a PADDING buffer, with RRC = EC + 16 + 12 (the whole trailer rotated to the
// front, hence pywinrm's 60-byte header); what Windows' SSPI writes as acceptor is not
// captured. Tokens with any EC and RRC are unsealed.
const wrapExtraCount = 0

// skewErrorInSPNEGO: an authenticator outside the clock skew is answered 401 with
// "WWW-Authenticate: Negotiate <NegTokenResp reject carrying the KRB-ERROR
// KRB_AP_ERR_SKEW>" (the server's time inside, so that a client can tell the cause and
// correct its clock, RFC 4120 5.9.1 and MS-KILE's error handling). That HTTP.sys sends the
// error token rather than a bare 401 is not captured.
const skewErrorInSPNEGO = true
