// Package simtest runs the Windows client, with its real scripts, against the in-process
// cluster simulator (clustersim/): WinRM, cmd.exe, the PowerShell engine and the
// FailoverClusters cmdlets. It is a package of its own so that the client's unit tests do
// not depend on the simulator building.
package simtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

const (
	user     = `CONTOSO\exadmin`
	password = "Sim-P4ss;'\"`$(x)"
	sa       = cluster.SystemAttendant
	bkKey    = `SOFTWARE\Microsoft\Exchange\Backupinformation`
)

func startSim(t testing.TB, tweak func(*clustersim.Options)) *clustersim.Sim {
	t.Helper()
	opts := clustersim.Options{Username: user, Password: password, AllowUnencrypted: true, MaxShellsPerUser: 5}
	if tweak != nil {
		tweak(&opts)
	}
	s, err := clustersim.Start(opts)
	if err != nil {
		t.Fatalf("clustersim.Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func configFor(t testing.TB, s *clustersim.Sim) winclient.Config {
	t.Helper()
	host, portText, err := net.SplitHostPort(s.Addr(s.Nodes()[0]))
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	return winclient.Config{
		Host: host, Port: port, Username: user, Password: password,
		Auth: winclient.AuthNTLM, NTLMWithoutEncryption: true,
		Timeout: 30 * time.Second, OperationTimeout: 5 * time.Second,
		Transport: transportUnderTest(),
	}
}

func newClient(t testing.TB, cfg winclient.Config) *winclient.Client {
	t.Helper()
	c, err := winclient.New(cfg)
	if err != nil {
		t.Fatalf("winclient.New: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// must fails the test with the step that broke: when the simulator's engine lacks a
// construct our scripts use, the message carries PowerShell's own error text.
func must(t testing.TB, step string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s against the simulator: %v", step, err)
	}
}

// modelKeys are the System Attendant's checkpoints as the simulated cluster holds them.
func modelKeys(t testing.TB, s *clustersim.Sim) []string {
	t.Helper()
	cps, err := s.Cluster().Checkpoints(sa)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, cp := range cps {
		keys = append(keys, cp.Key)
	}
	return keys
}

func TestSimRoundTrip(t *testing.T) {
	s := startSim(t, nil)
	c := newClient(t, configFor(t, s))
	ctx := context.Background()
	want := s.Cluster().Info().Name

	name, err := c.ClusterName(ctx, "")
	must(t, "ClusterName(\"\")", err)
	if name != want {
		t.Fatalf("ClusterName = %q, want %q", name, want)
	}
	name, err = c.ClusterName(ctx, strings.ToLower(want))
	must(t, "ClusterName(lower case)", err)
	if name != want {
		t.Fatalf("ClusterName(lower) = %q", name)
	}
	// Another cluster is refused, naming both clusters and the fix; never a second hop.
	_, err = c.ClusterName(ctx, "NOSUCHCLUSTER")
	if !errors.Is(err, winclient.ErrOtherCluster) || !strings.Contains(err.Error(), "NOSUCHCLUSTER") ||
		!strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "alias") {
		t.Fatalf("ClusterName(NOSUCHCLUSTER) = %v, want other_cluster naming both clusters", err)
	}

	r, err := c.GetResource(ctx, "", sa)
	must(t, "GetResource", err)
	info, _ := s.Cluster().Resource(sa)
	if r.Name != info.Name || r.ResourceType != info.Type || r.OwnerGroup != info.OwnerGroup || r.OwnerNode != info.OwnerNode || r.Cluster != want {
		t.Fatalf("GetResource = %+v, simulator holds %+v", r, info)
	}
	if r.State != fmt.Sprint(info.State) {
		t.Errorf("State = %q, simulator holds %v", r.State, info.State)
	}

	must(t, "AddCheckpoint", c.AddCheckpoint(ctx, "", sa, bkKey))
	if got := modelKeys(t, s); len(got) != 1 || got[0] != bkKey {
		t.Fatalf("simulator checkpoints after add = %q", got)
	}
	cps, err := c.ListCheckpoints(ctx, "", sa)
	must(t, "ListCheckpoints after add", err)
	if len(cps) != 1 || cps[0] != bkKey {
		t.Fatalf("read after write = %q", cps)
	}
	stored, found, err := c.FindCheckpoint(ctx, "", sa, `HKLM:\`+strings.ToLower(bkKey))
	must(t, "FindCheckpoint after add", err)
	if !found || stored != bkKey {
		t.Fatalf("FindCheckpoint after add = %q, %v", stored, found)
	}
	if err := c.AddCheckpoint(ctx, "", sa, strings.ToUpper(bkKey)); !errors.Is(err, winclient.ErrAlreadyExists) {
		t.Fatalf("add of the same key in another case = %v, want already_exists", err)
	}
	must(t, "RemoveCheckpoint", c.RemoveCheckpoint(ctx, want, sa, strings.ToLower(bkKey)))
	if got := modelKeys(t, s); len(got) != 0 {
		t.Fatalf("simulator checkpoints after remove = %q", got)
	}
	if err := c.RemoveCheckpoint(ctx, "", sa, bkKey); !errors.Is(err, winclient.ErrCheckpointNotFound) {
		t.Fatalf("second remove = %v, want checkpoint_not_found", err)
	}
	if _, err := c.GetResource(ctx, "", "No Such Resource"); !errors.Is(err, winclient.ErrResourceNotFound) {
		t.Fatalf("GetResource(missing) = %v", err)
	}
	if err := c.AddCheckpoint(ctx, "", "No Such Resource", bkKey); !errors.Is(err, winclient.ErrResourceNotFound) {
		t.Fatalf("AddCheckpoint(missing resource) = %v", err)
	}
}

// A change made out of band between two plans (two provider processes, so two clients) is
// seen by the second.
func TestSimOutOfBandChangeSeenByNextProcess(t *testing.T) {
	s := startSim(t, nil)
	ctx := context.Background()
	first := newClient(t, configFor(t, s))
	must(t, "AddCheckpoint", first.AddCheckpoint(ctx, "", sa, bkKey))
	cps, err := first.ListCheckpoints(ctx, "", sa)
	must(t, "ListCheckpoints", err)
	if len(cps) != 1 {
		t.Fatalf("first plan sees %q", cps)
	}
	_ = first.Close()
	if _, err := s.Cluster().RemoveCheckpoint(sa, bkKey); err != nil {
		t.Fatal(err)
	}
	second := newClient(t, configFor(t, s))
	cps, err = second.ListCheckpoints(ctx, "", sa)
	must(t, "ListCheckpoints in the second process", err)
	if len(cps) != 0 {
		t.Fatalf("the second plan does not see the removal: %q", cps)
	}
}

// Issue 5's figures on the client side, measured by the simulator's counters, with NTLM
// message encryption (the default over HTTP) and without.
func TestSimFigures(t *testing.T) {
	for _, sealed := range []bool{false, true} {
		t.Run(fmt.Sprintf("sealed_%v", sealed), func(t *testing.T) { simFigures(t, sealed) })
	}
}

func simFigures(t *testing.T, sealed bool) {
	simOpts := func(o *clustersim.Options) { o.AllowUnencrypted = !sealed }
	config := func(s *clustersim.Sim) winclient.Config {
		cfg := configFor(t, s)
		cfg.NTLMWithoutEncryption = !sealed
		return cfg
	}
	for _, n := range []int{1, 100} {
		t.Run(fmt.Sprintf("reads_%d", n), func(t *testing.T) {
			s := startSim(t, simOpts)
			c := newClient(t, config(s))
			before := s.Stats()
			runConcurrently(t, n, func(i int) error {
				_, err := c.ListCheckpoints(context.Background(), "", sa)
				return err
			})
			_ = c.Close()
			d := s.Stats().Sub(before)
			t.Logf("%d concurrent reads: %d HTTP requests, %d shells, %d PowerShell starts", n, d.HTTPRequests, d.ShellsCreated, d.PowerShellStarts)
			if overWMI() && d.PowerShellStarts != 0 {
				t.Errorf("%d PowerShell starts over WMI", d.PowerShellStarts)
			}
			if d.PowerShellStarts > 3 || d.HTTPRequests > 40 {
				t.Errorf("want at most 3 PowerShell starts and 40 HTTP requests")
			}
		})
	}
	t.Run("adds_100", func(t *testing.T) {
		s := startSim(t, simOpts)
		c := newClient(t, config(s))
		before := s.Stats()
		runConcurrently(t, 100, func(i int) error {
			return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Bench\K%03d`, i))
		})
		_ = c.Close()
		d := s.Stats().Sub(before)
		t.Logf("100 concurrent adds: %d HTTP requests, %d shells, %d PowerShell starts", d.HTTPRequests, d.ShellsCreated, d.PowerShellStarts)
		if got := len(modelKeys(t, s)); got != 100 {
			t.Errorf("simulator holds %d checkpoints, want 100", got)
		}
		if overWMI() && d.PowerShellStarts != 0 {
			t.Errorf("%d PowerShell starts over WMI", d.PowerShellStarts)
		}
		if d.PowerShellStarts > 10 {
			t.Errorf("want at most 10 PowerShell starts")
		}
		if d.ShellsOpen != 0 {
			t.Errorf("%d shells left open after Close", d.ShellsOpen)
		}
	})
}

