package wsman

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"

	"github.com/jcmturner/gokrb5/v8/keytab"
)

// krbAuth opens Kerberos contexts with one service: a ticket from the user's credentials
// (krb_kdc.go), an AP-REQ in the Authorization header, the AP-REP from WWW-Authenticate
// (krb_context.go).
type krbAuth struct {
	creds *krbCreds
	spn   string
	// scheme is the HTTP scheme: "Negotiate" (SPNEGO, as pywinrm and Windows' Negotiate
	// send it; the protocol string application/HTTP-SPNEGO-session-encrypted) or
	// "Kerberos" (the bare token; application/HTTP-Kerberos-session-encrypted).
	scheme string
}

// newKrbAuth makes the authenticator of cfg: credentials from the ccache, else the keytab,
// else the password.
func newKrbAuth(cfg Config) (*krbAuth, error) {
	var kt *keytab.Keytab
	if path := cfg.Kerberos.Keytab; path != "" && cfg.Kerberos.CCachePath == "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, &KerberosFailure{Kind: KerberosNoTicket, Err: fmt.Errorf("cannot read the keytab %s: %w", path, err)}
		}
		kt = keytab.New()
		if err := kt.Unmarshal(b); err != nil {
			return nil, &KerberosFailure{Kind: KerberosNoTicket, Err: fmt.Errorf("cannot parse the keytab %s: %w", path, err)}
		}
	}
	creds, err := newKrbCreds(cfg.Kerberos.Krb5Conf, cfg.Kerberos.Realm, cfg.Username, cfg.Password, kt, cfg.Kerberos.CCachePath)
	if err != nil {
		return nil, err
	}
	return &krbAuth{creds: creds, spn: cfg.Kerberos.SPN, scheme: "Negotiate"}, nil
}

func (a *krbAuth) spnego() bool { return a.scheme == "Negotiate" }

func (a *krbAuth) protocol() string {
	if a.spnego() {
		return protocolSPNEGO
	}
	return protocolKerberos
}

// authorize puts a new AP-REQ in req's Authorization header.
func (a *krbAuth) authorize(req *http.Request) (*krbPending, error) {
	tkt, err := a.creds.serviceTicket(req.Context(), a.spn)
	if err != nil {
		return nil, err
	}
	tok, p, err := krbAPReq(tkt, a.spn, a.creds.now(), a.spnego())
	if err != nil {
		return nil, &KerberosFailure{Kind: KerberosOther, SPN: a.spn, Err: err}
	}
	req.Header.Set("Authorization", a.scheme+" "+base64.StdEncoding.EncodeToString(tok))
	return p, nil
}

// answer reads the service's token from WWW-Authenticate and completes the context. A 401
// is the service refusing a ticket the KDC issued (never a wrong password: the KDC checks
// that), classified by the KRB-ERROR it carries when it carries one.
func (a *krbAuth) answer(resp *http.Response, p *krbPending) (*krbSession, error) {
	var token []byte
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		scheme, b64, _ := strings.Cut(strings.TrimSpace(v), " ")
		if strings.EqualFold(scheme, a.scheme) && strings.TrimSpace(b64) != "" {
			if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64)); err == nil {
				token = b
			}
		}
	}
	if resp.StatusCode == http.StatusUnauthorized {
		if token != nil {
			var f *KerberosFailure
			if _, err := p.complete(token, a.spnego()); errors.As(err, &f) && f.Code != 0 {
				return nil, f
			}
		}
		return nil, &KerberosFailure{Kind: KerberosServiceRefused, SPN: a.spn, Err: errors.New("HTTP 401")}
	}
	if token == nil {
		return nil, &KerberosFailure{Kind: KerberosServiceRefused, SPN: a.spn,
			Err: fmt.Errorf("HTTP %d without the AP-REP: the service did not authenticate itself", resp.StatusCode)}
	}
	return p.complete(token, a.spnego())
}

// kerberosPoster posts over HTTPS with a new AP-REQ on every request, as masterzen/winrm's
// Kerberos client does (TLS protects the messages; HTTP.sys need not keep a context per
// connection). The service's AP-REP, when it sends one, must verify.
type kerberosPoster struct {
	auth *krbAuth
	http *http.Client
	url  string
}

// newKerberosPoster is auth "kerberos": a kerberosPoster over HTTPS; over plain HTTP a
// sealedPoster whose lanes each hold a Kerberos context and seal every message with it, as
// Windows clients and pywinrm do (MS-WSMV 2.2.9.1.2).
func newKerberosPoster(cfg Config, requests *atomic.Int64, url string) (Poster, error) {
	auth, err := newKrbAuth(cfg)
	if err != nil {
		return nil, err
	}
	return newKerberosPosterWith(cfg, requests, url, auth)
}

func newKerberosPosterWith(cfg Config, requests *atomic.Int64, url string, auth *krbAuth) (Poster, error) {
	if !cfg.HTTPS {
		t := &sealedPoster{cfg: cfg, requests: requests, url: url, security: func(hc *http.Client) (laneSecurity, error) {
			return &krbLane{auth: auth, hc: hc}, nil
		}}
		t.lanes = &lanes{maxIdle: cfg.MaxIdleConns, create: t.newLane}
		return t, nil
	}
	tr, err := newHTTPTransport(cfg)
	if err != nil {
		return nil, err
	}
	return &kerberosPoster{auth: auth, http: &http.Client{Transport: &countingRoundTripper{inner: tr, requests: requests}}, url: url}, nil
}

// PostBody implements Poster.
func (k *kerberosPoster) PostBody(ctx context.Context, body string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", soapContentType)
	p, err := k.auth.authorize(req)
	if err != nil {
		return "", err
	}
	resp, err := k.http.Do(req)
	if err != nil {
		return "", err
	}
	if resp.StatusCode == http.StatusUnauthorized || len(resp.Header.Values("WWW-Authenticate")) > 0 {
		if _, err := k.auth.answer(resp, p); err != nil {
			discard(resp)
			return "", err
		}
	}
	return readSOAPResponse(resp)
}

// krbLane is the Kerberos context of one sealed lane (sealed.go): authenticated once by the
// empty POST that opens the lane, as pywinrm does, then sealing every message.
type krbLane struct {
	auth *krbAuth
	hc   *http.Client
	sess *krbSession
}

func (k *krbLane) handshake(req *http.Request) (*http.Response, error) {
	p, err := k.auth.authorize(req)
	if err != nil {
		return nil, err
	}
	resp, err := k.hc.Do(req)
	if err != nil {
		return nil, err
	}
	sess, err := k.auth.answer(resp, p)
	if err != nil {
		discard(resp)
		return nil, err
	}
	k.sess = sess
	return resp, nil
}

func (k *krbLane) protocol() string { return k.auth.protocol() }

func (k *krbLane) refusal(err error) error {
	return &KerberosFailure{Kind: KerberosServiceRefused, SPN: k.auth.spn, Err: fmt.Errorf("a sealed message was refused: %w", err)}
}

func (k *krbLane) seal(msg []byte) (header, sealed []byte, err error) {
	if k.sess == nil {
		return nil, nil, errors.New("the Kerberos context of this connection is not established")
	}
	return k.sess.seal(msg)
}

func (k *krbLane) unseal(header, sealed []byte) ([]byte, error) {
	if k.sess == nil {
		return nil, errors.New("the Kerberos context of this connection is not established")
	}
	return k.sess.unseal(header, sealed)
}
