// Package testkdc runs a real MIT Kerberos KDC (Debian's krb5-kdc) for tests: a realm in a
// temporary directory, a free loopback port, principals added with kadmin.local, keytabs
// exported with ktadd. It is for _test.go files only.
//
//	kdc := testkdc.Start(t) // skips the test when the MIT binaries are missing
//	kdc.AddUser(t, "alice", "pw")
//	kt := kdc.AddService(t, "HTTP/node1.example.test") // keytab bytes
//	// kdc.Krb5Conf is a krb5.conf for clients; kdc.Realm is "EXAMPLE.TEST".
package testkdc

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Realm is the realm every KDC started here serves.
const Realm = "EXAMPLE.TEST"

// Packages are the Debian packages that provide the binaries.
const Packages = "krb5-kdc krb5-admin-server krb5-user"

// KDC is a running MIT KDC.
type KDC struct {
	Realm    string
	Dir      string // the temporary directory holding the database and the configuration
	Krb5Conf string // krb5.conf for clients (KRB5_CONFIG)
	KDCConf  string // kdc.conf (KRB5_KDC_PROFILE)
	Addr     string // 127.0.0.1:port, TCP and UDP

	mu  sync.Mutex
	cmd *exec.Cmd
}

// binaries the harness needs, found on PATH or in the sbin directories Debian uses.
var binaries = []string{"krb5kdc", "kdb5_util", "kadmin.local"}

func lookBinary(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

// Available reports whether the MIT KDC binaries are installed, and if not, why.
func Available() (bool, string) {
	for _, b := range binaries {
		if _, err := lookBinary(b); err != nil {
			return false, fmt.Sprintf("MIT Kerberos KDC not installed (%v); install the Debian packages %s (apt-get install -y %s)", err, Packages, Packages)
		}
	}
	return true, ""
}

// Start creates a realm in a temporary directory and runs krb5kdc in the foreground until
// the test ends. It skips the test, with the reason, when the binaries are missing.
func Start(t testing.TB) *KDC {
	t.Helper()
	if ok, why := Available(); !ok {
		t.Skip(why)
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		k, err := start(t)
		if err == nil {
			return k
		}
		lastErr = err
	}
	t.Fatalf("testkdc: %v", lastErr)
	return nil
}

func start(t testing.TB) (*KDC, error) {
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	k := &KDC{
		Realm:    Realm,
		Dir:      dir,
		Krb5Conf: filepath.Join(dir, "krb5.conf"),
		KDCConf:  filepath.Join(dir, "kdc.conf"),
		Addr:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
	}
	if err := os.WriteFile(k.KDCConf, []byte(kdcConf(dir, port)), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(k.Krb5Conf, []byte(krb5Conf(port)), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "kadm5.acl"), nil, 0o600); err != nil {
		return nil, err
	}
	master := make([]byte, 24)
	if _, err := rand.Read(master); err != nil {
		return nil, err
	}
	if _, err := k.run("kdb5_util", "-r", Realm, "create", "-s", "-P", hex.EncodeToString(master)); err != nil {
		return nil, err
	}
	bin, err := lookBinary("krb5kdc")
	if err != nil {
		return nil, err
	}
	var logBuf bytes.Buffer
	cmd := exec.Command(bin, "-n", "-r", Realm)
	cmd.Env = k.env()
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var waitErr error
	exited := make(chan struct{})
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	k.cmd = cmd
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-exited:
			return nil, fmt.Errorf("krb5kdc exited at start (%v): %s", waitErr, tail(dir))
		default:
		}
		c, err := net.DialTimeout("tcp", k.Addr, 200*time.Millisecond)
		if err == nil {
			_ = c.Close()
			return k, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("krb5kdc did not listen on %s: %s", k.Addr, tail(dir))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tail is the end of the KDC's log, for error messages.
func tail(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "kdc.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("listener address %v", ln.Addr())
	}
	port := addr.Port
	// The KDC also listens on UDP at the same number.
	pc, err := net.ListenPacket("udp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, err
	}
	_ = pc.Close()
	return port, nil
}

func kdcConf(dir string, port int) string {
	return fmt.Sprintf(`[kdcdefaults]
 kdc_ports = %[2]d
 kdc_tcp_ports = %[2]d
 kdc_listen = 127.0.0.1:%[2]d
 kdc_tcp_listen = 127.0.0.1:%[2]d

[realms]
 %[3]s = {
  database_name = %[1]s/principal
  key_stash_file = %[1]s/stash
  acl_file = %[1]s/kadm5.acl
  admin_keytab = FILE:%[1]s/kadm5.keytab
  kdc_ports = %[2]d
  kdc_tcp_ports = %[2]d
  kdc_listen = 127.0.0.1:%[2]d
  kdc_tcp_listen = 127.0.0.1:%[2]d
  max_life = 10h 0m 0s
  max_renewable_life = 1d 0h 0m 0s
  master_key_type = aes256-cts-hmac-sha1-96
  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
 }

[logging]
 kdc = FILE:%[1]s/kdc.log
 admin_server = FILE:%[1]s/kadmin.log
 default = FILE:%[1]s/krb5.log
`, dir, port, Realm)
}

func krb5Conf(port int) string {
	return fmt.Sprintf(`[libdefaults]
 default_realm = %[2]s
 dns_lookup_kdc = false
 dns_lookup_realm = false
 rdns = false
 dns_canonicalize_hostname = false
 udp_preference_limit = 1
 default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
 default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
 permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96

[realms]
 %[2]s = {
  kdc = 127.0.0.1:%[1]d
 }

[domain_realm]
 .example.test = %[2]s
 example.test = %[2]s
`, port, Realm)
}

func (k *KDC) env() []string {
	env := []string{"KRB5_CONFIG=" + k.Krb5Conf, "KRB5_KDC_PROFILE=" + k.KDCConf}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "KRB5_CONFIG=") && !strings.HasPrefix(e, "KRB5_KDC_PROFILE=") {
			env = append(env, e)
		}
	}
	return env
}

