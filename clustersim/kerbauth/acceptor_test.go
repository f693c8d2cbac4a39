package kerbauth_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
)

const (
	spn      = "HTTP/node1.example.test"
	otherSPN = "HTTP/other.example.test"
	user     = "alice"
	userPW   = "Alice-Kerb-pw-7"
	remote   = "127.0.0.1:50000"
)

// realm is one KDC with a user, this service (keytab kt) and another service, shared by
// the tests of the package.
type realm struct {
	kdc *testkdc.KDC
	kt  []byte
	cfg *config.Config
}

func newRealm(t *testing.T) *realm {
	t.Helper()
	kdc := testkdc.Start(t)
	kdc.AddUser(t, user, userPW)
	kt := kdc.AddService(t, spn)
	kdc.AddService(t, otherSPN)
	cfg, err := config.Load(kdc.Krb5Conf)
	if err != nil {
		t.Fatal(err)
	}
	return &realm{kdc: kdc, kt: kt, cfg: cfg}
}

func (r *realm) login(t *testing.T) *client.Client {
	t.Helper()
	cl := client.NewWithPassword(user, testkdc.Realm, userPW, r.cfg, client.DisablePAFXFAST(true))
	if err := cl.Login(); err != nil {
		t.Fatalf("login: %v", err)
	}
	t.Cleanup(cl.Destroy)
	return cl
}

func (r *realm) acceptor(t *testing.T, c kerbauth.Config) *kerbauth.Acceptor {
	t.Helper()
	if c.Keytab == nil {
		c.Keytab = r.kt
	}
	a, err := kerbauth.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// spnegoToken is what gokrb5's SPNEGO client (and so masterzen/winrm) sends.
func spnegoToken(t *testing.T, cl *client.Client, service string) []byte {
	t.Helper()
	ct, err := spnego.SPNEGOClient(cl, service).InitSecContext()
	if err != nil {
		t.Fatalf("InitSecContext: %v", err)
	}
	b, err := ct.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// krb5Token builds a KRB5 AP-REQ token for this service; mutual asks for mutual authentication; edit may
// change the AP-REQ before it is marshalled.
func krb5Token(t *testing.T, cl *client.Client, mutual bool, edit func(*spnego.KRB5Token)) (spnego.KRB5Token, types.EncryptionKey) {
	t.Helper()
	tkt, key, err := cl.GetServiceTicket(spn)
	if err != nil {
		t.Fatalf("service ticket: %v", err)
	}
	gss := []int{gssapi.ContextFlagInteg, gssapi.ContextFlagConf}
	var ap []int
	if mutual {
		gss = append(gss, gssapi.ContextFlagMutual)
		ap = append(ap, flags.APOptionMutualRequired)
	}
	tok, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, gss, ap)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&tok)
	}
	return tok, key
}

