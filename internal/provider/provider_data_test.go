package provider

import (
	"context"
	"errors"
	"testing"
	"time"
)

// slowClusterName answers ClusterName only when released, or when the caller gives up.
type slowClusterName struct {
	*fakeAPI
	release chan struct{}
}

func (s slowClusterName) ClusterName(ctx context.Context, _ string) (string, error) {
	select {
	case <-s.release:
		return "EXCLUSTER", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// TestResolveClusterHonoursEachCallersContext: while one caller waits for the WinRM host's
// cluster, another whose context ends (Ctrl-C) returns at once instead of queueing behind it.
func TestResolveClusterHonoursEachCallersContext(t *testing.T) {
	release := make(chan struct{})
	d := &providerData{client: slowClusterName{fakeAPI: newFakeAPI(), release: release}}
	first := make(chan string, 1)
	go func() {
		name, _ := d.resolveCluster(context.Background(), "")
		first <- name
	}()
	time.Sleep(20 * time.Millisecond) // let the first caller start waiting
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan error, 1)
	go func() { _, err := d.resolveCluster(ctx, ""); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled caller: err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled caller waited behind another caller's WinRM call")
	}
	close(release)
	if name := <-first; name != "EXCLUSTER" {
		t.Fatalf("first caller got %q", name)
	}
	if name, err := d.resolveCluster(context.Background(), ""); err != nil || name != "EXCLUSTER" {
		t.Fatalf("after the answer: %q, %v", name, err)
	}
	if name, _ := d.resolveCluster(context.Background(), "OTHER"); name != "OTHER" {
		t.Fatalf("an explicit cluster must win, got %q", name)
	}
}
