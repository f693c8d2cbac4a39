// Package krbtest runs winclient with auth "kerberos" (masterzen/winrm's Kerberos client,
// gokrb5 underneath) against the simulator, whose nodes check the tickets with a keytab,
// and a real MIT KDC started by the test (package testkdc). The tests skip, naming the
// Debian packages to install, where the KDC binaries are missing.
package krbtest

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/spnego"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wiretap"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

const (
	user     = "exadmin"
	password = "Kerb-Sim-P4ss;'\"`$(x)"
	sa       = cluster.SystemAttendant
	bkKey    = `SOFTWARE\Microsoft\Exchange\Backupinformation`
	// The service principals the simulator's nodes take by default for realm EXAMPLE.TEST.
	node1SPN = "HTTP/node1.example.test"
	node2SPN = "HTTP/node2.example.test"
)

// env is a KDC that knows the user and both nodes, and a simulator holding the nodes' keys.
type env struct {
	kdc *testkdc.KDC
	sim *clustersim.Sim
}

func start(t *testing.T, tweak func(*clustersim.Options)) *env {
	t.Helper()
	kdc := testkdc.Start(t)
	kdc.AddUser(t, user, password)
	kdc.Kadmin(t, "addprinc -randkey "+node1SPN)
	kdc.Kadmin(t, "addprinc -randkey "+node2SPN)
	kt := kdc.Keytab(t, node1SPN, node2SPN)
	opts := clustersim.Options{
		Username: user, Password: password,
		HTTPS:          true,
		KerberosKeytab: kt, KerberosRealm: testkdc.Realm,
	}
	if tweak != nil {
		tweak(&opts)
	}
	s, err := clustersim.Start(opts)
	if err != nil {
		t.Fatalf("clustersim.Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &env{kdc: kdc, sim: s}
}

// config is a winclient Config for Kerberos to a node, by its loopback address with an
// explicit SPN (no DNS, no /etc/hosts).
func (e *env) config(t *testing.T, node, spn string) winclient.Config {
	t.Helper()
	host, portText, err := net.SplitHostPort(e.sim.Addr(node))
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	return winclient.Config{
		Host: host, Port: port, HTTPS: true, CACert: e.sim.CACertPEM(),
		Username: user, Password: password,
		Auth:     winclient.AuthKerberos,
		Kerberos: winclient.Kerberos{Realm: testkdc.Realm, Krb5Conf: e.kdc.Krb5Conf, SPN: spn},
		Timeout:  20 * time.Second, OperationTimeout: 5 * time.Second,
		// The transport under test, as `make test` sets it ("" is auto).
		Transport: os.Getenv("EXCHANGE_WINRM_TRANSPORT"),
	}
}

func newClient(t *testing.T, cfg winclient.Config) *winclient.Client {
	t.Helper()
	c, err := winclient.New(cfg)
	if err != nil {
		t.Fatalf("winclient.New: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func wantAuthError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("succeeded, want an authentication failure")
	}
	if strings.Contains(err.Error(), password) {
		t.Fatal("the error holds the password")
	}
	var e *winclient.Error
	if !errors.As(err, &e) || e.Kind != winclient.KindAuth {
		t.Fatalf("err = %v, want %s", err, winclient.KindAuth)
	}
}

// wantRefusedByNode: the node answered 401, which masterzen's Kerberos client reports as
// "request returned: 401 - 401 Unauthorized. Response body: ...": winclient must still call
// it auth_failed.
func wantRefusedByNode(t *testing.T, e *env, failuresBefore int64, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("succeeded, want a refusal")
	}
	if strings.Contains(err.Error(), password) {
		t.Fatal("the error holds the password")
	}
	if e.sim.Stats().AuthFailures <= failuresBefore {
		t.Fatalf("the node counted no refusal (err %v)", err)
	}
	var we *winclient.Error
	if !errors.As(err, &we) || we.Kind != winclient.KindAuth {
		t.Fatalf("refused by the node, but winclient classifies masterzen's Kerberos 401 as %v, not %s: %v", kindOf(err), winclient.KindAuth, err)
	}
}

func kindOf(err error) winclient.Kind {
	var we *winclient.Error
	if errors.As(err, &we) {
		return we.Kind
	}
	return "unclassified"
}

// The provider's path end to end: winclient with Kerberos (auth "kerberos", and
// "negotiate", which finds a ticket) over HTTPS adds a checkpoint and lists the checkpoints
// of the System Attendant.
func TestWinclientKerberosOverHTTPS(t *testing.T) {
	for _, auth := range []string{winclient.AuthKerberos, winclient.AuthNegotiate} {
		t.Run(auth, func(t *testing.T) { kerberosOverHTTPS(t, auth) })
	}
}

func kerberosOverHTTPS(t *testing.T, auth string) {
	e := start(t, nil)
	node := e.sim.Nodes()[0]
	cfg := e.config(t, node, node1SPN)
	cfg.Auth = auth
	c := newClient(t, cfg)
	ctx := context.Background()
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatalf("AddCheckpoint: %v", err)
	}
	cps, err := c.ListCheckpoints(ctx, "", sa)
	if err != nil {
		t.Fatalf("ListCheckpoints: %v", err)
	}
	if len(cps) != 1 || cps[0] != bkKey {
		t.Fatalf("checkpoints %q", cps)
	}
	model, err := e.sim.Cluster().Checkpoints(sa)
	if err != nil || len(model) != 1 {
		t.Fatalf("model: %v %v", model, err)
	}
	st := e.sim.Stats()
	if st.AuthFailures != 0 || st.HTTPRequests == 0 {
		t.Fatalf("simulator stats %+v", st)
	}
	// Commands (transport powershell) ran under a Kerberos logon, not Negotiate's NTLM.
	for _, cmd := range e.sim.StartedCommands(node) {
		if cmd.Logon.Method != "Kerberos" {
			t.Fatalf("a command ran under a %s logon", cmd.Logon.Method)
		}
	}
}

func TestWinclientKerberosRefusals(t *testing.T) {
	e := start(t, nil)
	node := e.sim.Nodes()[0]
	ctx := context.Background()

	t.Run("wrong password: the KDC refuses, nothing reaches the node", func(t *testing.T) {
		before := e.sim.Stats().HTTPRequests
		cfg := e.config(t, node, node1SPN)
		cfg.Password = "not-the-password"
		_, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa)
		wantAuthError(t, err)
		if !strings.Contains(err.Error(), "Kerberos") || !strings.Contains(err.Error(), "PREAUTH_FAILED") {
			t.Fatalf("message: %v", err)
		}
		if got := e.sim.Stats().HTTPRequests; got != before {
			t.Fatalf("%d requests reached the simulator", got-before)
		}
	})

	t.Run("SPN unknown to the KDC", func(t *testing.T) {
		_, err := newClient(t, e.config(t, node, "HTTP/nosuch.example.test")).ListCheckpoints(ctx, "", sa)
		wantAuthError(t, err)
		if !strings.Contains(err.Error(), "S_PRINCIPAL_UNKNOWN") {
			t.Fatalf("message: %v", err)
		}
	})

	t.Run("ticket for the other node", func(t *testing.T) {
		before := e.sim.Stats().AuthFailures
		cfg := e.config(t, node, node2SPN)
		cfg.Timeout = 3 * time.Second // bounds winclient's retries of an unclassified error
		_, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa)
		wantRefusedByNode(t, e, before, err)
	})

	// Realm names are case-sensitive in Kerberos; Windows users type the domain in lower
	// case. This records what winclient does with a lower-case realm.
	t.Run("lower-case realm", func(t *testing.T) {
		cfg := e.config(t, node, node1SPN)
		cfg.Kerberos.Realm = strings.ToLower(testkdc.Realm)
		_, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa)
		if err == nil {
			t.Log("lower-case realm: accepted")
			return
		}
		wantAuthError(t, err)
		t.Logf("lower-case realm: %v", err)
		if !strings.Contains(err.Error(), "upper case") {
			t.Fatalf("the message does not point at the realm's case: %v", err)
		}
	})
}

