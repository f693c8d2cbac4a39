package ntlmauth

import (
	"bytes"
	"errors"
	"testing"

	azntlm "github.com/Azure/go-ntlmssp"
	"github.com/bodgit/ntlmssp"
)

// Interoperability with the two NTLM client libraries masterzen/winrm uses:
// github.com/Azure/go-ntlmssp (plain NTLM authentication, no MIC, no key exchange) and
// github.com/bodgit/ntlmssp (NTLMv2 with MIC, key exchange, signing and sealing).

const (
	testUser     = "Administrator"
	testPassword = "Pa55w.rd!"
)

func workgroupServer() *Server {
	return &Server{ServerName: "EXCH1", Lookup: accounts(map[string]string{"administrator": testPassword})}
}

func memberServer() *Server {
	return &Server{ServerName: "EXCH1", Domain: "CONTOSO", DNSDomainName: "contoso.local",
		Lookup: accounts(map[string]string{"administrator": testPassword})}
}

// accounts is a Lookup over lower-cased user names.
func accounts(m map[string]string) Lookup {
	return func(user, _ string) (string, bool) {
		for name, p := range m {
			if bytes.EqualFold([]byte(name), []byte(user)) {
				return p, true
			}
		}
		return "", false
	}
}

// azureHandshake runs go-ntlmssp's client against srv on a fresh connection.
func azureHandshake(t *testing.T, srv *Server, user, password string) (*ConnState, string, error) {
	t.Helper()
	cs := NewConnState()
	account, domain, domainNeeded := azntlm.GetDomain(user)
	negotiate, err := azntlm.NewNegotiateMessage(domain, "")
	if err != nil {
		t.Fatal(err)
	}
	challenge, _, done, err := srv.Step(cs, negotiate)
	if err != nil || done {
		t.Fatalf("negotiate: done=%v err=%v", done, err)
	}
	authenticate, err := azntlm.ProcessChallenge(challenge, account, password, domainNeeded)
	if err != nil {
		t.Fatalf("go-ntlmssp rejects our challenge: %v", err)
	}
	reply, who, done, err := srv.Step(cs, authenticate)
	if err == nil && (!done || reply != nil) {
		t.Fatalf("authenticate succeeded with done=%v reply=%x", done, reply)
	}
	return cs, who, err
}

// go-ntlmssp sends the challenge's target name as the domain whatever domain the user typed
// (only a UPN is sent as is), so domain names are tested with bodgit/ntlmssp below.
func TestAzureNTLMHandshake(t *testing.T) {
	for _, tc := range []struct {
		name     string
		srv      *Server
		user     string
		password string
		wantUser string
		wantErr  error
	}{
		{"workgroup, plain user", workgroupServer(), testUser, testPassword, `EXCH1\Administrator`, nil},
		{"workgroup, user in other case", workgroupServer(), "ADMINISTRATOR", testPassword, `EXCH1\ADMINISTRATOR`, nil},
		{"workgroup, computer\\user", workgroupServer(), `EXCH1\Administrator`, testPassword, `EXCH1\Administrator`, nil},
		{"workgroup, .\\user", workgroupServer(), `.\Administrator`, testPassword, `EXCH1\Administrator`, nil},
		{"workgroup, user@computer", workgroupServer(), "Administrator@EXCH1", testPassword, `EXCH1\Administrator`, nil},
		{"member, plain user gets the domain", memberServer(), testUser, testPassword, `CONTOSO\Administrator`, nil},
		{"member, domain\\user", memberServer(), `contoso\Administrator`, testPassword, `CONTOSO\Administrator`, nil},
		{"member, user@dns domain", memberServer(), "Administrator@contoso.local", testPassword, `CONTOSO\Administrator`, nil},
		{"wrong password", workgroupServer(), testUser, "wrong", "", ErrBadCredentials},
		{"empty password", workgroupServer(), testUser, "", "", ErrBadCredentials},
		{"wrong user", workgroupServer(), "Guest", testPassword, "", ErrBadCredentials},
		{"member, unknown upn suffix", memberServer(), "Administrator@fabrikam.com", testPassword, "", ErrBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, user, err := azureHandshake(t, tc.srv, tc.user, tc.password)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || cs.Authenticated() {
					t.Fatalf("err=%v authenticated=%v, want %v", err, cs.Authenticated(), tc.wantErr)
				}
				return
			}
			if err != nil || user != tc.wantUser || !cs.Authenticated() || cs.User() != tc.wantUser {
				t.Fatalf("user=%q err=%v authenticated=%v, want %q", user, err, cs.Authenticated(), tc.wantUser)
			}
			if cs.Session() != nil {
				t.Fatal("a sealing session without SEAL negotiated")
			}
		})
	}
}

