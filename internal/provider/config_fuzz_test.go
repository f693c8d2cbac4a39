package provider

import (
	"strings"
	"testing"
)

// FuzzBuildConfig feeds arbitrary text to the attributes that are parsed (host, port,
// timeout, ca_cert, tls_server_name, username, auth). Whatever the input: no panic, every
// error names a known attribute and never quotes the password, and what the provider accepts
// the Windows client accepts too.
func FuzzBuildConfig(f *testing.F) {
	f.Add("node1.contoso.com", "5985", "60s", "", "", `CONTOSO\exadmin`, "ntlm", false)
	f.Add("[::1]", "5986", "1m30s", testCAPEM, "node1", "exadmin@contoso.com", "basic", true)
	f.Add("http://x:1/", "0", "10", "junk", "a..b", `a\b\c`, "NTLM", true)
	f.Add("node1:5985", "70000", "-1s", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", " ", "", "kerberos", false)
	f.Fuzz(func(t *testing.T, host, port, timeout, caCert, serverName, user, auth string, https bool) {
		values := map[string]string{
			attrHost: host, attrPort: port, attrTimeout: timeout, attrUsername: user, attrAuth: auth,
			attrPassword: testPassword, attrHTTPS: "false",
		}
		if https {
			values[attrHTTPS] = "true"
			values[attrCACert] = caCert
			values[attrTLSServerName] = serverName
		}
		cfg, problems := buildConfig(settingsFrom(values, nil), stageConfigure)
		failed := false
		for _, p := range problems {
			if !isProviderAttribute(p.attr) {
				t.Fatalf("a problem names no attribute of the provider: %+v", p)
			}
			if strings.Contains(p.summary+p.detail, testPassword) {
				t.Fatalf("a message quotes the password: %+v", p)
			}
			failed = failed || !p.warning
		}
		if !failed {
			if err := cfg.Validate(); err != nil {
				t.Fatalf("the provider accepted what the Windows client refuses: %v (%+v)", err, values)
			}
		}
	})
}
