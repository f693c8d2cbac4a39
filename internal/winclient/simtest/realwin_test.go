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

// sealedNTLM is the provider's default logon: NTLM with WinRM message encryption, which
// holds no credentials the node could pass on.
func sealedNTLM(t testing.TB, s *clustersim.Sim) winclient.Config {
	cfg := configFor(t, s)
	cfg.NTLMWithoutEncryption = false
	return cfg
}

// With the core group on NODE2 and the client on NODE1 over NTLM, reads and writes work,
// whichever spelling of this cluster is asked for: the scripts never name a cluster to the
// cmdlets, which the simulator would refuse as a second hop.
func TestSimCoreGroupOnAnotherNode(t *testing.T) {
	s := startSim(t, nil)
	if _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
	info := s.Cluster().Info()
	ctx := context.Background()
	for _, name := range []string{"", info.Name, strings.ToLower(info.Name), info.Name + "." + strings.ToLower(info.Domain), "node2", "NODE1." + info.Domain} {
		c := newClient(t, sealedNTLM(t, s))
		got, err := c.ClusterName(ctx, name)
		must(t, fmt.Sprintf("ClusterName(%q)", name), err)
		if got != info.Name {
			t.Fatalf("ClusterName(%q) = %q", name, got)
		}
		must(t, "AddCheckpoint", c.AddCheckpoint(ctx, name, sa, bkKey))
		r, err := c.GetResource(ctx, name, sa)
		must(t, "GetResource", err)
		if len(r.RegistryCheckpoints) != 1 || len(modelKeys(t, s)) != 1 {
			t.Fatalf("after add: client %q, simulator %q", r.RegistryCheckpoints, modelKeys(t, s))
		}
		must(t, "RemoveCheckpoint", c.RemoveCheckpoint(ctx, name, sa, bkKey))
		if len(modelKeys(t, s)) != 0 {
			t.Fatalf("after remove: %q", modelKeys(t, s))
		}
		_ = c.Close() // its shells count against the user's quota
	}
	// Another domain's cluster of the same short name is another cluster.
	c := newClient(t, sealedNTLM(t, s))
	if _, err := c.ClusterName(ctx, info.Name+".fabrikam.example"); !errors.Is(err, winclient.ErrOtherCluster) {
		t.Fatalf("a cluster name in another domain: %v, want other_cluster", err)
	}
	if err := c.AddCheckpoint(ctx, "OTHERCLUSTER", sa, bkKey); !errors.Is(err, winclient.ErrOtherCluster) || len(modelKeys(t, s)) != 0 {
		t.Fatalf("add on another cluster: %v (simulator holds %q), want other_cluster and no change", err, modelKeys(t, s))
	}
}

// A node without the FailoverClusters module: every operation says which feature is missing
// and how to add it, never "not a node of a failover cluster".
func TestSimModuleMissing(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.WithoutModules = []string{"FailoverClusters"} })
	// The PowerShell path needs the module; over WMI (transport auto) the same node is served
	// without it, which the end of this test checks.
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportPowerShell
	c := newClient(t, cfg)
	ctx := context.Background()
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, winclient.ErrModuleMissing) || !strings.Contains(err.Error(), "RSAT-Clustering-PowerShell") ||
			!strings.Contains(err.Error(), "Install-WindowsFeature RSAT-Clustering-PowerShell") || strings.Contains(err.Error(), "not a node") {
			t.Fatalf("%s: %v, want module_missing with the fix", what, err)
		}
	}
	_, err := c.ClusterName(ctx, "")
	check("ClusterName", err)
	_, err = c.GetResource(ctx, "", sa)
	check("GetResource", err)
	check("AddCheckpoint", c.AddCheckpoint(ctx, "", sa, bkKey))
	check("RemoveCheckpoint", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	auto := configFor(t, s)
	auto.Transport = winclient.TransportAuto
	if _, err := newClient(t, auto).GetResource(ctx, "", sa); err != nil {
		t.Fatalf("transport auto on a node without the module: %v, want WMI to serve it", err)
	}
}

// A byte order mark at the start of every command's output is tolerated, by long-lived
// sessions and one-shot runs alike.
func TestSimOutputWithBOM(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.UTF8BOM = true })
	for _, oneShot := range []bool{false, true} {
		cfg := configFor(t, s)
		cfg.OneShot = oneShot
		c := newClient(t, cfg)
		ctx := context.Background()
		must(t, "AddCheckpoint", c.AddCheckpoint(ctx, "", sa, bkKey))
		cps, err := c.ListCheckpoints(ctx, "", sa)
		must(t, "ListCheckpoints", err)
		if len(cps) != 1 || cps[0] != bkKey {
			t.Fatalf("one-shot %v: %q", oneShot, cps)
		}
		must(t, "RemoveCheckpoint", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	}
}

