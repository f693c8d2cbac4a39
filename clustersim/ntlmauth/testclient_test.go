package ntlmauth

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"testing"
)

// testClient is a small NTLMv2 initiator written from MS-NLMP 3.1.5 for the tests that need
// to know the exported session key (SPNEGO's mechListMIC); the interoperability tests use real
// client libraries instead.
type testClient struct {
	user, domain, password string
	flags                  uint32
	negotiate, challenge   []byte
	exported               []byte
	session                *Session // the client's view: out = client to server
}

const testClientFlags = flagUnicode | flagRequestTarget | flagSign | flagSeal | flagNTLM | flagAlwaysSign |
	flagExtendedSec | flagTargetInfo | flagVersion | flag128 | flagKeyExch | flag56

func (c *testClient) negotiateMessage() []byte {
	c.negotiate = negotiateWithFlags(testClientFlags)
	return c.negotiate
}

// authenticateMessage answers a CHALLENGE_MESSAGE with an NTLMv2 response, a random session key
// and a MIC.
func (c *testClient) authenticateMessage(t testing.TB, challenge []byte) []byte {
	t.Helper()
	c.challenge = append([]byte(nil), challenge...)
	if messageType(challenge) != typeChallenge || len(challenge) < challengeHeaderLen {
		t.Fatalf("not a challenge: %x", challenge)
	}
	c.flags = binary.LittleEndian.Uint32(challenge[20:24])
	serverChallenge := challenge[24:32]
	info, err := field(challenge, 40)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := parseAVPairs(info)
	if err != nil {
		t.Fatal(err)
	}
	pairs = append(pairs, avPair{avFlags, binary.LittleEndian.AppendUint32(nil, avFlagMICPresent)})
	clientChallenge := make([]byte, 8)
	_, _ = rand.Read(clientChallenge)
	ts, _ := findAVPair(pairs, avTimestamp)
	temp := append([]byte{1, 1, 0, 0, 0, 0, 0, 0}, ts...)
	temp = append(temp, clientChallenge...)
	temp = append(temp, 0, 0, 0, 0)
	temp = append(temp, marshalAVPairs(pairs)...)
	temp = append(temp, 0, 0, 0, 0)
	key := ntowfv2(c.password, c.user, c.domain)
	proof := hmacMD5(key, serverChallenge, temp)
	keyExchangeKey := hmacMD5(key, proof)
	c.exported = make([]byte, 16)
	_, _ = rand.Read(c.exported)
	encrypted := rc4k(keyExchangeKey, c.exported)
	auth := buildAuthenticate(c.flags, make([]byte, 24), append(proof, temp...), c.domain, c.user, "WS01", encrypted, true)
	copy(auth[micOffset:], hmacMD5(c.exported, c.negotiate, c.challenge, auth))
	c.session = clientView(t, c.flags, c.exported)
	return auth
}

// clientView builds the initiator's side of the session: its outgoing keys are the
// client-to-server ones.
func clientView(t testing.TB, flags uint32, exported []byte) *Session {
	s, err := newSession(flags, exported)
	if err != nil {
		t.Fatal(err)
	}
	s.in, s.out = s.out, s.in
	return s
}

func TestTestClientAgainstServer(t *testing.T) {
	// The test client must itself be right, or the SPNEGO tests prove nothing.
	for _, password := range []string{testPassword, "other"} {
		srv, cs := workgroupServer(), NewConnState()
		c := &testClient{user: testUser, password: password}
		challenge, _, _, err := srv.Step(cs, c.negotiateMessage())
		if err != nil {
			t.Fatal(err)
		}
		_, _, done, err := srv.Step(cs, c.authenticateMessage(t, challenge))
		if done != (password == testPassword) {
			t.Fatalf("password %q: done=%v err=%v", password, done, err)
		}
		if !done {
			continue
		}
		sig, sealed := c.session.Seal([]byte("hello"))
		if got, err := cs.Session().Unseal(sig, sealed); err != nil || !bytes.Equal(got, []byte("hello")) {
			t.Fatalf("unseal: %q %v", got, err)
		}
	}
}