func runConcurrently(t *testing.T, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(i); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// Names and keys with every quoting hazard travel as data: they reach the cluster byte for
// byte, or are refused by Windows as a key, and nothing else changes.
func TestSimHostileInputIsData(t *testing.T) {
	s := startSim(t, nil)
	c := newClient(t, configFor(t, s))
	for _, key := range hostileKeys() {
		checkKeyTravelsAsData(t, s, c, key)
	}
}

func hostileKeys() []string {
	return []string{
		`SOFTWARE\It's`, `SOFTWARE\"q"`, "SOFTWARE\\`$(Get-Date)", `SOFTWARE\$(Remove-ClusterResource x)`,
		`SOFTWARE\a;b|c&d`, "SOFTWARE\\line\nbreak", "SOFTWARE\\\u2018x\u2019\u201a\u201b", "SOFTWARE\\nul\x00byte",
		"SOFTWARE\\" + strings.Repeat("k", 4096), `SOFTWARE\'; exit; '`, `SOFTWARE\}finally{'x'}`, `SOFTWARE\[*?]`,
	}
}

func checkKeyTravelsAsData(t testing.TB, s *clustersim.Sim, c *winclient.Client, key string) {
	t.Helper()
	ctx := context.Background()
	before := s.Cluster().Resources()
	err := c.AddCheckpoint(ctx, "", sa, key)
	var e *winclient.Error
	if err != nil {
		if !errors.As(err, &e) || e.Kind == winclient.KindTransport || e.Kind == winclient.KindAuth {
			t.Fatalf("add %q: %v", key, err)
		}
		if keys := modelKeys(t, s); len(keys) != 0 {
			t.Fatalf("add %q failed (%v) yet the resource checkpoints %q", key, err, keys)
		}
		t.Logf("key %.40q refused: %s", key, e.Kind)
		return
	}
	keys := modelKeys(t, s)
	if len(keys) != 1 || keys[0] != key {
		t.Fatalf("add %q: the simulator holds %q", key, keys)
	}
	must(t, "remove a hostile key", c.RemoveCheckpoint(ctx, "", sa, key))
	after := s.Cluster().Resources()
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("something else changed with key %q:\nbefore %v\nafter  %v", key, before, after)
	}
}

