package winclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

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
	lanes    *lanes
}

func newEncryptedTransporter(cfg Config, cnt *counters) *encryptedTransporter {
	return &encryptedTransporter{cfg: cfg, cnt: cnt}
}

func (t *encryptedTransporter) Transport(endpoint *winrm.Endpoint) error {
	t.endpoint = endpoint
	t.url = fmt.Sprintf("http://%s/wsman", net.JoinHostPort(endpoint.Host, fmt.Sprint(endpoint.Port)))
	t.lanes = &lanes{maxIdle: 2*t.cfg.MaxShells + 2, create: t.newLane}
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

func (t *encryptedTransporter) newLane() (*lane, error) {
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
	return &lane{transport: tr, state: c}, nil
}

// handshake authenticates the lane's connection with an empty body, as pywinrm does, so
// that no SOAP message ever travels before the context exists.
func (t *encryptedTransporter) handshake(l *lane) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, t.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", soapContentType)
	resp, err := l.state.(*ntlmhttp.Client).Do(req)
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
		l, err := t.lanes.take()
		if err != nil {
			return "", err
		}
		if !l.ready {
			if err := t.handshake(l); err != nil {
				t.lanes.drop(l)
				return "", err
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, strings.NewReader(body))
		if err != nil {
			t.lanes.give(l)
			return "", err
		}
		req.Header.Set("Content-Type", soapContentType)
		resp, err := l.state.(*ntlmhttp.Client).Do(req)
		if err != nil {
			t.lanes.drop(l)
			return "", err
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			// The kept-alive connection was closed and a new one is not authenticated: the
			// server refused the message without processing it, so a new lane may resend it.
			resp.Body.Close()
			t.lanes.drop(l)
			continue
		}
		out, err := readSOAPResponse(resp)
		var hs *httpStatusError
		if errors.As(err, &hs) {
			t.lanes.drop(l)
		} else {
			t.lanes.give(l)
		}
		return out, err
	}
}
