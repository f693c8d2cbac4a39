package winclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

const sa = "Microsoft Exchange System Attendant"
const bkKey = `SOFTWARE\Microsoft\Exchange\Backupinformation`

func TestFakeRoundTrip(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()

	name, err := c.ClusterName(ctx, "")
	if err != nil || name != "EXCLUSTER" {
		t.Fatalf("ClusterName = %q, %v", name, err)
	}
	if _, err := c.ClusterName(ctx, "OTHER"); !errors.Is(err, ErrClusterNotFound) {
		t.Fatalf("ClusterName(OTHER) = %v, want cluster_not_found", err)
	}
	r, err := c.GetResource(ctx, "", sa)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != "Online" || r.OwnerNode != "NODE1" || r.OwnerGroup != "Exchange Group" || r.Cluster != "EXCLUSTER" || len(r.RegistryCheckpoints) != 0 {
		t.Fatalf("GetResource = %+v", r)
	}
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	// A read after a write sees the write.
	cps, err := c.ListCheckpoints(ctx, "", sa)
	if err != nil || len(cps) != 1 || cps[0] != bkKey {
		t.Fatalf("ListCheckpoints after add = %q, %v", cps, err)
	}
	if err := c.AddCheckpoint(ctx, "excluster", sa, strings.ToLower(bkKey)); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("second add = %v, want already_exists", err)
	}
	if err := c.RemoveCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	cps, err = c.ListCheckpoints(ctx, "", sa)
	if err != nil || len(cps) != 0 {
		t.Fatalf("ListCheckpoints after remove = %q, %v", cps, err)
	}
	if err := c.RemoveCheckpoint(ctx, "", sa, bkKey); !errors.Is(err, ErrCheckpointNotFound) {
		t.Fatalf("second remove = %v, want checkpoint_not_found", err)
	}
	if _, err := c.GetResource(ctx, "", "Nope"); !errors.Is(err, ErrResourceNotFound) {
		t.Fatalf("GetResource(Nope) = %v", err)
	}
	if err := c.AddCheckpoint(ctx, "", "Nope", bkKey); !errors.Is(err, ErrResourceNotFound) {
		t.Fatalf("AddCheckpoint(Nope) = %v", err)
	}
	var e *Error
	if err := c.AddCheckpoint(ctx, "", sa, `\SOFTWARE\x`); !errors.As(err, &e) || e.Kind != KindInvalidArgument {
		t.Fatalf("leading backslash = %v", err)
	}
}

// The figures of issue 5 for reads: one cluster, 1 and 100 concurrent reads.
func TestFakeConcurrentReadsShareOneSnapshot(t *testing.T) {
	for _, n := range []int{1, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			fe := startFake(t, nil)
			c := newTestClient(t, fe.config())
			before := fe.ep.Server.Counters().Snapshot()
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			_ = c.Close()
			d := fe.ep.Server.Counters().Snapshot().Sub(before)
			starts := fe.cluster.starts.Load()
			t.Logf("%d concurrent reads: %d HTTP requests, %d shells, %d PowerShell starts, %d snapshot runs, by action %v",
				n, d.HTTPRequests, d.ShellsCreated, starts, fe.cluster.runCount(opSnapshot), d.RequestsByAction)
			if got := fe.cluster.runCount(opSnapshot); got != 1 {
				t.Errorf("snapshot runs = %d, want 1", got)
			}
			if starts > 3 || d.HTTPRequests > 40 {
				t.Errorf("PowerShell starts %d (max 3), HTTP requests %d (max 40)", starts, d.HTTPRequests)
			}
		})
	}
}

