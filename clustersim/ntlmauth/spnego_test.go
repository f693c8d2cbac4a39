package ntlmauth

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"testing"

	azntlm "github.com/Azure/go-ntlmssp"
	forkasn1 "github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/spnego"
)

// The SPNEGO tokens are built and read with github.com/jcmturner/gokrb5/v8/spnego, an
// implementation independent of ours.

var oidKerberos = asn1.ObjectIdentifier{1, 2, 840, 113554, 1, 2, 2}

func spnegoInit(t *testing.T, mechs []asn1.ObjectIdentifier, mechToken []byte) []byte {
	t.Helper()
	tok := spnego.SPNEGOToken{Init: true, NegTokenInit: spnego.NegTokenInit{MechTypes: fork(mechs...), MechTokenBytes: mechToken}}
	b, err := tok.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func spnegoResp(t *testing.T, token, mic []byte) []byte {
	t.Helper()
	tok := spnego.SPNEGOToken{Resp: true, NegTokenResp: spnego.NegTokenResp{NegState: forkasn1.Enumerated(negAcceptIncomplete), ResponseToken: token, MechListMIC: mic}}
	b, err := tok.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fork(oids ...asn1.ObjectIdentifier) []forkasn1.ObjectIdentifier {
	out := make([]forkasn1.ObjectIdentifier, len(oids))
	for i, o := range oids {
		out[i] = forkasn1.ObjectIdentifier(o)
	}
	return out
}

func readResp(t *testing.T, b []byte) spnego.NegTokenResp {
	t.Helper()
	var r spnego.NegTokenResp
	if err := r.Unmarshal(b); err != nil {
		t.Fatalf("our NegTokenResp does not parse: %v (%x)", err, b)
	}
	return r
}

func mechTypesDER(t *testing.T, mechs []asn1.ObjectIdentifier) []byte {
	b, err := asn1.Marshal(mechs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSPNEGONTLMFirstWithMechListMIC(t *testing.T) {
	mechs := []asn1.ObjectIdentifier{oidNTLM}
	for _, tc := range []struct {
		name      string
		password  string
		tamperMIC bool
		wantErr   error
	}{
		{"right password", testPassword, false, nil},
		{"wrong password", "bad", false, ErrBadCredentials},
		{"bad mechListMIC", testPassword, true, ErrBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, cs := workgroupServer(), NewConnState()
			c := &testClient{user: testUser, password: tc.password}
			reply, _, done, err := srv.Step(cs, spnegoInit(t, mechs, c.negotiateMessage()))
			if err != nil || done {
				t.Fatalf("init: done=%v err=%v", done, err)
			}
			r := readResp(t, reply)
			if r.NegState != negAcceptIncomplete || !r.SupportedMech.Equal(fork(oidNTLM)[0]) || messageType(r.ResponseToken) != typeChallenge {
				t.Fatalf("first reply: %+v", r)
			}
			auth := c.authenticateMessage(t, r.ResponseToken)
			mic := c.session.sign(mechTypesDER(t, mechs))
			c.session.resetRC4(false)
			if tc.tamperMIC {
				mic[5] ^= 1
			}
			reply, user, done, err := srv.Step(cs, spnegoResp(t, auth, mic))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || done || cs.Authenticated() {
					t.Fatalf("done=%v err=%v, want %v", done, err, tc.wantErr)
				}
				return
			}
			if err != nil || !done || user != `EXCH1\Administrator` {
				t.Fatalf("auth: user=%q done=%v err=%v", user, done, err)
			}
			r = readResp(t, reply)
			if r.NegState != negAcceptCompleted || r.MechListMIC == nil {
				t.Fatalf("final reply: %+v", r)
			}
			if !c.session.verify(mechTypesDER(t, mechs), r.MechListMIC) {
				t.Fatal("the acceptor's mechListMIC does not verify")
			}
			c.session.resetRC4(true)
			// After the MIC exchange both sides seal with fresh RC4 state and sequence number 1.
			sig, sealed := c.session.Seal([]byte("<Envelope/>"))
			if got, err := cs.Session().Unseal(sig, sealed); err != nil || string(got) != "<Envelope/>" {
				t.Fatalf("client to server after SPNEGO: %q %v", got, err)
			}
			sig, sealed = cs.Session().Seal([]byte("<Answer/>"))
			if got, err := c.session.Unseal(sig, sealed); err != nil || string(got) != "<Answer/>" {
				t.Fatalf("server to client after SPNEGO: %q %v", got, err)
			}
		})
	}
}

// A client preferring Kerberos gets request-mic and NTLM selected without a token; the NTLM
// exchange then runs in NegTokenResp tokens and the mechListMIC becomes mandatory.
func TestSPNEGOKerberosPreferredRequestMIC(t *testing.T) {
	mechs := []asn1.ObjectIdentifier{oidKerberos, oidNTLM}
	for _, sendMIC := range []bool{true, false} {
		srv, cs := workgroupServer(), NewConnState()
		c := &testClient{user: testUser, password: testPassword}
		reply, _, _, err := srv.Step(cs, spnegoInit(t, mechs, []byte("optimistic kerberos AP-REQ")))
		if err != nil {
			t.Fatal(err)
		}
		r := readResp(t, reply)
		if r.NegState != negRequestMIC || !r.SupportedMech.Equal(fork(oidNTLM)[0]) || r.ResponseToken != nil {
			t.Fatalf("first reply: %+v", r)
		}
		reply, _, _, err = srv.Step(cs, spnegoResp(t, c.negotiateMessage(), nil))
		if err != nil {
			t.Fatal(err)
		}
		r = readResp(t, reply)
		if r.NegState != negAcceptIncomplete || messageType(r.ResponseToken) != typeChallenge || r.SupportedMech != nil {
			t.Fatalf("second reply: %+v", r)
		}
		auth := c.authenticateMessage(t, r.ResponseToken)
		var mic []byte
		if sendMIC {
			mic = c.session.sign(mechTypesDER(t, mechs))
		}
		_, _, done, err := srv.Step(cs, spnegoResp(t, auth, mic))
		if done != sendMIC || (!sendMIC && !errors.Is(err, ErrBadCredentials)) {
			t.Fatalf("sendMIC=%v: done=%v err=%v", sendMIC, done, err)
		}
	}
}

// go-ntlmssp's messages wrapped in SPNEGO: no MIC anywhere, and none is required.
func TestSPNEGOWithoutMIC(t *testing.T) {
	srv, cs := workgroupServer(), NewConnState()
	negotiate, _ := azntlm.NewNegotiateMessage("", "")
	reply, _, _, err := srv.Step(cs, spnegoInit(t, []asn1.ObjectIdentifier{oidNTLM}, negotiate))
	if err != nil {
		t.Fatal(err)
	}
	auth, err := azntlm.ProcessChallenge(readResp(t, reply).ResponseToken, testUser, testPassword, true)
	if err != nil {
		t.Fatal(err)
	}
	reply, user, done, err := srv.Step(cs, spnegoResp(t, auth, nil))
	if err != nil || !done || user != `EXCH1\Administrator` {
		t.Fatalf("user=%q done=%v err=%v", user, done, err)
	}
	if r := readResp(t, reply); r.NegState != negAcceptCompleted || r.MechListMIC != nil {
		t.Fatalf("final reply: %+v", r)
	}
}

func TestSPNEGORejects(t *testing.T) {
	srv := workgroupServer()
	negotiate, _ := azntlm.NewNegotiateMessage("", "")
	for _, tc := range []struct {
		name    string
		token   []byte
		wantErr error
	}{
		{"kerberos only", spnegoInit(t, []asn1.ObjectIdentifier{oidKerberos}, []byte("ap-req")), ErrNoNTLM},
		{"bare kerberos token", func() []byte {
			oid, _ := asn1.Marshal(oidKerberos)
			b, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassApplication, Tag: 0, IsCompound: true, Bytes: append(oid, 0x01, 0x00)})
			return b
		}(), ErrNoNTLM},
		{"resp without init", spnegoResp(t, negotiate, nil), nil},
		{"garbage", []byte{0x60, 0x03, 0x06, 0x01, 0x00}, nil},
		{"empty", nil, nil},
		{"ntlm challenge from a client", func() []byte { m := negotiateWithFlags(1); m[8] = 2; return m }(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, done, err := srv.Step(NewConnState(), tc.token)
			if err == nil || done || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("done=%v err=%v", done, err)
			}
		})
	}
}

// Our own NegTokenResp encoding read back by our parser keeps every field.
func TestNegTokenRespRoundTrip(t *testing.T) {
	b := marshalNegTokenResp(negAcceptIncomplete, oidNTLM, []byte("tok"), []byte("mic"))
	_, r, err := parseSPNEGO(b)
	if err != nil || !bytes.Equal(r.responseToken, []byte("tok")) || !bytes.Equal(r.mechListMIC, []byte("mic")) {
		t.Fatalf("%+v %v", r, err)
	}
}
