// Package encbody reads and writes the body of an encrypted WinRM message (MS-WSMV 2.2.9.1):
// a multipart/encrypted MIME body whose parts carry a message sealed by the security context
// of the HTTP authentication (NTLM, Kerberos). It knows the framing only; the sealing is the
// caller's (package ntlmauth for NTLM, package kerbauth for Kerberos).
//
// The layout, as Windows, pywinrm and masterzen/winrm write it:
//
//	--Encrypted Boundary\r\n
//	\tContent-Type: <protocol>\r\n
//	\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=<plain length>\r\n
//	--Encrypted Boundary\r\n
//	\tContent-Type: application/octet-stream\r\n
//	<uint32 LE header length><header><sealed message>--Encrypted Boundary--\r\n
//
// The header is NTLM's 16-byte signature, or a Kerberos RFC 4121 wrap token's header with
// the rotated part of its cipher text (SSPI's EncryptMessage layout); the sealed message is
// as long as the plain one for both.
package encbody

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"mime"
	"strconv"
	"strings"
)

// Protocol strings (MS-WSMV 2.2.9.1.1 and 2.2.9.1.2): the Content-Type parameter and the
// first part's Content-Type name the HTTP authentication scheme whose context sealed the
// message.
const (
	// ProtocolSPNEGO goes with the Negotiate scheme, whether NTLM or Kerberos is inside.
	ProtocolSPNEGO = "application/HTTP-SPNEGO-session-encrypted"
	// ProtocolKerberos goes with the Kerberos scheme.
	ProtocolKerberos = "application/HTTP-Kerberos-session-encrypted"
)

const (
	boundary        = "Encrypted Boundary"
	soapContentType = "application/soap+xml;charset=UTF-8"
	octetStream     = "application/octet-stream"
	// maxHeaderLen bounds the header length field; NTLM's is 16, an AES wrap header 60.
	maxHeaderLen = 1024
)

// ErrNotEncrypted is returned for a Content-Type that announces no encrypted WinRM body.
var ErrNotEncrypted = errors.New("not an encrypted WinRM body")

// ErrMalformed is returned for an encrypted body whose framing cannot be read.
var ErrMalformed = errors.New("malformed encrypted WinRM body")

// ContentType is the Content-Type of a body sealed under protocol.
func ContentType(protocol string) string {
	return `multipart/encrypted;protocol="` + protocol + `";boundary="` + boundary + `"`
}

// Protocol returns the protocol string of a Content-Type announcing an encrypted body
// (multipart/encrypted, or multipart/x-multi-encrypted, with a protocol and a boundary), as
// written, or ErrNotEncrypted.
func Protocol(contentType string) (string, error) {
	p, _, err := parseContentType(contentType)
	return p, err
}

func parseContentType(contentType string) (protocol, boundary string, err error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", "", ErrNotEncrypted
	}
	if mediaType != "multipart/encrypted" && mediaType != "multipart/x-multi-encrypted" {
		return "", "", ErrNotEncrypted
	}
	p := params["protocol"]
	if !strings.EqualFold(p, ProtocolSPNEGO) && !strings.EqualFold(p, ProtocolKerberos) || params["boundary"] == "" {
		return "", "", ErrNotEncrypted
	}
	return p, params["boundary"], nil
}

// Unsealer returns the plain message of one part: header and sealed as they came.
type Unsealer func(header, sealed []byte) ([]byte, error)

// Open reads an encrypted body and returns the concatenated plain messages of its parts,
// each unsealed by unseal in order. Each part's framing is checked before it is unsealed,
// so that a malformed body does not advance a sealing stream (NTLM's RC4, sequence numbers).
// The sealed message is cut by the OriginalContent length (it may contain the boundary),
// and each part must unseal to that length.
func Open(contentType string, body []byte, unseal Unsealer) ([]byte, error) {
	protocol, b, err := parseContentType(contentType)
	if err != nil {
		return nil, err
	}
	r := &reader{rest: body, dash: "--" + b, protocol: protocol}
	var plain []byte
	for {
		length, err := r.metadataPart()
		if err != nil {
			return nil, err
		}
		header, sealed, err := r.payloadPart(length)
		if err != nil {
			return nil, err
		}
		closing, err := r.boundaryAfterPayload()
		if err != nil {
			return nil, err
		}
		msg, err := unseal(header, sealed)
		if err != nil {
			return nil, err
		}
		if len(msg) != length {
			return nil, fmt.Errorf("%w: a part unsealed to %d bytes, OriginalContent says %d", ErrMalformed, len(msg), length)
		}
		plain = append(plain, msg...)
		if closing {
			return plain, nil
		}
	}
}