// The figure of issue 5 for writes: 100 concurrent adds.
func TestFakeHundredAddsStayInThePool(t *testing.T) {
	fe := startFake(t, nil)
	cfg := fe.config()
	c := newTestClient(t, cfg)
	before := fe.ep.Server.Counters().Snapshot()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	peakShells := 0
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			peakShells = max(peakShells, fe.ep.Server.OpenShells())
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}()
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Test\K%03d`, i)); err != nil {
				mu.Lock()
				failures = append(failures, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	_ = c.Close()
	for _, err := range failures {
		t.Error(err)
	}
	d := fe.ep.Server.Counters().Snapshot().Sub(before)
	starts := fe.cluster.starts.Load()
	t.Logf("100 concurrent adds: %d HTTP requests, %d shells, %d PowerShell starts, peak open shells %d", d.HTTPRequests, d.ShellsCreated, starts, peakShells)
	if got := len(fe.cluster.saCheckpoints()); got != 100 {
		t.Errorf("checkpoints = %d, want 100", got)
	}
	if starts > 10 {
		t.Errorf("PowerShell starts = %d, want at most 10", starts)
	}
	if peakShells > DefaultMaxShells {
		t.Errorf("peak open shells = %d, want at most %d", peakShells, DefaultMaxShells)
	}
	if open := fe.ep.Server.OpenShells(); open != 0 {
		t.Errorf("open shells after Close = %d, want 0 (leaked)", open)
	}
}

func TestFakeOneShotStartsPowerShellPerOperation(t *testing.T) {
	fe := startFake(t, nil)
	cfg := fe.config()
	cfg.OneShot = true
	c := newTestClient(t, cfg)
	ctx := context.Background()
	before := fe.ep.Server.Counters().Snapshot()
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	cps, err := c.ListCheckpoints(ctx, "", sa)
	if err != nil || len(cps) != 1 {
		t.Fatalf("ListCheckpoints = %q, %v", cps, err)
	}
	d := fe.ep.Server.Counters().Snapshot().Sub(before)
	if starts := fe.cluster.starts.Load(); starts != 2 || d.ShellsCreated != 2 {
		t.Errorf("one-shot: %d starts, %d shells; want 2 and 2", starts, d.ShellsCreated)
	}
	if open := fe.ep.Server.OpenShells(); open != 0 {
		t.Errorf("open shells = %d, want 0", open)
	}
}

// A shell deleted under us (idle timeout, service restart): the next read runs on a fresh
// session.
func TestFakeSessionLostIsReplaced(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()
	if _, err := c.ClusterName(ctx, ""); err != nil {
		t.Fatal(err)
	}
	fe.ep.Server.CloseAllShells()
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatalf("write after the shells were deleted: %v", err)
	}
	if got := fe.cluster.saCheckpoints(); len(got) != 1 {
		t.Fatalf("checkpoints = %q, want one", got)
	}
	if starts := fe.cluster.starts.Load(); starts != 2 {
		t.Errorf("PowerShell starts = %d, want 2 (the lost one and its replacement)", starts)
	}
}

// A PowerShell that dies in the middle of an add that did land: the client re-reads and
// does not add twice.
func TestFakeWriteOutcomeUnknownIsCheckedNotRepeated(t *testing.T) {
	fe := startFake(t, nil)
	crashed := false
	fe.cluster.before = func(op string, in scriptInput) bool {
		if op == opAdd && !crashed {
			crashed = true
			// The add lands, then the process dies before answering.
			fe.cluster.answer(op, in)
			return false
		}
		return true
	}
	c := newTestClient(t, fe.config())
	if err := c.AddCheckpoint(context.Background(), "", sa, bkKey); err != nil {
		t.Fatalf("add: %v", err)
	}
	if got := fe.cluster.saCheckpoints(); len(got) != 1 {
		t.Fatalf("checkpoints = %q, want exactly one", got)
	}
	if n := fe.cluster.runCount(opAdd); n != 1 {
		t.Errorf("add ran %d times, want 1 (no blind retry)", n)
	}
}

func TestFakeWrongPasswordIsAuthError(t *testing.T) {
	fe := startFake(t, nil)
	for _, auth := range []string{AuthNTLM, AuthBasic} {
		cfg := fe.config()
		cfg.Auth = auth
		cfg.Password = "wrong"
		c := newTestClient(t, cfg)
		_, err := c.ClusterName(context.Background(), "")
		if !errors.Is(err, ErrAuth) {
			t.Fatalf("%s: err = %v, want auth_failed", auth, err)
		}
		if !strings.Contains(err.Error(), "username") {
			t.Errorf("%s: message does not say what to check: %v", auth, err)
		}
	}
}

// Every refused logon counts towards the account's lockout threshold: after the first 401 a
// client sends the credentials no more, whatever the number of operations.
func TestFakeRefusedCredentialsAreNotTriedAgain(t *testing.T) {
	for _, auth := range []string{AuthNTLM, AuthBasic} {
		t.Run(auth, func(t *testing.T) {
			fe := startFake(t, nil)
			cfg := fe.config()
			cfg.Auth = auth
			cfg.Password = "wrong"
			c := newTestClient(t, cfg)
			ctx := context.Background()
			for i := 0; i < 20; i++ {
				if _, _, err := c.FindCheckpoint(ctx, "", sa, fmt.Sprintf(`SOFTWARE\K%d`, i)); !errors.Is(err, ErrAuth) {
					t.Fatalf("read %d: %v, want auth_failed", i, err)
				}
			}
			runAll(t, 20, func(i int) error {
				err := c.AddCheckpoint(ctx, "", sa, fmt.Sprintf(`SOFTWARE\K%d`, i))
				if !errors.Is(err, ErrAuth) {
					return fmt.Errorf("add %d: %v, want auth_failed", i, err)
				}
				return nil
			})
			if n := fe.ep.Server.Counters().AuthFailures.Load(); n != 1 {
				t.Errorf("the server saw %d refused logons for 40 operations, want 1", n)
			}
			_, err := c.ClusterName(ctx, "")
			if err == nil || !strings.Contains(err.Error(), "no further logon") || !strings.Contains(err.Error(), "username") {
				t.Errorf("a later operation's error does not say why nothing was sent: %v", err)
			}
		})
	}
}

// Warm starts one session ahead of the first operation, which waits for it rather than
// start a second; with wrong credentials it costs no extra refused logon.
func TestFakeWarm(t *testing.T) {
	// Slow requests: the read comes while the warm session is still starting.
	fe := startFake(t, func(c *wsman.Config) { c.Latency = 50 * time.Millisecond })
	c := newTestClient(t, fe.config())
	c.Warm()
	c.Warm() // a second call while the first is under way starts nothing more
	if _, _, err := c.FindCheckpoint(context.Background(), "", sa, regkey.Default); err != nil {
		t.Fatal(err)
	}
	if got := c.Stats().PowerShellStarts; got != 1 {
		t.Errorf("PowerShell starts after Warm and one read = %d, want 1", got)
	}
	c.Warm() // a session exists: nothing to do
	if got := c.Stats().PowerShellStarts; got != 1 {
		t.Errorf("PowerShell starts after a Warm with a session idle = %d, want 1", got)
	}

	cfg := fe.config()
	cfg.Password = "wrong"
	bad := newTestClient(t, cfg)
	before := fe.ep.Server.Counters().AuthFailures.Load()
	bad.Warm()
	if _, _, err := bad.FindCheckpoint(context.Background(), "", sa, regkey.Default); !errors.Is(err, ErrAuth) {
		t.Fatalf("read after a Warm with a wrong password = %v, want auth_failed", err)
	}
	if n := fe.ep.Server.Counters().AuthFailures.Load() - before; n != 1 {
		t.Errorf("Warm and a read with a wrong password made %d refused logons, want 1", n)
	}

	// A Close while the warm session is starting waits for it and deletes its shell: the
	// provider process exits right after.
	for _, delay := range []time.Duration{0, 20 * time.Millisecond, 60 * time.Millisecond, 120 * time.Millisecond} {
		quick := newTestClient(t, fe.config())
		quick.Warm()
		time.Sleep(delay)
		_ = quick.Close()
		if open := fe.ep.Server.Counters().ShellsOpen.Load(); open != 1 { // the first client's session
			t.Errorf("Close %s after Warm: %d shells open on the server, want 1 (the other client's)", delay, open)
		}
	}

	closed := newTestClient(t, fe.config())
	_ = closed.Close()
	closed.Warm() // a closed client starts nothing
	closed.pool.mu.Lock()
	began := closed.pool.warming || closed.pool.warmDone != nil
	closed.pool.mu.Unlock()
	if began {
		t.Error("Warm on a closed client began to start a session")
	}
}

func TestFakeShellQuotaIsQuotaError(t *testing.T) {
	fe := startFake(t, nil)
	fe.ep.Server.Faults().FillShellQuota(true)
	cfg := fe.config()
	cfg.Timeout = 3 * time.Second
	c := newTestClient(t, cfg)
	start := time.Now()
	_, err := c.ClusterName(context.Background(), "")
	if !errors.Is(err, ErrQuota) {
		t.Fatalf("err = %v, want quota_exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %s, beyond the timeout", d)
	}
	// The quota frees up: the same client works.
	fe.ep.Server.Faults().FillShellQuota(false)
	if _, err := c.ClusterName(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
}

func TestFakeTransientFaultsAreRetried(t *testing.T) {
	fe := startFake(t, nil)
	fe.ep.Server.Faults().DropConnections(1, "Create")
	fe.ep.Server.Faults().FailWith(1, "Command", 2150859174, "The WS-Management service cannot process the request. This user has exceeded the maximum number of concurrent operations.")
	c := newTestClient(t, fe.config())
	if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
		t.Fatalf("read through a dropped connection and a quota fault: %v", err)
	}
}

func TestFakeTimeoutIsTimeoutError(t *testing.T) {
	fe := startFake(t, nil)
	fe.cluster.before = func(op string, in scriptInput) bool {
		time.Sleep(3 * time.Second)
		return true
	}
	cfg := fe.config()
	cfg.Timeout = time.Second
	c := newTestClient(t, cfg)
	start := time.Now()
	_, err := c.ClusterName(context.Background(), "")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want timeout", err)
	}
	if d := time.Since(start); d > 4*time.Second { // the fake answers after 3s per attempt
		t.Errorf("returned after %s, want about the 1s timeout", d)
	}
}

// The password never appears in the logs, even at TRACE, even on failures.
func TestFakePasswordNeverLogged(t *testing.T) {
	fe := startFake(t, nil)
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: &lockedBuffer{b: &buf, mu: &mu}})
	for _, auth := range []string{AuthNTLM, AuthBasic} {
		for _, pw := range []string{fakePassword, "Wrong-" + fakePassword} {
			cfg := fe.config()
			cfg.Auth = auth
			cfg.Password = pw
			cfg.Logger = logger
			c := newTestClient(t, cfg)
			_, _ = c.ListCheckpoints(context.Background(), "", sa)
			_ = c.AddCheckpoint(context.Background(), "", sa, bkKey)
			_ = c.Close()
		}
	}
	mu.Lock()
	defer mu.Unlock()
	out := buf.String()
	if !strings.Contains(out, "winrm request") || !strings.Contains(out, "script run") {
		t.Fatalf("the log does not show the WinRM operations:\n%s", out)
	}
	if strings.Contains(out, fakePassword) {
		t.Fatal("the password appears in the log")
	}
	if strings.Contains(out, "Authorization") {
		t.Fatal("an Authorization header appears in the log")
	}
}

type lockedBuffer struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// Names and keys with every quoting hazard arrive byte for byte.
func TestFakeInputArrivesAsData(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	for _, key := range hostileStrings() {
		_ = c.AddCheckpoint(context.Background(), "", sa, key)
		fe.cluster.mu.Lock()
		got := fe.cluster.lastInput.Key
		fe.cluster.mu.Unlock()
		if got != key {
			t.Errorf("key %q arrived as %q", key, got)
		}
	}
}

func hostileStrings() []string {
	return []string{
		`SOFTWARE\It's`, `SOFTWARE\"q"`, "SOFTWARE\\`$(calc)", `SOFTWARE\$(Remove-Item C:\ -Recurse)`,
		`SOFTWARE\a;b|c&d`, "SOFTWARE\\line\r\nbreak", "SOFTWARE\\\u2018x\u2019\u201a\u201b", "SOFTWARE\\nul\x00byte",
		"SOFTWARE\\" + strings.Repeat("k", 4096), `SOFTWARE\'; exit; '`, `SOFTWARE\}finally{'x'}`,
	}
}

