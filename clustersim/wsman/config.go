package wsman

import (
	"errors"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/ntlmauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
)

// AuthScheme names an authentication method the endpoint offers.
type AuthScheme string

const (
	// AuthBasic is HTTP Basic (Service\Auth\Basic).
	AuthBasic AuthScheme = "basic"
	// AuthNegotiate is HTTP Negotiate carrying NTLM, also accepted as "NTLM"
	// (Service\Auth\Negotiate), and Kerberos inside Negotiate when Config.Kerberos is set.
	AuthNegotiate AuthScheme = "negotiate"
	// AuthKerberos is the HTTP scheme "Kerberos" (Service\Auth\Kerberos, MS-WSMV
	// 2.2.9.1.2.1); it needs Config.Kerberos.
	AuthKerberos AuthScheme = "kerberos"
)

// Windows' defaults for the WinRM service (winrm get winrm/config, Windows Server 2012 R2
// and later).
const (
	DefaultMaxShellsPerUser               = 30
	DefaultMaxConcurrentOperationsPerUser = 1500
	DefaultMaxEnvelopeSizeKB              = 500
	DefaultMaxTimeout                     = 60 * time.Second
	// DefaultIdleTimeout is the IdleTimeOut of a shell whose Create asks for none: every
	// CreateResponse recorded from Windows Server 2016 and 2008 R2 answers PT7200.000S
	// (pypsrp tests/tests_pypsrp/responses/test_winrs_*.yml; masterzen/winrm fixture_test.go
	// createShellResponse), the Winrs IdleTimeout of 2 hours.
	DefaultIdleTimeout = 7200 * time.Second
)

// Config configures one simulated WinRM endpoint. The zero value of every field but
// Executor means Windows' default.
type Config struct {
	// Executor runs the commands. Required.
	Executor Executor
	// Counters receives the statistics; a fresh set when nil.
	Counters *simstats.Counters
	// Users maps account names to passwords, for Basic and NTLM. Names match
	// case-insensitively; "MACHINE\user" and ".\user" match "user".
	Users map[string]string
	// Auth lists the offered schemes; Basic and Negotiate when empty, and Kerberos too when
	// Config.Kerberos is set. (On Windows Basic is off by default; tests and the demo want
	// it on.)
	Auth []AuthScheme
	// NTLM verifies NTLM handshakes; when nil one is built from Users and MachineName.
	NTLM *ntlmauth.Server
	// Kerberos, when set, verifies Kerberos tokens (in Negotiate, and in the Kerberos scheme
	// when offered): the machine's service keys, as a domain member has them. A verified
	// principal is let in when its name without the realm is an account of Users. Its
	// context seals the connection's messages, so plain HTTP needs no AllowUnencrypted.
	Kerberos *kerbauth.Acceptor
	// SessionSecurity unseals and seals encrypted bodies (multipart/encrypted); nil means
	// NTLM sealing with the connection's session (NTLMSessionSecurity, package ntlmauth).
	SessionSecurity SessionSecurity
	// AllowUnencrypted is Service\AllowUnencrypted: when false (Windows' default) plain
	// HTTP requests are refused with 401 unless their body is sealed (NTLM or Kerberos).
	AllowUnencrypted bool
	// MachineName is the computer name: the Machine attribute of faults and the NTLM
	// target. "localhost" when empty.
	MachineName string

	// MaxShellsPerUser is the concurrent shell quota per user (30).
	MaxShellsPerUser int
	// MaxConcurrentOperationsPerUser is the concurrent operation quota per user (1500).
	MaxConcurrentOperationsPerUser int
	// MaxEnvelopeSizeKB bounds requests (HTTP 413 above) and responses (500).
	MaxEnvelopeSizeKB int
	// MaxTimeout caps a request's OperationTimeout (MaxTimeoutms, 60 s).
	MaxTimeout time.Duration
	// IdleTimeout deletes a shell that saw no request for this long (7200 s), unless its
	// Create asked for another rsp:IdleTimeOut.
	IdleTimeout time.Duration
	// WMI is the machine's WMI, served on the resource URIs .../wsman/1/wmi/<namespace>/<Class>
	// (wmi.go); nil: the WMI plug-in is not registered and those URIs are not found.
	WMI WMIProvider
	// WMIFaultForm is the form of WMI failures: the WSManFault / ProviderFault /
	// __ExtendedStatus form by default, or MSFT_WmiError (wmi_fault.go).
	WMIFaultForm WMIFaultForm
	// WMIFaults2008R2 writes the WMI plug-in's faults as recorded from Windows Server 2008
	// R2 (plug-in path unexpanded, __ExtendedStatus in its root/cimv2 form, untyped) rather
	// than as from 2012 R2.
	WMIFaults2008R2 bool
	// Latency delays every HTTP request to /wsman (the latency model); 0 by default.
	Latency time.Duration
}

func (c Config) withDefaults() (Config, error) {
	if c.Executor == nil {
		return c, errors.New("wsman: Config.Executor is required")
	}
	if c.Counters == nil {
		c.Counters = &simstats.Counters{}
	}
	if len(c.Auth) == 0 {
		c.Auth = []AuthScheme{AuthBasic, AuthNegotiate}
		if c.Kerberos != nil {
			c.Auth = append(c.Auth, AuthKerberos)
		}
	}
	for _, a := range c.Auth {
		if a != AuthBasic && a != AuthNegotiate && a != AuthKerberos {
			return c, errors.New("wsman: unknown auth scheme " + string(a))
		}
		if a == AuthKerberos && c.Kerberos == nil {
			return c, errors.New("wsman: auth scheme kerberos needs Config.Kerberos (a keytab)")
		}
	}
	if c.MachineName == "" {
		c.MachineName = "localhost"
	}
	if c.MaxShellsPerUser <= 0 {
		c.MaxShellsPerUser = DefaultMaxShellsPerUser
	}
	if c.MaxConcurrentOperationsPerUser <= 0 {
		c.MaxConcurrentOperationsPerUser = DefaultMaxConcurrentOperationsPerUser
	}
	if c.MaxEnvelopeSizeKB <= 0 {
		c.MaxEnvelopeSizeKB = DefaultMaxEnvelopeSizeKB
	}
	if c.MaxTimeout <= 0 {
		c.MaxTimeout = DefaultMaxTimeout
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	return c, nil
}

func (c Config) offers(a AuthScheme) bool {
	for _, x := range c.Auth {
		if x == a {
			return true
		}
	}
	return false
}

// SessionSecurity is the hook for NTLM message encryption (MS-WSMV 2.2.9.1): bodies of
// Content-Type multipart/encrypted sealed with the session key negotiated on the connection.
type SessionSecurity interface {
	// Unseal returns the SOAP envelope inside a multipart/encrypted body.
	Unseal(cs *ntlmauth.ConnState, contentType string, body []byte) ([]byte, error)
	// Seal wraps a SOAP envelope for the answer and returns its Content-Type and body.
	Seal(cs *ntlmauth.ConnState, envelope []byte) (contentType string, body []byte, err error)
}
