package wsman

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
)

// negotiatePoster is auth "negotiate" as Windows' Negotiate package chooses (MS-SPNG 3.3.5.1,
// "Kerberos is preferred"): Kerberos when the user's credentials can get a ticket for the
// service (a credential cache, a keytab, or the password with a realm), NTLM otherwise. The
// choice is made once, by the first request, and kept.
//
// NTLM is chosen after a Kerberos attempt only when that attempt says nothing of the
// password and an NTLM logon is possible (a password is configured): no KDC answers, the
// KDC knows no such service principal (an IP address, an alias), or the ccache has no
// usable ticket. That is the fallback Windows makes too; a refused password or a clock skew
// is reported instead, since NTLM would not fix it and the fallback would hide it.
type negotiatePoster struct {
	krb, ntlm Poster // krb is nil when no Kerberos credential source is configured
	probe     func(ctx context.Context) error
	log       hclog.Logger

	mu     sync.Mutex
	chosen Poster
}

func newNegotiatePoster(cfg Config, requests *atomic.Int64, url string, log hclog.Logger) (Poster, error) {
	ntlmCfg := cfg
	ntlmCfg.Auth = AuthNTLM
	ntlm, err := newPoster(ntlmCfg, requests, url, log)
	if err != nil {
		return nil, err
	}
	k := cfg.Kerberos
	if k.CCachePath == "" && k.Keytab == "" && (k.Realm == "" || cfg.Password == "") {
		return ntlm, nil // nothing to get a ticket with: Negotiate is NTLM
	}
	krbCfg := cfg
	krbCfg.Auth = AuthKerberos
	auth, err := newKrbAuth(krbCfg)
	if err != nil {
		return nil, err
	}
	krb, err := newKerberosPosterWith(krbCfg, requests, url, auth)
	if err != nil {
		return nil, err
	}
	if cfg.Password == "" {
		return krb, nil // no NTLM logon possible: Negotiate is Kerberos
	}
	return &negotiatePoster{krb: krb, ntlm: ntlm, log: log, probe: func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, negotiateProbeBudget)
		defer cancel()
		_, err := auth.creds.serviceTicket(ctx, auth.spn)
		return err
	}}, nil
}

// negotiateProbeBudget bounds the wait for a KDC before Negotiate falls back to NTLM: with
// auth "kerberos" an unreachable KDC is retried until the operation's deadline, but here
// NTLM is the answer Windows gives, and it should not cost the whole timeout.
const negotiateProbeBudget = 5 * time.Second

// PostBody implements Poster.
func (n *negotiatePoster) PostBody(ctx context.Context, body string) (string, error) {
	p, err := n.choose(ctx)
	if err != nil {
		return "", err
	}
	return p.PostBody(ctx, body)
}

func (n *negotiatePoster) choose(ctx context.Context) (Poster, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.chosen != nil {
		return n.chosen, nil
	}
	err := n.probe(ctx)
	var kf *KerberosFailure
	switch {
	case err == nil:
		n.chosen = n.krb
	case errors.As(err, &kf) && (kf.Kind == KerberosKDCUnreachable || kf.Kind == KerberosUnknownSPN || kf.Kind == KerberosNoTicket):
		n.log.Warn("auth negotiate: no Kerberos ticket for this host, using NTLM (deprecated by Microsoft, and refused where domain policy restricts it)", "reason", err.Error())
		n.chosen = n.ntlm
	default:
		return nil, err
	}
	return n.chosen, nil
}