// Faults the wsman server injects on Receive of an established session.
func TestFakeDroppedReceiveLosesTheSessionNotTheRead(t *testing.T) {
	fe := startFake(t, func(c *wsman.Config) {})
	c := newTestClient(t, fe.config())
	if _, err := c.ClusterName(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	fe.ep.Server.Faults().DropConnections(1, "Receive")
	if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
		t.Fatalf("read: %v", err)
	}
}

// NTLM over plain HTTP with WinRM message encryption, against a server that refuses
// unencrypted messages (Windows' default AllowUnencrypted=false), under concurrency.
func TestFakeNTLMMessageEncryption(t *testing.T) {
	fe := startFake(t, func(c *wsman.Config) { c.AllowUnencrypted = false })
	cfg := fe.config()
	cfg.NTLMWithoutEncryption = false
	c := newTestClient(t, cfg)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Enc\K%d`, i)); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	cps, err := c.ListCheckpoints(context.Background(), "", sa)
	if err != nil || len(cps) != 20 {
		t.Fatalf("ListCheckpoints = %d, %v", len(cps), err)
	}
	// The same server refuses plain NTLM without encryption.
	plain := fe.config()
	pc := newTestClient(t, plain)
	if _, err := pc.ClusterName(context.Background(), ""); !errors.Is(err, ErrAuth) {
		t.Fatalf("unencrypted NTLM to a server with AllowUnencrypted=false: %v, want auth_failed", err)
	}
}

// Shells left by earlier processes fill the user's quota: the pool works with the session
// it has instead of failing.
func TestFakePoolShrinksOnShellQuota(t *testing.T) {
	fe := startFake(t, func(c *wsman.Config) { c.MaxShellsPerUser = 1 })
	c := newTestClient(t, fe.config())
	runAll(t, 30, func(i int) error {
		return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Q\K%d`, i))
	})
	if got := len(fe.cluster.saCheckpoints()); got != 30 {
		t.Fatalf("checkpoints = %d, want 30", got)
	}
}

