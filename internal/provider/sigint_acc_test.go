package provider

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
)

// TestAccSIGINTMidApply interrupts terraform (SIGINT, as Ctrl+C) while it applies 50
// checkpoints. Terraform stops, the provider exits without leaving a shell open, and the next
// apply converges to exactly the 50 declared checkpoints, each once, in the state as on the
// cluster.
func TestAccSIGINTMidApply(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	const n = 50
	// A little latency so that the apply takes a moment to interrupt.
	r := newCLIRig(t, bin, func(o *clustersim.Options) { o.Latency = 10 * time.Millisecond })
	r.write(countedCheckpointsHCL("Sigint", n))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out := r.command(ctx, "apply", "-input=false", "-auto-approve")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	interruptedAt := -1
	for interruptedAt < 0 {
		select {
		case err := <-exited:
			t.Fatalf("terraform ended (%v) before 5 checkpoints existed:\n%s", err, out)
		case <-time.After(10 * time.Millisecond):
		}
		if k := len(r.clusterKeys()); k >= 5 {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			interruptedAt = k
		}
	}
	err := <-exited
	t.Logf("SIGINT with %d of %d checkpoints on the cluster; terraform exited (%v) after %s with %d on the cluster",
		interruptedAt, n, err, time.Since(start).Round(time.Millisecond), len(r.clusterKeys()))
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out)
	}
	r.expectNoShells()
	// Every add under way at the interrupt finished and reached the state: the state and
	// the cluster agree even now. (Cut short by the cancelled context, landed adds were
	// missing from the state and the next apply refused them as not created by Terraform.)
	onCluster := r.clusterKeys()
	if err := sameCheckpointKeys(r.stateKeys()[systemAttendant], onCluster); err != nil {
		t.Fatalf("after the interrupt, the state against the cluster: %v", err)
	}

	// Whatever the interrupted apply left behind, the next one converges.
	r.mustTF("apply", "-input=false", "-auto-approve")
	r.expectState(wantKeys("Sigint", n))
	r.expectEmptyPlan()
}
