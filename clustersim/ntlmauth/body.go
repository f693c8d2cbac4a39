package ntlmauth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"mime"
	"strconv"
	"strings"
)

// The WinRM encrypted body (MS-WSMV 2.2.9.1.1), as Windows, pywinrm and masterzen/winrm write it:
//
//	--Encrypted Boundary\r\n
//	\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
//	\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=<plain length>\r\n
//	--Encrypted Boundary\r\n
//	\tContent-Type: application/octet-stream\r\n
//	<uint32 LE signature length><signature><sealed message>--Encrypted Boundary--\r\n
const (
	encryptedProtocol = "application/HTTP-SPNEGO-session-encrypted"
	encryptedBoundary = "Encrypted Boundary"
	// EncryptedContentType is the Content-Type of an encrypted WinRM body.
	EncryptedContentType = `multipart/encrypted;protocol="` + encryptedProtocol + `";boundary="` + encryptedBoundary + `"`
	soapContentType      = "application/soap+xml;charset=UTF-8"
	octetStream          = "application/octet-stream"
	// maxSignatureLen bounds the signature length field; NTLM's is 16.
	maxSignatureLen = 1024
)

// ErrNotEncrypted is returned by DecryptBody for a body that is not a WinRM encrypted body.
var ErrNotEncrypted = errors.New("ntlm: not an encrypted WinRM body")

// ErrNoSession is returned when the connection has no NTLM sealing session.
var ErrNoSession = errors.New("ntlm: the connection has no NTLM session with sealing")

var errBadEncryptedBody = errors.New("ntlm: malformed encrypted WinRM body")

// IsEncrypted tells whether a request's Content-Type announces a WinRM encrypted body
// (multipart/encrypted or multipart/x-multi-encrypted with the SPNEGO session protocol).
func IsEncrypted(contentType string) bool {
	_, err := encryptedBoundaryOf(contentType)
	return err == nil
}

func encryptedBoundaryOf(contentType string) (string, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", ErrNotEncrypted
	}
	if mediaType != "multipart/encrypted" && mediaType != "multipart/x-multi-encrypted" {
		return "", ErrNotEncrypted
	}
	if !strings.EqualFold(params["protocol"], encryptedProtocol) || params["boundary"] == "" {
		return "", ErrNotEncrypted
	}
	return params["boundary"], nil
}

// DecryptBody unseals an encrypted WinRM request body received on cs's connection and returns
// the SOAP envelope. It fails with ErrNotEncrypted (wrong Content-Type), ErrNoSession (the
// connection did not negotiate sealing), ErrBadSignature (tampered or out of sequence) or a
// format error. The OriginalContent length must match the unsealed length.
func DecryptBody(cs *ConnState, contentType string, body []byte) ([]byte, error) {
	boundary, err := encryptedBoundaryOf(contentType)
	if err != nil {
		return nil, err
	}
	var session *Session
	if cs != nil && cs.impl != nil {
		session = cs.impl.sealingSession()
	}
	if session == nil {
		return nil, ErrNoSession
	}
	r := &bodyReader{rest: body, dash: "--" + boundary}
	var plain []byte
	for {
		length, err := r.metadataPart()
		if err != nil {
			return nil, err
		}
		signature, sealed, err := r.payloadPart(length)
		if err != nil {
			return nil, err
		}
		// The framing is checked before unsealing, so that a malformed body does not advance
		// the RC4 stream.
		closing, err := r.boundaryAfterPayload()
		if err != nil {
			return nil, err
		}
		msg, err := session.Unseal(signature, sealed)
		if err != nil {
			return nil, err
		}
		plain = append(plain, msg...)
		if closing {
			return plain, nil
		}
	}
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
	dash := "--" + encryptedBoundary
	var b bytes.Buffer
	b.Grow(len(sealed) + 256)
	b.WriteString(dash + "\r\n")
	b.WriteString("\tContent-Type: " + encryptedProtocol + "\r\n")
	b.WriteString("\tOriginalContent: type=" + soapContentType + ";Length=" + strconv.Itoa(len(soap)) + "\r\n")
	b.WriteString(dash + "\r\n")
	b.WriteString("\tContent-Type: " + octetStream + "\r\n")
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(signature))))
	b.Write(signature)
	b.Write(sealed)
	b.WriteString(dash + "--\r\n")
	return EncryptedContentType, b.Bytes(), nil
}

