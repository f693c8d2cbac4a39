package wsman

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/keytab"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
)

const (
	krbUser     = "alice"
	krbPassword = "Alice-pw-8c1"
	krbSPN      = "HTTP/node1.example.test"
)

// krbRealm is a MIT KDC with krbUser and the service krbSPN, and the simulator's acceptor
// holding the service's keys: the other end of every context here.
type krbRealm struct {
	kdc *testkdc.KDC
	acc *kerbauth.Acceptor
}

func newKrbRealm(t *testing.T) *krbRealm {
	t.Helper()
	kdc := testkdc.Start(t)
	kdc.AddUser(t, krbUser, krbPassword)
	acc, err := kerbauth.New(kerbauth.Config{Keytab: kdc.AddService(t, krbSPN), Realm: testkdc.Realm})
	if err != nil {
		t.Fatal(err)
	}
	return &krbRealm{kdc: kdc, acc: acc}
}

func (r *krbRealm) creds(t *testing.T, password string, kt *keytab.Keytab, ccache string) *krbCreds {
	t.Helper()
	c, err := newKrbCreds(r.kdc.Krb5Conf, "", krbUser+"@example.test", password, kt, ccache)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// TestKerberosContextWithAcceptor opens a context with each source of credentials and
// checks it against the simulator's acceptor, an implementation of its own: the AP-REQ
// verifies, the AP-REP completes the context, and messages sealed by one end unseal at the
// other, both ways, in order.
func TestKerberosContextWithAcceptor(t *testing.T) {
	r := newKrbRealm(t)
	ccache := r.kdc.Kinit(t, krbUser, krbPassword)
	// Exporting a keytab gives the account new keys (ktadd, as ktpass does): keytab last.
	for _, tc := range []struct {
		name  string
		creds func() *krbCreds
	}{
		{"password", func() *krbCreds { return r.creds(t, krbPassword, nil, "") }},
		{"ccache from kinit", func() *krbCreds { return r.creds(t, "", nil, ccache) }},
		{"keytab", func() *krbCreds {
			fresh := keytab.New()
			if err := fresh.Unmarshal(r.kdc.Keytab(t, krbUser)); err != nil {
				t.Fatal(err)
			}
			return r.creds(t, "", fresh, "")
		}},
	} {
		for _, useSPNEGO := range []bool{true, false} {
			scheme := map[bool]string{true: "Negotiate", false: "Kerberos"}[useSPNEGO]
			t.Run(tc.name+" "+scheme, func(t *testing.T) {
				c := tc.creds()
				tkt, err := c.serviceTicket(ctxTimeout(t, 10*time.Second), krbSPN)
				if err != nil {
					t.Fatal(err)
				}
				token, pending, err := krbAPReq(tkt, krbSPN, time.Now(), useSPNEGO)
				if err != nil {
					t.Fatal(err)
				}
				res, err := r.acc.Accept(token, "127.0.0.1:1")
				if err != nil {
					t.Fatal(err)
				}
				if res.User != krbUser || !res.Mutual {
					t.Fatalf("accepted %s, mutual %v", res.Principal(), res.Mutual)
				}
				sess, err := pending.complete(res.Reply, useSPNEGO)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 3; i++ {
					msg := strings.Repeat("<Envelope/>", i*100)
					h, s, err := sess.seal([]byte(msg))
					if err != nil {
						t.Fatal(err)
					}
					got, err := res.Session.Unseal(h, s)
					if err != nil || string(got) != msg {
						t.Fatalf("acceptor: %v", err)
					}
					h, s, err = res.Session.Seal([]byte("answer" + msg))
					if err != nil {
						t.Fatal(err)
					}
					back, err := sess.unseal(h, s)
					if err != nil || string(back) != "answer"+msg {
						t.Fatalf("client: %v", err)
					}
					if _, err := sess.unseal(h, s); err == nil {
						t.Fatal("a replayed answer unsealed")
					}
				}
			})
		}
	}
}

// TestKerberosFailuresByCode provokes each failure against the MIT KDC and checks its kind,
// the code that decided it, and what its message names.
func TestKerberosFailuresByCode(t *testing.T) {
	r := newKrbRealm(t)
	r.kdc.AddUser(t, "locked", krbPassword)
	cases := []struct {
		name  string
		creds func(t *testing.T) *krbCreds
		spn   string
		kind  KerberosKind
		code  int32
		says  []string
	}{
		{"wrong password", func(t *testing.T) *krbCreds { return r.creds(t, "not-the-password", nil, "") },
			krbSPN, KerberosPasswordRefused, errorcode.KDC_ERR_PREAUTH_FAILED, []string{"refused the password", "No further logon"}},
		{"unknown user", func(t *testing.T) *krbCreds {
			c := r.creds(t, krbPassword, nil, "")
			c.user = "nobody"
			return c
		}, krbSPN, KerberosUnknownUser, errorcode.KDC_ERR_C_PRINCIPAL_UNKNOWN, []string{"no such user"}},
		{"clock skew", func(t *testing.T) *krbCreds {
			c := r.creds(t, krbPassword, nil, "")
			c.now = func() time.Time { return time.Now().Add(time.Hour) }
			return c
		}, krbSPN, KerberosClockSkew, errorcode.KRB_AP_ERR_SKEW, []string{"5 minutes", "w32tm /resync"}},
		{"unknown service principal", func(t *testing.T) *krbCreds { return r.creds(t, krbPassword, nil, "") },
			"HTTP/10.0.0.7", KerberosUnknownSPN, errorcode.KDC_ERR_S_PRINCIPAL_UNKNOWN, []string{"HTTP/10.0.0.7", "setspn -L"}},
		{"missing ccache", func(t *testing.T) *krbCreds {
			return r.creds(t, "", nil, filepath.Join(t.TempDir(), "absent"))
		}, krbSPN, KerberosNoTicket, 0, []string{"absent", "does not exist", "kinit"}},
		{"expired ccache", func(t *testing.T) *krbCreds {
			c := r.creds(t, "", nil, r.kdc.Kinit(t, krbUser, krbPassword))
			// The ticket kinit got lasts 10 hours (the realm's max_life): read it 11 hours on.
			c.now = func() time.Time { return time.Now().Add(11 * time.Hour) }
			return c
		}, krbSPN, KerberosNoTicket, 0, []string{"expired", "kinit"}},
		{"disabled account", func(t *testing.T) *krbCreds {
			r.kdc.Kadmin(t, "modprinc -allow_tix locked")
			c := r.creds(t, krbPassword, nil, "")
			c.user = "locked"
			return c
		}, krbSPN, KerberosAccountUnusable, errorcode.KDC_ERR_CLIENT_REVOKED, []string{"disabled"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.creds(t).serviceTicket(ctxTimeout(t, 10*time.Second), tc.spn)
			var f *KerberosFailure
			if !errors.As(err, &f) {
				t.Fatalf("err = %v, want a *KerberosFailure", err)
			}
			if f.Kind != tc.kind || f.Code != tc.code {
				t.Fatalf("kind %d code %d, want %d and %d: %v", f.Kind, f.Code, tc.kind, tc.code, err)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Fatalf("message does not say %q: %v", s, err)
				}
			}
			if strings.Contains(err.Error(), krbPassword) {
				t.Fatal("the message holds the password")
			}
		})
	}
}

