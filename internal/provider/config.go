package provider

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// Bounds of the timeout attribute. Below a second nothing completes over WinRM (a PowerShell
// start alone takes longer on Windows); above an hour a hung server would hang Terraform.
const (
	minTimeout = time.Second
	maxTimeout = time.Hour
)

// problem is one finding about the provider configuration: an error unless warning is set.
// attr names the attribute at fault and is where the diagnostic points.
type problem struct {
	attr    string
	warning bool
	summary string
	detail  string
}

// checkStage says how much validation can demand.
type checkStage int

const (
	// stageValidate: `terraform validate` and the start of a plan. Values may still be
	// unknown, and required values may come later from the environment of the apply.
	stageValidate checkStage = iota
	// stageConfigure: the provider is about to be used; everything must be present.
	stageConfigure
)

// buildConfig parses and checks settings into a winclient.Config. It never contacts a
// server and never puts the password into a message.
func buildConfig(s *settings, stage checkStage) (winclient.Config, []problem) {
	var (
		cfg      winclient.Config
		problems []problem
	)
	fail := func(attr, summary, format string, args ...any) {
		problems = append(problems, problem{attr: attr, summary: summary, detail: fmt.Sprintf(format, args...)})
	}
	warn := func(attr, summary, format string, args ...any) {
		problems = append(problems, problem{attr: attr, warning: true, summary: summary, detail: fmt.Sprintf(format, args...)})
	}
	final := stage == stageConfigure

	// Booleans first: other checks depend on https.
	cfg.HTTPS = parseBool(s, attrHTTPS, fail)
	cfg.Insecure = parseBool(s, attrInsecure, fail)

	if host, ok := s.get(attrHost); ok {
		cfg.Host = checkHost(s, host, fail)
	} else if final && !s.unknown[attrHost] {
		fail(attrHost, "Missing host", "Set host in the provider block, or the environment variable %s, to the name or address of a cluster node or of the cluster's WinRM endpoint.", envVar(attrHost))
	}

	if v, ok := s.get(attrPort); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			fail(attrPort, "Invalid port", "%s must be a whole number between 1 and 65535, got %q.", s.source(attrPort), v)
		case n < 1 || n > 65535:
			fail(attrPort, "Invalid port", "%s must be between 1 and 65535, got %d. WinRM listens on 5985 (HTTP) and 5986 (HTTPS) by default.", s.source(attrPort), n)
		default:
			cfg.Port = n
		}
	}

	auth := winclient.AuthNegotiate
	if v, ok := s.get(attrAuth); ok {
		switch v {
		case winclient.AuthNegotiate, winclient.AuthNTLM, winclient.AuthBasic, winclient.AuthKerberos:
			auth = v
		default:
			fail(attrAuth, "Invalid auth", "%s must be one of %q, %q, %q or %q, got %q.", s.source(attrAuth),
				winclient.AuthNegotiate, winclient.AuthKerberos, winclient.AuthNTLM, winclient.AuthBasic, v)
			auth = ""
		}
	}
	cfg.Auth = auth

	checkTLS(s, &cfg, fail, warn)
	checkCredentials(s, &cfg, final, fail)
	checkKerberos(s, &cfg, final, fail, warn)

	if auth == winclient.AuthBasic && !cfg.HTTPS && !s.unknown[attrHTTPS] {
		warn(attrAuth, "Basic authentication over plain HTTP",
			"With auth = \"basic\" and https = false the password travels in clear text (base64) with every request, and Windows refuses it unless AllowUnencrypted is true. Use https = true, or auth = \"negotiate\", \"kerberos\" or \"ntlm\", which encrypt WinRM messages over HTTP.")
	}

	if v, ok := s.get(attrTimeout); ok {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		switch {
		case err != nil:
			fail(attrTimeout, "Invalid timeout", "%s must be a duration such as \"60s\", \"2m\" or \"1m30s\", got %q.", s.source(attrTimeout), v)
		case d < minTimeout || d > maxTimeout:
			fail(attrTimeout, "Invalid timeout", "%s must be between %s and %s, got %s.", s.source(attrTimeout), minTimeout, maxTimeout, d)
		default:
			cfg.Timeout = d
		}
	}

	if v, ok := s.get(attrTransport); ok {
		switch v {
		case winclient.TransportAuto, winclient.TransportWMI, winclient.TransportPowerShell:
			cfg.Transport = v
		default:
			fail(attrTransport, "Invalid transport", "%s must be one of %q, %q or %q, got %q: %q reaches the cluster through WMI, %q through PowerShell and the FailoverClusters module, %q tries WMI first.",
				s.source(attrTransport), winclient.TransportAuto, winclient.TransportWMI, winclient.TransportPowerShell, v,
				winclient.TransportWMI, winclient.TransportPowerShell, winclient.TransportAuto)
		}
	}
	return cfg, problems
}

