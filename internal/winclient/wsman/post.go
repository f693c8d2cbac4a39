package wsman

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// Authentication methods (Config.Auth).
const (
	AuthBasic    = "basic"
	AuthNTLM     = "ntlm"
	AuthKerberos = "kerberos"
	// AuthNegotiate is SPNEGO as Windows clients use it: Kerberos when a ticket can be had
	// (negotiate.go), NTLM otherwise.
	AuthNegotiate = "negotiate"
)

// Config is what the wire needs to reach one WinRM endpoint. The caller validates it and
// applies its defaults; the wire only uses it.
type Config struct {
	Host          string
	Port          int
	HTTPS         bool
	Insecure      bool   // skip TLS verification (the caller warns)
	CACert        []byte // PEM; empty means the system's roots
	TLSServerName string

	Auth     string // AuthBasic, AuthNTLM, AuthKerberos or AuthNegotiate
	Username string
	Password string
	// NTLMWithoutEncryption sends NTLM-authenticated messages unsealed over plain HTTP (the
	// server must allow unencrypted traffic); over HTTPS they are never sealed.
	NTLMWithoutEncryption bool
	Kerberos              Kerberos

	// MaxIdleConns bounds the connections kept alive (for NTLM, the authenticated lanes).
	MaxIdleConns int
	// ResponseTimeout is how long HTTP waits for an answer's headers.
	ResponseTimeout time.Duration
	// Recording, when set, receives every exchange decrypted (package recording).
	Recording *recording.Writer
}

// Kerberos is how to get a ticket: the realm, krb5.conf, a credential cache, a keytab or
// the password, and the service principal.
type Kerberos struct {
	Realm      string // e.g. "CORP.EXAMPLE.COM" (upper case, as Kerberos realms are)
	Krb5Conf   string // path of krb5.conf
	SPN        string // service principal, default "HTTP/<host>"
	CCachePath string // optional credential cache instead of a password
	Keytab     string // optional keytab (path) with the user's keys instead of a password
}

// Poster sends one SOAP envelope over one authenticated HTTP transport and returns the
// answer's body, or the fault (*Fault) or HTTP status (*HTTPStatusError) as an error.
// Cancelling ctx abandons the request. Each authentication is one Poster (http.go,
// ntlm.go, sealed.go, kerberos.go, negotiate.go), chosen by newPoster.
type Poster interface {
	PostBody(ctx context.Context, body string) (string, error)
}

// Client is the one way a request leaves for one endpoint, whatever builds the message
// (the remote shell's, the WMI operations'). Post checks the refused-credentials latch,
// counts the request under the action the caller names, and logs it once with its
// duration; it never logs headers or bodies (they carry credentials or user data).
type Client struct {
	url    string
	poster Poster
	log    hclog.Logger

	httpRequests atomic.Int64 // every HTTP request, NTLM handshake legs included
	mu           sync.Mutex
	byAction     map[string]int64

	// refused is the first authentication failure: once the server has refused the
	// credentials, no request sends them again. Every refused logon counts towards the
	// account's lockout threshold (often 5 to 10 in a domain), and a plan of 100
	// checkpoints otherwise tried dozens of times and locked the account out.
	refused atomic.Pointer[RefusedError]
}

// New builds the Poster of cfg.Auth, wrapped in a recorder when cfg.Recording is set.
func New(cfg Config, log hclog.Logger) (*Client, error) {
	c := &Client{url: endpointURL(cfg), log: log}
	p, err := newPoster(cfg, &c.httpRequests, c.url, log)
	if err != nil {
		return nil, err
	}
	if cfg.Recording != nil {
		p = &recordingPoster{inner: p, w: cfg.Recording, host: net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))}
	}
	c.poster = p
	return c, nil
}

// newPoster is the poster of cfg's authentication.
func newPoster(cfg Config, requests *atomic.Int64, url string, log hclog.Logger) (Poster, error) {
	switch {
	case cfg.Auth == AuthNegotiate:
		return newNegotiatePoster(cfg, requests, url, log)
	case cfg.Auth == AuthBasic:
		return newHTTPPoster(cfg, requests, url, false)
	case cfg.Auth == AuthNTLM && (cfg.HTTPS || cfg.NTLMWithoutEncryption):
		return newHTTPPoster(cfg, requests, url, true)
	case cfg.Auth == AuthNTLM:
		return newSealedPoster(cfg, requests, url), nil
	case cfg.Auth == AuthKerberos:
		return newKerberosPoster(cfg, requests, url)
	}
	return nil, fmt.Errorf("unknown auth %q", cfg.Auth)
}

func endpointURL(cfg Config) string {
	scheme := "http"
	if cfg.HTTPS {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s/wsman", scheme, net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)))
}

// URL is the endpoint's address, the To of every envelope.
func (c *Client) URL() string { return c.url }

// Post sends body. action names the operation for the log and the counters ("Create",
// "Receive", "Enumerate", "Invoke AddRegistryCheckpoint", ...); about names what it is
// about (a shell id, a class), for the log only. Once the credentials have been refused,
// it sends nothing and returns the *RefusedError.
func (c *Client) Post(ctx context.Context, action, about, body string) (string, error) {
	if e := c.refused.Load(); e != nil {
		return "", e
	}
	c.countAction(action)
	start := time.Now()
	out, err := c.poster.PostBody(ctx, body)
	d := time.Since(start)
	if err != nil {
		if Refused(err) {
			c.refused.CompareAndSwap(nil, &RefusedError{Err: err})
		}
		var f *Fault
		if errors.As(err, &f) && f.TimedOut() {
			c.log.Trace("winrm request polled with no output", "action", action, "about", about, "duration", d)
		} else {
			c.log.Debug("winrm request failed", "action", action, "about", about, "duration", d, "error", err.Error())
		}
		return out, err
	}
	c.log.Debug("winrm request", "action", action, "about", about, "duration", d)
	return out, nil
}

// Refused reports whether err says the credentials were refused: HTTP 401 to Basic or NTLM,
// or the KDC's KDC_ERR_PREAUTH_FAILED. Other Kerberos failures (KDC unreachable, clock
// skew, unknown service principal, expired ccache, a 401 to a valid ticket) say nothing
// of the password, and trying again after fixing them costs no lockout count.
func Refused(err error) bool {
	var kf *KerberosFailure
	if errors.As(err, &kf) {
		return kf.Kind == KerberosPasswordRefused
	}
	var hs *HTTPStatusError
	return errors.As(LiftMasterzenError(err), &hs) && hs.Status == 401
}

// RefusedError is what Post returns once the credentials have been refused: Err is the
// refusal, which it repeats without a logon.
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

// Stats are the wire's counters.
type Stats struct {
	HTTPRequests int64 // POSTs, NTLM handshake legs included
	// Requests counts the messages sent (not handshake legs) by action.
	Requests map[string]int64
}

func (c *Client) countAction(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byAction == nil {
		c.byAction = map[string]int64{}
	}
	c.byAction[action]++
}

// Stats returns a copy of the counters.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	byAction := make(map[string]int64, len(c.byAction))
	for k, v := range c.byAction {
		byAction[k] = v
	}
	return Stats{HTTPRequests: c.httpRequests.Load(), Requests: byAction}
}