// Windows' default listener: plain HTTP, AllowUnencrypted false. With auth "kerberos" and
// "negotiate" (which finds a ticket here) winclient seals every message with the
// connection's Kerberos context; the wire between it and the node, read by a relay, holds
// no SOAP in clear. With AllowUnencrypted true the messages are sealed all the same.
func TestWinclientKerberosOnPlainHTTP(t *testing.T) {
	for _, allow := range []bool{false, true} {
		for _, auth := range []string{winclient.AuthKerberos, winclient.AuthNegotiate} {
			t.Run(auth+" AllowUnencrypted="+strconv.FormatBool(allow), func(t *testing.T) {
				e := start(t, func(o *clustersim.Options) { o.HTTPS, o.AllowUnencrypted = false, allow })
				tap := wiretap.New(t, e.sim.Addr(e.sim.Nodes()[0]))
				cfg := e.config(t, e.sim.Nodes()[0], node1SPN)
				cfg.HTTPS, cfg.CACert, cfg.Auth = false, nil, auth
				host, port, _ := net.SplitHostPort(tap.Addr)
				cfg.Host, cfg.Port = host, atoi(t, port)
				c := newClient(t, cfg)
				ctx := context.Background()
				if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
					t.Fatalf("AddCheckpoint: %v", err)
				}
				before := e.sim.Stats().HTTPRequests
				cps, err := c.ListCheckpoints(ctx, "", sa)
				if err != nil || len(cps) != 1 {
					t.Fatalf("ListCheckpoints: %q %v", cps, err)
				}
				// For the record: a read on a warm client costs what it costs with NTLM
				// (the context is per connection, not per request).
				t.Logf("ListCheckpoints on a warm client: %d HTTP requests (transport %q)", e.sim.Stats().HTTPRequests-before, cfg.Transport)
				before = e.sim.Stats().HTTPRequests
				if _, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa); err != nil {
					t.Fatal(err)
				}
				cold := e.sim.Stats().HTTPRequests - before
				t.Logf("ListCheckpoints on a new client: %d HTTP requests, handshakes included", cold)
				// The budget for a plan on WMI is 8 requests; Kerberos adds one
				// handshake per connection (NTLM two).
				if cfg.Transport != winclient.TransportPowerShell && cold > 8 {
					t.Fatalf("a cold read over WMI took %d HTTP requests, more than 8", cold)
				}
				tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 3)
				if st := e.sim.Stats(); st.AuthFailures != 0 {
					t.Fatalf("the node refused %d requests", st.AuthFailures)
				}
			})
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The simulator's nodes without masterzen: gokrb5's SPNEGO client over HTTPS, each node
// taking tickets for its own SPN only.
func TestSimulatorNodesTakeTheirOwnTickets(t *testing.T) {
	e := start(t, nil)
	cfg, err := config.Load(e.kdc.Krb5Conf)
	if err != nil {
		t.Fatal(err)
	}
	cl := client.NewWithPassword(user, testkdc.Realm, password, cfg, client.DisablePAFXFAST(true))
	if err := cl.Login(); err != nil {
		t.Fatal(err)
	}
	defer cl.Destroy()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig(t, e.sim.CACertPEM())}}
	nodes := e.sim.Nodes()
	for i, node := range nodes {
		for j, spn := range []string{node1SPN, node2SPN} {
			req, err := http.NewRequest(http.MethodPost, e.sim.URL(node), strings.NewReader(createShell))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
			if err := spnego.SetSPNEGOHeader(cl, req, spn); err != nil {
				t.Fatal(err)
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			want := http.StatusUnauthorized
			if i == j {
				want = http.StatusOK
			}
			if resp.StatusCode != want {
				t.Errorf("%s with a ticket for %s: HTTP %d, want %d", node, spn, resp.StatusCode, want)
			}
			if want == http.StatusOK {
				scheme, tok, _ := strings.Cut(resp.Header.Get("WWW-Authenticate"), " ")
				if _, err := base64.StdEncoding.DecodeString(tok); scheme != "Negotiate" || err != nil {
					t.Errorf("%s: WWW-Authenticate %q", node, resp.Header.Get("WWW-Authenticate"))
				}
			}
		}
	}
}

