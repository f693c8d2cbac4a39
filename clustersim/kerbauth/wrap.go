package kerbauth

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/types"
)

// Message security of an established Kerberos context: RFC 4121 4.2.6.2 wrap tokens with
// confidentiality, laid out as SSPI's EncryptMessage and MIT's gss_wrap_iov (HEADER, DATA,
// PADDING buffers) lay them out for WinRM (MS-WSMV 2.2.9.1.2): the 16-byte token header
// and the last RRC bytes of the cipher text rotated to the front (RFC 4121 4.2.5) form the
// "header"; the rest of the cipher text, exactly as long as the plain message, follows it.
//
// gokrb5's gssapi.WrapToken does not fit: it makes and checks integrity-only wrap tokens
// (no Sealed flag, no EC filler, no rotation), so the token is built here with gokrb5's
// enctype functions.

// Wrap token flags (RFC 4121 4.2.2).
const (
	flagSentByAcceptor = 0x01
	flagSealed         = 0x02
	flagAcceptorSubkey = 0x04
)

const wrapHeaderLen = 16

// ErrBadWrapToken wraps every refusal of a sealed message: malformed, tampered, sealed with
// another key, out of sequence, or not confidential.
var ErrBadWrapToken = errors.New("kerbauth: bad wrap token")

// Session seals and unseals the messages of one security context. Messages must be
// unsealed in the order they were sealed (RFC 4121 sequence numbers; WinRM's HTTP/1.1
// connection keeps that order). It is safe for concurrent use.
type Session struct {
	key            types.EncryptionKey
	et             etype.EType
	initiator      bool // which end this is: the simulator is the acceptor
	acceptorSubkey bool

	mu      sync.Mutex
	sendSeq uint64
	recvSeq uint64
}

// newSession makes the security of one end. key is the context key (RFC 4121 2: the
// acceptor's subkey when the AP-REP carries one, else the initiator's subkey, else the
// ticket's session key); ownSeq and peerSeq the first sequence numbers each end sends.
func newSession(key types.EncryptionKey, initiator, acceptorSubkey bool, ownSeq, peerSeq uint64) (*Session, error) {
	switch key.KeyType {
	case etypeID.AES128_CTS_HMAC_SHA1_96, etypeID.AES256_CTS_HMAC_SHA1_96:
	default:
		// RC4-HMAC contexts use RFC 4757's wrap token, another format (see unconfirmed.go).
		return nil, fmt.Errorf("kerbauth: message encryption with enctype %d is not implemented", key.KeyType)
	}
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		return nil, err
	}
	return &Session{key: key, et: et, initiator: initiator, acceptorSubkey: acceptorSubkey, sendSeq: ownSeq, recvSeq: peerSeq}, nil
}

// EncType is the enctype of the context key (17 aes128, 18 aes256).
func (s *Session) EncType() int32 { return s.key.KeyType }

func (s *Session) usages() (send, recv uint32) {
	if s.initiator {
		return keyusage.GSSAPI_INITIATOR_SEAL, keyusage.GSSAPI_ACCEPTOR_SEAL
	}
	return keyusage.GSSAPI_ACCEPTOR_SEAL, keyusage.GSSAPI_INITIATOR_SEAL
}

func (s *Session) flags(fromAcceptor bool) byte {
	f := byte(flagSealed)
	if fromAcceptor {
		f |= flagSentByAcceptor
	}
	if s.acceptorSubkey {
		f |= flagAcceptorSubkey
	}
	return f
}

func wrapHeader(flags byte, ec, rrc uint16, seq uint64) []byte {
	h := make([]byte, wrapHeaderLen)
	h[0], h[1], h[2], h[3] = 0x05, 0x04, flags, 0xff
	binary.BigEndian.PutUint16(h[4:], ec)
	binary.BigEndian.PutUint16(h[6:], rrc)
	binary.BigEndian.PutUint64(h[8:], seq)
	return h
}

