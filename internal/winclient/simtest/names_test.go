package simtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// hostileNames are cluster resource names that would run code if a script spliced them in.
func hostileNames() []string {
	return []string{
		`It's`, `"q"`, "`$(Get-Date)", `$(Remove-ClusterResource x)`, `a;b|c&d`,
		"\u2018x\u2019\u201a\u201b", `'; exit; '`, `}finally{'x'}`, `[*?]`, `@(1)`, "tab\there",
		strings.Repeat("n", 300),
	}
}

// startSimWithResources starts a cluster that also has a group of resources with the given
// names, so that checkpoints can be set on them through the client.
func startSimWithResources(t testing.TB, names []string) *clustersim.Sim {
	t.Helper()
	cfg := cluster.DefaultConfig()
	g := cluster.GroupConfig{Name: "Hostile Group"}
	for _, n := range names {
		g.Resources = append(g.Resources, cluster.ResourceConfig{Name: n, Type: "Generic Service"})
	}
	cfg.Groups = append(cfg.Groups, g)
	return startSim(t, func(o *clustersim.Options) { o.Cluster = &cfg })
}

// TestHostileResourceNamesTravelAsData: a checkpoint set through the client on a resource
// with a hostile name lands on exactly that resource, byte for byte, and nothing else
// changes.
func TestHostileResourceNamesTravelAsData(t *testing.T) {
	names := hostileNames()
	s := startSimWithResources(t, names)
	c := newClient(t, configFor(t, s))
	ctx := context.Background()
	const key = `SOFTWARE\Contoso\Probe`
	for _, name := range names {
		before := fmt.Sprint(s.Cluster().Resources())
		must(t, fmt.Sprintf("add on %.30q", name), c.AddCheckpoint(ctx, "", name, key))
		cps, err := s.Cluster().Checkpoints(name)
		if err != nil || len(cps) != 1 || cps[0].Key != key {
			t.Fatalf("resource %.40q: the simulator holds %v, %v", name, cps, err)
		}
		got, err := c.ListCheckpoints(ctx, "", name)
		if err != nil || len(got) != 1 || got[0] != key {
			t.Fatalf("resource %.40q: ListCheckpoints = %q, %v", name, got, err)
		}
		res, err := c.GetResource(ctx, "", name)
		if err != nil || res.Name != name {
			t.Fatalf("resource %.40q: GetResource = %+v, %v", name, res, err)
		}
		must(t, fmt.Sprintf("remove on %.30q", name), c.RemoveCheckpoint(ctx, "", name, key))
		if after := fmt.Sprint(s.Cluster().Resources()); after != before {
			t.Fatalf("resource %.40q: something else changed:\nbefore %s\nafter  %s", name, before, after)
		}
	}
}

// FuzzSimResourceNamesAreData sends arbitrary resource names through the real add script to
// the simulator (a write always runs a script; reads may be served by the snapshot): a name
// that is not a resource is reported as not found (or refused before sending), never run, and
// the cluster does not change.
func FuzzSimResourceNamesAreData(f *testing.F) {
	for _, n := range hostileNames() {
		f.Add(n)
	}
	f.Add("Microsoft Exchange System Attendant\x00")
	s := startSim(f, nil)
	c := newClient(f, configFor(f, s))
	before := fmt.Sprint(s.Cluster().Resources())
	const key = `SOFTWARE\Contoso\FuzzProbe`
	f.Fuzz(func(t *testing.T, name string) {
		err := c.AddCheckpoint(context.Background(), "", name, key)
		var e *winclient.Error
		switch {
		case err == nil:
			// Only a real resource's name may succeed; undo it.
			cps, gerr := s.Cluster().Checkpoints(name)
			if gerr != nil || len(cps) != 1 || cps[0].Key != key {
				t.Fatalf("name %q: added, but the simulator holds %v, %v", name, cps, gerr)
			}
			must(t, "remove the probe", c.RemoveCheckpoint(context.Background(), "", name, key))
		case !errors.As(err, &e):
			t.Fatalf("name %q: untyped error %v", name, err)
		case e.Kind != winclient.KindResourceNotFound && e.Kind != winclient.KindInvalidArgument:
			t.Fatalf("name %q: %s: %v", name, e.Kind, err)
		}
		if after := fmt.Sprint(s.Cluster().Resources()); after != before {
			t.Fatalf("name %q changed the cluster", name)
		}
	})
}
