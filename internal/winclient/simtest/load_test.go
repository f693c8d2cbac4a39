package simtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
)

// Issue 6's load row at the client: 300 adds, 50 at a time (terraform -parallelism=50),
// against MaxShellsPerUser=5 and a low MaxConcurrentOperationsPerUser: everything lands
// exactly once and no quota error reaches the caller.
func TestSimLoadUnderLowQuotas(t *testing.T) {
	for _, ops := range []int{8, 3} {
		t.Run(fmt.Sprintf("max_operations_%d", ops), func(t *testing.T) {
			s := startSim(t, func(o *clustersim.Options) {
				o.MaxShellsPerUser = 5
				o.MaxConcurrentOperationsPerUser = ops
				o.Latency = time.Millisecond
			})
			c := newClient(t, configFor(t, s))
			before := s.Stats()
			sem := make(chan struct{}, 50)
			start := time.Now()
			runConcurrently(t, 300, func(i int) error {
				sem <- struct{}{}
				defer func() { <-sem }()
				return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Load\K%03d`, i))
			})
			wall := time.Since(start)
			_ = c.Close()
			d := s.Stats().Sub(before)
			t.Logf("300 adds at parallelism 50, MaxConcurrentOperationsPerUser %d: %s, %d HTTP requests, %d shells, %d PowerShell starts",
				ops, wall.Round(time.Millisecond), d.HTTPRequests, d.ShellsCreated, d.PowerShellStarts)
			if got := len(modelKeys(t, s)); got != 300 {
				t.Fatalf("the cluster holds %d checkpoints, want 300", got)
			}
			waitNoShells(t, s)
		})
	}
}
