package winclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// Stats are the client's own counters (the simulator keeps the server's).
type Stats struct {
	HTTPRequests     int64 // WinRM POSTs, NTLM handshake legs included
	ShellsCreated    int64
	PowerShellStarts int64 // commands started (each is one powershell.exe)
	ScriptRuns       int64
	// Requests counts the messages sent (not handshake legs) by action: "Create",
	// "Receive", "Enumerate", "Pull", "Invoke", ... (wire.post).
	Requests map[string]int64
}

type counters struct {
	httpRequests, shellsCreated, psStarts, scriptRuns atomic.Int64

	mu       sync.Mutex
	byAction map[string]int64
}

func (c *counters) countAction(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byAction == nil {
		c.byAction = map[string]int64{}
	}
	c.byAction[action]++
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	byAction := make(map[string]int64, len(c.byAction))
	for k, v := range c.byAction {
		byAction[k] = v
	}
	c.mu.Unlock()
	return Stats{
		HTTPRequests:     c.httpRequests.Load(),
		ShellsCreated:    c.shellsCreated.Load(),
		PowerShellStarts: c.psStarts.Load(),
		ScriptRuns:       c.scriptRuns.Load(),
		Requests:         byAction,
	}
}

const soapContentType = "application/soap+xml;charset=UTF-8"

// newWire builds the poster of cfg's auth method (defaults applied) and the shell's
// parameters. It never touches winrm.DefaultParameters.
func newWire(cfg Config, log hclog.Logger, cnt *counters) (*wire, error) {
	endpoint := winrm.NewEndpoint(cfg.Host, cfg.Port, cfg.HTTPS, cfg.Insecure, cfg.CACert, nil, nil, httpWait(cfg))
	endpoint.TLSServerName = cfg.TLSServerName
	params := winrm.NewParameters(isoDuration(cfg.OperationTimeout), "en-US", 153600)
	var p bodyPoster
	var err error
	switch {
	case cfg.Auth == AuthBasic:
		p, err = newHTTPTransporter(cfg, cnt, endpoint, false)
	case cfg.Auth == AuthNTLM && (cfg.HTTPS || cfg.NTLMWithoutEncryption):
		p, err = newHTTPTransporter(cfg, cnt, endpoint, true)
	case cfg.Auth == AuthNTLM:
		p = newEncryptedTransporter(cfg, cnt, endpoint)
	case cfg.Auth == AuthKerberos:
		p, err = newKerberosPoster(cfg, cnt, endpoint)
	default:
		return nil, &ConfigError{Field: "auth", Message: "unknown auth " + cfg.Auth}
	}
	if err == nil {
		if path := os.Getenv(recording.EnvVar); path != "" {
			rw, rerr := recording.Open(path, cfg.Password)
			if rerr != nil {
				return nil, &ConfigError{Field: "host", Message: rerr.Error()}
			}
			log.Warn("recording every WinRM exchange, decrypted and without credentials, to "+path, "variable", recording.EnvVar)
			p = &recordingPoster{inner: p, w: rw, host: net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))}
		}
	}
	if err != nil {
		return nil, &Error{Kind: KindTransport, Op: "New", Message: "cannot set up the transport (check ca_cert)", Err: err}
	}
	scheme := "http"
	if cfg.HTTPS {
		scheme = "https"
	}
	return &wire{
		url:    fmt.Sprintf("%s://%s/wsman", scheme, net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))),
		params: params,
		poster: p,
		log:    log,
		cnt:    cnt,
	}, nil
}

// httpWait is how long HTTP waits for a response: the server may hold a Receive for the whole
// OperationTimeout, so wait that plus a margin for slow links.
func httpWait(cfg Config) time.Duration { return cfg.OperationTimeout + 15*time.Second }

func isoDuration(d time.Duration) string {
	ms := d.Milliseconds()
	if ms%1000 == 0 {
		return fmt.Sprintf("PT%dS", ms/1000)
	}
	return fmt.Sprintf("PT%d.%03dS", ms/1000, ms%1000)
}

// newHTTPTransport is the keep-alive transport shared by one client's requests.
func newHTTPTransport(cfg Config, endpoint *winrm.Endpoint) (*http.Transport, error) {
	tlsConf := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.Insecure, //nolint:gosec // only when the user asks, with a warning
		ServerName:         cfg.TLSServerName,
	}
	if len(cfg.CACert) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CACert) {
			return nil, &ConfigError{Field: "ca_cert", Message: "is not a PEM certificate"}
		}
		tlsConf.RootCAs = pool
	}
	dialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:           http.ProxyFromEnvironment,
		DialContext:     dialer.DialContext,
		TLSClientConfig: tlsConf,
		// Each session keeps one Receive open while another request sends its input, so
		// allow two connections per shell plus one for shell creation.
		MaxIdleConns:          2*cfg.MaxShells + 2,
		MaxIdleConnsPerHost:   2*cfg.MaxShells + 2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: endpoint.Timeout,
		ForceAttemptHTTP2:     false, // WinRM speaks HTTP/1.1; NTLM binds to the connection
	}, nil
}

