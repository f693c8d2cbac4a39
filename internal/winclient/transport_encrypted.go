package winclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/bodgit/ntlmssp"
	ntlmhttp "github.com/bodgit/ntlmssp/http"
	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

// encryptedTransporter speaks NTLM with WinRM message encryption over plain HTTP (what
// masterzen's NewEncryption("ntlm") does, built on the same library, github.com/bodgit/ntlmssp).
//
// Why not winrm.NewEncryption itself: it keeps one NTLM security context in fields shared by
// every Post and renegotiates it on each request over a shared connection pool, so two
// concurrent requests (a session's pending Receive and another's Send) race on the context,
// and every request costs a full handshake. NTLM session security belongs to one TCP
// connection, so here each "lane" is one connection with its own context, negotiated once
// and used by one request at a time.
type encryptedTransporter struct {
	cfg      Config
	cnt      *counters
	endpoint *winrm.Endpoint
	url      string

	mu   sync.Mutex
	idle []*ntlmLane
}

type ntlmLane struct {
	transport *http.Transport
	client    *ntlmhttp.Client
	ready     bool
}

func newEncryptedTransporter(cfg Config, cnt *counters) *encryptedTransporter {
	return &encryptedTransporter{cfg: cfg, cnt: cnt}
}

func (t *encryptedTransporter) Transport(endpoint *winrm.Endpoint) error {
	t.endpoint = endpoint
	t.url = fmt.Sprintf("http://%s/wsman", net.JoinHostPort(endpoint.Host, fmt.Sprint(endpoint.Port)))
	return nil
}

// splitAccount splits "DOMAIN\user" and "user@domain" as Windows does.
func splitAccount(account string) (user, domain string) {
	if i := strings.IndexByte(account, '\\'); i >= 0 {
		return account[i+1:], account[:i]
	}
	if i := strings.LastIndexByte(account, '@'); i >= 0 {
		return account[:i], account[i+1:]
	}
	return account, ""
}

func (t *encryptedTransporter) newLane() (*ntlmLane, error) {
	tr, err := newHTTPTransport(t.cfg, t.endpoint)
	if err != nil {
		return nil, err
	}
	tr.MaxConnsPerHost = 1
	tr.MaxIdleConnsPerHost = 1
	user, domain := splitAccount(t.cfg.Username)
	nc, err := ntlmssp.NewClient(ntlmssp.SetUserInfo(user, t.cfg.Password), ntlmssp.SetDomain(domain), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: &countingRoundTripper{inner: tr, cnt: t.cnt}}
	c, err := ntlmhttp.NewClient(hc, nc, ntlmhttp.Encryption(true))
	if err != nil {
		return nil, err
	}
	return &ntlmLane{transport: tr, client: c}, nil
}

func (t *encryptedTransporter) take() (*ntlmLane, error) {
	t.mu.Lock()
	if n := len(t.idle); n > 0 {
		l := t.idle[n-1]
		t.idle = t.idle[:n-1]
		t.mu.Unlock()
		return l, nil
	}
	t.mu.Unlock()
	return t.newLane()
}

func (t *encryptedTransporter) give(l *ntlmLane) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.idle) < 2*t.cfg.MaxShells+2 {
		t.idle = append(t.idle, l)
		return
	}
	l.transport.CloseIdleConnections()
}

// handshake authenticates the lane's connection with an empty body, as pywinrm does, so
// that no SOAP message ever travels before the context exists.
func (t *encryptedTransporter) handshake(l *ntlmLane) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, t.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", soapContentType)
	resp, err := l.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &httpStatusError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type")}
	}
	l.ready = true
	return nil
}

func (t *encryptedTransporter) Post(c *winrm.Client, msg *soap.SoapMessage) (string, error) {
	return t.PostContext(context.Background(), c, msg)
}

// PostContext is Post bound to ctx.
func (t *encryptedTransporter) PostContext(ctx context.Context, _ *winrm.Client, msg *soap.SoapMessage) (string, error) {
	body := msg.String()
	for attempt := 0; ; attempt++ {
		l, err := t.take()
		if err != nil {
			return "", err
		}
		if !l.ready {
			if err := t.handshake(l); err != nil {
				l.transport.CloseIdleConnections()
				return "", err
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, strings.NewReader(body))
		if err != nil {
			t.give(l)
			return "", err
		}
		req.Header.Set("Content-Type", soapContentType)
		resp, err := l.client.Do(req)
		if err != nil {
			l.transport.CloseIdleConnections()
			return "", err
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			// The kept-alive connection was closed and a new one is not authenticated: the
			// server refused the message without processing it, so a new lane may resend it.
			resp.Body.Close()
			l.transport.CloseIdleConnections()
			continue
		}
		out, err := readSOAPResponse(resp)
		var hs *httpStatusError
		if errors.As(err, &hs) {
			l.transport.CloseIdleConnections()
		} else {
			t.give(l)
		}
		return out, err
	}
}