func parseBool(s *settings, attr string, fail func(attr, summary, format string, args ...any)) bool {
	v, ok := s.get(attr)
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		fail(attr, "Invalid "+attr, "%s must be true or false, got %q.", s.source(attr), v)
		return false
	}
	return b
}

// checkHost accepts a DNS name, an IPv4 address or an IPv6 address (bracketed or not), and
// says what to do with the usual slips: a URL, a port, spaces.
func checkHost(s *settings, host string, fail func(attr, summary, format string, args ...any)) string {
	src := s.source(attrHost)
	trimmed := strings.TrimSpace(host)
	switch {
	case trimmed == "":
		fail(attrHost, "Invalid host", "%s must not be empty or blank.", src)
		return ""
	case strings.Contains(host, "@"):
		// Never quoted back: "user:password@host" would put a password in the diagnostic.
		fail(attrHost, "Invalid host", "%s must be a host name or address without a user part (\"user@\" or \"user:password@\"); set username and password instead.", src)
		return ""
	case hasControl(host):
		fail(attrHost, "Invalid host", "%s contains a control character.", src)
		return ""
	case trimmed != host || strings.ContainsAny(host, " \t"):
		fail(attrHost, "Invalid host", "%s must not contain spaces, got %q.", src, host)
		return ""
	case strings.Contains(host, "://"):
		fail(attrHost, "Invalid host", "%s must be a host name or address, not a URL, got %q. Use https and port for the rest.", src, host)
		return ""
	case strings.ContainsAny(host, "/?#"):
		fail(attrHost, "Invalid host", "%s must be a host name or address without path, query or user, got %q.", src, host)
		return ""
	}
	if ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")); ip != nil {
		return ip.String()
	}
	if strings.Contains(host, ":") {
		fail(attrHost, "Invalid host", "%s must not carry a port, got %q. Set port instead.", src, host)
		return ""
	}
	if msg := checkDNSName(host); msg != "" {
		fail(attrHost, "Invalid host", "%s %s, got %q.", src, msg, host)
		return ""
	}
	return host
}

// checkDNSName returns what is wrong with name as a DNS host name (RFC 1123, with the
// underscore Windows tolerates in NetBIOS-derived names), or "".
func checkDNSName(name string) string {
	if len(name) > 253 {
		return "is longer than the 253 characters a DNS name allows"
	}
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if label == "" {
			return "has an empty label (two dots in a row)"
		}
		if len(label) > 63 {
			return "has a label longer than 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "has a label that starts or ends with a hyphen"
		}
		for _, r := range label {
			if !isHostNameRune(r) {
				return fmt.Sprintf("holds the character %q, which a host name cannot", r)
			}
		}
	}
	return ""
}

