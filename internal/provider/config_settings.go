package provider

import (
	"os"
	"strings"
)

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
