package ntlmauth

import (
	"errors"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/encbody"
)

// The WinRM encrypted body (MS-WSMV 2.2.9.1.1) is framed by package encbody; NTLM seals each
// part with the connection's session, its 16-byte signature as the part's header.
const (
	encryptedProtocol = encbody.ProtocolSPNEGO
	// EncryptedContentType is the Content-Type of an NTLM-encrypted WinRM body.
	EncryptedContentType = `multipart/encrypted;protocol="` + encryptedProtocol + `";boundary="Encrypted Boundary"`
)

// ErrNotEncrypted is returned by DecryptBody for a body that is not a WinRM encrypted body.
var ErrNotEncrypted = encbody.ErrNotEncrypted

// ErrNoSession is returned when the connection has no NTLM sealing session.
var ErrNoSession = errors.New("ntlm: the connection has no NTLM session with sealing")

var errBadEncryptedBody = encbody.ErrMalformed

// IsEncrypted tells whether a request's Content-Type announces a WinRM encrypted body
// (multipart/encrypted or multipart/x-multi-encrypted with the SPNEGO session protocol).
func IsEncrypted(contentType string) bool {
	p, err := encbody.Protocol(contentType)
	return err == nil && strings.EqualFold(p, encryptedProtocol)
}

// DecryptBody unseals an encrypted WinRM request body received on cs's connection and returns
// the SOAP envelope. It fails with ErrNotEncrypted (wrong Content-Type), ErrNoSession (the
// connection did not negotiate sealing), ErrBadSignature (tampered or out of sequence) or a
// format error. The OriginalContent length must match the unsealed length.
func DecryptBody(cs *ConnState, contentType string, body []byte) ([]byte, error) {
	if !IsEncrypted(contentType) {
		return nil, ErrNotEncrypted
	}
	var session *Session
	if cs != nil && cs.impl != nil {
		session = cs.impl.sealingSession()
	}
	if session == nil {
		return nil, ErrNoSession
	}
	return encbody.Open(contentType, body, session.Unseal)
}

// EncryptBody seals a SOAP answer for cs's connection and returns the Content-Type and body to
// send (one part pair, the form Windows uses for NTLM).
func EncryptBody(cs *ConnState, soap []byte) (contentType string, body []byte, err error) {
	var session *Session
	if cs != nil && cs.impl != nil {
		session = cs.impl.sealingSession()
	}
	if session == nil {
		return "", nil, ErrNoSession
	}
	signature, sealed := session.Seal(soap)
	contentType, body = encbody.Frame(encryptedProtocol, len(soap), signature, sealed)
	return contentType, body, nil
}
