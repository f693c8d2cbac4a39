package winclient

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With no KDC reachable, a Kerberos client fails at once with an error that says Kerberos
// failed and what to check, never with the password.
func TestKerberosWithoutKDCFailsClearly(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "krb5.conf")
	text := "[libdefaults]\n default_realm = CORP.EXAMPLE.COM\n dns_lookup_kdc = false\n\n[realms]\n CORP.EXAMPLE.COM = {\n  kdc = 127.0.0.1:1\n }\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c := validConfig()
	c.Host = "127.0.0.1"
	c.Port = 1
	c.Username = "admin"
	c.Auth = AuthKerberos
	c.Kerberos = Kerberos{Realm: "CORP.EXAMPLE.COM", Krb5Conf: conf}
	c.Timeout = 3 * time.Second
	c.Password = "Kerb-secret-pw"
	cl, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	_, err = cl.ClusterName(context.Background(), "")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindAuth {
		t.Fatalf("err = %v, want auth_failed", err)
	}
	if msg := err.Error(); !contains(msg, "Kerberos") || contains(msg, c.Password) {
		t.Fatalf("message: %s", msg)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
