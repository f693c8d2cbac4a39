package provider

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// TestAccFaults is issue 6's "Faults" item at the Terraform level, one subtest per row, each
// through real terraform commands and provider processes. After every command the simulator
// must hold no shell; after every row the state and the cluster must both hold exactly the
// declared checkpoints, each once.
func TestAccFaults(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	const n = 3
	want := wantKeys("Faults", n)

	// setUp applies n checkpoints without faults.
	setUp := func(t *testing.T, tweak func(*clustersim.Options)) *cliRig {
		r := newCLIRig(t, bin, tweak)
		r.write(countedCheckpointsHCL("Faults", n))
		r.mustTF("apply", "-input=false", "-auto-approve")
		r.expectState(want)
		return r
	}

	t.Run("connection reset during apply and refresh", func(t *testing.T) {
		r := newCLIRig(t, bin, nil)
		r.write(countedCheckpointsHCL("Faults", n))
		r.mustTF("plan", "-input=false", "-out=tfplan")
		// The apply of the saved plan is the first to reach Windows: reset its first
		// requests midway (read, not executed) and the answer of a write.
		f := r.faults()
		f.DropConnections(1, faultAction("Send"))
		f.DropConnections(1, faultAction("Receive"))
		f.DropConnections(1, faultAction("Send"))
		// The provider's debug log shows the retries.
		r.env = []string{"TF_LOG_PROVIDER=DEBUG"}
		out, code := r.tf("apply", "-input=false", "tfplan")
		t.Logf("apply through 3 resets: exit %d, %d retries", code, strings.Count(out, "retrying"))
		if code != 0 {
			expectDiagnostic(t, out, "WinRM")
			r.mustTF("apply", "-input=false", "-auto-approve")
		} else if !strings.Contains(out, "retrying") {
			t.Fatalf("no retry in the provider's log: did a reset reach the apply?\n%s", out)
		}
		r.expectState(want)
		// The same during a refresh.
		f.DropConnections(1, faultAction("Send"))
		f.DropConnections(1, faultAction("Receive"))
		out, code = r.tf("apply", "-input=false", "-refresh-only", "-auto-approve")
		t.Logf("refresh through 2 resets: exit %d, %d retries", code, strings.Count(out, "retrying"))
		if code != 0 {
			expectDiagnostic(t, out, "WinRM")
		} else if !strings.Contains(out, "retrying") {
			t.Fatalf("no retry in the provider's log: did a reset reach the refresh?\n%s", out)
		}
		r.env = nil
		f.Clear()
		r.expectState(want)
		r.expectEmptyPlan()
	})

	t.Run("HTTP 500 with a WSMan fault during refresh", func(t *testing.T) {
		r := setUp(t, nil)
		r.timeout = "5s"
		r.write(countedCheckpointsHCL("Faults", n))
		// Every request fails until cleared: the retries cannot get through.
		r.faults().FailWith(1<<20, "", 2147943418, "The service is busy and cannot take the request.")
		start := time.Now()
		out, code := r.tf("apply", "-input=false", "-refresh-only", "-auto-approve")
		t.Logf("refresh failed in %s", time.Since(start).Round(time.Millisecond))
		if code == 0 {
			t.Fatalf("the refresh succeeded through HTTP 500s:\n%s", out)
		}
		expectDiagnostic(t, out, "The WinRM service refused the request while reading the checkpoints", "The service is busy", "run the command again")
		r.faults().Clear()
		r.expectState(want) // still in state, still on the cluster
		r.expectEmptyPlan()
	})

	t.Run("shell quota full during plan", func(t *testing.T) {
		r := setUp(t, nil)
		r.timeout = "5s"
		r.write(countedCheckpointsHCL("Faults", n))
		// A new provider process has no session open: every Create gets the quota fault.
		r.faults().FillShellQuota(true)
		out, code := r.tf("plan", "-input=false")
		if code == 0 {
			t.Logf("the plan got through a full shell quota")
		} else {
			t.Logf("a full shell quota: a diagnostic naming MaxShellsPerUser")
			expectDiagnostic(t, out, "quota", "MaxShellsPerUser", "-parallelism")
		}
		r.faults().Clear()
		r.expectState(want)
		r.expectEmptyPlan()
	})

	t.Run("answer slower than the timeout", func(t *testing.T) {
		r := setUp(t, nil)
		r.timeout = "2s"
		r.write(countedCheckpointsHCL("Faults", n))
		r.faults().Delay(1<<20, 5*time.Second)
		start := time.Now()
		out, code := r.tf("plan", "-input=false")
		elapsed := time.Since(start)
		r.faults().Clear()
		t.Logf("plan against answers 5s late with timeout 2s ended in %s", elapsed.Round(time.Millisecond))
		if code == 0 {
			t.Fatalf("the plan succeeded although every answer came after the timeout:\n%s", out)
		}
		expectDiagnostic(t, out, "timed out", "raise `timeout`")
		// Bounded by the timeout (plus terraform's own start and stop): each NTLM
		// handshake leg late by 5s once held the plan for 15s.
		if elapsed > 8*time.Second {
			t.Fatalf("the plan took %s with a 2s timeout", elapsed)
		}
		r.expectState(want)
		r.expectEmptyPlan()
	})

	t.Run("401 after a password change", func(t *testing.T) {
		r := setUp(t, nil)
		// Many checkpoints, each read by the plan: yet one refused logon per command, as
		// every refused logon counts towards the account's lockout threshold.
		const many = 30
		r.write(countedCheckpointsHCL("Faults", many))
		r.mustTF("apply", "-input=false", "-auto-approve")
		r.setServerPassword("Changed-" + accPassword)
		for _, args := range [][]string{{"plan", "-input=false"}, {"apply", "-input=false", "-auto-approve"}} {
			out, code := r.tf(args...)
			if code == 0 {
				t.Fatalf("terraform %s succeeded while every logon is refused:\n%s", args[0], out)
			}
			expectDiagnostic(t, out, "authentication failed", "password changed")
		}
		if refused := r.current().Stats().AuthFailures; refused > 2 {
			t.Errorf("two terraform commands over %d checkpoints made %d refused logons, want at most 2", many, refused)
		}
		r.setServerPassword(accPassword)
		r.expectState(wantKeys("Faults", many)) // nothing removed from state or from the cluster
		r.expectEmptyPlan()
	})

	t.Run("shells deleted under us", func(t *testing.T) {
		// The WinRM service restarts in the middle of an apply, in one provider process:
		// every shell is gone, the connections in flight are reset.
		const many = 12
		// No latency model: the simulator's Close answers requests waiting in it with an
		// empty HTTP 200, which no WinRM service sends (a restart resets connections).
		r := newCLIRig(t, bin, nil)
		r.write(countedCheckpointsHCL("Faults", many))
		var once sync.Once
		restarted := make(chan struct{})
		stop := make(chan struct{})
		go func() {
			defer once.Do(func() { close(restarted) })
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				if k := len(r.clusterKeys()); k >= 3 {
					r.restart()
					t.Logf("WinRM restarted with %d of %d checkpoints applied", k, many)
					return
				}
			}
		}()
		r.env = []string{"TF_LOG_PROVIDER=DEBUG"}
		out, code := r.tf("apply", "-input=false", "-auto-approve", "-parallelism=2")
		close(stop)
		<-restarted
		if code != 0 {
			t.Fatalf("the apply did not survive a restart of WinRM:\n%s", out)
		}
		if !strings.Contains(out, "Apply complete!") {
			t.Fatalf("no apply:\n%s", out)
		}
		lost, retries := strings.Count(out, "session lost"), strings.Count(out, "retrying")
		t.Logf("the provider lost %d PowerShell session(s) and retried %d time(s)", lost, retries)
		if lost == 0 && !overWMI() { // over WMI there is no session to lose
			t.Fatalf("the restart did not reach the provider's sessions:\n%s", out)
		}
		r.expectState(wantKeys("Faults", many))
		r.expectEmptyPlan()
	})

	t.Run("failover between plan and apply", func(t *testing.T) {
		r := setUp(t, nil)
		r.write(countedCheckpointsHCL("Faults", n+2))
		r.mustTF("plan", "-input=false", "-out=tfplan")
		c := r.current().Cluster()
		before, err := c.Group(cluster.DefaultExchangeGroup)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.MoveGroup(cluster.DefaultExchangeGroup, ""); err != nil {
			t.Fatalf("failover: %v", err)
		}
		if after, _ := c.Group(cluster.DefaultExchangeGroup); after.OwnerNode == before.OwnerNode {
			t.Fatalf("the failover left the group on %s", before.OwnerNode)
		}
		r.mustTF("apply", "-input=false", "tfplan")
		r.expectState(wantKeys("Faults", n+2))
		r.expectEmptyPlan()
	})
}