func wrapSPNEGO(t *testing.T, mechs []asn1.ObjectIdentifier, tok spnego.KRB5Token) []byte {
	t.Helper()
	mt, err := tok.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	st := spnego.SPNEGOToken{Init: true, NegTokenInit: spnego.NegTokenInit{MechTypes: mechs, MechTokenBytes: mt}}
	b, err := st.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustReject(t *testing.T, a *kerbauth.Acceptor, token []byte, why string) {
	t.Helper()
	res, err := a.Accept(token, remote)
	if err == nil {
		t.Fatalf("%s: accepted as %s", why, res.Principal())
	}
	if !errors.Is(err, kerbauth.ErrRejected) {
		t.Fatalf("%s: err = %v, want ErrRejected", why, err)
	}
	t.Logf("%s: %v", why, err)
}

func TestAcceptor(t *testing.T) {
	r := newRealm(t)
	cl := r.login(t)
	acc := r.acceptor(t, kerbauth.Config{Realm: testkdc.Realm, SPNs: []string{spn}})

	t.Run("gokrb5 SPNEGO client accepted", func(t *testing.T) {
		res, err := acc.Accept(spnegoToken(t, cl, spn), remote)
		if err != nil {
			t.Fatal(err)
		}
		if res.User != user || res.Realm != testkdc.Realm || res.Principal() != "alice@EXAMPLE.TEST" ||
			res.Service != spn+"@"+testkdc.Realm || res.Mutual {
			t.Fatalf("result %+v", res)
		}
		// No mutual authentication asked: accept-completed and the mechanism, no AP-REP.
		var resp spnego.NegTokenResp
		if err := resp.Unmarshal(res.Reply); err != nil {
			t.Fatal(err)
		}
		if resp.State() != spnego.NegStateAcceptCompleted || !resp.SupportedMech.Equal(gssapi.OIDKRB5.OID()) || len(resp.ResponseToken) != 0 {
			t.Fatalf("reply %+v", resp)
		}
	})

	t.Run("mutual authentication gets an AP-REP the client can open", func(t *testing.T) {
		tok, key := krb5Token(t, cl, true, nil)
		token := wrapSPNEGO(t, []asn1.ObjectIdentifier{gssapi.OIDMSLegacyKRB5.OID(), gssapi.OIDKRB5.OID()}, tok)
		res, err := acc.Accept(token, remote)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Mutual {
			t.Fatal("mutual not seen")
		}
		var resp spnego.NegTokenResp
		if err := resp.Unmarshal(res.Reply); err != nil {
			t.Fatal(err)
		}
		if resp.State() != spnego.NegStateAcceptCompleted || !resp.SupportedMech.Equal(gssapi.OIDMSLegacyKRB5.OID()) {
			t.Fatalf("reply state %v mech %v", resp.State(), resp.SupportedMech)
		}
		var rep spnego.KRB5Token
		if err := rep.Unmarshal(resp.ResponseToken); err != nil || !rep.IsAPRep() {
			t.Fatalf("response token: %v (AP-REP %v)", err, rep.IsAPRep())
		}
		part := openAPRep(t, rep.APRep, key)
		// ctime and cusec are the authenticator's (sent encrypted): the time of the request.
		if d := time.Since(part.CTime); d < -time.Second || d > 10*time.Second || part.Cusec < 0 || part.Cusec > 999999 {
			t.Fatalf("AP-REP ctime %v.%06d", part.CTime, part.Cusec)
		}
		if len(part.Subkey.KeyValue) == 0 || part.Subkey.KeyType != key.KeyType || part.SequenceNumber == 0 {
			t.Fatalf("AP-REP subkey type %d len %d seq %d", part.Subkey.KeyType, len(part.Subkey.KeyValue), part.SequenceNumber)
		}
	})

	t.Run("bare KRB5 token (no SPNEGO) answered with a bare AP-REP", func(t *testing.T) {
		tok, key := krb5Token(t, cl, true, nil)
		raw, err := tok.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		res, err := acc.Accept(raw, remote)
		if err != nil {
			t.Fatal(err)
		}
		var rep spnego.KRB5Token
		if err := rep.Unmarshal(res.Reply); err != nil || !rep.IsAPRep() {
			t.Fatalf("reply: %v", err)
		}
		openAPRep(t, rep.APRep, key)
	})

	t.Run("wrong password refused by the KDC", func(t *testing.T) {
		bad := client.NewWithPassword(user, testkdc.Realm, "not-"+userPW, r.cfg, client.DisablePAFXFAST(true))
		err := bad.Login()
		if err == nil || !strings.Contains(err.Error(), "KDC_ERR_PREAUTH_FAILED") {
			t.Fatalf("login with a wrong password: %v", err)
		}
		if strings.Contains(err.Error(), userPW) {
			t.Fatal("the error holds the password")
		}
	})

	t.Run("unknown SPN refused by the KDC", func(t *testing.T) {
		_, _, err := cl.GetServiceTicket("HTTP/nosuch.example.test")
		if err == nil || !strings.Contains(err.Error(), "KDC_ERR_S_PRINCIPAL_UNKNOWN") {
			t.Fatalf("ticket for an unknown SPN: %v", err)
		}
	})

	t.Run("ticket for another service", func(t *testing.T) {
		token := spnegoToken(t, cl, otherSPN)
		mustReject(t, acc, token, "other service, SPNs configured")
		// Without an SPN list, the keytab decides: it has no key for the other service.
		mustReject(t, r.acceptor(t, kerbauth.Config{}), spnegoToken(t, cl, otherSPN), "other service, keytab only")
	})

	t.Run("tampered ticket", func(t *testing.T) {
		tok, _ := krb5Token(t, cl, false, func(k *spnego.KRB5Token) {
			// A copy: the client's ticket cache shares the slice.
			c := append([]byte(nil), k.APReq.Ticket.EncPart.Cipher...)
			c[len(c)/2] ^= 0x01
			k.APReq.Ticket.EncPart.Cipher = c
		})
		mustReject(t, acc, wrapSPNEGO(t, []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID()}, tok), "tampered ticket")
	})

	t.Run("tampered authenticator", func(t *testing.T) {
		tok, _ := krb5Token(t, cl, false, func(k *spnego.KRB5Token) {
			c := append([]byte(nil), k.APReq.EncryptedAuthenticator.Cipher...)
			c[len(c)-1] ^= 0x80
			k.APReq.EncryptedAuthenticator.Cipher = c
		})
		mustReject(t, acc, wrapSPNEGO(t, []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID()}, tok), "tampered authenticator")
	})

	t.Run("replay", func(t *testing.T) {
		token := spnegoToken(t, cl, spn)
		if _, err := acc.Accept(token, remote); err != nil {
			t.Fatal(err)
		}
		mustReject(t, acc, token, "replayed token")
	})

	t.Run("other realm", func(t *testing.T) {
		other := r.acceptor(t, kerbauth.Config{Realm: "OTHER.TEST"})
		mustReject(t, other, spnegoToken(t, cl, spn), "realm OTHER.TEST")
	})

	t.Run("not Kerberos", func(t *testing.T) {
		for name, tok := range map[string][]byte{
			"NTLM negotiate": []byte("NTLMSSP\x00\x01\x00\x00\x00\x97\x82\x08\xe2"),
			"empty":          {},
			"garbage":        bytes.Repeat([]byte{0x60}, 40),
		} {
			if _, err := acc.Accept(tok, remote); !errors.Is(err, kerbauth.ErrNotKerberos) {
				t.Errorf("%s: err = %v, want ErrNotKerberos", name, err)
			}
			if kerbauth.IsKerberos(tok) {
				t.Errorf("%s: IsKerberos", name)
			}
		}
		// SPNEGO led by NTLM, with Kerberos second: NTLM's business.
		tok, _ := krb5Token(t, cl, false, nil)
		ntlmFirst := wrapSPNEGO(t, []asn1.ObjectIdentifier{{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}, gssapi.OIDKRB5.OID()}, tok)
		if kerbauth.IsKerberos(ntlmFirst) {
			t.Error("NTLM-first SPNEGO taken as Kerberos")
		}
		if !kerbauth.IsKerberos(spnegoToken(t, cl, spn)) {
			t.Error("Kerberos SPNEGO not recognised")
		}
	})

	// The keys were changed (ktadd again, as resetting the computer account does): a
	// keytab with the old keys no longer opens new tickets.
	t.Run("stale keytab", func(t *testing.T) {
		stale := r.acceptor(t, kerbauth.Config{})
		newKT := r.kdc.Keytab(t, spn)
		cl2 := r.login(t)
		mustReject(t, stale, spnegoToken(t, cl2, spn), "ticket under a new key, old keytab")
		fresh := r.acceptor(t, kerbauth.Config{Keytab: newKT})
		if _, err := fresh.Accept(spnegoToken(t, cl2, spn), remote); err != nil {
			t.Fatalf("new keytab: %v", err)
		}
	})
}