// Removal removes exactly the checkpoint asked for: a key with \M (not a valid .NET regular
// expression) and a key contained in the others (which, as a regular expression, would
// match them all).
func TestSimRemoveExactlyOne(t *testing.T) {
	s := startSim(t, nil)
	c := newClient(t, configFor(t, s))
	ctx := context.Background()
	keys := []string{`SOFTWARE`, `SOFTWARE\Fabrikam`, bkKey}
	for _, k := range keys {
		must(t, "AddCheckpoint "+k, c.AddCheckpoint(ctx, "", sa, k))
	}
	for i, k := range keys {
		must(t, "RemoveCheckpoint "+k, c.RemoveCheckpoint(ctx, "", sa, k))
		got := modelKeys(t, s)
		if len(got) != len(keys)-i-1 {
			t.Fatalf("removing %s left %q", k, got)
		}
		for _, g := range got {
			if g == k {
				t.Fatalf("removing %s left it: %q", k, got)
			}
		}
	}
}

// addWork is how many checkpoints the simulated cluster reads for one add and one remove on
// the System Attendant, with others checkpoints on another resource.
func addWork(t testing.TB, others int) int64 {
	s := startSim(t, nil)
	for i := 0; i < others; i++ {
		if _, err := s.Cluster().AddCheckpoint(cluster.InformationStore, fmt.Sprintf(`SOFTWARE\Other\K%05d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	// The counter counts the cmdlets' reads (Get-ClusterCheckpoint); WMI reads the model
	// through its classes, so the scripts' cost is measured on the PowerShell transport.
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportPowerShell
	c := newClient(t, cfg)
	ctx := context.Background()
	must(t, "warm-up add", c.AddCheckpoint(ctx, "", sa, `SOFTWARE\Warm`))
	before := s.Cluster().CheckpointsListed()
	must(t, "AddCheckpoint", c.AddCheckpoint(ctx, "", sa, bkKey))
	must(t, "RemoveCheckpoint", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	return s.Cluster().CheckpointsListed() - before
}

// Writes read the checkpoints of their resource only: their work is the same whatever the
// number of checkpoints on the cluster's other resources.
func TestSimWriteCostIgnoresOtherResources(t *testing.T) {
	small, large := addWork(t, 0), addWork(t, 1500)
	if small != large {
		t.Fatalf("an add and a remove read %d checkpoints with no others on the cluster, %d with 1500 on another resource", small, large)
	}
	if small > 10 {
		t.Fatalf("an add and a remove read %d checkpoints of a resource holding 2", small)
	}
}

// BenchmarkAddRemove times an add and a remove on the System Attendant with many checkpoints
// on another resource (compare others=0 with others=2000), or on the System Attendant itself
// (own=500: an apply of many checkpoints on one resource, issue 13).
func BenchmarkAddRemove(b *testing.B) {
	for _, bc := range []struct {
		name     string
		resource string
		count    int
	}{
		{"others=0", cluster.InformationStore, 0},
		{"others=2000", cluster.InformationStore, 2000},
		{"own=100", sa, 100},
		{"own=500", sa, 500},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := startSim(b, nil)
			for i := 0; i < bc.count; i++ {
				if _, err := s.Cluster().AddCheckpoint(bc.resource, fmt.Sprintf(`SOFTWARE\Other\K%05d`, i)); err != nil {
					b.Fatal(err)
				}
			}
			c := newClient(b, configFor(b, s))
			ctx := context.Background()
			must(b, "warm-up", c.AddCheckpoint(ctx, "", sa, `SOFTWARE\Warm`))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				must(b, "add", c.AddCheckpoint(ctx, "", sa, bkKey))
				must(b, "remove", c.RemoveCheckpoint(ctx, "", sa, bkKey))
			}
		})
	}
}

// BenchmarkAddMany adds n checkpoints to the System Attendant one after the other, as an
// apply of n checkpoints on one resource does (issue 13: compare n=100 with n=500; the cost
// per add should not grow with n).
func BenchmarkAddMany(b *testing.B) {
	for _, n := range []int{100, 500} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := startSim(b, nil)
				c := newClient(b, configFor(b, s))
				must(b, "warm-up", c.AddCheckpoint(ctx, "", sa, `SOFTWARE\Warm`))
				b.StartTimer()
				for j := 0; j < n; j++ {
					must(b, "add", c.AddCheckpoint(ctx, "", sa, fmt.Sprintf(`SOFTWARE\Bench\Key%04d`, j)))
				}
				b.StopTimer()
				_ = c.Close()
				_ = s.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/add")
		})
	}
}
