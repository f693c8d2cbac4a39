package provider

import (
	"context"
	"strings"
	"testing"
)

// interruptingAPI cancels the operation's context (Terraform's Ctrl+C) during the first add,
// and records whether the context it was handed was already cancelled.
type interruptingAPI struct {
	*fakeAPI
	cancel          context.CancelFunc
	adds            int
	sawCancelledCtx bool
}

func (a *interruptingAPI) AddCheckpoint(ctx context.Context, cluster, resource, key string) error {
	a.adds++
	a.cancel()
	if ctx.Err() != nil {
		a.sawCancelledCtx = true
	}
	return a.fakeAPI.AddCheckpoint(ctx, cluster, resource, key)
}

// TestCheckpointsApplyFinishesTheChangeUnderWayOnInterrupt: an interrupt lets the add under
// way finish (its context is not cancelled) and starts no further change.
func TestCheckpointsApplyFinishesTheChangeUnderWayOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := &interruptingAPI{fakeAPI: newFakeAPI(), cancel: cancel}
	r := &clusterCheckpointsResource{}
	changes := checkpointChanges{add: []string{`SOFTWARE\A`, `SOFTWARE\B`, `SOFTWARE\C`}, remove: []string{`SOFTWARE\Old`}}
	diags := r.apply(ctx, api, "EXCLUS", defaultResourceName, changes)
	if api.adds != 1 {
		t.Fatalf("%d adds made after the interrupt, want only the one under way", api.adds)
	}
	if api.sawCancelledCtx {
		t.Fatal("the add under way was handed a cancelled context: it could land without reaching the state")
	}
	if got := api.checkpoints(defaultResourceName); len(got) != 1 || got[0] != `SOFTWARE\A` {
		t.Fatalf("cluster holds %q, want the one add that was under way", got)
	}
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Summary(), "Interrupted") {
		t.Fatalf("diagnostics %v, want an Interrupted error", diags)
	}
}
