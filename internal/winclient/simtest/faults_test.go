package simtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// Each row injects one fault on the simulator's first node, runs one operation, and checks
// that it completed through retries or failed with the expected kind, that the cluster holds
// what it should (no checkpoint lost or duplicated), and that no shell is left open.
func TestSimFaults(t *testing.T) {
	cases := []struct {
		name    string
		inject  func(f *wsman.Faults)
		op      string // "read", "add" or "remove"
		timeout time.Duration
		want    winclient.Kind // "" when the operation must succeed
		undo    func(f *wsman.Faults)
	}{
		{name: "connection reset on Create", inject: func(f *wsman.Faults) { f.DropConnections(1, act("Create", false)) }, op: "read"},
		{name: "connection reset on the add's Send", inject: func(f *wsman.Faults) { f.DropConnections(1, act("Send", true)) }, op: "add"},
		{name: "connection reset on the remove's Send", inject: func(f *wsman.Faults) { f.DropConnections(1, act("Send", true)) }, op: "remove"},
		{name: "connection reset on Receive", inject: func(f *wsman.Faults) { f.DropConnections(1, act("Receive", true)) }, op: "add"},
		{name: "HTTP 500 fault on Command", inject: func(f *wsman.Faults) { f.FailWith(1, act("Command", false), 2147943418, "The service is busy.") }, op: "read"},
		{name: "shell deleted under us", inject: func(f *wsman.Faults) {
			f.FailWith(1, act("Receive", false), 2150858843, "The request for the Windows Remote Shell with ShellId xxxx failed because the shell was not found on the server.")
		}, op: "read"},
		{name: "operations quota once", inject: func(f *wsman.Faults) {
			f.FailWith(2, act("Create", false), 2150859174, "The WS-Management service cannot process the request. This user has exceeded the maximum number of concurrent operations.")
		}, op: "add"},
		{name: "shell quota full", inject: func(f *wsman.Faults) { f.FillShellQuota(true) }, op: "read", timeout: 3 * time.Second, want: winclient.KindQuota,
			undo: func(f *wsman.Faults) { f.FillShellQuota(false) }},
		{name: "answer slower than the timeout", inject: func(f *wsman.Faults) { f.Delay(20, 3*time.Second) }, op: "read", timeout: 2 * time.Second, want: winclient.KindTimeout},
		{name: "401 after a password change", inject: func(f *wsman.Faults) { f.RefuseAuth(100) }, op: "add", want: winclient.KindAuth},
	}
	for _, tc := range cases {
		if tc.name == "shell quota full" && overWMI() {
			tc.want = "" // WMI opens no shell: a full shell quota does not stop it
		}
		t.Run(tc.name, func(t *testing.T) {
			s := startSim(t, nil)
			cfg := configFor(t, s)
			if tc.timeout > 0 {
				cfg.Timeout = tc.timeout
			}
			c := newClient(t, cfg)
			if tc.op == "remove" {
				if _, err := s.Cluster().AddCheckpoint(sa, bkKey); err != nil {
					t.Fatal(err)
				}
			}
			faults := s.Faults(s.Nodes()[0])
			tc.inject(faults)
			start := time.Now()
			var err error
			switch tc.op {
			case "read":
				_, err = c.ListCheckpoints(context.Background(), "", sa)
			case "add":
				err = c.AddCheckpoint(context.Background(), "", sa, bkKey)
			case "remove":
				err = c.RemoveCheckpoint(context.Background(), "", sa, bkKey)
			}
			elapsed := time.Since(start)
			if tc.undo != nil {
				tc.undo(faults)
			}
			faults.Clear()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("%s through %s: %v", tc.op, tc.name, err)
				}
			} else {
				var e *winclient.Error
				if !errors.As(err, &e) || e.Kind != tc.want {
					t.Fatalf("err = %v, want kind %s", err, tc.want)
				}
				if tc.timeout > 0 && elapsed > tc.timeout+4*time.Second { // margin for a loaded machine
					t.Errorf("gave up after %s, timeout %s", elapsed, tc.timeout)
				}
			}
			keys := modelKeys(t, s)
			switch {
			case tc.op == "add" && tc.want == "" && (len(keys) != 1 || keys[0] != bkKey):
				t.Errorf("after the add the cluster holds %q, want exactly the key once", keys)
			case tc.op == "add" && tc.want != "" && len(keys) != 0:
				t.Errorf("a failed add left %q", keys)
			case tc.op == "remove" && len(keys) != 0:
				t.Errorf("after the remove the cluster holds %q", keys)
			}
			_ = c.Close()
			waitNoShells(t, s)
		})
	}
}

// waitNoShells checks that the client left no shell behind (deletes are sent at Close; a
// shell whose connection was cut may need the server's own clean-up, so give it a moment).
func waitNoShells(t *testing.T, s *clustersim.Sim) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().ShellsOpen != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := s.Stats().ShellsOpen; n != 0 {
		t.Errorf("%d shells left open on the server", n)
	}
}

// A failover between reads: a new client (the next plan) sees the new owner; the checkpoint
// follows the resource.
func TestSimFailoverBetweenPlans(t *testing.T) {
	s := startSim(t, nil)
	ctx := context.Background()
	c := newClient(t, configFor(t, s))
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	r1, err := c.GetResource(ctx, "", sa)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	var target string
	for _, n := range s.Nodes() {
		if !strings.EqualFold(n, r1.OwnerNode) {
			target = n
		}
	}
	if _, err := s.Cluster().MoveGroup(r1.OwnerGroup, target); err != nil {
		t.Fatal(err)
	}
	c2 := newClient(t, configFor(t, s))
	r2, err := c2.GetResource(ctx, "", sa)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(r2.OwnerNode, target) || len(r2.RegistryCheckpoints) != 1 {
		t.Fatalf("after failover to %s: %+v", target, r2)
	}
}
