package winclient

import (
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/go-hclog"
)

// Defaults applied by Config.withDefaults.
const (
	DefaultHTTPPort         = 5985
	DefaultHTTPSPort        = 5986
	DefaultTimeout          = 60 * time.Second
	DefaultMaxShells        = 2
	DefaultOperationTimeout = 20 * time.Second

	// maxShellsCeiling keeps the pool below Windows Server 2008 R2's MaxShellsPerUser of 5,
	// leaving room for the user's own sessions.
	maxShellsCeiling = 4
	// maxOperationTimeout is Windows' default MaxTimeoutms: a longer OperationTimeout is
	// refused by the server.
	maxOperationTimeout = 60 * time.Second
)

// ConfigError is returned by Validate: Field is the configuration field at fault, in the
// provider's attribute spelling (host, port, username, ...).
type ConfigError struct {
	Field   string
	Message string
}

func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Message) }

// Validate checks the configuration without contacting the server. The error is a
// *ConfigError naming the field; it never contains the password.
func (c Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Message: fmt.Sprintf(format, args...)}
	}
	host := c.Host
	if strings.TrimSpace(host) == "" {
		return bad("host", "must not be empty")
	}
	if host != strings.TrimSpace(host) || strings.ContainsAny(host, "/?#@ \t\r\n") || hasControl(host) {
		return bad("host", "must be a host name or an IP address, without scheme, path or spaces (got %q)", host)
	}
	if strings.Contains(host, ":") && net.ParseIP(strings.Trim(host, "[]")) == nil {
		return bad("host", "must not carry a port; use port (got %q)", host)
	}
	if c.Port < 0 || c.Port > 65535 {
		return bad("port", "must be between 1 and 65535 (got %d)", c.Port)
	}
	if strings.TrimSpace(c.Username) == "" && (!c.usesKerberos() || c.Kerberos.CCachePath == "") {
		return bad("username", "must not be empty")
	}
	if hasControl(c.Username) {
		return bad("username", "must not contain control characters")
	}
	switch c.authMethod() {
	case AuthNTLM, AuthBasic:
		if c.Password == "" {
			return bad("password", "must not be empty for auth %q", c.authMethod())
		}
	case AuthKerberos:
		if strings.TrimSpace(c.Kerberos.Realm) == "" && c.Kerberos.CCachePath == "" {
			return bad("kerberos_realm", "must be set for auth \"kerberos\" unless a credential cache is given")
		}
		if c.Password == "" && c.Kerberos.CCachePath == "" && c.Kerberos.Keytab == "" {
			return bad("password", "must be set for auth \"kerberos\" unless a credential cache or keytab is given")
		}
	case AuthNegotiate:
		// Kerberos with any of its sources, or NTLM with the password.
		if c.Password == "" && c.Kerberos.CCachePath == "" && c.Kerberos.Keytab == "" {
			return bad("password", "must be set for auth \"negotiate\" unless a credential cache or keytab is given")
		}
		if c.Kerberos.Keytab != "" && strings.TrimSpace(c.Kerberos.Realm) == "" {
			return bad("kerberos_realm", "must be set with kerberos_keytab")
		}
	default:
		return bad("auth", "must be one of %q, %q, %q or %q (got %q)", AuthNTLM, AuthBasic, AuthKerberos, AuthNegotiate, c.Auth)
	}
	if len(c.CACert) > 0 {
		if !c.HTTPS {
			return bad("ca_cert", "is only used with https = true")
		}
		if !x509.NewCertPool().AppendCertsFromPEM(c.CACert) {
			return bad("ca_cert", "is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)")
		}
	}
	if c.TLSServerName != "" && !c.HTTPS {
		return bad("tls_server_name", "is only used with https = true")
	}
	if c.Insecure && !c.HTTPS {
		return bad("insecure", "is only used with https = true")
	}
	if c.Timeout < 0 {
		return bad("timeout", "must be positive (got %s)", c.Timeout)
	}
	if c.Timeout > 0 && c.Timeout < time.Second {
		return bad("timeout", "must be at least 1s (got %s)", c.Timeout)
	}
	if c.MaxShells < 0 || c.MaxShells > maxShellsCeiling {
		return bad("max_shells", "must be between 1 and %d, below Windows' MaxShellsPerUser (got %d)", maxShellsCeiling, c.MaxShells)
	}
	if c.OperationTimeout < 0 || c.OperationTimeout > maxOperationTimeout {
		return bad("operation_timeout", "must be between 1s and %s (got %s)", maxOperationTimeout, c.OperationTimeout)
	}
	switch strings.ToLower(strings.TrimSpace(c.Transport)) {
	case "", TransportAuto, TransportWMI, TransportPowerShell:
	default:
		return bad("transport", "must be one of %q, %q or %q (got %q)", TransportAuto, TransportWMI, TransportPowerShell, c.Transport)
	}
	if c.OperationTimeout > 0 && c.OperationTimeout < time.Second {
		return bad("operation_timeout", "must be at least 1s (got %s)", c.OperationTimeout)
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// usesKerberos: auth "kerberos", or "negotiate", which tries Kerberos first.
func (c Config) usesKerberos() bool {
	a := c.authMethod()
	return a == AuthKerberos || a == AuthNegotiate
}

func (c Config) authMethod() string {
	if c.Auth == "" {
		// Negotiate, as Windows clients default to: without a Kerberos source (realm with a
		// password, ccache or keytab) it is exactly NTLM.
		return AuthNegotiate
	}
	return strings.ToLower(c.Auth)
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	c.Auth = c.authMethod()
	if c.Port == 0 {
		c.Port = DefaultHTTPPort
		if c.HTTPS {
			c.Port = DefaultHTTPSPort
		}
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxShells == 0 {
		c.MaxShells = DefaultMaxShells
	}
	if c.OperationTimeout == 0 {
		c.OperationTimeout = DefaultOperationTimeout
	}
	c.Transport = strings.ToLower(strings.TrimSpace(c.Transport))
	if c.Transport == "" {
		c.Transport = TransportAuto
	}
	if c.usesKerberos() {
		// Kerberos realms are upper case (an Active Directory realm is the DNS domain in
		// capitals) and matched exactly by the KDC: accept the spelling people type.
		c.Kerberos.Realm = strings.ToUpper(strings.TrimSpace(c.Kerberos.Realm))
		if c.Kerberos.SPN == "" {
			c.Kerberos.SPN = "HTTP/" + c.Host
		}
		if c.Kerberos.Krb5Conf == "" {
			// MIT Kerberos' own lookup: $KRB5_CONFIG, else the system file.
			c.Kerberos.Krb5Conf = os.Getenv("KRB5_CONFIG")
			if c.Kerberos.Krb5Conf == "" {
				c.Kerberos.Krb5Conf = "/etc/krb5.conf"
			}
		}
	}
	if c.Logger == nil {
		c.Logger = hclog.NewNullLogger()
	}
	return c
}

// String describes the configuration without its secrets, so that printing or logging a
// Config (%v, %+v, %#v) never shows the password.
func (c Config) String() string {
	pw := ""
	if c.Password != "" {
		pw = "(set)"
	}
	return fmt.Sprintf("winclient.Config{Host:%q Port:%d HTTPS:%v Insecure:%v CACert:%d bytes TLSServerName:%q Username:%q Password:%s Auth:%q Kerberos:{Realm:%q Krb5Conf:%q SPN:%q CCachePath:%q Keytab:%q} Timeout:%s MaxShells:%d NTLMWithoutEncryption:%v OneShot:%v OperationTimeout:%s Transport:%q}",
		c.Host, c.Port, c.HTTPS, c.Insecure, len(c.CACert), c.TLSServerName, c.Username, pw, c.Auth,
		c.Kerberos.Realm, c.Kerberos.Krb5Conf, c.Kerberos.SPN, c.Kerberos.CCachePath, c.Kerberos.Keytab, c.Timeout, c.MaxShells,
		c.NTLMWithoutEncryption, c.OneShot, c.OperationTimeout, c.Transport)
}

// GoString is String for %#v.
func (c Config) GoString() string { return c.String() }