// TestKerberosKDCUnreachable: a realm whose KDC does not listen is retried until the
// operation's deadline, then named with krb5.conf.
func TestKerberosKDCUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	_ = ln.Close() // nothing listens there now: connections are refused
	conf := filepath.Join(t.TempDir(), "krb5.conf")
	text := "[libdefaults]\n default_realm = EXAMPLE.TEST\n dns_lookup_kdc = false\n\n[realms]\n EXAMPLE.TEST = {\n  kdc = " + dead + "\n }\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := newKrbCreds(conf, "", krbUser, krbPassword, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.serviceTicket(ctxTimeout(t, 1200*time.Millisecond), krbSPN)
	took := time.Since(start)
	var f *KerberosFailure
	if !errors.As(err, &f) || f.Kind != KerberosKDCUnreachable {
		t.Fatalf("err = %v", err)
	}
	// Retried (a pause of kdcRetryPause at least) and given up by the deadline.
	if took < kdcRetryPause || took > 3*time.Second {
		t.Fatalf("gave up after %v", took)
	}
	for _, s := range []string{dead, conf, "EXAMPLE.TEST", "port 88"} {
		if !strings.Contains(err.Error(), s) {
			t.Fatalf("message does not name %q: %v", s, err)
		}
	}
	var nerr *net.OpError
	if !errors.As(err, &nerr) {
		t.Fatalf("the network error is not kept: %v", err)
	}
}

// TestKerberosServiceClockSkew: a node whose clock is an hour off refuses the AP-REQ with
// KRB_AP_ERR_SKEW in its SPNEGO reject; the client names the clock as the cause.
func TestKerberosServiceClockSkew(t *testing.T) {
	kdc := testkdc.Start(t)
	kdc.AddUser(t, krbUser, krbPassword)
	acc, err := kerbauth.New(kerbauth.Config{Keytab: kdc.AddService(t, krbSPN), Realm: testkdc.Realm, ClockOffset: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c, err := newKrbCreds(kdc.Krb5Conf, "", krbUser+"@EXAMPLE.TEST", krbPassword, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	tkt, err := c.serviceTicket(ctxTimeout(t, 10*time.Second), krbSPN)
	if err != nil {
		t.Fatal(err)
	}
	for _, useSPNEGO := range []bool{true, false} {
		token, pending, err := krbAPReq(tkt, krbSPN, time.Now(), useSPNEGO)
		if err != nil {
			t.Fatal(err)
		}
		_, err = acc.Accept(token, "127.0.0.1:1")
		var refusal *kerbauth.Refusal
		if !errors.As(err, &refusal) || len(refusal.Reply) == 0 {
			t.Fatalf("Accept: %v", err)
		}
		_, err = pending.complete(refusal.Reply, useSPNEGO)
		var f *KerberosFailure
		if !errors.As(err, &f) || f.Kind != KerberosClockSkew || f.Code != errorcode.KRB_AP_ERR_SKEW {
			t.Fatalf("spnego %v: %v", useSPNEGO, err)
		}
	}
}
