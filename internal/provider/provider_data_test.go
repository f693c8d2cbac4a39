package provider

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// TestConfiguredData: what Configure hands resources and data sources before the provider is
// configured, once it is, and when it is something else (a bug).
func TestConfiguredData(t *testing.T) {
	configured := &providerData{client: newFakeAPI()}
	cases := []struct {
		name      string
		given     any
		want      *providerData
		wantError string
	}{
		{name: "not configured yet", given: nil, want: nil},
		{name: "configured", given: configured, want: configured},
		{name: "something else", given: "data", want: nil, wantError: "Unexpected provider data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.Diagnostics
			if got := configuredData(c.given, &diags); got != c.want {
				t.Errorf("configuredData = %p, want %p", got, c.want)
			}
			switch {
			case c.wantError == "" && diags.HasError():
				t.Errorf("unexpected diagnostics: %v", diags)
			case c.wantError != "" && (!diags.HasError() || diags.Errors()[0].Summary() != c.wantError):
				t.Errorf("diagnostics %v, want the error %q", diags, c.wantError)
			}
		})
	}
}

// TestUnconfiguredProviderFailsClearly: a resource or data source used before the provider
// is configured fails with a diagnostic that says so, and addresses nothing.
func TestUnconfiguredProviderFailsClearly(t *testing.T) {
	var diags diag.Diagnostics
	if _, ok := resolveClusterFor(context.Background(), nil, "EXCLUS", &diags); ok || !diags.HasError() || diags.Errors()[0].Summary() != "Provider not configured" {
		t.Errorf("resolveClusterFor without provider data: ok=%v, diagnostics %v", ok, diags)
	}
	diags = nil
	var r checkpointBase
	if _, ok := r.begin(context.Background(), types.StringValue("EXCLUS"), types.StringValue(defaultResourceName), &diags); ok || !diags.HasError() || diags.Errors()[0].Summary() != "Provider not configured" {
		t.Errorf("begin without provider data: ok=%v, diagnostics %v", ok, diags)
	}
}
