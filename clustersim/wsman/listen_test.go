package wsman

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
)

func TestListenWithGivenCertificateFiles(t *testing.T) {
	cert, certPEM, err := SelfSignedCert([]string{"node1.example", "10.0.0.5"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Leaf.DNSNames) != 2 || len(cert.Leaf.IPAddresses) != 3 {
		t.Fatalf("SANs: %v %v", cert.Leaf.DNSNames, cert.Leaf.IPAddresses)
	}
	dir := t.TempDir()
	certFile, keyFile := dir+"/cert.pem", dir+"/key.pem"
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	keyPEM := marshalKeyPEM(t, cert)
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	ep, _ := startEndpoint(t, Config{}, ListenOptions{HTTPS: true, CertFile: certFile, KeyFile: keyFile})
	if string(ep.CACertPEM) != string(certPEM) {
		t.Fatal("CACertPEM is not the given certificate")
	}
	c := newClient(t, ep, testPassword, nil)
	if out, _, _, err := c.RunWithContextWithString(context.Background(), "echo given cert", ""); err != nil || out != "given cert\r\n" {
		t.Fatalf("%q %v", out, err)
	}
}

func marshalKeyPEM(t *testing.T, cert tls.Certificate) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func TestPanickingExecutorFailsOnlyItsCommand(t *testing.T) {
	exec := ExecutorFunc(func(ctx context.Context, cmd Command, stdin io.Reader, stdout, stderr io.Writer) int {
		if cmd.Command == "panic" {
			panic("executor bug")
		}
		_, _ = io.WriteString(stdout, "fine")
		return 0
	})
	_, _, c := rawEndpoint(t, Config{Executor: exec})
	sh := c.createShell()
	if _, _, exit, _ := c.receiveAll(sh, c.startCommand(sh, "panic")); exit != "1" {
		t.Fatalf("exit %q", exit)
	}
	if out, _, exit, _ := c.receiveAll(sh, c.startCommand(sh, "ok")); out != "fine" || exit != "0" {
		t.Fatalf("%q %q", out, exit)
	}
}

// TestServeSharedCertificateAndFront: endpoints can share one certificate (a client trusts
// one PEM for all), and a front Handler answers in a Server's place without owning it.
func TestServeSharedCertificateAndFront(t *testing.T) {
	cert, certPEM, err := SelfSignedCert(nil)
	if err != nil {
		t.Fatal(err)
	}
	shared := ListenOptions{HTTPS: true, Certificate: &cert, CACertPEM: certPEM}
	ep, _ := startEndpoint(t, Config{}, shared)
	var fronted atomic.Int64
	front := shared
	front.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fronted.Add(1)
		ep.Server.ServeHTTP(w, r)
	})
	fep, err := Serve(ep.Server, front)
	if err != nil {
		t.Fatal(err)
	}
	if string(fep.CACertPEM) != string(certPEM) || string(ep.CACertPEM) != string(certPEM) {
		t.Fatal("an endpoint given a certificate does not report its PEM")
	}
	if out, _, _, err := newClient(t, fep, testPassword, nil).RunWithContextWithString(context.Background(), "echo via front", ""); err != nil || out != "via front\r\n" {
		t.Fatalf("through the front: %q %v", out, err)
	}
	if fronted.Load() == 0 {
		t.Fatal("the front handler saw no request")
	}
	if err := fep.Close(); err != nil {
		t.Fatal(err)
	}
	if out, _, _, err := newClient(t, ep, testPassword, nil).RunWithContextWithString(context.Background(), "echo still served", ""); err != nil || out != "still served\r\n" {
		t.Fatalf("closing the front closed the server: %q %v", out, err)
	}
}
