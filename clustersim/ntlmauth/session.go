package ntlmauth

import (
	"crypto/hmac"
	"crypto/rc4"
	"encoding/binary"
	"errors"
	"sync"
)

// ErrBadSignature is returned by Unseal and DecryptBody when a message's NTLM signature does
// not verify (tampered data, a wrong key, or a message out of sequence).
var ErrBadSignature = errors.New("ntlm: message signature does not verify")

// Magic constants of MS-NLMP 3.4.5.2 and 3.4.5.3, NUL included.
var (
	clientSigningMagic = []byte("session key to client-to-server signing key magic constant\x00")
	serverSigningMagic = []byte("session key to server-to-client signing key magic constant\x00")
	clientSealingMagic = []byte("session key to client-to-server sealing key magic constant\x00")
	serverSealingMagic = []byte("session key to server-to-client sealing key magic constant\x00")
)

// signatureLen is the size of an NTLMSSP_MESSAGE_SIGNATURE (MS-NLMP 2.2.2.9.1).
const signatureLen = 16

// Session is NTLM session security with extended session security (MS-NLMP 3.4), seen from
// the server: it unseals what the client sealed with its client-to-server keys and seals
// replies with the server-to-client keys. Each direction has its own RC4 stream and sequence
// number, so messages must be unsealed in the order the client sealed them, and sealed in the
// order the client will unseal them. A Session is safe for concurrent use, but its callers must
// still keep each direction in order.
type Session struct {
	mu    sync.Mutex
	flags uint32
	in    direction // client to server
	out   direction // server to client
}

// direction is one half of the session: its keys, its RC4 state and its sequence number.
type direction struct {
	signKey []byte
	sealKey []byte
	rc4     *rc4.Cipher
	seq     uint32
}

func newDirection(signKey, sealKey []byte) direction {
	d := direction{signKey: signKey, sealKey: sealKey}
	d.resetRC4()
	return d
}

func (d *direction) resetRC4() {
	c, err := rc4.NewCipher(d.sealKey)
	if err != nil {
		panic("ntlm: rc4 key: " + err.Error())
	}
	d.rc4 = c
}

// errNoExtendedSecurity: NTLMv1-style session security (no NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
// is not implemented; every client this simulator serves negotiates extended session security.
var errNoExtendedSecurity = errors.New("ntlm: session security without extended session security is not supported")

// newSession derives the four keys from the exported session key (MS-NLMP 3.4.5.2, 3.4.5.3).
func newSession(flags uint32, exportedSessionKey []byte) (*Session, error) {
	if flags&flagExtendedSec == 0 {
		return nil, errNoExtendedSecurity
	}
	sealKey := func(magic []byte) []byte {
		switch {
		case flags&flag128 != 0:
			return md5Sum(exportedSessionKey, magic)
		case flags&flag56 != 0:
			return md5Sum(exportedSessionKey[:7], magic)
		default:
			return md5Sum(exportedSessionKey[:5], magic)
		}
	}
	return &Session{
		flags: flags,
		in:    newDirection(md5Sum(exportedSessionKey, clientSigningMagic), sealKey(clientSealingMagic)),
		out:   newDirection(md5Sum(exportedSessionKey, serverSigningMagic), sealKey(serverSealingMagic)),
	}, nil
}

// mac computes the NTLMSSP_MESSAGE_SIGNATURE with extended session security (MS-NLMP 3.4.4.2)
// for msg under d's sequence number, and advances that number.
func (s *Session) mac(d *direction, msg []byte) []byte {
	seq := binary.LittleEndian.AppendUint32(nil, d.seq)
	checksum := hmacMD5(d.signKey, seq, msg)[:8]
	if s.flags&flagKeyExch != 0 {
		d.rc4.XORKeyStream(checksum, checksum)
	}
	d.seq++
	sig := make([]byte, 0, signatureLen)
	sig = binary.LittleEndian.AppendUint32(sig, 1)
	sig = append(sig, checksum...)
	return append(sig, seq...)
}

// Seal encrypts a server-to-client message and returns its 16-byte signature and the sealed
// bytes (the same length as plain), as GSS_WrapEx does (MS-NLMP 3.4.3).
func (s *Session) Seal(plain []byte) (signature, sealed []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sealed = make([]byte, len(plain))
	s.out.rc4.XORKeyStream(sealed, plain)
	return s.mac(&s.out, plain), sealed
}

// Unseal decrypts a client-to-server message and checks its signature; it returns
// ErrBadSignature when the signature does not match.
func (s *Session) Unseal(signature, sealed []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(signature) != signatureLen {
		return nil, ErrBadSignature
	}
	plain := make([]byte, len(sealed))
	s.in.rc4.XORKeyStream(plain, sealed)
	if !hmac.Equal(s.mac(&s.in, plain), signature) {
		return nil, ErrBadSignature
	}
	return plain, nil
}

// sign is GSS_GetMICEx for the server-to-client direction (used for SPNEGO's mechListMIC).
func (s *Session) sign(msg []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mac(&s.out, msg)
}

// verify is GSS_VerifyMICEx for the client-to-server direction.
func (s *Session) verify(msg, signature []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return hmac.Equal(s.mac(&s.in, msg), signature)
}

// resetRC4 restarts both RC4 streams from their keys, keeping the sequence numbers. SPNEGO
// requires it after the mechListMIC exchange, so that the first application message uses
// the same RC4 state as the MIC did (MS-SPNG 3.3.5.1; pyspnego's _reset_ntlm_crypto_state).
func (s *Session) resetRC4(incoming bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if incoming {
		s.in.resetRC4()
	} else {
		s.out.resetRC4()
	}
}
