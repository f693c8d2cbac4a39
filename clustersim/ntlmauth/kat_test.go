package ntlmauth

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"testing"
)

// Known answers of MS-NLMP section 4.2.4 (NTLMv2 authentication): user "User", domain
// "Domain", password "Password", server challenge 0123456789abcdef, client challenge aa*8,
// time 0, random session key 55*16, AV pairs NbDomainName "Domain" and NbComputerName "Server".

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	katNTOWFv2         = "0c868a403bfd7a93a3001ef22ef02e3f"
	katSessionBaseKey  = "8de40ccadbc14a82f15cb0ad0de95ca3"
	katNTProofStr      = "68cd0ab851e51c96aabc927bebef6a1c"
	katEncryptedKey    = "c5dad2544fc9799094ce1ce90bc9d03e"
	katSealedPlaintext = "54e50165bf1936dc996020c1811b0f06fb5f"
	katSignature       = "010000007fb38ec5c55d497600000000"
	katFlags           = uint32(0xe28a8233)
)

// katTemp is the NTLMv2_CLIENT_CHALLENGE of 4.2.4.2.2.
func katTemp() []byte {
	avPairs := marshalAVPairs([]avPair{
		{avNbDomainName, encodeUTF16("Domain")},
		{avNbComputerName, encodeUTF16("Server")},
	})
	temp := []byte{1, 1, 0, 0, 0, 0, 0, 0}
	temp = append(temp, make([]byte, 8)...)               // TimeStamp 0
	temp = append(temp, bytes.Repeat([]byte{0xaa}, 8)...) // ChallengeFromClient
	temp = append(temp, 0, 0, 0, 0)
	temp = append(temp, avPairs...)
	return append(temp, 0, 0, 0, 0)
}

// buildAuthenticate writes an AUTHENTICATE_MESSAGE with Unicode strings and, when withMIC, a
// Version and a zero MIC field (to be filled by the caller).
func buildAuthenticate(flags uint32, lm, nt []byte, domain, user, workstation string, key []byte, withMIC bool) []byte {
	header := authenticateHeaderLen
	if withMIC {
		header = micOffset + micLen
	}
	payloads := [][]byte{lm, nt, encodeUTF16(domain), encodeUTF16(user), encodeUTF16(workstation), key}
	total := header
	for _, p := range payloads {
		total += len(p)
	}
	b := make([]byte, total)
	copy(b, ntlmSignature)
	binary.LittleEndian.PutUint32(b[8:], typeAuthenticate)
	off := header
	for i, p := range payloads {
		putField(b[12+8*i:], len(p), off)
		copy(b[off:], p)
		off += len(p)
	}
	binary.LittleEndian.PutUint32(b[60:], flags)
	return b
}

// negotiateWithFlags is a minimal NEGOTIATE_MESSAGE.
func negotiateWithFlags(flags uint32) []byte {
	b := make([]byte, 32)
	copy(b, ntlmSignature)
	binary.LittleEndian.PutUint32(b[8:], typeNegotiate)
	binary.LittleEndian.PutUint32(b[12:], flags)
	return b
}

// fixChallenge makes the server use the spec's server challenge during the test.
func fixChallenge(t *testing.T, challenge []byte) {
	old := randomChallenge
	randomChallenge = func(b []byte) { copy(b, challenge) }
	t.Cleanup(func() { randomChallenge = old })
}

func katServer(password string) *Server {
	return &Server{ServerName: "Server", Lookup: func(user, domain string) (string, bool) {
		return password, user == "User"
	}}
}

func TestKnownAnswersMSNLMP424Primitives(t *testing.T) {
	key := ntowfv2("Password", "User", "Domain")
	if got := hex.EncodeToString(key); got != katNTOWFv2 {
		t.Fatalf("NTOWFv2 = %s, want %s", got, katNTOWFv2)
	}
	proof := hmacMD5(key, unhex(t, "0123456789abcdef"), katTemp())
	if got := hex.EncodeToString(proof); got != katNTProofStr {
		t.Fatalf("NTProofStr = %s, want %s", got, katNTProofStr)
	}
	if got := hex.EncodeToString(hmacMD5(key, proof)); got != katSessionBaseKey {
		t.Fatalf("SessionBaseKey = %s, want %s", got, katSessionBaseKey)
	}
	if got := rc4k(unhex(t, katSessionBaseKey), bytes.Repeat([]byte{0x55}, 16)); hex.EncodeToString(got) != katEncryptedKey {
		t.Fatalf("EncryptedRandomSessionKey = %x, want %s", got, katEncryptedKey)
	}
}

// TestKnownAnswersMSNLMP424Handshake drives the whole acceptor with the spec's AUTHENTICATE
// values and checks that it accepts them, recovers the random session key, and unseals the
// spec's sealed "Plaintext" with it.
func TestKnownAnswersMSNLMP424Handshake(t *testing.T) {
	fixChallenge(t, unhex(t, "0123456789abcdef"))
	for _, tc := range []struct {
		name     string
		password string
		wantErr  error
	}{
		{"right password", "Password", nil},
		{"wrong password", "password", ErrBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, cs := katServer(tc.password), NewConnState()
			if _, _, done, err := srv.Step(cs, negotiateWithFlags(katFlags)); err != nil || done {
				t.Fatalf("negotiate: done=%v err=%v", done, err)
			}
			nt := append(unhex(t, katNTProofStr), katTemp()...)
			lm := make([]byte, 24)
			auth := buildAuthenticate(katFlags, lm, nt, "Domain", "User", "COMPUTER", unhex(t, katEncryptedKey), false)
			_, user, done, err := srv.Step(cs, auth)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || done || cs.Authenticated() {
					t.Fatalf("got done=%v err=%v, want %v", done, err, tc.wantErr)
				}
				return
			}
			if err != nil || !done || user != `SERVER\User` {
				t.Fatalf("authenticate: user=%q done=%v err=%v", user, done, err)
			}
			session := cs.Session()
			if session == nil {
				t.Fatal("no sealing session")
			}
			plain, err := session.Unseal(unhex(t, katSignature), unhex(t, katSealedPlaintext))
			if err != nil {
				t.Fatalf("unseal: %v", err)
			}
			if want := encodeUTF16("Plaintext"); !bytes.Equal(plain, want) {
				t.Fatalf("unsealed %x, want %x", plain, want)
			}
		})
	}
}

// MS-NLMP 4.2.4.4: GSS_WrapEx of "Plaintext" by the client with the 4.2.4 keys. Our Seal,
// seen from the client's side, must give the same bytes.
func TestKnownAnswersMSNLMP424Seal(t *testing.T) {
	client := clientView(t, katFlags, bytes.Repeat([]byte{0x55}, 16))
	if got := hex.EncodeToString(client.out.sealKey); got != "59f600973cc4960a25480a7c196e4c58" {
		t.Fatalf("client sealing key %s", got)
	}
	if got := hex.EncodeToString(client.out.signKey); got != "4788dc861b4782f35d43fd98fe1a2d39" {
		t.Fatalf("client signing key %s", got)
	}
	sig, sealed := client.Seal(encodeUTF16("Plaintext"))
	if hex.EncodeToString(sealed) != katSealedPlaintext || hex.EncodeToString(sig) != katSignature {
		t.Fatalf("sealed %x signature %x", sealed, sig)
	}
}
