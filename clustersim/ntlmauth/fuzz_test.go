package ntlmauth

import (
	"bytes"
	"encoding/asn1"
	"encoding/binary"
	"testing"

	azntlm "github.com/Azure/go-ntlmssp"
	"github.com/bodgit/ntlmssp"
)

// Fuzz targets for every parser: the three NTLM messages (the NEGOTIATE_MESSAGE read, the
// CHALLENGE_MESSAGE built from it, the AUTHENTICATE_MESSAGE read), SPNEGO tokens and encrypted
// bodies. None may panic or hang; the properties checked are noted per target.

func FuzzNegotiateAndChallenge(f *testing.F) {
	az, _ := azntlm.NewNegotiateMessage("CONTOSO", "")
	bc, _ := ntlmssp.NewClient(ntlmssp.SetUserInfo("u", "p"), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	bn, _ := bc.Authenticate(nil, nil)
	for _, seed := range [][]byte{az, bn, negotiateWithFlags(testClientFlags), negotiateWithFlags(0), []byte("NTLMSSP\x00\x01\x00\x00\x00")} {
		f.Add(seed)
	}
	srv := memberServer()
	f.Fuzz(func(t *testing.T, msg []byte) {
		challenge, _, done, err := srv.Step(NewConnState(), msg)
		if err != nil {
			return
		}
		if done {
			t.Fatal("a single message completed a handshake")
		}
		// Property: every challenge we send is well formed.
		if isNTLMMessage(msg) {
			if messageType(challenge) != typeChallenge {
				t.Fatalf("reply is not a challenge: %x", challenge)
			}
			info, err := field(challenge, 40)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := parseAVPairs(info); err != nil {
				t.Fatal(err)
			}
			flags := binary.LittleEndian.Uint32(challenge[20:])
			if flags&flagKeyExch != 0 && binary.LittleEndian.Uint32(msg[12:])&flagKeyExch == 0 {
				t.Fatal("KEY_EXCH granted without being asked")
			}
		}
	})
}

func FuzzAuthenticate(f *testing.F) {
	srv := workgroupServer()
	// Seeds: real AUTHENTICATE_MESSAGEs of both client libraries for a fixed challenge.
	fixed := bytes.Repeat([]byte{7}, 8)
	random := randomChallenge
	randomChallenge = func(b []byte) { copy(b, fixed) }
	cs := NewConnState()
	az, _ := azntlm.NewNegotiateMessage("", "")
	ch, _, _, _ := srv.Step(cs, az)
	azAuth, _ := azntlm.ProcessChallenge(ch, testUser, testPassword, true)
	f.Add(azAuth)
	bc, _ := ntlmssp.NewClient(ntlmssp.SetUserInfo(testUser, testPassword), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	bn, _ := bc.Authenticate(nil, nil)
	ch, _, _, _ = srv.Step(NewConnState(), bn)
	bAuth, _ := bc.Authenticate(ch, nil)
	f.Add(bAuth)
	f.Add([]byte("NTLMSSP\x00\x03\x00\x00\x00"))
	// From here on challenges are random again: the seeds are replays and must fail.
	randomChallenge = random
	f.Fuzz(func(t *testing.T, msg []byte) {
		cs := NewConnState()
		if _, _, _, err := srv.Step(cs, negotiateWithFlags(testClientFlags)); err != nil {
			t.Fatal(err)
		}
		_, _, done, err := srv.Step(cs, msg)
		// Property: with a random server challenge nothing fuzzed can authenticate.
		if done || err == nil {
			t.Fatalf("fuzzed message authenticated: %x", msg)
		}
		if cs.Authenticated() || cs.Session() != nil {
			t.Fatal("failed handshake left the connection authenticated")
		}
	})
}

func FuzzSPNEGO(f *testing.F) {
	mechs, _ := asn1.Marshal([]asn1.ObjectIdentifier{oidNTLM})
	f.Add(marshalNegTokenResp(negAcceptIncomplete, oidNTLM, []byte("x"), nil))
	f.Add(append([]byte{0x60, 0x1e, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x14, 0x30, 0x12, 0xa0}, append([]byte{byte(len(mechs))}, mechs...)...))
	f.Add([]byte{0xa1, 0x00})
	srv := workgroupServer()
	f.Fuzz(func(t *testing.T, token []byte) {
		_, _, _ = parseSPNEGO(token)
		cs := NewConnState()
		_, _, done, _ := srv.Step(cs, token)
		if done {
			t.Fatal("one token completed a handshake")
		}
	})
}

func FuzzDecryptBody(f *testing.F) {
	f.Add([]byte("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=4\r\n--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n\x10\x00\x00\x000123456789abcdefdata--Encrypted Boundary--\r\n"))
	f.Add([]byte("--Encrypted Boundary\r\n--Encrypted Boundary\r\n"))
	f.Add([]byte{})
	// A real sealed session, so that fuzzed bodies reach the unsealing code.
	client := &testClient{user: testUser, password: testPassword}
	srv := workgroupServer()
	f.Fuzz(func(t *testing.T, body []byte) {
		cs := NewConnState()
		ch, _, _, err := srv.Step(cs, client.negotiateMessage())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := srv.Step(cs, client.authenticateMessage(t, ch)); err != nil {
			t.Fatal(err)
		}
		plain, err := DecryptBody(cs, EncryptedContentType, body)
		// Property: without the client's keys, no fuzzed body decrypts (beyond a 2^-64 chance).
		if err == nil {
			t.Fatalf("fuzzed body decrypted to %q", plain)
		}
		_ = IsEncrypted(string(body))
	})
}
