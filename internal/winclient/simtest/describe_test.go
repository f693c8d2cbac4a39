package simtest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// describeWith is DescribeCluster through a new client on the first node, over transport.
func describeWith(t *testing.T, s *clustersim.Sim, transport, name string) (*winclient.ClusterInfo, error) {
	t.Helper()
	cfg := configFor(t, s)
	cfg.Transport = transport
	c := newClient(t, cfg)
	defer func() { _ = c.Close() }() // its shells count against the user's quota
	return c.DescribeCluster(context.Background(), name)
}

// First contact shows the cluster as the model holds it, on every transport: the node the
// client reached, the nodes and their state, the core group's owner (moved to NODE2, then
// back when NODE2 stops), and what each transport found of PowerShell.
func TestSimDescribeCluster(t *testing.T) {
	s := startSim(t, nil)
	info := s.Cluster().Info()
	for _, step := range []struct {
		name      string
		change    func() error
		owner     string
		nodeState map[string]string
	}{
		{"core group on NODE2", func() error { _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); return err },
			"NODE2", map[string]string{"NODE1": "Up", "NODE2": "Up"}},
		{"NODE2 stopped", func() error { _, err := s.Cluster().StopNode("NODE2"); return err },
			"NODE1", map[string]string{"NODE1": "Up", "NODE2": "Down"}},
	} {
		must(t, step.name, step.change())
		for _, tc := range []struct {
			transport, answered string
			powershell          bool
		}{
			{winclient.TransportWMI, winclient.TransportWMI, false},
			{winclient.TransportPowerShell, winclient.TransportPowerShell, true},
			{winclient.TransportAuto, winclient.TransportWMI, true},
		} {
			before := s.Stats().PowerShellStarts
			got, err := describeWith(t, s, tc.transport, strings.ToLower(info.Name))
			must(t, step.name+": DescribeCluster over "+tc.transport, err)
			where := step.name + ", transport " + tc.transport
			if got.ConnectedNode != s.Nodes()[0] || got.Cluster != info.Name || got.Domain != info.Domain ||
				got.CoreGroupOwner != step.owner || got.Transport != tc.answered || got.PowerShellProblem != "" {
				t.Errorf("%s: %+v", where, got)
			}
			if len(got.Nodes) != len(step.nodeState) {
				t.Errorf("%s: nodes %+v, want %v", where, got.Nodes, step.nodeState)
			}
			for _, n := range got.Nodes {
				if step.nodeState[n.Name] != n.State {
					t.Errorf("%s: node %s is %q, want %q", where, n.Name, n.State, step.nodeState[n.Name])
				}
			}
			started := s.Stats().PowerShellStarts - before
			if tc.powershell {
				if !strings.HasPrefix(got.PowerShellVersion, "5.1.") || got.FailoverClustersModule != winclient.ModuleAnswers || started == 0 {
					t.Errorf("%s: PowerShell %q, module %q, %d PowerShell starts", where, got.PowerShellVersion, got.FailoverClustersModule, started)
				}
			} else if got.PowerShellVersion != "" || got.FailoverClustersModule != "" || started != 0 {
				t.Errorf("%s: started %d PowerShells and reports %q, module %q: transport wmi starts none", where, started, got.PowerShellVersion, got.FailoverClustersModule)
			}
		}
	}
}

// Without the FailoverClusters module, the PowerShell path fails with the fix, while auto
// reads the cluster over WMI and shows the module missing as a fact.
func TestSimDescribeWithoutModule(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.WithoutModules = []string{"FailoverClusters"} })
	_, err := describeWith(t, s, winclient.TransportPowerShell, "")
	if !errors.Is(err, winclient.ErrModuleMissing) || !strings.Contains(err.Error(), "Install-WindowsFeature RSAT-Clustering-PowerShell") {
		t.Fatalf("transport powershell: %v, want module_missing with the fix", err)
	}
	got, err := describeWith(t, s, winclient.TransportAuto, "")
	must(t, "DescribeCluster over auto", err)
	if got.Transport != winclient.TransportWMI || got.FailoverClustersModule != winclient.ModuleMissing ||
		!strings.HasPrefix(got.PowerShellVersion, "5.1.") || len(got.Nodes) != 2 || got.PowerShellProblem != "" {
		t.Fatalf("transport auto: %+v", got)
	}
}

// Without root\MSCluster, auto falls back and PowerShell reads everything; transport wmi
// says why it cannot.
func TestSimDescribeWithoutWMI(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.WMIUnavailable = []string{"*"} })
	got, err := describeWith(t, s, winclient.TransportAuto, "")
	must(t, "DescribeCluster over auto", err)
	if got.Transport != winclient.TransportPowerShell || got.FailoverClustersModule != winclient.ModuleAnswers ||
		got.ConnectedNode != s.Nodes()[0] || got.CoreGroupOwner != "NODE1" || len(got.Nodes) != 2 {
		t.Fatalf("transport auto: %+v", got)
	}
	if _, err := describeWith(t, s, winclient.TransportWMI, ""); !errors.Is(err, winclient.ErrWMIUnavailable) {
		t.Fatalf("transport wmi: %v, want wmi_unavailable", err)
	}
}

// Another cluster's name is refused on both paths, with the way to reach it.
func TestSimDescribeAnotherCluster(t *testing.T) {
	s := startSim(t, nil)
	for _, transport := range []string{winclient.TransportWMI, winclient.TransportPowerShell} {
		if _, err := describeWith(t, s, transport, "OTHERCLUSTER"); !errors.Is(err, winclient.ErrOtherCluster) {
			t.Errorf("transport %s: %v, want other_cluster", transport, err)
		}
	}
}
