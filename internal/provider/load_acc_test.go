package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
)

// TestAccLoadUnderLowQuotas applies 300 checkpoints with -parallelism=50 against
// MaxShellsPerUser=5 and MaxConcurrentOperationsPerUser=3: everything lands once and no
// quota error reaches the user.
func TestAccLoadUnderLowQuotas(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	const n = 300
	r := newCLIRig(t, bin, func(o *clustersim.Options) {
		o.MaxShellsPerUser = 5
		o.MaxConcurrentOperationsPerUser = 3
		o.Latency = time.Millisecond
	})
	r.timeout = "60s"
	r.write(countedCheckpointsHCL("Load", n))
	before := r.current().Stats()
	start := time.Now()
	out := r.mustTF("apply", "-input=false", "-auto-approve", "-parallelism=50")
	wall := time.Since(start)
	d := r.current().Stats().Sub(before)
	t.Logf("apply of %d checkpoints, -parallelism=50, MaxShellsPerUser 5, MaxConcurrentOperationsPerUser 3: %s, %d HTTP requests, %d shells, %d PowerShell starts",
		n, wall.Round(time.Millisecond), d.HTTPRequests, d.ShellsCreated, d.PowerShellStarts)
	for _, word := range []string{"quota", "MaxShellsPerUser", "MaxConcurrentOperations"} {
		if strings.Contains(out, word) {
			t.Fatalf("%q reached the user:\n%s", word, out)
		}
	}
	r.expectState(wantKeys("Load", n))
	r.expectEmptyPlan()
}