// An expired ticket is refused: a service whose tickets live two seconds, and an acceptor
// with a one-second clock skew.
func TestExpiredTicket(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a ticket to expire")
	}
	r := newRealm(t)
	const short = "HTTP/short.example.test"
	r.kdc.Kadmin(t, "addprinc -randkey -maxlife \"2 seconds\" "+short)
	kt := r.kdc.Keytab(t, short)
	cl := r.login(t)
	acc := r.acceptor(t, kerbauth.Config{Keytab: kt, MaxClockSkew: time.Second})
	tkt, key, err := cl.GetServiceTicket(short)
	if err != nil {
		t.Fatal(err)
	}
	// Fresh: accepted.
	fresh, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, []int{gssapi.ContextFlagInteg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Accept(wrapSPNEGO(t, []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID()}, fresh), remote); err != nil {
		t.Fatalf("fresh short ticket: %v", err)
	}
	time.Sleep(3500 * time.Millisecond)
	// The same ticket with a new authenticator, after its end time.
	late, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, []int{gssapi.ContextFlagInteg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	token := wrapSPNEGO(t, []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID()}, late)
	mustReject(t, acc, token, "expired ticket")
	if _, err := acc.Accept(token, remote); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("want a message naming the expiry: %v", err)
	}
}

func TestNewRejectsBadKeytab(t *testing.T) {
	for name, kt := range map[string][]byte{"empty": nil, "garbage": []byte("not a keytab"), "header only": {5, 2}} {
		if _, err := kerbauth.New(kerbauth.Config{Keytab: kt}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// openAPRep decrypts an AP-REP with the session key, as the client does.
func openAPRep(t *testing.T, rep messages.APRep, key types.EncryptionKey) messages.EncAPRepPart {
	t.Helper()
	plain, err := crypto.DecryptEncPart(rep.EncPart, key, keyusage.AP_REP_ENCPART)
	if err != nil {
		t.Fatalf("decrypting the AP-REP: %v", err)
	}
	var part messages.EncAPRepPart
	if _, err := asn1.UnmarshalWithParams(plain, &part, "application,explicit,tag:27"); err != nil {
		t.Fatalf("EncAPRepPart: %v", err)
	}
	return part
}
