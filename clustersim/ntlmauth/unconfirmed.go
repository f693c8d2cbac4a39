package ntlmauth

import "strings"

// This file holds every behaviour of the simulated Windows NTLM acceptor that was not confirmed
// from a source. Each guess says what it is; a capture from a real Windows Server can replace it.

// alwaysGrantedFlags: flags set in every CHALLENGE_MESSAGE whatever the client asked.
// GUESS: captures quoted in public tools show Windows challenges such as 0xE28A8215 for a client
// that asked 0xE2088297, i.e. ALWAYS_SIGN and VERSION present. Whether Windows sets ALWAYS_SIGN
// and VERSION for a client that asked for neither is unconfirmed; we set both.
const alwaysGrantedFlags = flagAlwaysSign | flagVersion

// windowsVersion is the VERSION structure (MS-NLMP 2.2.2.10) sent in the challenge:
// 10.0 build 17763 (Windows Server 2019), NTLM revision 15.
// GUESS: the build is one plausible value, not taken from a capture of the simulated product.
var windowsVersion = [8]byte{10, 0, 0x63, 0x45, 0, 0, 0, 0x0f}

// localDomainNames lists the names by which a client may name the local account database in
// the AUTHENTICATE_MESSAGE's DomainName for a local account.
//
// Confirmed: an empty domain name is looked up in the local SAM first (KB 163632). The NTLM
// pass-through documentation says "if the domain name matches the name of the SAM database, the
// authentication is processed on that computer" and that on a computer that is not a member of
// a domain "all logons process requests locally".
// GUESS: "." (the usual shorthand for "this computer" typed by users, e.g. ".\Administrator")
// reaches the local SAM, and the DNS names of the computer are treated like its NetBIOS name.
func (s *Server) domainIsAccepted(domain string) bool {
	if !s.domainMember() {
		// A workgroup computer processes every logon locally, whatever the domain says.
		return true
	}
	if domain == "" || domain == "." {
		return true
	}
	// GUESS: on a domain member, a domain name that is neither this computer nor its domain is
	// passed through to the domain controller, which rejects it; the simulator has no other
	// trusted domain, so such a name fails like a wrong password.
	for _, name := range []string{s.ServerName, s.Domain, s.dnsComputerName(), s.dnsDomainName()} {
		if name != "" && strings.EqualFold(domain, name) {
			return true
		}
	}
	return false
}

// splitUPN handles a user name given as user@domain with an empty domain field, which is how
// clients send a user principal name (go-ntlmssp leaves "user@domain" whole).
// GUESS: Windows resolves the UPN suffix like a domain name; for the simulator the suffix must
// name this computer or its domain, as domainIsAccepted decides.
func splitUPN(user, domain string) (string, string) {
	if domain != "" {
		return user, domain
	}
	at := strings.LastIndexByte(user, '@')
	if at <= 0 || at == len(user)-1 {
		return user, domain
	}
	return user[:at], user[at+1:]
}

// dnsComputerName and dnsDomainName fill the DNS AV pairs when the Server does not set them.
// GUESS: a workgroup computer reports its host name in both DNS fields, lower case.
func (s *Server) dnsComputerName() string {
	if s.DNSComputerName != "" {
		return s.DNSComputerName
	}
	if s.DNSDomainName != "" {
		return strings.ToLower(s.ServerName) + "." + s.DNSDomainName
	}
	return strings.ToLower(s.ServerName)
}

func (s *Server) dnsDomainName() string {
	if s.DNSDomainName != "" {
		return s.DNSDomainName
	}
	if s.domainMember() {
		return strings.ToLower(s.Domain)
	}
	return strings.ToLower(s.ServerName)
}

// refuseBindingWithoutTLS: a client that sends a non-zero MsvAvChannelBindings on a plain HTTP
// connection is refused.
// GUESS: Windows compares the binding with the (empty) bindings of an unencrypted channel and
// fails the logon; Relaxed hardening is documented only for clients that send no binding.
const refuseBindingWithoutTLS = true

// mechListMICOptional: in SPNEGO, a client that did not get request-mic may leave out the
// mechListMIC even when its AUTHENTICATE_MESSAGE carries a MIC; when it sends one, it is
// verified and answered.
// GUESS: RFC 4178 makes the MIC mandatory only when the selected mechanism was not the
// initiator's first choice; whether Windows also insists on it whenever NTLM's MIC is present
// is unconfirmed.
const mechListMICOptional = true
