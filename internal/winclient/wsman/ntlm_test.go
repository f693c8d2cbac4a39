package wsman

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/bodgit/ntlmssp"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/ntlmauth"
)

// The channel binding we compute verifies with the simulator's NTLM server, which checks it
// the way WinRM does (RFC 5929 tls-server-end-point in an RFC 2744 struct, MD5 in the
// MsvAvChannelBindings pair); a binding for another certificate is refused.
func TestChannelBindingVerifies(t *testing.T) {
	cert := selfSignedCert(t, "ex1")
	other := selfSignedCert(t, "ex2")
	for _, tc := range []struct {
		name    string
		binding *x509.Certificate
		ok      bool
	}{{"right certificate", cert, true}, {"another certificate", other, false}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := &ntlmauth.Server{Domain: "CORP", ServerName: "EX1", Lookup: func(user, domain string) (string, bool) {
				return "pw", user == "admin"
			}}
			cs := ntlmauth.NewConnState()
			cs.SetTLSServerCertificate(cert)
			nc, err := ntlmssp.NewClient(ntlmssp.SetUserInfo("admin", "pw"), ntlmssp.SetDomain("CORP"), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
			if err != nil {
				t.Fatal(err)
			}
			negotiate, _ := nc.Authenticate(nil, nil)
			challenge, _, _, err := srv.Step(cs, negotiate)
			if err != nil {
				t.Fatal(err)
			}
			authenticate, err := nc.Authenticate(challenge, tlsServerEndPoint(tc.binding))
			if err != nil {
				t.Fatal(err)
			}
			_, _, done, err := srv.Step(cs, authenticate)
			if ok := err == nil && done; ok != tc.ok {
				t.Fatalf("verified = %v (%v), want %v", ok, err, tc.ok)
			}
		})
	}
}

func selfSignedCert(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestSplitAccount(t *testing.T) {
	for in, want := range map[string][2]string{`CORP\admin`: {"admin", "CORP"}, "admin@corp.example.com": {"admin", "corp.example.com"}, "admin": {"admin", ""}} {
		u, d := splitAccount(in)
		if u != want[0] || d != want[1] {
			t.Errorf("splitAccount(%q) = %q, %q", in, u, d)
		}
	}
}
