package wsman

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wiretap"
)

// createShellEnvelope is a WS-Management Create of a cmd shell, written by hand.
const createShellEnvelope = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header><a:To>http://node/wsman</a:To><a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo><w:MaxEnvelopeSize s:mustUnderstand="true">153600</w:MaxEnvelopeSize><a:MessageID>uuid:0A8F0E9C-3B4E-4F55-9D8C-6C0C2F0E2B11</a:MessageID><w:OperationTimeout>PT20S</w:OperationTimeout><w:ResourceURI s:mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI><a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Create</a:Action></s:Header><s:Body><rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell></s:Body></s:Envelope>`

// krbSim is the simulator at Windows' defaults (plain HTTP, AllowUnencrypted false) with
// the node's keys, behind a wire tap, and a wsman Config for krbUser.
func krbSim(t *testing.T) (Config, *wiretap.Tap, *clustersim.Sim) {
	t.Helper()
	kdc := testkdc.Start(t)
	kdc.AddUser(t, krbUser, krbPassword)
	kdc.Kadmin(t, "addprinc -randkey "+krbSPN)
	sim, err := clustersim.Start(clustersim.Options{Username: krbUser, Password: krbPassword,
		KerberosKeytab: kdc.Keytab(t, krbSPN), KerberosRealm: testkdc.Realm})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	tap := wiretap.New(t, sim.Addr(sim.Nodes()[0]))
	host, port, _ := net.SplitHostPort(tap.Addr)
	n, _ := strconv.Atoi(port)
	return Config{Host: host, Port: n, Auth: AuthKerberos, Username: krbUser, Password: krbPassword,
		Kerberos:     Kerberos{Realm: testkdc.Realm, Krb5Conf: kdc.Krb5Conf, SPN: krbSPN},
		MaxIdleConns: 4, ResponseTimeout: 20 * time.Second}, tap, sim
}

// TestKerberosSchemeSealed: with the HTTP scheme "Kerberos" (the bare GSS-API token, MS-WSMV
// 2.2.9.1.2) the messages are sealed with protocol application/HTTP-Kerberos-session-encrypted
// and the node accepts them.
func TestKerberosSchemeSealed(t *testing.T) {
	cfg, tap, _ := krbSim(t)
	auth, err := newKrbAuth(cfg)
	if err != nil {
		t.Fatal(err)
	}
	auth.scheme = "Kerberos"
	var requests atomic.Int64
	p, err := newKerberosPosterWith(cfg, &requests, endpointURL(cfg), auth)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		out, err := p.PostBody(ctxTimeout(t, 20*time.Second), createShellEnvelope)
		if err != nil || !strings.Contains(out, "ShellId") {
			t.Fatalf("Create: %v %.200s", err, out)
		}
	}
	tap.MustBeSealed(t, protocolKerberos, 2)
	// One handshake (the empty POST with the AP-REQ) and two sealed messages on one lane.
	if got := requests.Load(); got != 3 {
		t.Fatalf("%d HTTP requests, want 3", got)
	}
}

// TestKerberosLanesConcurrent: concurrent messages each take a lane (a connection with its
// own context and sequence numbers); none is refused.
func TestKerberosLanesConcurrent(t *testing.T) {
	cfg, tap, sim := krbSim(t)
	c, err := New(cfg, hclog.NewNullLogger())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				if _, err := c.Post(context.Background(), "Create", "", createShellEnvelope); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	tap.MustBeSealed(t, protocolSPNEGO, 24)
	if f := sim.Stats().AuthFailures; f != 0 {
		t.Fatalf("%d refusals", f)
	}
}

// TestKerberosServiceRefusalNotLatched: when the node answers 401 to a Kerberos client (its
// handshake or a sealed message), that says nothing of the password: the failure names the
// service, and the next request logs on again.
func TestKerberosServiceRefusalNotLatched(t *testing.T) {
	cfg, _, sim := krbSim(t)
	c, err := New(cfg, hclog.NewNullLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Post(ctx, "Create", "", createShellEnvelope); err != nil {
		t.Fatal(err)
	}
	node := sim.Nodes()[0]
	sim.Faults(node).RefuseAuth(20)
	_, err = c.Post(ctx, "Create", "", createShellEnvelope)
	var f *KerberosFailure
	if !errors.As(err, &f) || f.Kind != KerberosServiceRefused || Refused(err) {
		t.Fatalf("err = %v", err)
	}
	sim.Faults(node).Clear()
	if _, err := c.Post(ctx, "Create", "", createShellEnvelope); err != nil {
		t.Fatalf("after the node took logons again: %v", err)
	}
}
