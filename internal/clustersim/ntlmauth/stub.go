package ntlmauth

import "errors"

// Placeholder until the handshake lands.
type connState struct{}

func (s *Server) step(_ *ConnState, _ []byte) ([]byte, string, bool, error) {
	return nil, "", false, errors.New("ntlm: not implemented yet (placeholder)")
}
