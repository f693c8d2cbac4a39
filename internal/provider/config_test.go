package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

const testPassword = "S3cret-p@ss;'\"$(x)"

// testCAPEM is a self-signed CA certificate made once for the tests.
var testCAPEM = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}()

// goodSettings is a complete, valid NTLM configuration; cases change it.
func goodSettings() map[string]string {
	return map[string]string{
		attrHost: "node1.contoso.com", attrUsername: `CONTOSO\exadmin`, attrPassword: testPassword,
	}
}

func settingsFrom(values map[string]string, env map[string]string) *settings {
	s := newSettings()
	for k, v := range values {
		s.set(k, v)
	}
	s.fillFromEnv(func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	})
	return s
}

// invalidConfigCase is one bad provider configuration and the attribute its error must name.
type invalidConfigCase struct {
	name     string
	change   map[string]string // merged into goodSettings; "\x7fDELETE" removes the attribute
	env      map[string]string
	wantAttr string
	wantText string // fragment of the message
}

const deleteMark = "\x7fDELETE"

// invalidProviderConfigs is shared with the acceptance test that runs them through terraform
// against the simulator and checks that none sends a request.
var invalidProviderConfigs = []invalidConfigCase{
	{name: "host empty", change: map[string]string{attrHost: ""}, wantAttr: attrHost, wantText: "empty"},
	{name: "host blank", change: map[string]string{attrHost: "   "}, wantAttr: attrHost, wantText: "blank"},
	{name: "host URL", change: map[string]string{attrHost: "https://node1:5986/wsman"}, wantAttr: attrHost, wantText: "not a URL"},
	{name: "host with port", change: map[string]string{attrHost: "node1:5985"}, wantAttr: attrHost, wantText: "port"},
	{name: "host with path", change: map[string]string{attrHost: "node1/wsman"}, wantAttr: attrHost, wantText: "path"},
	{name: "host with space", change: map[string]string{attrHost: "node 1"}, wantAttr: attrHost, wantText: "spaces"},
	{name: "host with control character", change: map[string]string{attrHost: "node1\n"}, wantAttr: attrHost, wantText: "control"},
	{name: "host with bad character", change: map[string]string{attrHost: "node*1"}, wantAttr: attrHost, wantText: "character"},
	{name: "host with empty label", change: map[string]string{attrHost: "node1..contoso.com"}, wantAttr: attrHost, wantText: "empty label"},
	{name: "host label too long", change: map[string]string{attrHost: strings.Repeat("a", 64) + ".com"}, wantAttr: attrHost, wantText: "63"},
	{name: "host with a user and password", change: map[string]string{attrHost: "exadmin:" + testPassword + "@node1"}, wantAttr: attrHost, wantText: "without a user part"},
	{name: "host URL with a user and password", change: map[string]string{attrHost: "https://exadmin:" + testPassword + "@node1:5986"}, wantAttr: attrHost, wantText: "without a user part"},
	{name: "host missing", change: map[string]string{attrHost: deleteMark}, wantAttr: attrHost, wantText: "EXCHANGE_WINRM_HOST"},
	{name: "host bad from env", change: map[string]string{attrHost: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_HOST": "http://x"}, wantAttr: attrHost, wantText: "EXCHANGE_WINRM_HOST"},
	{name: "port 0", change: map[string]string{attrPort: "0"}, wantAttr: attrPort, wantText: "between 1 and 65535"},
	{name: "port 70000", change: map[string]string{attrPort: "70000"}, wantAttr: attrPort, wantText: "between 1 and 65535"},
	{name: "port negative", change: map[string]string{attrPort: "-1"}, wantAttr: attrPort, wantText: "between 1 and 65535"},
	{name: "port from env not a number", change: map[string]string{attrPort: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_PORT": "https"}, wantAttr: attrPort, wantText: "EXCHANGE_WINRM_PORT"},
	{name: "port from env too big", change: map[string]string{attrPort: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_PORT": "65536"}, wantAttr: attrPort, wantText: "EXCHANGE_WINRM_PORT"},
	{name: "https from env not a boolean", change: map[string]string{attrHTTPS: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_HTTPS": "yes"}, wantAttr: attrHTTPS, wantText: "true or false"},
	{name: "insecure from env not a boolean", change: map[string]string{attrInsecure: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_INSECURE": "maybe"}, wantAttr: attrInsecure, wantText: "true or false"},
	{name: "insecure without https", change: map[string]string{attrHTTPS: "false", attrInsecure: "true"}, wantAttr: attrInsecure, wantText: "HTTPS"},
	{name: "ca_cert not PEM", change: map[string]string{attrHTTPS: "true", attrCACert: "hello"}, wantAttr: attrCACert, wantText: "not PEM"},
	{name: "ca_cert empty", change: map[string]string{attrHTTPS: "true", attrCACert: ""}, wantAttr: attrCACert, wantText: "empty"},
	{name: "ca_cert truncated", change: map[string]string{attrHTTPS: "true", attrCACert: testCAPEM[:len(testCAPEM)/2]}, wantAttr: attrCACert, wantText: "PEM"},
	{name: "ca_cert garbage inside", change: map[string]string{attrHTTPS: "true", attrCACert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}, wantAttr: attrCACert, wantText: "cannot be parsed"},
	{name: "ca_cert private key", change: map[string]string{attrHTTPS: "true", attrCACert: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}, wantAttr: attrCACert, wantText: "PRIVATE KEY"},
	{name: "ca_cert trailing junk", change: map[string]string{attrHTTPS: "true", attrCACert: testCAPEM + "junk"}, wantAttr: attrCACert, wantText: "after its last certificate"},
	{name: "ca_cert without https", change: map[string]string{attrHTTPS: "false", attrCACert: testCAPEM}, wantAttr: attrCACert, wantText: "HTTPS"},
	{name: "ca_cert with insecure", change: map[string]string{attrHTTPS: "true", attrInsecure: "true", attrCACert: testCAPEM}, wantAttr: attrCACert, wantText: "contradict"},
	{name: "tls_server_name bad", change: map[string]string{attrHTTPS: "true", attrTLSServerName: "node 1"}, wantAttr: attrTLSServerName, wantText: "character"},
	{name: "tls_server_name empty", change: map[string]string{attrHTTPS: "true", attrTLSServerName: ""}, wantAttr: attrTLSServerName, wantText: "tls_server_name"},
	{name: "tls_server_name without https", change: map[string]string{attrHTTPS: "false", attrTLSServerName: "node1"}, wantAttr: attrTLSServerName, wantText: "HTTPS"},
	{name: "username empty", change: map[string]string{attrUsername: ""}, wantAttr: attrUsername, wantText: "empty"},
	{name: "username blank", change: map[string]string{attrUsername: "  "}, wantAttr: attrUsername, wantText: "blank"},
	{name: "username with control character", change: map[string]string{attrUsername: "exadmin\t"}, wantAttr: attrUsername, wantText: "control"},
	{name: "username with two backslashes", change: map[string]string{attrUsername: `A\B\C`}, wantAttr: attrUsername, wantText: `DOMAIN\user`},
	{name: "username missing", change: map[string]string{attrUsername: deleteMark}, wantAttr: attrUsername, wantText: "EXCHANGE_WINRM_USERNAME"},
	{name: "password empty", change: map[string]string{attrPassword: ""}, wantAttr: attrPassword, wantText: "empty"},
	{name: "password missing", change: map[string]string{attrPassword: deleteMark}, wantAttr: attrPassword, wantText: "EXCHANGE_WINRM_PASSWORD"},
	{name: "password empty from env", change: map[string]string{attrPassword: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_PASSWORD": ""}, wantAttr: attrPassword, wantText: "EXCHANGE_WINRM_PASSWORD"},
	{name: "auth unknown", change: map[string]string{attrAuth: "digest"}, wantAttr: attrAuth, wantText: `"digest"`},
	{name: "auth in upper case", change: map[string]string{attrAuth: "NTLM"}, wantAttr: attrAuth, wantText: "one of"},
	{name: "auth empty", change: map[string]string{attrAuth: ""}, wantAttr: attrAuth, wantText: "one of"},
	{name: "auth unknown from env", change: map[string]string{attrAuth: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_AUTH": "digest"}, wantAttr: attrAuth, wantText: "EXCHANGE_WINRM_AUTH"},
	{name: "kerberos_realm without kerberos", change: map[string]string{attrAuth: "ntlm", attrKerberosRealm: "CONTOSO.COM"}, wantAttr: attrKerberosRealm, wantText: `auth = "kerberos"`},
	{name: "kerberos_keytab without kerberos", change: map[string]string{attrAuth: "ntlm", attrKerberosKeytab: "/etc/hostname"}, wantAttr: attrKerberosKeytab, wantText: `"negotiate"`},
	{name: "kerberos keytab missing file", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosKeytab: "/nonexistent/user.keytab"}, wantAttr: attrKerberosKeytab, wantText: "kerberos_keytab"},
	{name: "kerberos_spn without kerberos", change: map[string]string{attrAuth: "basic", attrHTTPS: "true", attrKerberosSPN: "HTTP/node1"}, wantAttr: attrKerberosSPN, wantText: `auth = "kerberos"`},
	{name: "kerberos without realm", change: map[string]string{attrAuth: "kerberos"}, wantAttr: attrKerberosRealm, wantText: "needs kerberos_realm"},
	{name: "kerberos realm blank", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: " "}, wantAttr: attrKerberosRealm, wantText: "realm name"},
	{name: "kerberos realm with @", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "exadmin@CONTOSO.COM"}, wantAttr: attrKerberosRealm, wantText: "realm name"},
	{name: "kerberos spn without service", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosSPN: "node1"}, wantAttr: attrKerberosSPN, wantText: "HTTP/"},
	{name: "kerberos krb5_conf missing file", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosKrb5Conf: "/nonexistent/krb5.conf"}, wantAttr: attrKerberosKrb5Conf, wantText: "krb5_conf"},
	{name: "kerberos ccache blank", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosCCache: " "}, wantAttr: attrKerberosCCache, wantText: "path"},
	{name: "timeout without unit", change: map[string]string{attrTimeout: "60"}, wantAttr: attrTimeout, wantText: "duration"},
	{name: "timeout words", change: map[string]string{attrTimeout: "one minute"}, wantAttr: attrTimeout, wantText: "duration"},
	{name: "timeout zero", change: map[string]string{attrTimeout: "0s"}, wantAttr: attrTimeout, wantText: "between"},
	{name: "timeout negative", change: map[string]string{attrTimeout: "-5s"}, wantAttr: attrTimeout, wantText: "between"},
	{name: "timeout too short", change: map[string]string{attrTimeout: "10ms"}, wantAttr: attrTimeout, wantText: "between"},
	{name: "timeout too long", change: map[string]string{attrTimeout: "48h"}, wantAttr: attrTimeout, wantText: "between"},
	{name: "timeout from env", change: map[string]string{attrTimeout: deleteMark}, env: map[string]string{"EXCHANGE_WINRM_TIMEOUT": "soon"}, wantAttr: attrTimeout, wantText: "EXCHANGE_WINRM_TIMEOUT"},
}

func TestInvalidProviderConfigsNameTheAttribute(t *testing.T) {
	if len(invalidProviderConfigs) < 40 {
		t.Fatalf("only %d invalid configurations; the bad input table wants at least 40", len(invalidProviderConfigs))
	}
	for _, c := range invalidProviderConfigs {
		t.Run(c.name, func(t *testing.T) {
			values := goodSettings()
			for k, v := range c.change {
				if v == deleteMark {
					delete(values, k)
				} else {
					values[k] = v
				}
			}
			_, problems := buildConfig(settingsFrom(values, c.env), stageConfigure)
			var found bool
			for _, p := range problems {
				if strings.Contains(p.detail, testPassword) || strings.Contains(p.summary, testPassword) {
					t.Fatalf("a message holds the password: %s %s", p.summary, p.detail)
				}
				if !p.warning && p.attr == c.wantAttr && strings.Contains(p.summary+" "+p.detail, c.wantText) {
					found = true
				}
			}
			if !found {
				t.Fatalf("want an error on %s saying %q; got %+v", c.wantAttr, c.wantText, problems)
			}
		})
	}
}

func TestValidProviderConfigs(t *testing.T) {
	dir := t.TempDir()
	krb5 := filepath.Join(dir, "krb5.conf")
	if err := os.WriteFile(krb5, []byte("[libdefaults]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change map[string]string
		env    map[string]string
		check  func(t *testing.T, cfg winclient.Config)
	}{
		{name: "defaults", check: func(t *testing.T, cfg winclient.Config) {
			if cfg.Auth != winclient.AuthNegotiate || cfg.Port != 0 || cfg.HTTPS || cfg.Password != testPassword {
				t.Errorf("cfg = %+v", cfg)
			}
		}},
		{name: "everything from the environment", change: map[string]string{attrHost: deleteMark, attrUsername: deleteMark, attrPassword: deleteMark},
			env: map[string]string{"EXCHANGE_WINRM_HOST": "10.0.0.5", "EXCHANGE_WINRM_USERNAME": "exadmin@contoso.com", "EXCHANGE_WINRM_PASSWORD": "pw",
				"EXCHANGE_WINRM_PORT": "5986", "EXCHANGE_WINRM_HTTPS": "true", "EXCHANGE_WINRM_AUTH": "basic", "EXCHANGE_WINRM_TIMEOUT": "2m"},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Host != "10.0.0.5" || cfg.Port != 5986 || !cfg.HTTPS || cfg.Auth != "basic" || cfg.Timeout != 2*time.Minute || cfg.Password != "pw" {
					t.Errorf("cfg = %+v", cfg)
				}
			}},
		{name: "configuration wins over the environment", change: map[string]string{attrPort: "15985"}, env: map[string]string{"EXCHANGE_WINRM_PORT": "bad"},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Port != 15985 {
					t.Errorf("port = %d", cfg.Port)
				}
			}},
		{name: "IPv6 in brackets", change: map[string]string{attrHost: "[::1]"}, check: func(t *testing.T, cfg winclient.Config) {
			if cfg.Host != "::1" {
				t.Errorf("host = %q", cfg.Host)
			}
		}},
		{name: "https with CA and server name", change: map[string]string{attrHTTPS: "true", attrCACert: testCAPEM, attrTLSServerName: "node1.contoso.com"},
			check: func(t *testing.T, cfg winclient.Config) {
				if string(cfg.CACert) != testCAPEM || cfg.TLSServerName != "node1.contoso.com" {
					t.Errorf("cfg = %+v", cfg)
				}
			}},
		{name: "kerberos", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosKrb5Conf: krb5, attrKerberosSPN: "HTTP/node1.contoso.com"},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Kerberos.Realm != "CONTOSO.COM" || cfg.Kerberos.Krb5Conf != krb5 || cfg.Kerberos.SPN != "HTTP/node1.contoso.com" {
					t.Errorf("cfg = %+v", cfg.Kerberos)
				}
			}},
		{name: "kerberos with a credential cache needs no password", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "CONTOSO.COM", attrKerberosCCache: krb5, attrPassword: deleteMark, attrUsername: deleteMark},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Kerberos.CCachePath != krb5 {
					t.Errorf("cfg = %+v", cfg.Kerberos)
				}
			}},
		// (krb5 stands in for any readable file.)
		{name: "negotiate with a keytab needs no password", change: map[string]string{attrAuth: "negotiate", attrKerberosRealm: "CONTOSO.COM", attrKerberosKeytab: krb5, attrPassword: deleteMark},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Auth != winclient.AuthNegotiate || cfg.Kerberos.Keytab != krb5 || cfg.Password != "" {
					t.Errorf("cfg = %+v", cfg)
				}
			}},
		{name: "the default auth takes kerberos settings", change: map[string]string{attrKerberosRealm: "CONTOSO.COM"},
			check: func(t *testing.T, cfg winclient.Config) {
				if cfg.Auth != winclient.AuthNegotiate || cfg.Kerberos.Realm != "CONTOSO.COM" {
					t.Errorf("cfg = %+v", cfg)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			values := goodSettings()
			for k, v := range c.change {
				if v == deleteMark {
					delete(values, k)
				} else {
					values[k] = v
				}
			}
			cfg, problems := buildConfig(settingsFrom(values, c.env), stageConfigure)
			for _, p := range problems {
				if !p.warning {
					t.Fatalf("unexpected error on %s: %s %s", p.attr, p.summary, p.detail)
				}
			}
			if err := cfg.Validate(); err != nil {
				t.Fatalf("the Windows client rejects what the provider accepted: %v", err)
			}
			c.check(t, cfg)
		})
	}
}

func TestProviderConfigWarnings(t *testing.T) {
	cases := []struct {
		name     string
		change   map[string]string
		wantAttr string
		wantText string
	}{
		{name: "insecure", change: map[string]string{attrHTTPS: "true", attrInsecure: "true"}, wantAttr: attrInsecure, wantText: "verification is off"},
		{name: "basic over http", change: map[string]string{attrAuth: "basic"}, wantAttr: attrAuth, wantText: "clear text"},
		{name: "realm in lower case", change: map[string]string{attrAuth: "kerberos", attrKerberosRealm: "contoso.com"}, wantAttr: attrKerberosRealm, wantText: "upper case"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			values := goodSettings()
			for k, v := range c.change {
				values[k] = v
			}
			_, problems := buildConfig(settingsFrom(values, nil), stageValidate)
			var found bool
			for _, p := range problems {
				if !p.warning {
					t.Fatalf("unexpected error on %s: %s", p.attr, p.detail)
				}
				if p.attr == c.wantAttr && strings.Contains(p.summary+" "+p.detail, c.wantText) {
					found = true
				}
			}
			if !found {
				t.Fatalf("want a warning on %s saying %q, got %+v", c.wantAttr, c.wantText, problems)
			}
		})
	}
	// Basic over HTTPS is the recommended way: no warning.
	values := goodSettings()
	values[attrAuth], values[attrHTTPS] = "basic", "true"
	if _, problems := buildConfig(settingsFrom(values, nil), stageValidate); len(problems) != 0 {
		t.Fatalf("basic over https: %+v", problems)
	}
}

func TestValidateStageDoesNotDemandWhatTheEnvironmentMayGiveLater(t *testing.T) {
	// `terraform validate` runs where the credentials may not be set.
	if _, problems := buildConfig(settingsFrom(map[string]string{}, nil), stageValidate); len(problems) != 0 {
		t.Fatalf("an empty provider block must validate, got %+v", problems)
	}
	if _, problems := buildConfig(settingsFrom(map[string]string{}, nil), stageConfigure); len(problems) == 0 {
		t.Fatal("an empty provider block must fail when the provider is configured")
	}
}
