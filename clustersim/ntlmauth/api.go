package ntlmauth

import "errors"

// Lookup returns the password of an account, or ok=false when there is none. user is the
// account name the client sent (compare it case-insensitively, as Windows does); domain is the
// domain name it sent ("", ".", the computer's or the domain's name, or the suffix of a
// user@domain name; the Server has already checked that it names this computer or its domain).
type Lookup func(user, domain string) (password string, ok bool)

// Server verifies NTLM handshakes.
type Server struct {
	// Domain is the NetBIOS domain (or computer) name sent in the challenge's target info.
	// Empty, or equal to ServerName, means a workgroup computer; otherwise a domain member.
	Domain string
	// ServerName is the computer's NetBIOS name.
	ServerName string
	Lookup     Lookup
	// DNSDomainName and DNSComputerName fill MsvAvDnsDomainName and MsvAvDnsComputerName;
	// when empty they are derived from Domain and ServerName (see unconfirmed.go).
	DNSDomainName   string
	DNSComputerName string
}

// ConnState is the handshake state of one TCP connection (NTLM is connection-oriented).
type ConnState struct {
	impl *connState
}

// NewConnState makes the state for a new connection.
func NewConnState() *ConnState { return &ConnState{impl: &connState{}} }

// ErrBadCredentials is returned when the response does not verify (wrong user, domain or
// password); the server then answers 401 and the connection starts over. Refused anonymous
// logons, LM/NTLMv1 responses and a MIC that does not verify also match it with errors.Is.
var ErrBadCredentials = errors.New("ntlm: the credentials do not verify")

// ErrNoNTLM is returned for a SPNEGO token that does not offer NTLM (for instance a
// Kerberos-only NegTokenInit): another acceptor may handle it.
var ErrNoNTLM = errors.New("ntlm: the token offers no NTLM mechanism")

// Step handles one Authorization token (the base64-decoded bytes after "Negotiate " or
// "NTLM "). For a NEGOTIATE_MESSAGE it returns the CHALLENGE_MESSAGE to send back in
// WWW-Authenticate (done=false). For an AUTHENTICATE_MESSAGE it verifies the NTLMv2 response
// against the challenge kept in cs and returns done=true with the account as "DOMAIN\user"
// (or "user"), or ErrBadCredentials. Other input is an error.
//
// Tokens may be raw NTLMSSP messages or SPNEGO (NegTokenInit, then NegTokenResp) wrapping them;
// the reply has the same form. With SPNEGO the final step also returns a reply (a NegTokenResp
// accept-completed, with the mechListMIC): send it in WWW-Authenticate with the 200 answer.
// With raw NTLM the final reply is nil.
func (s *Server) Step(cs *ConnState, token []byte) (reply []byte, user string, done bool, err error) {
	return s.step(cs, token)
}

// Authenticated tells whether the connection has completed a handshake.
func (cs *ConnState) Authenticated() bool { return cs.impl.authenticated() }

// User is the account of the completed handshake as Step returned it, or "".
func (cs *ConnState) User() string { return cs.impl.accountName() }

// Session is the NTLM session security of the completed handshake when the client negotiated
// sealing (NTLMSSP_NEGOTIATE_SEAL with extended session security), or nil.
func (cs *ConnState) Session() *Session { return cs.impl.sealingSession() }

// Reset forgets the handshake (for instance after a 401), so that the next token starts over.
func (cs *ConnState) Reset() { cs.impl.reset() }