// isHostNameRune reports whether r may appear in a host name label: an ASCII letter or
// digit, a hyphen, or the underscore Windows tolerates.
func isHostNameRune(r rune) bool {
	return r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func checkTLS(s *settings, cfg *winclient.Config, fail, warn func(attr, summary, format string, args ...any)) {
	httpsKnown := !s.unknown[attrHTTPS]
	if pemText, ok := s.get(attrCACert); ok {
		src := s.source(attrCACert)
		if msg := checkPEM(pemText); msg != "" {
			fail(attrCACert, "Invalid ca_cert", "%s %s", src, msg)
		} else {
			cfg.CACert = []byte(pemText)
		}
		if httpsKnown && !cfg.HTTPS {
			fail(attrCACert, "ca_cert without https", "%s is only used over HTTPS; set https = true or remove it.", src)
		}
		if cfg.Insecure {
			fail(attrCACert, "ca_cert with insecure", "%s and insecure = true contradict each other: insecure turns off the verification ca_cert is for. Remove insecure.", src)
		}
	}
	if name, ok := s.get(attrTLSServerName); ok {
		src := s.source(attrTLSServerName)
		if msg := checkDNSName(name); msg != "" || strings.TrimSpace(name) == "" {
			if msg == "" {
				msg = "must not be empty"
			}
			fail(attrTLSServerName, "Invalid tls_server_name", "%s %s, got %q.", src, msg, name)
		} else {
			cfg.TLSServerName = name
		}
		if httpsKnown && !cfg.HTTPS {
			fail(attrTLSServerName, "tls_server_name without https", "%s is only used over HTTPS; set https = true or remove it.", src)
		}
	}
	if cfg.Insecure {
		if httpsKnown && !cfg.HTTPS {
			fail(attrInsecure, "insecure without https", "%s = true only makes sense over HTTPS; set https = true or remove it.", s.source(attrInsecure))
		} else {
			warn(attrInsecure, "TLS certificate verification is off",
				"With insecure = true the provider accepts any certificate, so anyone on the path can impersonate the server and read the password. Give the server's CA in ca_cert (and tls_server_name when the certificate names another host) instead.")
		}
	}
}

// checkPEM returns what is wrong with text as a bundle of CA certificates, or "".
func checkPEM(text string) string {
	if strings.TrimSpace(text) == "" {
		return "is empty; give one or more PEM certificates (-----BEGIN CERTIFICATE-----)."
	}
	rest := []byte(text)
	certs := 0
	for {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		if block.Type != "CERTIFICATE" {
			return fmt.Sprintf("holds a %q PEM block; it must hold CA certificates only (-----BEGIN CERTIFICATE-----). Never put a private key here.", block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Sprintf("holds certificate %d that cannot be parsed: %v.", certs+1, err)
		}
		certs++
	}
	if certs == 0 {
		if _, err := os.Stat(strings.TrimSpace(text)); err == nil {
			return "looks like a file name; give the PEM text itself, for example ca_cert = file(\"ca.pem\")."
		}
		return "is not PEM: expected one or more -----BEGIN CERTIFICATE----- blocks."
	}
	if strings.TrimSpace(string(rest)) != "" {
		return "has text after its last certificate that is not PEM."
	}
	return ""
}

func checkCredentials(s *settings, cfg *winclient.Config, final bool, fail func(attr, summary, format string, args ...any)) {
	_, hasCCache := s.get(attrKerberosCCache)
	_, hasKeytab := s.get(attrKerberosKeytab)
	usesKerberos := cfg.Auth == winclient.AuthKerberos || cfg.Auth == winclient.AuthNegotiate
	// A ccache names its user; a keytab needs the user's name but no password.
	kerberosCache := usesKerberos && (hasCCache || s.unknown[attrKerberosCCache])
	kerberosKeytab := usesKerberos && (hasKeytab || s.unknown[attrKerberosKeytab])

	if user, ok := s.get(attrUsername); ok {
		src := s.source(attrUsername)
		switch {
		case strings.TrimSpace(user) == "":
			fail(attrUsername, "Invalid username", "%s must not be empty or blank.", src)
		case hasControl(user):
			fail(attrUsername, "Invalid username", "%s contains a control character.", src)
		case strings.TrimSpace(user) != user:
			fail(attrUsername, "Invalid username", "%s starts or ends with white space.", src)
		case strings.Count(user, `\`) > 1 || strings.HasPrefix(user, `\`) || strings.HasSuffix(user, `\`):
			fail(attrUsername, "Invalid username", "%s must be user, DOMAIN\\user or user@domain, got %q.", src, user)
		default:
			cfg.Username = user
		}
	} else if final && !s.unknown[attrUsername] && !kerberosCache {
		fail(attrUsername, "Missing username", "Set username in the provider block, or the environment variable %s (user, DOMAIN\\user or user@domain).", envVar(attrUsername))
	}

	if pw, ok := s.get(attrPassword); ok {
		// Never quote the value: it is the password, right or wrong.
		switch {
		case pw == "":
			fail(attrPassword, "Invalid password", "%s is empty.", s.source(attrPassword))
		case strings.ContainsAny(pw, "\x00"):
			fail(attrPassword, "Invalid password", "%s contains a NUL character, which no Windows password can.", s.source(attrPassword))
		default:
			cfg.Password = pw
		}
	} else if final && !s.unknown[attrPassword] && !kerberosCache && !kerberosKeytab && cfg.Auth != "" {
		fail(attrPassword, "Missing password", "Set password in the provider block (from a variable marked sensitive), or the environment variable %s.", envVar(attrPassword))
	}
}

func checkKerberos(s *settings, cfg *winclient.Config, final bool, fail, warn func(attr, summary, format string, args ...any)) {
	kerberos := cfg.Auth == winclient.AuthKerberos || cfg.Auth == winclient.AuthNegotiate
	for _, attr := range []string{attrKerberosRealm, attrKerberosKrb5Conf, attrKerberosSPN, attrKerberosCCache, attrKerberosKeytab} {
		if _, ok := s.get(attr); ok && !kerberos && cfg.Auth != "" && !s.unknown[attrAuth] {
			fail(attr, attr+" without Kerberos", "%s is only used with auth = \"kerberos\" or \"negotiate\", but auth is %q. Set auth = \"kerberos\" or remove it.", s.source(attr), cfg.Auth)
		}
	}
	if !kerberos {
		return
	}
	_, hasCCache := s.get(attrKerberosCCache)
	if realm, ok := s.get(attrKerberosRealm); ok {
		src := s.source(attrKerberosRealm)
		switch {
		case strings.TrimSpace(realm) == "" || strings.TrimSpace(realm) != realm || hasControl(realm) || strings.ContainsAny(realm, " @/\\"):
			fail(attrKerberosRealm, "Invalid kerberos_realm", "%s must be a realm name such as CORP.EXAMPLE.COM, got %q.", src, realm)
		default:
			cfg.Kerberos.Realm = realm
			if realm != strings.ToUpper(realm) {
				warn(attrKerberosRealm, "Kerberos realm not in upper case",
					"%s is %q. Kerberos realms are case-sensitive and Active Directory realms are the upper-case DNS domain (%q); a realm in another case fails with \"KDC_ERR_WRONG_REALM\" or \"Cannot find KDC\".", src, realm, strings.ToUpper(realm))
			}
		}
	} else if final && !s.unknown[attrKerberosRealm] && cfg.Auth == winclient.AuthKerberos && !hasCCache && !s.unknown[attrKerberosCCache] {
		// A ccache carries its realm; negotiate without a realm uses NTLM unless a ccache
		// or keytab says otherwise.
		fail(attrKerberosRealm, "Missing kerberos_realm", "auth = \"kerberos\" needs kerberos_realm (or %s), the upper-case Active Directory domain such as CORP.EXAMPLE.COM.", envVar(attrKerberosRealm))
	}
	for _, attr := range []string{attrKerberosKrb5Conf, attrKerberosCCache, attrKerberosKeytab} {
		p, ok := s.get(attr)
		if !ok {
			continue
		}
		if strings.TrimSpace(p) == "" || hasControl(p) {
			fail(attr, "Invalid "+attr, "%s must be the path of a file, got %q.", s.source(attr), p)
			continue
		}
		if final {
			if _, err := os.Stat(p); err != nil {
				fail(attr, "Cannot read "+attr, "%s: %v.", s.source(attr), err)
				continue
			}
		}
		switch attr {
		case attrKerberosKrb5Conf:
			cfg.Kerberos.Krb5Conf = p
		case attrKerberosCCache:
			cfg.Kerberos.CCachePath = p
		default:
			cfg.Kerberos.Keytab = p
		}
	}
	if spn, ok := s.get(attrKerberosSPN); ok {
		service, host, found := strings.Cut(spn, "/")
		if !found || service == "" || host == "" || strings.ContainsAny(spn, " \t") || hasControl(spn) {
			fail(attrKerberosSPN, "Invalid kerberos_spn", "%s must be a service principal name such as HTTP/node1.corp.example.com, got %q.", s.source(attrKerberosSPN), spn)
		} else {
			cfg.Kerberos.SPN = spn
		}
	}
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// The provider's attributes, by their HCL names. Each can also come from the environment
// variable envVar(name), which a value in the configuration overrides.
const (
	attrHost             = "host"
	attrPort             = "port"
	attrHTTPS            = "https"
	attrInsecure         = "insecure"
	attrCACert           = "ca_cert"
	attrTLSServerName    = "tls_server_name"
	attrUsername         = "username"
	attrPassword         = "password"
	attrAuth             = "auth"
	attrKerberosRealm    = "kerberos_realm"
	attrKerberosKrb5Conf = "kerberos_krb5_conf"
	attrKerberosSPN      = "kerberos_spn"
	attrKerberosCCache   = "kerberos_ccache"
	attrKerberosKeytab   = "kerberos_keytab"
	attrTimeout          = "timeout"
	attrTransport        = "transport"
)

// providerAttributes lists every attribute in the order problems are reported.
var providerAttributes = []string{
	attrHost, attrPort, attrHTTPS, attrInsecure, attrCACert, attrTLSServerName,
	attrUsername, attrPassword, attrAuth,
	attrKerberosRealm, attrKerberosKrb5Conf, attrKerberosSPN, attrKerberosCCache, attrKerberosKeytab,
	attrTimeout, attrTransport,
}

// envPrefix starts the name of every environment variable the provider reads.
const envPrefix = "EXCHANGE_WINRM_"

// envVar names the environment variable of an attribute: port -> EXCHANGE_WINRM_PORT.
func envVar(attr string) string { return envPrefix + strings.ToUpper(attr) }

// settings are the provider's attributes as text, before parsing, together with where each
// came from, so that one validation serves the configuration and the environment alike and
// its messages can name the variable a bad value came from.
type settings struct {
	values  map[string]string // attribute -> value, for those set
	fromEnv map[string]bool   // attribute -> the value came from its environment variable
	unknown map[string]bool   // attribute -> not known yet (depends on something not applied)
}

func newSettings() *settings {
	return &settings{values: map[string]string{}, fromEnv: map[string]bool{}, unknown: map[string]bool{}}
}

func (s *settings) set(attr, value string) { s.values[attr] = value }

func (s *settings) setUnknown(attr string) { s.unknown[attr] = true }

// get returns an attribute's text and whether it is set.
func (s *settings) get(attr string) (string, bool) {
	v, ok := s.values[attr]
	return v, ok
}

// fillFromEnv gives each attribute the configuration left unset the value of its environment
// variable, when that variable is set (even to an empty string, which validation then reports).
func (s *settings) fillFromEnv(lookup func(string) (string, bool)) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	for _, attr := range providerAttributes {
		if _, ok := s.values[attr]; ok || s.unknown[attr] {
			continue
		}
		if v, ok := lookup(envVar(attr)); ok {
			s.values[attr] = v
			s.fromEnv[attr] = true
		}
	}
}

// source says where an attribute's value came from, for messages: `port` or
// `port (from EXCHANGE_WINRM_PORT)`.
func (s *settings) source(attr string) string {
	if s.fromEnv[attr] {
		return attr + " (from " + envVar(attr) + ")"
	}
	return attr
}
