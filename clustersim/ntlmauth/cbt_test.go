package ntlmauth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/bodgit/ntlmssp"
)

func selfSigned(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
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

// bindingsFor builds the client's channel bindings as bodgit/ntlmssp/http does for a
// certificate signed with ECDSA-SHA256.
func bindingsFor(cert *x509.Certificate) *ntlmssp.ChannelBindings {
	sum := sha256.Sum256(cert.Raw)
	return &ntlmssp.ChannelBindings{ApplicationData: append([]byte(ntlmssp.TLSServerEndPoint+":"), sum[:]...)}
}

func TestChannelBindings(t *testing.T) {
	serverCert, otherCert := selfSigned(t, "exch1"), selfSigned(t, "mitm")
	for _, tc := range []struct {
		name       string
		serverSide *x509.Certificate // what the connection presented (nil: plain HTTP)
		clientSide *ntlmssp.ChannelBindings
		wantErr    error
	}{
		{"https, matching binding", serverCert, bindingsFor(serverCert), nil},
		{"https, no binding (Relaxed)", serverCert, nil, nil},
		{"https, binding of another certificate", serverCert, bindingsFor(otherCert), ErrBadCredentials},
		{"http, binding sent anyway", nil, bindingsFor(serverCert), ErrBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, cs := workgroupServer(), NewConnState()
			if tc.serverSide != nil {
				cs.SetTLSServerCertificate(tc.serverSide)
			}
			client := bodgitClient(t, "", testPassword)
			negotiate, _ := client.Authenticate(nil, nil)
			ch, _, _, err := srv.Step(cs, negotiate)
			if err != nil {
				t.Fatal(err)
			}
			auth, err := client.Authenticate(ch, tc.clientSide)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := srv.Step(cs, auth); !errors.Is(err, tc.wantErr) {
				t.Fatalf("err=%v, want %v", err, tc.wantErr)
			}
		})
	}
}