// FuzzSimKeysAreData sends arbitrary keys through the real scripts to the simulator.
func FuzzSimKeysAreData(f *testing.F) {
	for _, k := range hostileKeys() {
		f.Add(k)
	}
	s := startSim(f, nil)
	c := newClient(f, configFor(f, s))
	f.Fuzz(func(t *testing.T, key string) {
		if err := c.AddCheckpoint(context.Background(), "", sa, key); err != nil {
			var e *winclient.Error
			if errors.As(err, &e) && e.Kind == winclient.KindInvalidArgument && e.Op == "AddCheckpoint" && len(modelKeys(t, s)) == 0 {
				return // refused before sending (empty, blank, leading backslash, bad UTF-8)
			}
		} else {
			_ = c.RemoveCheckpoint(context.Background(), "", sa, key)
		}
		checkKeyTravelsAsData(t, s, c, key)
	})
}

func TestSimBasicOverHTTPSWithCA(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.HTTPS = true; o.AllowUnencrypted = false })
	cfg := configFor(t, s)
	cfg.HTTPS = true
	cfg.Auth = winclient.AuthBasic
	cfg.CACert = s.CACertPEM()
	c := newClient(t, cfg)
	_, err := c.ListCheckpoints(context.Background(), "", sa)
	must(t, "ListCheckpoints over HTTPS with Basic", err)

	// A certificate for another name fails with a message that says so.
	bad := cfg
	bad.TLSServerName = "not-the-node.example.com"
	cb := newClient(t, bad)
	_, err = cb.ClusterName(context.Background(), "")
	if !errors.Is(err, winclient.ErrTransport) || !strings.Contains(err.Error(), "not valid for") {
		t.Fatalf("wrong TLS name: %v", err)
	}
	// Without the CA: unknown authority.
	noCA := cfg
	noCA.CACert = nil
	cn := newClient(t, noCA)
	if _, err := cn.ClusterName(context.Background(), ""); !errors.Is(err, winclient.ErrTransport) || !strings.Contains(err.Error(), "ca_cert") {
		t.Fatalf("unknown CA: %v", err)
	}
}
