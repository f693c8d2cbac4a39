package winclient

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"
)

func validConfig() Config {
	return Config{Host: "ex1.corp.example.com", Username: `CORP\admin`, Password: "pw"}
}

func TestValidateNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		tweak func(*Config)
		field string // "" when valid
	}{
		{"valid", func(c *Config) {}, ""},
		{"valid https with ca", func(c *Config) { c.HTTPS = true; c.CACert = []byte(testCAPEM) }, ""},
		{"valid ipv6", func(c *Config) { c.Host = "::1" }, ""},
		{"valid kerberos", func(c *Config) { c.Auth = AuthKerberos; c.Kerberos.Realm = "CORP.EXAMPLE.COM" }, ""},
		{"empty host", func(c *Config) { c.Host = "" }, "host"},
		{"blank host", func(c *Config) { c.Host = "  " }, "host"},
		{"host with scheme", func(c *Config) { c.Host = "http://ex1" }, "host"},
		{"host with port", func(c *Config) { c.Host = "ex1:5985" }, "host"},
		{"host with newline", func(c *Config) { c.Host = "ex1\n" }, "host"},
		{"port negative", func(c *Config) { c.Port = -1 }, "port"},
		{"port 70000", func(c *Config) { c.Port = 70000 }, "port"},
		{"empty username", func(c *Config) { c.Username = "" }, "username"},
		{"control in username", func(c *Config) { c.Username = "a\x00b" }, "username"},
		{"empty password", func(c *Config) { c.Password = "" }, "password"},
		{"unknown auth", func(c *Config) { c.Auth = "digest" }, "auth"},
		{"kerberos without realm", func(c *Config) { c.Auth = AuthKerberos }, "kerberos_realm"},
		{"bad pem", func(c *Config) { c.HTTPS = true; c.CACert = []byte("not a cert") }, "ca_cert"},
		{"ca without https", func(c *Config) { c.CACert = []byte(testCAPEM) }, "ca_cert"},
		{"tls name without https", func(c *Config) { c.TLSServerName = "x" }, "tls_server_name"},
		{"insecure without https", func(c *Config) { c.Insecure = true }, "insecure"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "timeout"},
		{"tiny timeout", func(c *Config) { c.Timeout = time.Millisecond }, "timeout"},
		{"too many shells", func(c *Config) { c.MaxShells = 5 }, "max_shells"},
		{"operation timeout above 60s", func(c *Config) { c.OperationTimeout = 2 * time.Minute }, "operation_timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validConfig()
			tc.tweak(&c)
			err := c.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("err = %v, want a ConfigError on %q", err, tc.field)
			}
			if strings.Contains(err.Error(), c.Password) && c.Password != "" {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c := validConfig().withDefaults()
	if c.Port != 5985 || c.Auth != AuthNegotiate || c.Timeout != DefaultTimeout || c.MaxShells != 2 || c.OperationTimeout != DefaultOperationTimeout {
		t.Fatalf("defaults = %+v", c)
	}
	h := validConfig()
	h.HTTPS = true
	if h.withDefaults().Port != 5986 {
		t.Fatal("https default port is not 5986")
	}
	if isoDuration(20*time.Second) != "PT20S" || isoDuration(1500*time.Millisecond) != "PT1.500S" {
		t.Fatal("isoDuration")
	}
}

// testCAPEM is a throwaway self-signed certificate, made once per test binary.
var testCAPEM = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}()

func TestNewChecksKerberosFiles(t *testing.T) {
	c := validConfig()
	c.Auth = AuthKerberos
	c.Kerberos.Realm = "CORP.EXAMPLE.COM"
	c.Kerberos.Krb5Conf = t.TempDir() + "/missing.conf"
	_, err := New(c)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "kerberos_krb5_conf" {
		t.Fatalf("New = %v, want a ConfigError on kerberos_krb5_conf", err)
	}
}

func TestConfigPrintsNoPassword(t *testing.T) {
	c := validConfig()
	c.Password = "Very-Secret-42"
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(format, c); strings.Contains(out, c.Password) || !strings.Contains(out, c.Host) {
			t.Fatalf("%s: %s", format, out)
		}
		if out := fmt.Sprintf(format, &c); strings.Contains(out, c.Password) {
			t.Fatalf("%s of a pointer: %s", format, out)
		}
	}
}

func TestKerberosRealmIsUpperCased(t *testing.T) {
	c := Config{Host: "node1.example.test", Auth: AuthKerberos, Kerberos: Kerberos{Realm: " example.test ", Krb5Conf: "krb5.conf"}}.withDefaults()
	if c.Kerberos.Realm != "EXAMPLE.TEST" {
		t.Fatalf("realm = %q, want EXAMPLE.TEST", c.Kerberos.Realm)
	}
}