// Frame returns the Content-Type and body carrying one sealed message (one part pair, the
// form Windows uses) of a plain message plainLen bytes long.
func Frame(protocol string, plainLen int, header, sealed []byte) (contentType string, body []byte) {
	dash := "--" + boundary
	var b bytes.Buffer
	b.Grow(len(header) + len(sealed) + 256)
	b.WriteString(dash + "\r\n")
	b.WriteString("\tContent-Type: " + protocol + "\r\n")
	b.WriteString("\tOriginalContent: type=" + soapContentType + ";Length=" + strconv.Itoa(plainLen) + "\r\n")
	b.WriteString(dash + "\r\n")
	b.WriteString("\tContent-Type: " + octetStream + "\r\n")
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(header))))
	b.Write(header)
	b.Write(sealed)
	b.WriteString(dash + "--\r\n")
	return ContentType(protocol), b.Bytes()
}

// reader walks an encrypted body. The sealed payload is binary and may contain anything,
// the boundary included, so it is cut by the OriginalContent length, never by searching.
type reader struct {
	rest     []byte
	dash     string // "--" + boundary
	protocol string
}

// line consumes one CRLF- (or LF-) terminated text line and returns it without the line end.
func (r *reader) line() (string, error) {
	i := bytes.IndexByte(r.rest, '\n')
	if i < 0 || i > 4096 {
		return "", ErrMalformed
	}
	l := strings.TrimSuffix(string(r.rest[:i]), "\r")
	r.rest = r.rest[i+1:]
	return l, nil
}

// headersUntilBoundary reads header lines (written with a leading tab by WinRM, without one
// by MIME writers), skipping blank lines, until the next boundary line, which it consumes.
func (r *reader) headersUntilBoundary() (map[string]string, error) {
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
			return nil, ErrMalformed
		}
		h[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
}

// metadataPart reads the opening boundary and the first part, and returns the announced
// length of the plain message. The part names the same protocol as the Content-Type.
func (r *reader) metadataPart() (int, error) {
	for len(r.rest) > 0 && (r.rest[0] == '\r' || r.rest[0] == '\n') {
		r.rest = r.rest[1:]
	}
	l, err := r.line()
	if err != nil || l != r.dash {
		return 0, ErrMalformed
	}
	h, err := r.headersUntilBoundary()
	if err != nil {
		return 0, err
	}
	if !strings.EqualFold(h["content-type"], r.protocol) {
		return 0, fmt.Errorf("%w: first part is %q", ErrMalformed, h["content-type"])
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
				return 0, ErrMalformed
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: OriginalContent has no Length", ErrMalformed)
}

// payloadPart reads the octet-stream part's header line, then the sealing header and the
// sealed message.
func (r *reader) payloadPart(length int) (header, sealed []byte, err error) {
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
			return nil, nil, ErrMalformed
		}
		break
	}
	// A MIME writer leaves a blank line before the data; WinRM does not. The length field that
	// starts the data is small, so it never begins with CR.
	r.rest = bytes.TrimPrefix(r.rest, []byte("\r\n"))
	if len(r.rest) < 4 {
		return nil, nil, ErrMalformed
	}
	n := int(binary.LittleEndian.Uint32(r.rest))
	r.rest = r.rest[4:]
	if n > maxHeaderLen || n > len(r.rest) || length > len(r.rest)-n {
		return nil, nil, ErrMalformed
	}
	header, r.rest = r.rest[:n], r.rest[n:]
	sealed, r.rest = r.rest[:length], r.rest[length:]
	return header, sealed, nil
}

// boundaryAfterPayload consumes the boundary that follows a payload: "--boundary--" ends the
// body; "--boundary" followed by more parts (multipart/x-multi-encrypted) or by nothing (as
// older pywinrm ends its bodies) is accepted too.
func (r *reader) boundaryAfterPayload() (closing bool, err error) {
	r.rest = bytes.TrimPrefix(r.rest, []byte("\r\n"))
	if !bytes.HasPrefix(r.rest, []byte(r.dash)) {
		return false, fmt.Errorf("%w: payload longer than OriginalContent says", ErrMalformed)
	}
	after := r.rest[len(r.dash):]
	if bytes.HasPrefix(after, []byte("--")) {
		if len(bytes.TrimSpace(after[2:])) != 0 {
			return false, fmt.Errorf("%w: data after the closing boundary", ErrMalformed)
		}
		return true, nil
	}
	if len(bytes.TrimSpace(after)) == 0 {
		return true, nil
	}
	// Another part pair follows: leave the boundary for metadataPart.
	return false, nil
}

// IsEncrypted tells whether a Content-Type announces an encrypted WinRM body.
func IsEncrypted(contentType string) bool {
	_, err := Protocol(contentType)
	return err == nil
}
