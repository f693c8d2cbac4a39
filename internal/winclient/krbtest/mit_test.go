package krbtest

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
)

// A client that is neither gokrb5 nor masterzen: curl with MIT's GSS-API library
// (--negotiate), after kinit. It asks for mutual authentication and checks the AP-REP the
// node sends back with the 200.
func TestMITClientCurlNegotiate(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl not installed")
	}
	if out, err := exec.Command(curl, "-V").Output(); err != nil || !bytes.Contains(out, []byte("GSS-API")) {
		t.Skip("curl without GSS-API")
	}
	kinit, err := exec.LookPath("kinit")
	if err != nil {
		t.Skip("kinit not installed (" + testkdc.Packages + ")")
	}
	e := start(t, nil)
	dir := t.TempDir()
	cc := "FILE:" + filepath.Join(dir, "cc")
	env := append(os.Environ(), "KRB5_CONFIG="+e.kdc.Krb5Conf, "KRB5CCNAME="+cc)
	cmd := exec.Command(kinit, user+"@"+testkdc.Realm)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kinit: %v: %s", err, out)
	}
	_, port, err := net.SplitHostPort(e.sim.Addr(e.sim.Nodes()[0]))
	if err != nil {
		t.Fatal(err)
	}
	body := filepath.Join(dir, "create.xml")
	if err := os.WriteFile(body, []byte(createShell), 0o600); err != nil {
		t.Fatal(err)
	}
	// curl derives the SPN HTTP/node1.example.test from the URL's host; --resolve sends
	// it to the loopback address (no DNS, no /etc/hosts). The certificate is for the node
	// names and loopback addresses, not this FQDN: -k, TLS is not under test here.
	cmd = exec.Command(curl, "-sS", "-v", "-k", "--negotiate", "-u", ":",
		"--resolve", "node1.example.test:"+port+":127.0.0.1",
		"-H", "Content-Type: application/soap+xml;charset=UTF-8", "--data-binary", "@"+body,
		"-o", filepath.Join(dir, "out.xml"), "-w", "%{http_code}",
		"https://node1.example.test:"+port+"/wsman")
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("curl: %v: %s", err, stderr.String())
	}
	if stdout.String() != "200" {
		t.Fatalf("curl: HTTP %s: %s", stdout.String(), stderr.String())
	}
	out, err := os.ReadFile(filepath.Join(dir, "out.xml"))
	if err != nil || !bytes.Contains(out, []byte("ShellId")) {
		t.Fatalf("answer: %v %s", err, out)
	}
	if !strings.Contains(strings.ToLower(stderr.String()), "www-authenticate: negotiate ") {
		t.Fatalf("no Negotiate token on the 200: %s", stderr.String())
	}
}
