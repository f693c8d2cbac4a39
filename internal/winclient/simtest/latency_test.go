package simtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// Issue 5's latency profile (250 ms per PowerShell start, 2 ms per HTTP request,
// MaxShellsPerUser 5): the client's own figures for reads and adds, persistent sessions
// against one-shot mode. The provider-level benchmark (make bench) runs real terraform.
func TestSimLatencyProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("latency profile: skipped with -short")
	}
	profile := func(o *clustersim.Options) {
		o.PSStartCost = 250 * time.Millisecond
		o.Latency = 2 * time.Millisecond
		o.MaxShellsPerUser = 5
	}
	for _, oneShot := range []bool{false, true} {
		mode := "sessions"
		if oneShot {
			mode = "one-shot"
		}
		for _, tc := range []struct {
			name string
			n    int
			op   func(c *winclient.Client, i int) error
		}{
			{"reads", 1, readOne},
			{"reads", 100, readOne},
			{"adds", 100, func(c *winclient.Client, i int) error {
				return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Lat\K%03d`, i))
			}},
			// What terraform's create does: look, then add.
			{"creates", 100, func(c *winclient.Client, i int) error {
				if err := readOne(c, i); err != nil {
					return err
				}
				return c.AddCheckpoint(context.Background(), "", sa, fmt.Sprintf(`SOFTWARE\Lat\K%03d`, i))
			}},
		} {
			t.Run(fmt.Sprintf("%s_%s_%d", mode, tc.name, tc.n), func(t *testing.T) {
				s := startSim(t, profile)
				cfg := configFor(t, s)
				cfg.OneShot = oneShot
				cfg.Timeout = 60 * time.Second
				c := newClient(t, cfg)
				before := s.Stats()
				start := time.Now()
				// Terraform's default parallelism is 10.
				sem := make(chan struct{}, 10)
				runConcurrently(t, tc.n, func(i int) error {
					sem <- struct{}{}
					defer func() { <-sem }()
					return tc.op(c, i)
				})
				wall := time.Since(start)
				_ = c.Close()
				d := s.Stats().Sub(before)
				t.Logf("%s: %d %s in %s: %d HTTP requests, %d shells, %d PowerShell starts",
					mode, tc.n, tc.name, wall.Round(time.Millisecond), d.HTTPRequests, d.ShellsCreated, d.PowerShellStarts)
				if !oneShot && tc.name == "reads" && (d.PowerShellStarts > 3 || d.HTTPRequests > 40) {
					t.Errorf("reads: want at most 3 starts and 40 requests")
				}
				if !oneShot && tc.name != "reads" && d.PowerShellStarts > 10 {
					t.Errorf("adds: want at most 10 starts")
				}
			})
		}
	}
}

func readOne(c *winclient.Client, _ int) error {
	_, err := c.ListCheckpoints(context.Background(), "", sa)
	return err
}