// Only a refused password is latched (no further logon with it); a ticket the node refuses
// says nothing of the password, so the next operation tries again.
func TestWinclientKerberosLatchesOnlyTheRefusedPassword(t *testing.T) {
	e := start(t, nil)
	node := e.sim.Nodes()[0]
	ctx := context.Background()

	cfg := e.config(t, node, node1SPN)
	cfg.Password = "not-the-password"
	c := newClient(t, cfg)
	for i := 0; i < 2; i++ {
		_, err := c.ListCheckpoints(ctx, "", sa)
		wantAuthError(t, err)
		if !strings.Contains(strings.ToLower(err.Error()), "no further logon") {
			t.Fatalf("attempt %d: the refused password is not latched: %v", i, err)
		}
	}

	cfg = e.config(t, node, node2SPN) // a ticket for the other node: refused by this one
	cfg.Timeout = 3 * time.Second
	c = newClient(t, cfg)
	for i := 0; i < 2; i++ {
		before := e.sim.Stats().AuthFailures
		_, err := c.ListCheckpoints(ctx, "", sa)
		wantRefusedByNode(t, e, before, err)
		if strings.Contains(strings.ToLower(err.Error()), "no further logon") || !strings.Contains(err.Error(), "setspn -L") {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
}

// auth "negotiate" with a host the KDC has no service principal for (an IP address, as
// Windows' Negotiate sees it) falls back to NTLM, sealed all the same.
func TestWinclientNegotiateFallsBackToNTLM(t *testing.T) {
	e := start(t, func(o *clustersim.Options) { o.HTTPS = false })
	tap := wiretap.New(t, e.sim.Addr(e.sim.Nodes()[0]))
	cfg := e.config(t, e.sim.Nodes()[0], "")
	cfg.HTTPS, cfg.CACert, cfg.Auth = false, nil, winclient.AuthNegotiate
	host, port, _ := net.SplitHostPort(tap.Addr)
	cfg.Host, cfg.Port = host, atoi(t, port) // SPN HTTP/127.0.0.1: unknown to the KDC
	if _, err := newClient(t, cfg).ListCheckpoints(context.Background(), "", sa); err != nil {
		t.Fatalf("ListCheckpoints: %v", err)
	}
	tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 2)
	up, _ := tap.Traffic()
	if !strings.Contains(string(up), "Authorization: Negotiate TlRMTVNT") { // base64 of "NTLMSS"
		t.Fatal("no NTLM handshake on the wire")
	}
}
