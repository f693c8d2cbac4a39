package ntlmauth

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// legacyOpenSSLConf writes an OpenSSL configuration that loads the legacy provider: OpenSSL 3
// no longer offers MD4 by default, and ntlm-auth computes NTOWFv1 with hashlib's md4.
func legacyOpenSSLConf(t *testing.T) string {
	conf := filepath.Join(t.TempDir(), "openssl.cnf")
	text := "openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n" +
		"[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n" +
		"[default_sect]\nactivate = 1\n[legacy_sect]\nactivate = 1\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf
}

// pythonWithPywinrm finds, among the python3 programs on PATH (a version manager's may come
// before the system's), one that can import pywinrm.
func pythonWithPywinrm() string {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		python := filepath.Join(dir, "python3")
		if _, err := os.Stat(python); err != nil {
			continue
		}
		if exec.Command(python, "-c", "import winrm.transport, requests_ntlm").Run() == nil {
			return python
		}
	}
	return ""
}

// TestPywinrmEncryption runs pywinrm's transport (Debian's python3-winrm: pywinrm with
// requests_ntlm and ntlm-auth, an NTLM implementation independent of the Go ones) against the
// test server: handshake with MIC, then WinRM message encryption in both directions.
func TestPywinrmEncryption(t *testing.T) {
	python := pythonWithPywinrm()
	if python == "" {
		t.Skip("pywinrm is not installed (Debian package python3-winrm)")
	}
	for _, tc := range []struct {
		name     string
		password string
		wantOK   bool
	}{
		{"right password", testPassword, true},
		{"wrong password", "wrong", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEchoServer(t, workgroupServer())
			cmd := exec.Command(python, "testdata/pywinrm_client.py", e.URL+"/wsman", testUser)
			cmd.Env = append(os.Environ(), "NTLM_TEST_PASSWORD="+tc.password, "OPENSSL_CONF="+legacyOpenSSLConf(t))
			out, err := cmd.Output()
			var exit *exec.ExitError
			if !tc.wantOK {
				if !errors.As(err, &exit) || !strings.Contains(string(exit.Stderr), "InvalidCredentialsError") {
					t.Fatalf("wrong password: err=%v output=%q", err, out)
				}
				return
			}
			if err != nil {
				if errors.As(err, &exit) {
					t.Fatalf("pywinrm: %v\n%s", err, exit.Stderr)
				}
				t.Fatal(err)
			}
			want := "echo:<Envelope n=0/>\necho:<Envelope n=1/>\necho:<Envelope n=2/>\n"
			if string(out) != want {
				t.Fatalf("answers %q, want %q", out, want)
			}
			if e.encrypted.Load() != 3 {
				t.Fatalf("%d encrypted requests", e.encrypted.Load())
			}
		})
	}
}
