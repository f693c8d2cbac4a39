package wsman

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/spnego"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
)

const krbSPN = "HTTP/node1.example.test"

// krbRealm is a KDC with testUser (an account of the endpoint), "stranger" (a principal of
// the realm that is no account of the endpoint) and the endpoint's service principal.
type krbRealm struct {
	kdc *testkdc.KDC
	acc *kerbauth.Acceptor
	cfg *config.Config
}

func newKrbRealm(t *testing.T) *krbRealm {
	t.Helper()
	kdc := testkdc.Start(t)
	kdc.AddUser(t, testUser, testPassword)
	kdc.AddUser(t, "stranger", testPassword)
	kt := kdc.AddService(t, krbSPN)
	acc, err := kerbauth.New(kerbauth.Config{Keytab: kt, Realm: testkdc.Realm, SPNs: []string{krbSPN}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(kdc.Krb5Conf)
	if err != nil {
		t.Fatal(err)
	}
	return &krbRealm{kdc: kdc, acc: acc, cfg: cfg}
}

func (k *krbRealm) login(t *testing.T, user string) *client.Client {
	t.Helper()
	cl := client.NewWithPassword(user, testkdc.Realm, testPassword, k.cfg, client.DisablePAFXFAST(true))
	if err := cl.Login(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Destroy)
	return cl
}

// token is a SPNEGO token from gokrb5's client; mutual asks for the AP-REP.
func (k *krbRealm) token(t *testing.T, cl *client.Client, mutual bool) []byte {
	t.Helper()
	tkt, key, err := cl.GetServiceTicket(krbSPN)
	if err != nil {
		t.Fatal(err)
	}
	gss, ap := []int{gssapi.ContextFlagInteg, gssapi.ContextFlagConf}, []int(nil)
	if mutual {
		gss, ap = append(gss, gssapi.ContextFlagMutual), []int{flags.APOptionMutualRequired}
	}
	kt, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, gss, ap)
	if err != nil {
		t.Fatal(err)
	}
	mt, err := kt.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// Kerberos first, NTLM second, as Windows and pyspnego offer them.
	st := spnego.SPNEGOToken{Init: true, NegTokenInit: spnego.NegTokenInit{
		MechTypes:      []asn1.ObjectIdentifier{gssapi.OIDMSLegacyKRB5.OID(), gssapi.OIDKRB5.OID(), {1, 3, 6, 1, 4, 1, 311, 2, 2, 10}},
		MechTokenBytes: mt,
	}}
	b, err := st.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func httpsClient(t *testing.T, ep *Endpoint) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if len(ep.CACertPEM) > 0 && !pool.AppendCertsFromPEM(ep.CACertPEM) {
		t.Fatal("bad CA PEM")
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// postCreate sends a Create with the Authorization header and returns the answer.
func postCreate(t *testing.T, hc *http.Client, url, authorization string) (*http.Response, string) {
	t.Helper()
	body, _ := rawReq{action: ActionCreate,
		body: `<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`,
	}.xml()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", soapContentType)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestKerberosOverHTTPS(t *testing.T) {
	k := newKrbRealm(t)
	ep, _ := startEndpoint(t, Config{Kerberos: k.acc}, ListenOptions{HTTPS: true})
	hc := httpsClient(t, ep)
	cl := k.login(t, testUser)

	t.Run("401 offers Negotiate, Kerberos and Basic", func(t *testing.T) {
		resp, body := postCreate(t, hc, ep.URL, "")
		got := resp.Header.Values("WWW-Authenticate")
		if resp.StatusCode != 401 || body != "" || strings.Join(got, "|") != `Negotiate|Kerberos|Basic realm="WSMAN"` {
			t.Fatalf("HTTP %d, WWW-Authenticate %q", resp.StatusCode, got)
		}
	})

	t.Run("Negotiate with the gokrb5 client", func(t *testing.T) {
		ct, err := spnego.SPNEGOClient(cl, krbSPN).InitSecContext()
		if err != nil {
			t.Fatal(err)
		}
		b, err := ct.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		resp, body := postCreate(t, hc, ep.URL, "Negotiate "+base64.StdEncoding.EncodeToString(b))
		if resp.StatusCode != 200 || !strings.Contains(body, "ShellId") {
			t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
		}
		if v := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(v, "Negotiate ") {
			t.Fatalf("WWW-Authenticate %q", v)
		}
	})

	t.Run("mutual authentication: the AP-REP comes back on the 200", func(t *testing.T) {
		resp, body := postCreate(t, hc, ep.URL, "Negotiate "+base64.StdEncoding.EncodeToString(k.token(t, cl, true)))
		if resp.StatusCode != 200 {
			t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
		}
		scheme, b64, _ := strings.Cut(resp.Header.Get("WWW-Authenticate"), " ")
		raw, err := base64.StdEncoding.DecodeString(b64)
		if scheme != "Negotiate" || err != nil {
			t.Fatalf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
		}
		var nr spnego.NegTokenResp
		if err := nr.Unmarshal(raw); err != nil || nr.State() != spnego.NegStateAcceptCompleted {
			t.Fatalf("NegTokenResp: %v, state %v", err, nr.State())
		}
		var rep spnego.KRB5Token
		if err := rep.Unmarshal(nr.ResponseToken); err != nil || !rep.IsAPRep() {
			t.Fatalf("no AP-REP: %v", err)
		}
	})

	t.Run("the Kerberos scheme, answered in kind", func(t *testing.T) {
		resp, body := postCreate(t, hc, ep.URL, "Kerberos "+base64.StdEncoding.EncodeToString(k.token(t, cl, true)))
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Kerberos ") {
			t.Fatalf("HTTP %d, WWW-Authenticate %q: %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
		}
	})

	t.Run("a principal that is no account of the machine", func(t *testing.T) {
		before := ep.Server.Counters().Snapshot().AuthFailures
		stranger := k.login(t, "stranger")
		resp, _ := postCreate(t, hc, ep.URL, "Negotiate "+base64.StdEncoding.EncodeToString(k.token(t, stranger, false)))
		if resp.StatusCode != 401 || len(resp.Header.Values("WWW-Authenticate")) != 3 {
			t.Fatalf("HTTP %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
		}
		if ep.Server.Counters().Snapshot().AuthFailures != before+1 {
			t.Fatal("auth failure not counted")
		}
	})

	t.Run("a replayed token", func(t *testing.T) {
		h := "Negotiate " + base64.StdEncoding.EncodeToString(k.token(t, cl, false))
		if resp, body := postCreate(t, hc, ep.URL, h); resp.StatusCode != 200 {
			t.Fatalf("first: HTTP %d: %s", resp.StatusCode, body)
		}
		if resp, _ := postCreate(t, hc, ep.URL, h); resp.StatusCode != 401 {
			t.Fatalf("replay: HTTP %d", resp.StatusCode)
		}
	})
}

func TestKerberosOnPlainHTTP(t *testing.T) {
	k := newKrbRealm(t)
	cl := k.login(t, testUser)
	// Kerberos without message encryption: like unsealed NTLM, refused unless AllowUnencrypted.
	ep, _ := startEndpoint(t, Config{Kerberos: k.acc}, ListenOptions{})
	if resp, _ := postCreate(t, http.DefaultClient, ep.URL, "Negotiate "+base64.StdEncoding.EncodeToString(k.token(t, cl, false))); resp.StatusCode != 401 {
		t.Fatalf("AllowUnencrypted=false: HTTP %d, want 401", resp.StatusCode)
	}
	ep2, _ := startEndpoint(t, Config{Kerberos: k.acc, AllowUnencrypted: true}, ListenOptions{})
	if resp, body := postCreate(t, http.DefaultClient, ep2.URL, "Negotiate "+base64.StdEncoding.EncodeToString(k.token(t, cl, false))); resp.StatusCode != 200 {
		t.Fatalf("AllowUnencrypted=true: HTTP %d: %s", resp.StatusCode, body)
	}
}

func TestKerberosNotConfigured(t *testing.T) {
	if _, err := NewServer(Config{Executor: newTestMachine(), Auth: []AuthScheme{AuthKerberos}}); err == nil {
		t.Fatal("auth kerberos without an acceptor accepted")
	}
	// Without an acceptor, the Kerberos scheme is not offered and is refused.
	ep, _ := startEndpoint(t, Config{}, ListenOptions{HTTPS: true})
	resp, _ := postCreate(t, httpsClient(t, ep), ep.URL, "Kerberos YIIBAA==")
	if resp.StatusCode != 401 || strings.Contains(strings.Join(resp.Header.Values("WWW-Authenticate"), "|"), "Kerberos") {
		t.Fatalf("HTTP %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
	}
}