func runAll(t *testing.T, n int, fn func(i int) error) {
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

func TestCloseAllClosesOpenClients(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	if _, err := c.ClusterName(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if fe.ep.Server.OpenShells() != 1 {
		t.Fatalf("open shells = %d, want 1", fe.ep.Server.OpenShells())
	}
	CloseAll()
	if n := fe.ep.Server.OpenShells(); n != 0 {
		t.Fatalf("open shells after CloseAll = %d", n)
	}
	if _, err := c.ClusterName(context.Background(), "x"); err == nil {
		t.Fatal("a closed client still works")
	}
}

// The provider resolves "" to the cluster's name and then reads by name (or not): one
// snapshot serves both spellings, and a write under one spelling drops both.
func TestFakeSnapshotSharedAcrossSpellings(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()
	for _, cl := range []string{"", "EXCLUSTER", "excluster", ""} {
		if _, err := c.ListCheckpoints(ctx, cl, sa); err != nil {
			t.Fatal(err)
		}
	}
	if n := fe.cluster.runCount(opSnapshot); n != 1 {
		t.Fatalf("snapshot runs = %d, want 1", n)
	}
	if err := c.AddCheckpoint(ctx, "excluster", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	for _, cl := range []string{"", "EXCLUSTER"} {
		cps, err := c.ListCheckpoints(ctx, cl, sa)
		if err != nil || len(cps) != 1 {
			t.Fatalf("read %q after write = %q, %v", cl, cps, err)
		}
	}
}

// Terraform's create reads, then adds: 100 of them cost one snapshot, and reads after the
// writes see every one of them.
func TestFakeCreatesReuseTheSnapshot(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()
	runAll(t, 100, func(i int) error {
		if _, err := c.ListCheckpoints(ctx, "", sa); err != nil {
			return err
		}
		return c.AddCheckpoint(ctx, "", sa, fmt.Sprintf(`SOFTWARE\Create\K%03d`, i))
	})
	if n := fe.cluster.runCount(opSnapshot); n > 2 {
		t.Errorf("snapshot runs = %d, want 1 (or 2 if one was in flight during a write)", n)
	}
	cps, err := c.ListCheckpoints(ctx, "EXCLUSTER", sa)
	if err != nil || len(cps) != 100 {
		t.Fatalf("read after 100 writes: %d checkpoints, %v", len(cps), err)
	}
	// Removes apply too, whatever the case of the key.
	if err := c.RemoveCheckpoint(ctx, "", sa, `software\create\k007`); err != nil {
		t.Fatal(err)
	}
	cps, _ = c.ListCheckpoints(ctx, "", sa)
	for _, cp := range cps {
		if strings.EqualFold(cp, `SOFTWARE\Create\K007`) {
			t.Fatal("the removed key is still listed")
		}
	}
	if len(cps) != 99 {
		t.Fatalf("%d checkpoints after the remove, want 99", len(cps))
	}
}

// FindCheckpoint looks keys up by meaning in the snapshot's index, sees this process's
// writes at once, and costs one snapshot for any number of lookups.
func TestFakeFindCheckpoint(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if err := c.AddCheckpoint(ctx, "", sa, fmt.Sprintf(`SOFTWARE\Find\K%03d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	c = newTestClient(t, fe.config()) // a new process: its first read takes a snapshot
	before := fe.cluster.runCount(opSnapshot)
	cases := []struct {
		key, want string
		found     bool
	}{
		{key: `SOFTWARE\Find\K007`, want: `SOFTWARE\Find\K007`, found: true},
		{key: `hklm:\software\find\k007\`, want: `SOFTWARE\Find\K007`, found: true},
		{key: "SOFTWARE\\Find\\\u212A049", want: `SOFTWARE\Find\K049`, found: true}, // Kelvin sign
		{key: `SOFTWARE\Find\K050`},
		{key: `SOFTWARE\Find`},
		{key: `HKCU\SOFTWARE\Find\K007`}, // another hive names no checkpoint
		{key: ``},
	}
	for _, tc := range cases {
		got, found, err := c.FindCheckpoint(ctx, "", sa, tc.key)
		if err != nil || found != tc.found || got != tc.want {
			t.Errorf("FindCheckpoint(%q) = %q, %v, %v; want %q, %v", tc.key, got, found, err, tc.want, tc.found)
		}
	}
	if n := fe.cluster.runCount(opSnapshot) - before; n != 1 {
		t.Errorf("snapshot runs for %d lookups = %d, want 1", len(cases), n)
	}

	// Read after write, both ways.
	if err := c.AddCheckpoint(ctx, "", sa, `SOFTWARE\Find\New`); err != nil {
		t.Fatal(err)
	}
	if got, found, err := c.FindCheckpoint(ctx, "", sa, `software\find\new`); err != nil || !found || got != `SOFTWARE\Find\New` {
		t.Errorf("after the add: %q, %v, %v", got, found, err)
	}
	if err := c.RemoveCheckpoint(ctx, "", sa, `SOFTWARE\Find\K007`); err != nil {
		t.Fatal(err)
	}
	if got, found, err := c.FindCheckpoint(ctx, "", sa, `SOFTWARE\Find\K007`); err != nil || found {
		t.Errorf("after the remove: %q, %v, %v", got, found, err)
	}
	if n := fe.cluster.runCount(opSnapshot) - before; n != 1 {
		t.Errorf("snapshot runs = %d after writes, want still 1: writes patch the snapshot", n)
	}
	// The lookups above went through the index, not the fallback scan.
	snap, err := c.snapshot(ctx, "test", "", sa)
	if err != nil {
		t.Fatal(err)
	}
	if row, err := snap.row("test", sa); err != nil || row.ids == nil || len(row.ids) != 50 {
		t.Errorf("the snapshot's row is not indexed: %v", err)
	}
	if _, _, err := c.FindCheckpoint(ctx, "", "No Such Resource", regkey.Default); !errors.Is(err, ErrResourceNotFound) {
		t.Errorf("FindCheckpoint on a missing resource = %v, want ErrResourceNotFound", err)
	}
}

func TestPatchSnapshot(t *testing.T) {
	d := &clusterData{Cluster: "C", Resources: rowList{{Name: "R", Checkpoints: stringList{"A", "B"}}}}
	p, ok := patchSnapshot(d, "r", "c", true)
	if !ok || strings.Join(p.Resources[0].Checkpoints, ",") != "A,B,c" {
		t.Fatalf("add: %+v", p)
	}
	if id, _ := regkey.Identity("C"); p.Resources[0].ids[id] != "c" {
		t.Fatalf("the patched row's index lacks the added key: %q", p.Resources[0].ids)
	}
	if strings.Join(d.Resources[0].Checkpoints, ",") != "A,B" {
		t.Fatal("the original snapshot changed")
	}
	p, _ = patchSnapshot(d, "R", "a", true)
	if strings.Join(p.Resources[0].Checkpoints, ",") != "A,B" {
		t.Fatalf("add of a present key (other case): %q", p.Resources[0].Checkpoints)
	}
	p, _ = patchSnapshot(d, "R", "b", false)
	if strings.Join(p.Resources[0].Checkpoints, ",") != "A" {
		t.Fatalf("remove: %q", p.Resources[0].Checkpoints)
	}
	if _, ok := patchSnapshot(d, "X", "a", true); ok {
		t.Fatal("patched a missing resource")
	}
}

// A read whose caller gives up (terraform interrupted) returns at once, and the shared run
// stops when nobody waits for it any more; the client still works afterwards.
func TestFakeAbandonedReadStops(t *testing.T) {
	fe := startFake(t, nil)
	var slow atomic.Bool
	slow.Store(true)
	fe.cluster.before = func(op string, in scriptInput) bool {
		if slow.Load() {
			time.Sleep(2 * time.Second)
		}
		return true
	}
	c := newTestClient(t, fe.config())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListCheckpoints(ctx, "", sa)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want timeout", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("the caller waited %s after its context ended", d)
	}
	slow.Store(false)
	if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
		t.Fatalf("read after an abandoned one: %v", err)
	}
}

// The pool never holds more sessions than MaxShells, whatever the concurrency.
func TestFakePoolBounds(t *testing.T) {
	for _, maxShells := range []int{1, 3} {
		t.Run(fmt.Sprint(maxShells), func(t *testing.T) {
			fe := startFake(t, nil)
			cfg := fe.config()
			cfg.MaxShells = maxShells
			c := newTestClient(t, cfg)
			runAll(t, 60, func(i int) error {
				return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\B\K%d`, i))
			})
			alive, peak := c.pool.stats()
			if peak != maxShells || alive > maxShells {
				t.Fatalf("peak sessions %d, alive %d; want the pool to reach and keep %d", peak, alive, maxShells)
			}
		})
	}
}
