// Package ntlmauth is the server side of NTLM (NTLMv2) and of HTTP Negotiate carrying NTLM,
// as the WinRM service speaks them: the challenge/response handshake over one TCP connection
// and, later, NTLM session security for WinRM message encryption.
package ntlmauth

import "errors"

// Lookup returns the password of an account, or ok=false when there is none.
type Lookup func(user, domain string) (password string, ok bool)

// Server verifies NTLM handshakes.
type Server struct {
	// Domain is the NetBIOS domain (or computer) name sent in the challenge's target info.
	Domain string
	// ServerName is the computer's NetBIOS name.
	ServerName string
	Lookup     Lookup
}

// ConnState is the handshake state of one TCP connection (NTLM is connection-oriented).
type ConnState struct {
	impl *connState
}

// NewConnState makes the state for a new connection.
func NewConnState() *ConnState { return &ConnState{impl: &connState{}} }

// ErrBadCredentials is returned when the response does not verify (wrong user, domain or
// password); the server then answers 401 and the connection starts over.
var ErrBadCredentials = errors.New("ntlm: the credentials do not verify")

// Step handles one Authorization token (the base64-decoded bytes after "Negotiate " or
// "NTLM "). For a NEGOTIATE_MESSAGE it returns the CHALLENGE_MESSAGE to send back in
// WWW-Authenticate (done=false). For an AUTHENTICATE_MESSAGE it verifies the NTLMv2 response
// against the challenge kept in cs and returns done=true with the account as "DOMAIN\user"
// (or "user"), or ErrBadCredentials. Other input is an error.
func (s *Server) Step(cs *ConnState, token []byte) (reply []byte, user string, done bool, err error) {
	return s.step(cs, token)
}