// run runs one of the MIT tools with the realm's configuration. Its arguments may hold
// passwords, so errors never quote them.
func (k *KDC) run(name string, args ...string) (string, error) {
	return k.runInput("", name, args...)
}

// runInput is run with stdin (where passwords go, never on the command line).
func (k *KDC) runInput(stdin, name string, args ...string) (string, error) {
	bin, err := lookBinary(name)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = k.env()
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s failed: %w: %s", name, err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// Kadmin runs one kadmin.local query (e.g. "modprinc -maxlife 5s alice").
func (k *KDC) Kadmin(t testing.TB, query string) {
	t.Helper()
	k.kadmin(t, "", query)
}

// kadmin runs a query with stdin (the answers to password prompts).
func (k *KDC) kadmin(t testing.TB, stdin, query string) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	out, err := k.runInput(stdin, "kadmin.local", "-r", k.Realm, "-q", query)
	if err != nil {
		t.Fatalf("testkdc: kadmin.local: %v", err)
	}
	// kadmin.local exits 0 on most query errors; it prints them, prefixed by the command.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "add_principal:") || strings.HasPrefix(line, "modify_principal:") ||
			strings.HasPrefix(line, "kadmin.local:") || strings.HasPrefix(line, "ktadd:") {
			t.Fatalf("testkdc: kadmin.local: %s", strings.TrimSpace(line))
		}
	}
}

// AddUser adds a user principal (user@REALM) with a password. Like Active Directory
// accounts it requires pre-authentication, so a wrong password fails at the KDC
// (KDC_ERR_PREAUTH_FAILED) rather than at the client.
// The password goes to kadmin.local's prompt on stdin, never on a command line; it must
// not hold a line break.
func (k *KDC) AddUser(t testing.TB, name, password string) {
	t.Helper()
	k.kadmin(t, passwordInput(t, password), "addprinc +requires_preauth "+name)
}

// ChangePassword sets a user's password (as a reset in Active Directory does).
func (k *KDC) ChangePassword(t testing.TB, name, password string) {
	t.Helper()
	k.kadmin(t, passwordInput(t, password), "cpw "+name)
}

func passwordInput(t testing.TB, password string) string {
	t.Helper()
	if password == "" || strings.ContainsAny(password, "\r\n") {
		t.Fatal("testkdc: a password must be non-empty and on one line")
	}
	return password + "\n" + password + "\n"
}

// AddService adds a service principal with a random key and returns a keytab (the bytes
// of a keytab file) holding its keys.
func (k *KDC) AddService(t testing.TB, principal string) []byte {
	t.Helper()
	k.Kadmin(t, "addprinc -randkey "+principal)
	return k.Keytab(t, principal)
}

// Keytab exports the keys of the principals to a new keytab and returns its bytes.
// ktadd gives the principal new keys (a new kvno), as ktpass does on Windows.
func (k *KDC) Keytab(t testing.TB, principals ...string) []byte {
	t.Helper()
	f, err := os.CreateTemp(k.Dir, "kt-*.keytab")
	if err != nil {
		t.Fatal(err)
	}
	path := f.Name()
	_ = f.Close()
	_ = os.Remove(path) // ktadd makes the file
	k.Kadmin(t, "ktadd -k "+path+" "+strings.Join(principals, " "))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Kinit gets a ticket-granting ticket for user with MIT's kinit (the password on stdin) into
// a new credential cache file and returns its path; args go to kinit first (-l 2s for a
// ticket that expires soon). It skips the test when kinit is missing.
func (k *KDC) Kinit(t testing.TB, user, password string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("kinit")
	if err != nil {
		t.Skip("kinit not installed (Debian packages " + Packages + ")")
	}
	cc := filepath.Join(t.TempDir(), "ccache")
	cmd := exec.Command(bin, append(args, user+"@"+k.Realm)...)
	cmd.Env = append(k.env(), "KRB5CCNAME=FILE:"+cc)
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testkdc: kinit %s: %v: %s", user, err, out)
	}
	return cc
}
