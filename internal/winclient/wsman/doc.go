// Package wsman is the WS-Management wire: it posts one SOAP envelope to one WinRM endpoint
// and returns the answer, whatever built the envelope. It knows nothing of WMI classes or
// PowerShell; the Windows client's two transports (package winclient) build their messages
// and use this package through its exported API only (a test of the module's walls checks
// that it imports neither them nor its parent).
//
// What it does, once for every request (Client.Post):
//   - authenticates with Basic (http.go), NTLM over HTTPS or unsealed over HTTP (ntlm.go),
//     NTLM or Kerberos with WinRM message encryption over HTTP (sealed.go: one security
//     context per connection, so Windows' default AllowUnencrypted=false works; the
//     Kerberos context and its RFC 4121 wrap tokens in krb_context.go and krb_wrap.go),
//     Kerberos over HTTPS (kerberos.go), or Negotiate: Kerberos when a ticket can be had,
//     NTLM otherwise (negotiate.go). A context authenticates a connection, so each request
//     in flight has one of its own (lanes.go). Each is a Poster, chosen in newPoster;
//   - gets Kerberos tickets itself (krb_kdc.go: ccache, keytab or password, over TCP to the
//     realm's KDCs), so that a failure is a *KerberosFailure classified by its Kerberos
//     error code (krb_failure.go), never by text;
//   - stops sending credentials once the server has refused them (the latch: RefusedError:
//     HTTP 401 to Basic or NTLM, KDC_ERR_PREAUTH_FAILED for Kerberos), so that a wrong
//     password cannot lock the account out;
//   - counts every HTTP request and every message by action (Stats), and logs one DEBUG line
//     per message with its duration, never headers or bodies;
//   - records every exchange decrypted when asked (record.go, package recording);
//   - reads a SOAP fault into a *Fault with one reader for every shape recorded from real
//     Windows (faultread.go, fixtures in testdata/faults): SOAP Code and Subcode by
//     namespace, the outer and nested WSManFault codes, the plug-in's ProviderFault, WMI's
//     __ExtendedStatus and MSFT_WmiError. What a code means is the caller's (winclient's
//     WMI table), since it depends on the operation.
package wsman
