package ntlmauth

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"
)

func TestChallengeContents(t *testing.T) {
	for _, tc := range []struct {
		name        string
		srv         *Server
		clientFlags uint32
		wantTarget  string
		wantType    uint32
		wantFlags   uint32 // must be set
		wantAbsent  uint32 // must not be set
		wantPairs   []string
	}{
		{"workgroup, go-ntlmssp flags", workgroupServer(), flagUnicode | flagExtendedSec | flagTargetInfo | flag128 | flag56,
			"EXCH1", flagTargetServer,
			flagUnicode | flagRequestTarget | flagNTLM | flagAlwaysSign | flagExtendedSec | flagTargetInfo | flagVersion | flag128 | flag56,
			flagSign | flagSeal | flagKeyExch | flagOEM | flagTargetDomain,
			[]string{"EXCH1", "EXCH1", "exch1", "exch1"}},
		{"member, sealing client", memberServer(), testClientFlags,
			"CONTOSO", flagTargetDomain,
			flagSign | flagSeal | flagKeyExch | flagExtendedSec | flag128 | flag56,
			flagTargetServer | flagLMKey,
			[]string{"CONTOSO", "EXCH1", "contoso.local", "exch1.contoso.local"}},
		{"OEM client", workgroupServer(), flagOEM | flagNTLM, "EXCH1", flagTargetServer, flagOEM | flagNTLM, flagUnicode, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, _, _, err := tc.srv.Step(NewConnState(), negotiateWithFlags(tc.clientFlags))
			if err != nil {
				t.Fatal(err)
			}
			flags := binary.LittleEndian.Uint32(ch[20:])
			if flags&tc.wantType == 0 || flags&tc.wantFlags != tc.wantFlags || flags&tc.wantAbsent != 0 {
				t.Fatalf("flags %#08x", flags)
			}
			name, err := field(ch, 12)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := decodeString(name, flags&flagUnicode != 0); got != tc.wantTarget {
				t.Fatalf("target name %q, want %q", got, tc.wantTarget)
			}
			if ch[48] != windowsVersion[0] || ch[55] != 0x0f {
				t.Fatalf("version %x", ch[48:56])
			}
			info, _ := field(ch, 40)
			pairs, err := parseAVPairs(info)
			if err != nil {
				t.Fatal(err)
			}
			wantIDs := []uint16{avNbDomainName, avNbComputerName, avDNSDomainName, avDNSComputerName, avTimestamp}
			if len(pairs) != len(wantIDs) {
				t.Fatalf("%d AV pairs", len(pairs))
			}
			for i, p := range pairs {
				if p.id != wantIDs[i] {
					t.Fatalf("pair %d is %d, want %d", i, p.id, wantIDs[i])
				}
				if i < 4 && tc.wantPairs != nil {
					if got, _ := decodeUTF16(p.value); got != tc.wantPairs[i] {
						t.Fatalf("pair %d = %q, want %q", i, got, tc.wantPairs[i])
					}
				}
			}
			ts := binary.LittleEndian.Uint64(pairs[4].value)
			if d := int64(fileTime(time.Now())) - int64(ts); d < 0 || d > int64(time.Minute/100) {
				t.Fatalf("timestamp off by %d00 ns", d)
			}
		})
	}
}

func TestChallengeIsRandom(t *testing.T) {
	a, _, _, _ := workgroupServer().Step(NewConnState(), negotiateWithFlags(testClientFlags))
	b, _, _, _ := workgroupServer().Step(NewConnState(), negotiateWithFlags(testClientFlags))
	if string(a[24:32]) == string(b[24:32]) {
		t.Fatal("two challenges share their server challenge")
	}
}

