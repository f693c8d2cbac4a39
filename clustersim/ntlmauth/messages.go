package ntlmauth

import (
	"encoding/binary"
	"fmt"
)

// negotiateMessage is what the server needs of a NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1). The
// domain and workstation the client may supply are informational and ignored, as Windows does.
type negotiateMessage struct {
	flags uint32
}

func parseNegotiate(b []byte) (*negotiateMessage, error) {
	if messageType(b) != typeNegotiate || len(b) < 16 {
		return nil, fmt.Errorf("%w: not a NEGOTIATE_MESSAGE", errMalformed)
	}
	m := &negotiateMessage{flags: binary.LittleEndian.Uint32(b[12:16])}
	if m.flags&(flagUnicode|flagOEM) == 0 {
		return nil, fmt.Errorf("%w: NEGOTIATE_MESSAGE asks for neither Unicode nor OEM", errMalformed)
	}
	// The optional domain and workstation fields must at least be well formed.
	if len(b) >= 32 {
		for _, at := range []int{16, 24} {
			if _, err := field(b, at); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// challengeMessage is a CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) to be sent.
type challengeMessage struct {
	flags           uint32
	serverChallenge [8]byte
	targetName      string
	targetInfo      []byte
}

// challengeHeaderLen is the fixed part: signature, type, TargetNameFields, flags,
// ServerChallenge, Reserved, TargetInfoFields and Version.
const challengeHeaderLen = 56

func (m *challengeMessage) marshal() []byte {
	name := encodeString(m.targetName, m.flags&flagUnicode != 0)
	b := make([]byte, challengeHeaderLen, challengeHeaderLen+len(name)+len(m.targetInfo))
	copy(b, ntlmSignature)
	binary.LittleEndian.PutUint32(b[8:], typeChallenge)
	putField(b[12:], len(name), challengeHeaderLen)
	binary.LittleEndian.PutUint32(b[20:], m.flags)
	copy(b[24:32], m.serverChallenge[:])
	putField(b[40:], len(m.targetInfo), challengeHeaderLen+len(name))
	if m.flags&flagVersion != 0 {
		copy(b[48:56], windowsVersion[:])
	}
	b = append(b, name...)
	return append(b, m.targetInfo...)
}

// authenticateMessage is a parsed AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3).
type authenticateMessage struct {
	flags                     uint32
	lmResponse                []byte
	ntResponse                []byte
	domain                    string
	user                      string
	workstation               string
	encryptedRandomSessionKey []byte
}

// authenticateHeaderLen is the fixed part up to and including NegotiateFlags; the Version (8
// bytes) and the MIC (16 bytes) follow when the client sends them.
const (
	authenticateHeaderLen = 64
	micOffset             = 72
	micLen                = 16
)

func parseAuthenticate(b []byte) (*authenticateMessage, error) {
	if messageType(b) != typeAuthenticate || len(b) < authenticateHeaderLen {
		return nil, fmt.Errorf("%w: not an AUTHENTICATE_MESSAGE", errMalformed)
	}
	m := &authenticateMessage{flags: binary.LittleEndian.Uint32(b[60:64])}
	var raw [6][]byte
	for i := range raw {
		v, err := field(b, 12+8*i)
		if err != nil {
			return nil, err
		}
		raw[i] = v
	}
	m.lmResponse, m.ntResponse, m.encryptedRandomSessionKey = raw[0], raw[1], raw[5]
	unicode := m.flags&flagUnicode != 0
	for i, dst := range []*string{&m.domain, &m.user, &m.workstation} {
		s, err := decodeString(raw[2+i], unicode)
		if err != nil {
			return nil, err
		}
		*dst = s
	}
	return m, nil
}

// ntlmv2Response is the NTLMv2_RESPONSE structure (MS-NLMP 2.2.2.8): NTProofStr followed by the
// NTLMv2_CLIENT_CHALLENGE ("temp" in the spec's pseudo code).
type ntlmv2Response struct {
	ntProofStr []byte
	temp       []byte
	avPairs    []avPair
}

// ntlmv2ClientChallengeMin is RespType, HiRespType, Reserved1-2, TimeStamp, ChallengeFromClient
// and Reserved3, before the AV pairs.
const ntlmv2ClientChallengeMin = 28

func parseNTLMv2Response(b []byte) (*ntlmv2Response, error) {
	if len(b) < 16+ntlmv2ClientChallengeMin+4 {
		return nil, fmt.Errorf("%w: NTLMv2 response too short", errMalformed)
	}
	temp := b[16:]
	if temp[0] != 1 || temp[1] != 1 {
		return nil, fmt.Errorf("%w: unknown NTLMv2 response version", errMalformed)
	}
	pairs, err := parseAVPairs(temp[ntlmv2ClientChallengeMin:])
	if err != nil {
		return nil, err
	}
	return &ntlmv2Response{ntProofStr: b[:16], temp: temp, avPairs: pairs}, nil
}