// httpTransporter posts SOAP messages with Basic (one keep-alive pool) or NTLM without
// message encryption (lanes; see transport_ntlm.go).
type httpTransporter struct {
	cfg   Config
	cnt   *counters
	ntlm  bool
	http  *http.Client // Basic: one keep-alive pool
	lanes *lanes       // NTLM: one connection per request in flight (see lanes.go)
	url   string
}

func newHTTPTransporter(cfg Config, cnt *counters, endpoint *winrm.Endpoint, ntlm bool) (*httpTransporter, error) {
	t := &httpTransporter{cfg: cfg, cnt: cnt, ntlm: ntlm}
	tr, err := newHTTPTransport(t.cfg, endpoint)
	if err != nil {
		return nil, err
	}
	t.http = &http.Client{Transport: &countingRoundTripper{inner: tr, cnt: t.cnt}}
	if t.ntlm {
		t.lanes = &lanes{maxIdle: 2*t.cfg.MaxShells + 2, create: func() (*lane, error) {
			tr, err := newHTTPTransport(t.cfg, endpoint)
			if err != nil {
				return nil, err
			}
			tr.MaxConnsPerHost = 1
			tr.MaxIdleConnsPerHost = 1
			return &lane{transport: tr, client: &http.Client{Transport: &countingRoundTripper{inner: tr, cnt: t.cnt}}}, nil
		}}
	}
	scheme := "http"
	if endpoint.HTTPS {
		scheme = "https"
	}
	t.url = fmt.Sprintf("%s://%s/wsman", scheme, net.JoinHostPort(endpoint.Host, fmt.Sprint(endpoint.Port)))
	return t, nil
}

// postBody implements bodyPoster: cancelling ctx aborts the request in flight.
func (t *httpTransporter) postBody(ctx context.Context, body string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", soapContentType)
	if !t.ntlm {
		req.SetBasicAuth(t.cfg.Username, t.cfg.Password)
		resp, err := t.http.Do(req)
		if err != nil {
			return "", err
		}
		return readSOAPResponse(resp)
	}
	for attempt := 0; ; attempt++ {
		ln, err := t.lanes.take()
		if err != nil {
			return "", err
		}
		resp, err := t.ntlmExchange(ctx, ln, body)
		if err != nil {
			t.lanes.drop(ln)
			return "", err
		}
		if resp.StatusCode == http.StatusUnauthorized && ln.ready && attempt == 0 {
			// The authenticated connection was closed and its replacement is not: the
			// server refused the message unread, so a fresh lane may send it again.
			discard(resp)
			t.lanes.drop(ln)
			continue
		}
		out, err := readSOAPResponse(resp)
		var hs *httpStatusError
		if errors.As(err, &hs) {
			t.lanes.drop(ln)
		} else {
			ln.ready = true
			t.lanes.give(ln)
		}
		return out, err
	}
}

// readSOAPResponse turns a response into its body or a typed error.
func readSOAPResponse(resp *http.Response) (string, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return "", fmt.Errorf("reading the response: %w", err)
	}
	ct := resp.Header.Get("Content-Type")
	isSOAP := strings.Contains(ct, "application/soap+xml")
	switch {
	case resp.StatusCode == http.StatusOK && isSOAP:
		return string(body), nil
	case isSOAP:
		if f, ok := parseFault(resp.StatusCode, string(body)); ok {
			return "", f
		}
	}
	short := string(body)
	if len(short) > 300 {
		short = short[:300] + "..."
	}
	return "", &httpStatusError{Status: resp.StatusCode, ContentType: ct, Body: strings.TrimSpace(short)}
}

// countingRoundTripper counts every HTTP request, NTLM legs included.
type countingRoundTripper struct {
	inner http.RoundTripper
	cnt   *counters
}

func (c *countingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	c.cnt.httpRequests.Add(1)
	return c.inner.RoundTrip(req)
}

// kerberosError is a failure to get or use a Kerberos ticket (masterzen reports them as
// text, through gokrb5).
type kerberosError struct{ err error }

func (e *kerberosError) Error() string { return e.err.Error() }
func (e *kerberosError) Unwrap() error { return e.err }

// liftMasterzenError recovers the status and fault from masterzen's error strings
// ("http response error: 401 - invalid content type", "http error 500: <body>").
func liftMasterzenError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if m := reHTTPError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		if f, ok := parseFault(status, m[2]); ok {
			return f
		}
		return &httpStatusError{Status: status, Body: strings.TrimSpace(m[2])}
	}
	if m := reHTTPResponseError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		return &httpStatusError{Status: status, Body: m[2]}
	}
	// masterzen's Kerberos client words its HTTP errors differently.
	if m := reKerberosHTTPError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		if f, ok := parseFault(status, m[2]); ok {
			return f
		}
		return &httpStatusError{Status: status, Body: strings.TrimSpace(m[2])}
	}
	return err
}

var (
	reHTTPError         = regexp.MustCompile(`(?s)^http error (\d{3}): (.*)$`)
	reHTTPResponseError = regexp.MustCompile(`(?s)^http response error: (\d{3}) - (.*)$`)
	reKerberosHTTPError = regexp.MustCompile(`(?s)^request returned: (\d{3}) - [^\n]*?\. Response body:\n(.*)$`)
)