func TestAuthenticateRefusals(t *testing.T) {
	ntlmv2 := func(t *testing.T, ch []byte) []byte {
		c := &testClient{user: testUser, password: testPassword}
		c.negotiate = negotiateWithFlags(testClientFlags)
		return c.authenticateMessage(t, ch)
	}
	for _, tc := range []struct {
		name    string
		build   func(t *testing.T, challenge []byte) []byte
		wantErr error
	}{
		{"anonymous", func(*testing.T, []byte) []byte {
			return buildAuthenticate(testClientFlags|flagAnonymous, []byte{0}, nil, "", "", "WS", nil, false)
		}, ErrBadCredentials},
		{"empty user and responses", func(*testing.T, []byte) []byte {
			return buildAuthenticate(testClientFlags, nil, nil, "", "", "", nil, false)
		}, ErrBadCredentials},
		{"NTLMv1 response", func(*testing.T, []byte) []byte {
			return buildAuthenticate(testClientFlags, make([]byte, 24), make([]byte, 24), "", testUser, "WS", nil, false)
		}, ErrBadCredentials},
		{"LM response only", func(*testing.T, []byte) []byte {
			return buildAuthenticate(testClientFlags, make([]byte, 24), nil, "", testUser, "WS", nil, false)
		}, ErrBadCredentials},
		{"truncated NTLMv2 response", func(*testing.T, []byte) []byte {
			return buildAuthenticate(testClientFlags, nil, make([]byte, 30), "", testUser, "WS", nil, false)
		}, errMalformed},
		{"field past the end", func(t *testing.T, ch []byte) []byte {
			b := ntlmv2(t, ch)
			binary.LittleEndian.PutUint32(b[20+4:], uint32(len(b)))
			return b
		}, errMalformed},
		{"tampered NTProofStr", func(t *testing.T, ch []byte) []byte {
			b := ntlmv2(t, ch)
			nt, _ := field(b, 20)
			nt[0] ^= 1
			return b
		}, ErrBadCredentials},
		{"valid", ntlmv2, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, cs := workgroupServer(), NewConnState()
			ch, _, _, err := srv.Step(cs, negotiateWithFlags(testClientFlags))
			if err != nil {
				t.Fatal(err)
			}
			_, _, done, err := srv.Step(cs, tc.build(t, ch))
			if !errors.Is(err, tc.wantErr) || done != (tc.wantErr == nil) || cs.Authenticated() != done {
				t.Fatalf("done=%v err=%v, want %v", done, err, tc.wantErr)
			}
		})
	}
}

func TestConnectionLifecycle(t *testing.T) {
	srv := workgroupServer()
	c := &testClient{user: testUser, password: testPassword}

	// An AUTHENTICATE_MESSAGE without a challenge is refused.
	if _, _, _, err := srv.Step(NewConnState(), buildAuthenticate(testClientFlags, nil, make([]byte, 60), "", testUser, "", nil, false)); err == nil {
		t.Fatal("authenticate without challenge accepted")
	}

	cs := NewConnState()
	ch, _, _, _ := srv.Step(cs, c.negotiateMessage())
	auth := c.authenticateMessage(t, ch)
	if _, user, done, err := srv.Step(cs, auth); err != nil || !done || user != `EXCH1\Administrator` {
		t.Fatalf("first handshake: %q %v %v", user, done, err)
	}
	// Replaying the same AUTHENTICATE_MESSAGE on the authenticated connection fails.
	if _, _, done, err := srv.Step(cs, auth); err == nil || done {
		t.Fatal("replayed AUTHENTICATE_MESSAGE accepted")
	}
	if cs.Authenticated() || cs.Session() != nil || cs.User() != "" {
		t.Fatal("a failed step left the connection authenticated")
	}
	// A new handshake on the same connection works (masterzen/winrm does this per message).
	ch, _, _, _ = srv.Step(cs, c.negotiateMessage())
	if _, _, done, err := srv.Step(cs, c.authenticateMessage(t, ch)); err != nil || !done {
		t.Fatalf("second handshake: %v", err)
	}
	cs.Reset()
	if cs.Authenticated() {
		t.Fatal("Reset kept the authentication")
	}
	// No Lookup: nobody gets in.
	noLookup := &Server{ServerName: "EXCH1"}
	cs = NewConnState()
	ch, _, _, _ = noLookup.Step(cs, c.negotiateMessage())
	if _, _, _, err := noLookup.Step(cs, c.authenticateMessage(t, ch)); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("without Lookup: %v", err)
	}
}
