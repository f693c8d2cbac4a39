package ntlmauth

import (
	"encoding/binary"
	"errors"
	"unicode/utf16"
)

// ntlmSignature opens every NTLMSSP message (MS-NLMP 2.2.1).
var ntlmSignature = []byte("NTLMSSP\x00")

// Message types (MS-NLMP 2.2.1).
const (
	typeNegotiate    uint32 = 1
	typeChallenge    uint32 = 2
	typeAuthenticate uint32 = 3
)

var errMalformed = errors.New("ntlm: malformed message")

// isNTLMMessage tells whether b is an NTLMSSP message (rather than a SPNEGO token).
func isNTLMMessage(b []byte) bool {
	return len(b) >= 12 && string(b[:8]) == string(ntlmSignature)
}

// messageType returns the MessageType of an NTLMSSP message.
func messageType(b []byte) uint32 {
	if !isNTLMMessage(b) {
		return 0
	}
	return binary.LittleEndian.Uint32(b[8:12])
}

// field reads the payload named by the 8-byte security buffer (Len, MaxLen, Offset) at at.
// A zero length is an absent field whatever its offset says.
func field(msg []byte, at int) ([]byte, error) {
	if at+8 > len(msg) {
		return nil, errMalformed
	}
	n := int(binary.LittleEndian.Uint16(msg[at:]))
	off := int(binary.LittleEndian.Uint32(msg[at+4:]))
	if n == 0 {
		return nil, nil
	}
	if off < 0 || off > len(msg) || n > len(msg)-off {
		return nil, errMalformed
	}
	return msg[off : off+n], nil
}

// putField writes a security buffer for a payload of n bytes at offset off.
func putField(b []byte, n, off int) {
	binary.LittleEndian.PutUint16(b[0:], uint16(n))
	binary.LittleEndian.PutUint16(b[2:], uint16(n))
	binary.LittleEndian.PutUint32(b[4:], uint32(off))
}

// encodeUTF16 is the UTF-16LE form NTLM uses for every Unicode string.
func encodeUTF16(s string) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[2*i:], u)
	}
	return b
}

func decodeUTF16(b []byte) (string, error) {
	if len(b)%2 != 0 {
		return "", errMalformed
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(units)), nil
}

// encodeString encodes a message string as the negotiated character set asks.
func encodeString(s string, unicode bool) []byte {
	if unicode {
		return encodeUTF16(s)
	}
	return []byte(s)
}

func decodeString(b []byte, unicode bool) (string, error) {
	if unicode {
		return decodeUTF16(b)
	}
	return string(b), nil
}
