package wsman

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

const soapContentType = "application/soap+xml;charset=UTF-8"

// newHTTPTransport is the keep-alive transport shared by one client's requests.
func newHTTPTransport(cfg Config) (*http.Transport, error) {
	tlsConf := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.Insecure, //nolint:gosec // only when the user asks, with a warning
		ServerName:         cfg.TLSServerName,
	}
	if len(cfg.CACert) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CACert) {
			return nil, errors.New("ca_cert is not a PEM certificate")
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
		MaxIdleConns:          cfg.MaxIdleConns,
		MaxIdleConnsPerHost:   cfg.MaxIdleConns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: cfg.ResponseTimeout,
		ForceAttemptHTTP2:     false, // WinRM speaks HTTP/1.1; NTLM binds to the connection
	}, nil
}

// httpPoster posts SOAP messages with Basic (one keep-alive pool) or NTLM without
// message encryption (lanes; see ntlm.go).
type httpPoster struct {
	cfg   Config
	ntlm  bool
	http  *http.Client // Basic: one keep-alive pool
	lanes *lanes       // NTLM: one connection per request in flight (see lanes.go)
	url   string
}

func newHTTPPoster(cfg Config, requests *atomic.Int64, url string, ntlm bool) (*httpPoster, error) {
	t := &httpPoster{cfg: cfg, ntlm: ntlm, url: url}
	tr, err := newHTTPTransport(cfg)
	if err != nil {
		return nil, err
	}
	t.http = &http.Client{Transport: &countingRoundTripper{inner: tr, requests: requests}}
	if t.ntlm {
		t.lanes = &lanes{maxIdle: cfg.MaxIdleConns, create: func() (*lane, error) {
			tr, err := newLaneTransport(cfg)
			if err != nil {
				return nil, err
			}
			return &lane{transport: tr, client: &http.Client{Transport: &countingRoundTripper{inner: tr, requests: requests}}}, nil
		}}
	}
	return t, nil
}

// newLaneTransport is a transport of at most one connection: NTLM authenticates the
// connection (lanes.go).
func newLaneTransport(cfg Config) (*http.Transport, error) {
	tr, err := newHTTPTransport(cfg)
	if err != nil {
		return nil, err
	}
	tr.MaxConnsPerHost = 1
	tr.MaxIdleConnsPerHost = 1
	return tr, nil
}

// PostBody implements Poster: cancelling ctx aborts the request in flight.
func (t *httpPoster) PostBody(ctx context.Context, body string) (string, error) {
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
		var hs *HTTPStatusError
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
		if f, ok := ParseFault(resp.StatusCode, string(body)); ok {
			return "", f
		}
	}
	short := string(body)
	if len(short) > 300 {
		short = short[:300] + "..."
	}
	return "", &HTTPStatusError{Status: resp.StatusCode, ContentType: ct, Body: strings.TrimSpace(short)}
}

// countingRoundTripper counts every HTTP request, NTLM legs included.
type countingRoundTripper struct {
	inner    http.RoundTripper
	requests *atomic.Int64
}

func (c *countingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	return c.inner.RoundTrip(req)
}

// LiftMasterzenError recovers the status and fault from masterzen's error strings
// ("http response error: 401 - invalid content type", "http error 500: <body>").
func LiftMasterzenError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if m := reHTTPError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		if f, ok := ParseFault(status, m[2]); ok {
			return f
		}
		return &HTTPStatusError{Status: status, Body: strings.TrimSpace(m[2])}
	}
	if m := reHTTPResponseError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		return &HTTPStatusError{Status: status, Body: m[2]}
	}
	// masterzen's Kerberos client words its HTTP errors differently.
	if m := reKerberosHTTPError.FindStringSubmatch(msg); m != nil {
		status, _ := strconv.Atoi(m[1]) // the pattern matched three digits
		if f, ok := ParseFault(status, m[2]); ok {
			return f
		}
		return &HTTPStatusError{Status: status, Body: strings.TrimSpace(m[2])}
	}
	return err
}

var (
	reHTTPError         = regexp.MustCompile(`(?s)^http error (\d{3}): (.*)$`)
	reHTTPResponseError = regexp.MustCompile(`(?s)^http response error: (\d{3}) - (.*)$`)
	reKerberosHTTPError = regexp.MustCompile(`(?s)^request returned: (\d{3}) - [^\n]*?\. Response body:\n(.*)$`)
)