// bodyReader walks an encrypted body. The sealed payload is binary and may contain anything,
// the boundary included, so it is cut by the OriginalContent length, never by searching.
type bodyReader struct {
	rest []byte
	dash string // "--" + boundary
}

// line consumes one CRLF- (or LF-) terminated text line and returns it without the line end.
func (r *bodyReader) line() (string, error) {
	i := bytes.IndexByte(r.rest, '\n')
	if i < 0 || i > 4096 {
		return "", errBadEncryptedBody
	}
	l := strings.TrimSuffix(string(r.rest[:i]), "\r")
	r.rest = r.rest[i+1:]
	return l, nil
}

// headers reads header lines (written with a leading tab by WinRM, without one by MIME
// writers), skipping blank lines, until the next boundary line, which it consumes.
func (r *bodyReader) headersUntilBoundary() (map[string]string, error) {
	h := map[string]string{}
	for {
		l, err := r.line()
		if err != nil {
			return nil, err
		}
		if l == r.dash {
			return h, nil
		}
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, errBadEncryptedBody
		}
		h[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
}

// metadataPart reads the opening boundary and the first part, and returns the announced
// length of the plain message.
func (r *bodyReader) metadataPart() (int, error) {
	for len(r.rest) > 0 && (r.rest[0] == '\r' || r.rest[0] == '\n') {
		r.rest = r.rest[1:]
	}
	l, err := r.line()
	if err != nil || l != r.dash {
		return 0, errBadEncryptedBody
	}
	h, err := r.headersUntilBoundary()
	if err != nil {
		return 0, err
	}
	if !strings.EqualFold(h["content-type"], encryptedProtocol) {
		return 0, fmt.Errorf("%w: first part is %q", errBadEncryptedBody, h["content-type"])
	}
	return originalLength(h["originalcontent"])
}

// originalLength reads Length=N from "type=...;charset=...;Length=N".
func originalLength(v string) (int, error) {
	for _, p := range strings.Split(v, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(name, "Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return 0, errBadEncryptedBody
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: OriginalContent has no Length", errBadEncryptedBody)
}

// payloadPart reads the octet-stream part's header and its signature and sealed message.
func (r *bodyReader) payloadPart(length int) (signature, sealed []byte, err error) {
	for {
		l, err := r.line()
		if err != nil {
			return nil, nil, err
		}
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "Content-Type") ||
			!strings.EqualFold(strings.TrimSpace(value), octetStream) {
			return nil, nil, errBadEncryptedBody
		}
		break
	}
	// A MIME writer leaves a blank line before the data; WinRM does not. The length field that
	// starts the data is small, so it never begins with CR.
	r.rest = bytes.TrimPrefix(r.rest, []byte("\r\n"))
	if len(r.rest) < 4 {
		return nil, nil, errBadEncryptedBody
	}
	sigLen := int(binary.LittleEndian.Uint32(r.rest))
	r.rest = r.rest[4:]
	if sigLen > maxSignatureLen || sigLen > len(r.rest) || length > len(r.rest)-sigLen {
		return nil, nil, errBadEncryptedBody
	}
	signature, r.rest = r.rest[:sigLen], r.rest[sigLen:]
	sealed, r.rest = r.rest[:length], r.rest[length:]
	return signature, sealed, nil
}

// boundaryAfterPayload consumes the boundary that follows a payload: "--boundary--" ends the
// body; "--boundary" followed by more parts (multipart/x-multi-encrypted) or by nothing (as
// older pywinrm ends its bodies) is accepted too.
func (r *bodyReader) boundaryAfterPayload() (closing bool, err error) {
	r.rest = bytes.TrimPrefix(r.rest, []byte("\r\n"))
	if !bytes.HasPrefix(r.rest, []byte(r.dash)) {
		return false, fmt.Errorf("%w: payload longer than OriginalContent says", errBadEncryptedBody)
	}
	after := r.rest[len(r.dash):]
	if bytes.HasPrefix(after, []byte("--")) {
		if len(bytes.TrimSpace(after[2:])) != 0 {
			return false, fmt.Errorf("%w: data after the closing boundary", errBadEncryptedBody)
		}
		return true, nil
	}
	if len(bytes.TrimSpace(after)) == 0 {
		return true, nil
	}
	// Another part pair follows: leave the boundary for metadataPart.
	return false, nil
}
