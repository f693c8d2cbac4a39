package wsman

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// wiretap is a TCP relay in front of an endpoint that keeps every byte each way, so that a
// test reads what travelled on the wire rather than what either end says it sent.
type wiretap struct {
	URL string // http://127.0.0.1:port/wsman through the relay

	mu        sync.Mutex
	toServer  bytes.Buffer
	toClient  bytes.Buffer
	listener  net.Listener
	relayDone sync.WaitGroup
}

func newWiretap(t *testing.T, target string) *wiretap {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &wiretap{URL: "http://" + ln.Addr().String() + "/wsman", listener: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			w.relayDone.Add(2)
			go w.copy(s, c, &w.toServer)
			go w.copy(c, s, &w.toClient)
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return w
}

func (w *wiretap) copy(dst, src net.Conn, into *bytes.Buffer) {
	defer w.relayDone.Done()
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			w.mu.Lock()
			into.Write(buf[:n])
			w.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	_ = dst.Close()
	_ = src.Close()
}

// traffic returns what went each way so far.
func (w *wiretap) traffic() (toServer, toClient []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.toServer.Bytes()), bytes.Clone(w.toClient.Bytes())
}

var reContentType = regexp.MustCompile(`(?im)^Content-Type: *([^\r\n]*)`)

// mustBeSealed fails unless each direction carried at least n messages, every one of them
// multipart/encrypted with protocol, and no SOAP in clear.
func (w *wiretap) mustBeSealed(t *testing.T, protocol string, n int) {
	t.Helper()
	up, down := w.traffic()
	for dir, raw := range map[string][]byte{"request": up, "answer": down} {
		if bytes.Contains(raw, []byte("Envelope")) || bytes.Contains(raw, []byte("soap-envelope")) {
			t.Fatalf("a SOAP %s travelled in clear", dir)
		}
		sealed := 0
		for _, m := range reContentType.FindAllSubmatch(raw, -1) {
			ct := string(m[1])
			if strings.HasPrefix(ct, "multipart/encrypted") {
				if !strings.Contains(ct, `protocol="`+protocol+`"`) {
					t.Fatalf("%s sealed as %s, want protocol %s", dir, ct, protocol)
				}
				sealed++
			}
		}
		if sealed < n {
			t.Fatalf("%d sealed %ss on the wire, want at least %d", sealed, dir, n)
		}
	}
}

// pythonWithRequestsKerberos finds, among the python3 programs on PATH (a version manager's
// may come before the system's), one that has pywinrm, requests-kerberos and pykerberos.
func pythonWithRequestsKerberos() string {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		python := filepath.Join(dir, "python3")
		if _, err := os.Stat(python); err != nil {
			continue
		}
		if exec.Command(python, "-c", "import winrm, requests_kerberos, kerberos").Run() == nil {
			return python
		}
	}
	return ""
}

// TestPywinrmKerberosEncryption is the independent check of the acceptor's message
// encryption: pywinrm with requests-kerberos (MIT GSSAPI's gss_wrap_iov and gss_unwrap_iov,
// through pykerberos) runs a command over plain HTTP against an endpoint at Windows'
// defaults (AllowUnencrypted false), with a ticket kinit got from the MIT KDC. The wire
// between them holds no SOAP in clear.
func TestPywinrmKerberosEncryption(t *testing.T) {
	python := pythonWithRequestsKerberos()
	if python == "" {
		t.Skip("pywinrm with Kerberos is not installed (Debian packages python3-winrm python3-requests-kerberos python3-kerberos)")
	}
	k := newKrbRealm(t)
	ep, m := startEndpoint(t, Config{Kerberos: k.acc}, ListenOptions{})
	tap := newWiretap(t, strings.TrimSuffix(strings.TrimPrefix(ep.URL, "http://"), "/wsman"))
	cc := k.kdc.Kinit(t, testUser, testPassword)
	cmd := exec.Command(python, "testdata/pywinrm_kerberos.py", tap.URL, "node1.example.test", "echo", "sealed-hello")
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+k.kdc.Krb5Conf, "KRB5CCNAME=FILE:"+cc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Fatalf("pywinrm: %v\n%s", err, stderr.String())
	}
	if string(out) != "sealed-hello\r\n" {
		t.Fatalf("output %q", out)
	}
	// The sizes pywinrm's GSSAPI chose, for the record (unconfirmed.go's wrapExtraCount).
	t.Logf("pywinrm: %s", strings.TrimSpace(firstLine(stderr.String())))
	if got := <-m.started; got != "echo sealed-hello" {
		t.Fatalf("ran %q", got)
	}
	// Create, Command, Receive, Signal, Delete, each sealed both ways with the SPNEGO
	// protocol string (pywinrm authenticates with Negotiate).
	tap.mustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 5)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
