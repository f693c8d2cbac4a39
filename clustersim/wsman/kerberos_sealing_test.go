package wsman

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wiretap"
)

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
// between them holds no SOAP in clear. Debian's requests-kerberos 0.12 calls pykerberos
// functions (authGSSWinRMEncryptMessage/DecryptMessage) that Debian's pykerberos 1.1.14
// names authGSSClientWrapIov/UnwrapIov: the script maps the names, and changes nothing else.
func TestPywinrmKerberosEncryption(t *testing.T) {
	python := pythonWithRequestsKerberos()
	if python == "" {
		t.Skip("pywinrm with Kerberos is not installed (Debian packages python3-winrm python3-requests-kerberos python3-kerberos)")
	}
	k := newKrbRealm(t)
	ep, m := startEndpoint(t, Config{Kerberos: k.acc}, ListenOptions{})
	tap := wiretap.New(t, strings.TrimSuffix(strings.TrimPrefix(ep.URL, "http://"), "/wsman"))
	cc := k.kdc.Kinit(t, testUser, testPassword)
	cmd := exec.Command(python, "testdata/pywinrm_kerberos.py", "http://"+tap.Addr+"/wsman", "node1.example.test", "echo", "sealed-hello")
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
	tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 5)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// TestPywinrmKerberosWrongProtocolString: a body sealed with the Kerberos context but
// announced under the other scheme's protocol string (application/HTTP-Kerberos-session-
// encrypted after Negotiate) is refused (kerberosProtocolAccepted).
func TestPywinrmKerberosWrongProtocolString(t *testing.T) {
	python := pythonWithRequestsKerberos()
	if python == "" {
		t.Skip("pywinrm with Kerberos is not installed (Debian packages python3-winrm python3-requests-kerberos python3-kerberos)")
	}
	k := newKrbRealm(t)
	ep, _ := startEndpoint(t, Config{Kerberos: k.acc}, ListenOptions{})
	cc := k.kdc.Kinit(t, testUser, testPassword)
	cmd := exec.Command(python, "testdata/pywinrm_kerberos.py", ep.URL, "node1.example.test", "echo", "x")
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+k.kdc.Krb5Conf, "KRB5CCNAME=FILE:"+cc,
		"PYWINRM_PROTOCOL=application/HTTP-Kerberos-session-encrypted")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err == nil {
		t.Fatalf("pywinrm ran the command: %q", out)
	}
	if !strings.Contains(stderr.String(), "InvalidCredentialsError") {
		t.Fatalf("pywinrm failed otherwise:\n%s", stderr.String())
	}
	if ep.Server.Counters().AuthFailures.Load() == 0 {
		t.Fatal("the endpoint counted no refusal")
	}
}
