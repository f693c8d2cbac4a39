package wsman

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/spnego"
)

// kerberosPoster posts with HTTP Negotiate carrying Kerberos (SPNEGO), as masterzen/winrm's
// ClientKerberos does and with the same library (gokrb5): a ticket for the service
// principal on every request, no message encryption (over plain HTTP the server must
// allow unencrypted traffic). Unlike masterzen's client it posts any envelope, is bound to
// a context, and logs in once per client rather than once per request.
type kerberosPoster struct {
	cfg  Config
	http *http.Client
	url  string

	mu  sync.Mutex
	krb *client.Client
}

func newKerberosPoster(cfg Config, requests *atomic.Int64, url string) (*kerberosPoster, error) {
	tr, err := newHTTPTransport(cfg)
	if err != nil {
		return nil, err
	}
	return &kerberosPoster{
		cfg:  cfg,
		http: &http.Client{Transport: &countingRoundTripper{inner: tr, requests: requests}},
		url:  url,
	}, nil
}

// client returns the Kerberos client, made on first use from the credential cache or the
// password (options as masterzen/winrm sets them: no FAST, pre-authentication assumed).
func (k *kerberosPoster) client() (*client.Client, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.krb != nil {
		return k.krb, nil
	}
	conf, err := config.Load(k.cfg.Kerberos.Krb5Conf)
	if err != nil {
		return nil, &KerberosError{Err: fmt.Errorf("krb5.conf: %w", err)}
	}
	if path := k.cfg.Kerberos.CCachePath; path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, &KerberosError{Err: fmt.Errorf("cannot read the ccache %s: %w", path, err)}
		}
		cc := new(credentials.CCache)
		if err := cc.Unmarshal(b); err != nil {
			return nil, &KerberosError{Err: fmt.Errorf("cannot parse the ccache %s: %w", path, err)}
		}
		c, err := client.NewFromCCache(cc, conf, client.DisablePAFXFAST(true))
		if err != nil {
			return nil, &KerberosError{Err: fmt.Errorf("kerberos client from ccache: %w", err)}
		}
		k.krb = c
		return c, nil
	}
	k.krb = client.NewWithPassword(k.cfg.Username, k.cfg.Kerberos.Realm, k.cfg.Password, conf,
		client.DisablePAFXFAST(true), client.AssumePreAuthentication(true))
	return k.krb, nil
}

// PostBody implements Poster.
func (k *kerberosPoster) PostBody(ctx context.Context, body string) (string, error) {
	kc, err := k.client()
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", soapContentType)
	if err := spnego.SetSPNEGOHeader(kc, req, k.cfg.Kerberos.SPN); err != nil {
		return "", &KerberosError{Err: fmt.Errorf("unable to set the SPNego header: %w", err)}
	}
	resp, err := k.http.Do(req)
	if err != nil {
		return "", err
	}
	return readSOAPResponse(resp)
}