// Seal encrypts plain and returns the SSPI header and the sealed message (as long as plain).
func (s *Session) Seal(plain []byte) (header, sealed []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	send, _ := s.usages()
	ec := uint16(wrapExtraCount)
	// The whole trailer (filler, encrypted header copy, checksum) is rotated to the front,
	// as SSPI and gss_wrap_iov without a TRAILER buffer do.
	rrc := ec + wrapHeaderLen + uint16(s.et.GetHMACBitLength()/8)
	flags := s.flags(!s.initiator)
	inner := make([]byte, 0, len(plain)+int(ec)+wrapHeaderLen)
	inner = append(inner, plain...)
	inner = append(inner, make([]byte, ec)...)
	inner = append(inner, wrapHeader(flags, ec, 0, s.sendSeq)...) // RFC 4121 4.2.4: RRC 0 inside
	_, ct, err := s.et.EncryptMessage(s.key.KeyValue, inner, send)
	if err != nil {
		return nil, nil, err
	}
	token := append(wrapHeader(flags, ec, rrc, s.sendSeq), rotateRight(ct, int(rrc))...)
	s.sendSeq++
	cut := len(token) - len(plain)
	return token[:cut], token[cut:], nil
}

// Unseal checks and decrypts a message the other end sealed: header and sealed as they
// came in the SSPI layout (their concatenation is the wrap token).
func (s *Session) Unseal(header, sealed []byte) ([]byte, error) {
	token := make([]byte, 0, len(header)+len(sealed))
	token = append(append(token, header...), sealed...)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, recv := s.usages()
	if len(token) < wrapHeaderLen || token[0] != 0x05 || token[1] != 0x04 || token[3] != 0xff {
		return nil, fmt.Errorf("%w: not an RFC 4121 wrap token", ErrBadWrapToken)
	}
	flags := token[2]
	if flags&flagSealed == 0 {
		return nil, fmt.Errorf("%w: the message is not encrypted (confidentiality off)", ErrBadWrapToken)
	}
	if flags&^(flagSentByAcceptor|flagSealed|flagAcceptorSubkey) != 0 ||
		(flags&flagSentByAcceptor != 0) != s.initiator || (flags&flagAcceptorSubkey != 0) != s.acceptorSubkey {
		return nil, fmt.Errorf("%w: flags %#x", ErrBadWrapToken, flags)
	}
	ec := binary.BigEndian.Uint16(token[4:])
	rrc := binary.BigEndian.Uint16(token[6:])
	seq := binary.BigEndian.Uint64(token[8:])
	ct := token[wrapHeaderLen:]
	minLen := s.et.GetConfounderByteSize() + int(ec) + wrapHeaderLen + s.et.GetHMACBitLength()/8
	if len(ct) < minLen {
		return nil, fmt.Errorf("%w: %d bytes of cipher text, at least %d needed", ErrBadWrapToken, len(ct), minLen)
	}
	ct = rotateLeft(ct, int(rrc))
	inner, err := s.et.DecryptMessage(s.key.KeyValue, ct, recv)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadWrapToken, err)
	}
	if len(inner) < int(ec)+wrapHeaderLen {
		return nil, fmt.Errorf("%w: too short inside", ErrBadWrapToken)
	}
	copyAt := len(inner) - wrapHeaderLen
	want := wrapHeader(flags, ec, 0, seq)
	got := inner[copyAt:]
	// RFC 4121 4.2.4: the copy is the header with RRC 0 (rotation happens after encryption).
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return nil, fmt.Errorf("%w: the encrypted header copy differs from the header", ErrBadWrapToken)
	}
	if seq != s.recvSeq {
		return nil, fmt.Errorf("%w: sequence number %d, expected %d", ErrBadWrapToken, seq, s.recvSeq)
	}
	s.recvSeq++
	return inner[:copyAt-int(ec)], nil
}

// rotateRight moves the last n bytes (n modulo the length) to the front (RFC 4121 4.2.5).
func rotateRight(b []byte, n int) []byte {
	if len(b) == 0 {
		return b
	}
	n %= len(b)
	out := make([]byte, 0, len(b))
	return append(append(out, b[len(b)-n:]...), b[:len(b)-n]...)
}

// rotateLeft undoes rotateRight.
func rotateLeft(b []byte, n int) []byte {
	if len(b) == 0 {
		return b
	}
	n %= len(b)
	out := make([]byte, 0, len(b))
	return append(append(out, b[n:]...), b[:n]...)
}
