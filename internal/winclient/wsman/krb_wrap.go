package wsman

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/types"
)

// krbSession is the client's message security of one Kerberos context: RFC 4121 4.2.6.2
// wrap tokens with confidentiality, in the layout SSPI's EncryptMessage and MIT's
// gss_wrap_iov give WinRM (MS-WSMV 2.2.9.1.2): the 16-byte token header followed by the
// cipher text rotated right by RRC = EC + 16 + 12 (the whole trailer in front), cut where
// the rest is as long as the plain message. gokrb5's gssapi.WrapToken is integrity-only.
// One context serves one connection, whose requests go one at a time, so it has no lock.
type krbSession struct {
	key            types.EncryptionKey
	et             etype.EType
	acceptorSubkey bool
	sendSeq        uint64
	recvSeq        uint64
}

const (
	wrapTokenHeaderLen = 16
	wrapSentByAcceptor = 0x01
	wrapSealed         = 0x02
	wrapAcceptorSubkey = 0x04
)

func newKrbSession(key types.EncryptionKey, acceptorSubkey bool, sendSeq, recvSeq uint64) (*krbSession, error) {
	if key.KeyType != etypeID.AES256_CTS_HMAC_SHA1_96 && key.KeyType != etypeID.AES128_CTS_HMAC_SHA1_96 {
		// rc4-hmac contexts use RFC 4757's wrap token, which is not implemented.
		return nil, &KerberosFailure{Kind: KerberosOther, Err: fmt.Errorf("message encryption with enctype %d is not implemented (aes128 and aes256 are); use HTTPS", key.KeyType)}
	}
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		return nil, err
	}
	return &krbSession{key: key, et: et, acceptorSubkey: acceptorSubkey, sendSeq: sendSeq, recvSeq: recvSeq}, nil
}

func (s *krbSession) tokenHeader(fromAcceptor bool, ec, rrc uint16, seq uint64) []byte {
	f := byte(wrapSealed)
	if fromAcceptor {
		f |= wrapSentByAcceptor
	}
	if s.acceptorSubkey {
		f |= wrapAcceptorSubkey
	}
	h := []byte{0x05, 0x04, f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint16(h[4:], ec)
	binary.BigEndian.PutUint16(h[6:], rrc)
	binary.BigEndian.PutUint64(h[8:], seq)
	return h
}

// seal encrypts a request: the header and the sealed message, as long as msg.
func (s *krbSession) seal(msg []byte) (header, sealed []byte, err error) {
	const ec = 0 // AES needs no filler; MIT's gss_wrap_iov sends 0 too
	rrc := uint16(ec + wrapTokenHeaderLen + s.et.GetHMACBitLength()/8)
	inner := append(append([]byte{}, msg...), s.tokenHeader(false, ec, 0, s.sendSeq)...)
	_, ct, err := s.et.EncryptMessage(s.key.KeyValue, inner, keyusage.GSSAPI_INITIATOR_SEAL)
	if err != nil {
		return nil, nil, err
	}
	n := int(rrc) % len(ct)
	token := append(s.tokenHeader(false, ec, rrc, s.sendSeq), ct[len(ct)-n:]...)
	token = append(token, ct[:len(ct)-n]...)
	s.sendSeq++
	cut := len(token) - len(msg)
	return token[:cut], token[cut:], nil
}

var errBadWrap = errors.New("the encrypted answer does not verify (tampered, out of order, or not from this session)")

// unseal checks and decrypts an answer sealed by the service.
func (s *krbSession) unseal(header, sealed []byte) ([]byte, error) {
	token := append(append([]byte{}, header...), sealed...)
	if len(token) < wrapTokenHeaderLen || token[0] != 0x05 || token[1] != 0x04 || token[3] != 0xff {
		return nil, errBadWrap
	}
	ec, rrc := binary.BigEndian.Uint16(token[4:]), binary.BigEndian.Uint16(token[6:])
	seq := binary.BigEndian.Uint64(token[8:])
	want := s.tokenHeader(true, ec, 0, seq)
	if token[2] != want[2] {
		return nil, fmt.Errorf("%w: flags %#x", errBadWrap, token[2])
	}
	ct := token[wrapTokenHeaderLen:]
	if len(ct) < s.et.GetConfounderByteSize()+int(ec)+wrapTokenHeaderLen+s.et.GetHMACBitLength()/8 {
		return nil, errBadWrap
	}
	n := int(rrc) % len(ct)
	ct = append(append([]byte{}, ct[n:]...), ct[:n]...)
	inner, err := s.et.DecryptMessage(s.key.KeyValue, ct, keyusage.GSSAPI_ACCEPTOR_SEAL)
	if err != nil || len(inner) < int(ec)+wrapTokenHeaderLen {
		return nil, errBadWrap
	}
	at := len(inner) - wrapTokenHeaderLen
	if subtle.ConstantTimeCompare(inner[at:], want) != 1 || seq != s.recvSeq {
		return nil, errBadWrap
	}
	s.recvSeq++
	return inner[:at-int(ec)], nil
}