// bodgitClient returns a bodgit/ntlmssp client for testUser, configured as masterzen/winrm's
// NewEncryption("ntlm") configures it.
func bodgitClient(t *testing.T, domain, password string) *ntlmssp.Client {
	t.Helper()
	c, err := ntlmssp.NewClient(ntlmssp.SetUserInfo(testUser, password), ntlmssp.SetDomain(domain), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// bodgitHandshake authenticates client on a new connection; tamper may alter the
// AUTHENTICATE_MESSAGE before the server sees it.
func bodgitHandshake(t *testing.T, srv *Server, client *ntlmssp.Client, tamper func([]byte)) (*ConnState, error) {
	t.Helper()
	cs := NewConnState()
	negotiate, err := client.Authenticate(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	challenge, _, _, err := srv.Step(cs, negotiate)
	if err != nil {
		t.Fatalf("negotiate: %v", err)
	}
	authenticate, err := client.Authenticate(challenge, nil)
	if err != nil {
		t.Fatalf("bodgit/ntlmssp rejects our challenge: %v", err)
	}
	if tamper != nil {
		tamper(authenticate)
	}
	_, _, done, err := srv.Step(cs, authenticate)
	if err == nil && !done {
		t.Fatal("authenticate: not done")
	}
	return cs, err
}

func TestBodgitHandshakeWithMIC(t *testing.T) {
	for _, tc := range []struct {
		name     string
		srv      *Server
		domain   string
		password string
		tamper   func([]byte)
		wantErr  error
	}{
		{"right password", workgroupServer(), "", testPassword, nil, nil},
		{"workgroup, any domain is local", workgroupServer(), "ANYTHING", testPassword, nil, nil},
		{"member, computer as domain", memberServer(), "EXCH1", testPassword, nil, nil},
		{"member, dot as domain", memberServer(), ".", testPassword, nil, nil},
		{"member, the domain", memberServer(), "contoso", testPassword, nil, nil},
		{"member, unknown domain", memberServer(), "FABRIKAM", testPassword, nil, ErrBadCredentials},
		{"wrong password", workgroupServer(), "", "nope", nil, ErrBadCredentials},
		// The MIC covers the whole message: flipping the flags or the MIC itself is detected.
		{"tampered MIC", workgroupServer(), "", testPassword, func(b []byte) { b[micOffset] ^= 1 }, ErrBadCredentials},
		{"tampered flags", workgroupServer(), "", testPassword, func(b []byte) { b[62] ^= byte(flagIdentify >> 16) }, ErrBadCredentials},
		{"tampered session key", workgroupServer(), "", testPassword, func(b []byte) { b[len(b)-1] ^= 1 }, ErrBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := bodgitHandshake(t, tc.srv, bodgitClient(t, tc.domain, tc.password), tc.tamper)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err=%v, want %v", err, tc.wantErr)
			}
			if (err == nil) != cs.Authenticated() {
				t.Fatalf("authenticated=%v with err=%v", cs.Authenticated(), err)
			}
		})
	}
}

// TestBodgitSealInterop seals with the client library and unseals with ours, and back, over
// several messages in a row (the RC4 streams and sequence numbers must stay in step).
func TestBodgitSealInterop(t *testing.T) {
	client := bodgitClient(t, "", testPassword)
	cs, err := bodgitHandshake(t, workgroupServer(), client, nil)
	if err != nil {
		t.Fatal(err)
	}
	session := cs.Session()
	if session == nil {
		t.Fatal("no sealing session although the client asked SEAL")
	}
	for i, msg := range [][]byte{[]byte("<s:Envelope/>"), bytes.Repeat([]byte("x"), 70000), {}, []byte("last")} {
		sealed, sig, err := client.SecuritySession().Wrap(msg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := session.Unseal(sig, sealed)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("message %d: client to server: err=%v equal=%v", i, err, bytes.Equal(got, msg))
		}
		reply := append([]byte("reply to "), msg...)
		sig, sealed = session.Seal(reply)
		back, err := client.SecuritySession().Unwrap(sealed, sig)
		if err != nil || !bytes.Equal(back, reply) {
			t.Fatalf("message %d: server to client: err=%v", i, err)
		}
	}
	// A tampered message is refused.
	sealed, sig, _ := client.SecuritySession().Wrap([]byte("tampered"))
	sealed[0] ^= 0x80
	if _, err := session.Unseal(sig, sealed); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("tampered message: err=%v", err)
	}
	// A replayed (out of sequence) message is refused.
	sealed, sig, _ = client.SecuritySession().Wrap([]byte("one"))
	if _, err := session.Unseal(sig, sealed); err != nil {
		t.Fatalf("in sequence: %v", err)
	}
	if _, err := session.Unseal(sig, sealed); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("replayed message: err=%v", err)
	}
}
