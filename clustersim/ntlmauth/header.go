package ntlmauth

import (
	"encoding/base64"
	"errors"
	"strings"
)

// ErrNotNegotiate is returned by ParseAuthorization for a header of another scheme (Basic,
// Kerberos) or without a token.
var ErrNotNegotiate = errors.New("ntlm: not a Negotiate or NTLM authorization")

// ParseAuthorization splits an Authorization header value "Negotiate <b64>" or "NTLM <b64>"
// into its scheme, as the client spelled it, and its decoded token. Scheme names are
// case-insensitive (RFC 7235).
func ParseAuthorization(value string) (scheme string, token []byte, err error) {
	scheme, encoded, _ := strings.Cut(strings.TrimSpace(value), " ")
	if !strings.EqualFold(scheme, "Negotiate") && !strings.EqualFold(scheme, "NTLM") {
		return "", nil, ErrNotNegotiate
	}
	encoded = strings.TrimSpace(encoded)
	if encoded == "" {
		return "", nil, ErrNotNegotiate
	}
	token, err = base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", nil, errors.Join(ErrNotNegotiate, err)
	}
	return scheme, token, nil
}

// WWWAuthenticate is the header value that carries a Step reply back in the client's scheme:
// "Negotiate <b64>" (or "NTLM <b64>"), or the bare scheme when there is no reply.
func WWWAuthenticate(scheme string, reply []byte) string {
	if strings.EqualFold(scheme, "NTLM") {
		scheme = "NTLM"
	} else {
		scheme = "Negotiate"
	}
	if len(reply) == 0 {
		return scheme
	}
	return scheme + " " + base64.StdEncoding.EncodeToString(reply)
}
