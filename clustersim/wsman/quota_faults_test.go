package wsman

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMaxShellsPerUser(t *testing.T) {
	ep, _, c := rawEndpoint(t, Config{MaxShellsPerUser: 2})
	first := c.createShell()
	c.createShell()
	resp := c.fault(rawReq{action: ActionCreate}, CodeMaxShells)
	for _, want := range []string{"<s:Value>w:QuotaLimit</s:Value>",
		"The WS-Management service cannot process the request. This user is allowed a maximum number of 2 concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user."} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("lacks %q: %s", want, resp.body)
		}
	}
	c.ok(rawReq{action: ActionDelete, headerExtra: shellSelector(first)}, "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse")
	c.createShell()
	if s := ep.Server.Counters().Snapshot(); s.ShellsCreated != 3 || s.ShellsOpen != 2 {
		t.Fatalf("counters %+v", s)
	}
}

// masterzen/winrm returns the body of an HTTP 500 with a nil error (its deferred rewrite of
// the error does not reach the unnamed results), so the quota shows as a shell without id
// whose commands fail.
func TestMaxShellsPerUserWithMasterzenClient(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true, MaxShellsPerUser: 2}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	first, err := c.CreateShell()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateShell(); err != nil {
		t.Fatal(err)
	}
	third, err := c.CreateShell()
	if err == nil {
		if _, err = third.ExecuteWithContext(context.Background(), "echo x"); err == nil {
			t.Fatal("a third shell ran a command with MaxShellsPerUser=2")
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	sh, err := c.CreateShell()
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := sh.ExecuteWithContext(context.Background(), "echo after delete")
	if err != nil {
		t.Fatalf("after a Delete a shell should open and run: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, cmd.Stderr) }()
	out, _ := io.ReadAll(cmd.Stdout)
	cmd.Wait()
	if string(out) != "after delete\r\n" || cmd.ExitCode() != 0 || len(m.ran) != 1 {
		t.Fatalf("stdout %q, exit %d, ran %d", out, cmd.ExitCode(), len(m.ran))
	}
}

func TestShellQuotaIsPerUser(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true, MaxShellsPerUser: 1,
		Users: map[string]string{testUser: testPassword, "other": "pw2"}}, ListenOptions{})
	create := func(user, password string) int {
		c := &rawClient{t: t, url: ep.URL, http: &http.Client{}}
		body, _ := rawReq{action: ActionCreate}.xml()
		req, _ := http.NewRequest(http.MethodPost, c.url, strings.NewReader(body))
		req.SetBasicAuth(user, password)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := create(testUser, testPassword); got != 200 {
		t.Fatalf("first shell: %d", got)
	}
	if got := create(`WIN-SIM\Other`, "pw2"); got != 200 {
		t.Fatalf("another user's first shell: %d", got)
	}
	if got := create(`.\VAGRANT`, testPassword); got != 500 {
		t.Fatalf("the same account under another spelling: %d, want the quota fault", got)
	}
}

func TestSignalTerminateWithMasterzenClient(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	sh, err := c.CreateShell()
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	cmd, err := sh.ExecuteWithContext(context.Background(), "sleep 1h")
	if err != nil {
		t.Fatal(err)
	}
	<-m.started
	if err := cmd.Close(); err != nil { // sends Signal terminate
		t.Fatal(err)
	}
	waitFor(t, func() bool { return m.cancelledCount() == 1 })
	if ep.Server.Counters().Snapshot().RequestsByAction["Signal"] == 0 {
		t.Fatal("no Signal counted")
	}
}

func TestInjectedFaults(t *testing.T) {
	ep, _, c := rawEndpoint(t, Config{})
	f := ep.Server.Faults()

	f.FailWith(1, "Create", 2147942405, "Access is denied.")
	resp := c.fault(rawReq{action: ActionCreate}, 2147942405)
	if !strings.Contains(resp.body, "Access is denied.") {
		t.Fatalf("text missing: %s", resp.body)
	}
	shellID := c.createShell() // the rule is spent

	f.FillShellQuota(true)
	c.fault(rawReq{action: ActionCreate}, CodeMaxShells)
	f.FillShellQuota(false)
	c.createShell()

	f.RefuseAuth(1)
	body, _ := rawReq{action: ActionCreate}.xml()
	r, err := c.postBytes(body)
	if err != nil || r.status != 401 {
		t.Fatalf("RefuseAuth: %d %v", r.status, err)
	}
	c.createShell()

	f.Delay(1, 250*time.Millisecond)
	start := time.Now()
	c.createShell()
	if el := time.Since(start); el < 200*time.Millisecond {
		t.Fatalf("delayed answer came after %v", el)
	}

	f.DropConnections(1, "Delete")
	c.createShell() // other actions are not dropped
	body, _ = rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}.xml()
	if _, err := c.postBytes(body); err == nil || !isConnectionDrop(err) {
		t.Fatalf("want a closed connection, got %v", err)
	}
	c.ok(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}, // not executed when dropped
		"http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse")

	f.FailWith(5, "", 1, "x")
	f.Clear()
	c.createShell()
}

func isConnectionDrop(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) ||
		strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "connection reset")
}

func TestLatencyModel(t *testing.T) {
	ep, _, c := rawEndpoint(t, Config{Latency: 120 * time.Millisecond})
	start := time.Now()
	c.createShell()
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Fatalf("answer after %v with 120ms latency", el)
	}
	ep.Server.SetLatency(0)
	start = time.Now()
	c.createShell()
	if el := time.Since(start); el > 100*time.Millisecond {
		t.Fatalf("answer after %v with latency 0", el)
	}
}

func TestFaultRulesAreSpent(t *testing.T) {
	var f Faults
	f.DropConnections(2, "Receive")
	f.FailWith(1, "", 5, "x")
	if f.takeDrop(ActionCreate) {
		t.Fatal("a Receive rule dropped a Create")
	}
	first, second, third := f.takeDrop(ActionReceive), f.takeDrop(ActionReceive), f.takeDrop(ActionReceive)
	if !first || !second || third {
		t.Fatal("DropConnections(2) did not drop exactly two")
	}
	if f.takeFail(ActionSend) == nil || f.takeFail(ActionSend) != nil {
		t.Fatal("FailWith(1) did not fail exactly one")
	}
	if len(f.drops) != 0 || len(f.fails) != 0 {
		t.Fatal("spent rules kept")
	}
}
