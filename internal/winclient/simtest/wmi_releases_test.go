package simtest

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// On every Windows release, auto reads and changes checkpoints over WMI with the projected
// query and no PowerShell; on 2008 R2, whose MSCluster_Resource has no OwnerGroup and
// OwnerNode, those stay empty and nothing is refused.
func TestSimEveryWindowsRelease(t *testing.T) {
	for _, w := range clustersim.WindowsReleases {
		t.Run(string(w), func(t *testing.T) {
			s := startSim(t, func(o *clustersim.Options) { o.Windows = w })
			c, logs := clientWithWarnings(t, s, winclient.TransportAuto)
			ctx := context.Background()
			r, err := c.GetResource(ctx, "", sa)
			must(t, "GetResource", err)
			info, _ := s.Cluster().Resource(sa)
			wantGroup, wantNode := info.OwnerGroup, info.OwnerNode
			if w == clustersim.Windows2008R2 {
				wantGroup, wantNode = "", ""
			}
			if r.OwnerGroup != wantGroup || r.OwnerNode != wantNode || r.State != "Online" || r.ResourceType != info.Type {
				t.Fatalf("resource %+v, want owners %q %q", r, wantGroup, wantNode)
			}
			must(t, "add", c.AddCheckpoint(ctx, "", sa, bkKey))
			if _, found, err := c.FindCheckpoint(ctx, "", sa, bkKey); err != nil || !found {
				t.Fatalf("find: %v %v", found, err)
			}
			must(t, "remove", c.RemoveCheckpoint(ctx, "", sa, bkKey))
			if st := s.Stats(); st.PowerShellStarts != 0 || st.ShellsCreated != 0 {
				t.Fatalf("PowerShell started: %+v", st)
			}
			if logs.String() != "" {
				t.Fatalf("warnings on a host where WMI works:\n%s", logs.String())
			}
		})
	}
}

// Windows Server 2008 R2 as shipped has Windows PowerShell 2.0: the PowerShell transport
// says what to do instead of failing on a missing ConvertTo-Json.
func TestSimPowerShellTooOld(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.Windows = clustersim.Windows2008R2 })
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportPowerShell
	_, err := newClient(t, cfg).ListCheckpoints(context.Background(), "", sa)
	if kindOf(err) != winclient.KindPowerShellTooOld {
		t.Fatalf("PowerShell 2.0: %v", err)
	}
	for _, want := range []string{"2.0", "Windows Management Framework 3.0", `transport = "wmi"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
}

// WMI refusing the account (WBEM_E_ACCESS_DENIED, answered as 0x80338104) before any WMI
// request of the host succeeded: auto uses PowerShell, with a notice for the user; after a
// WMI success it is the operation's error, naming the fix; transport wmi names WMI rights
// on root\MSCluster and transport "powershell".
func TestSimWMIAccessDenied(t *testing.T) {
	deny := func(s *clustersim.Sim) {
		for _, n := range s.Nodes() {
			s.Faults(n).FailWMI(1<<20, "", wsman.WBEMErrAccessDenied)
		}
	}
	ctx := context.Background()
	s := startSim(t, nil)
	deny(s)
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportAuto
	c := newClient(t, cfg)
	if _, err := c.ListCheckpoints(ctx, "", sa); err != nil {
		t.Fatalf("auto through WMI's access denied: %v", err)
	}
	notes := c.TakeNotices()
	if len(notes) != 1 || !strings.Contains(notes[0].Detail, "WMI rights") || len(c.TakeNotices()) != 0 {
		t.Fatalf("want one notice naming WMI rights, once: %+v", notes)
	}
	if c.Stats().PowerShellStarts == 0 {
		t.Fatal("no PowerShell after the fallback")
	}

	cfg.Transport = winclient.TransportWMI
	_, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa)
	if kindOf(err) != winclient.KindAccessDenied {
		t.Fatalf("transport wmi: %v", err)
	}
	for _, want := range []string{`root\MSCluster`, "wmimgmt.msc", `transport = "powershell"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("transport wmi's error does not say %q: %v", want, err)
		}
	}

	s2 := startSim(t, nil)
	cfg2 := configFor(t, s2)
	cfg2.Transport = winclient.TransportAuto
	c2 := newClient(t, cfg2)
	must(t, "add", c2.AddCheckpoint(ctx, "", sa, bkKey)) // WMI served this host
	deny(s2)
	err = c2.RemoveCheckpoint(ctx, "", sa, bkKey)
	if kindOf(err) != winclient.KindAccessDenied || !strings.Contains(err.Error(), `transport = "powershell"`) || c2.Stats().PowerShellStarts != 0 {
		t.Fatalf("after a WMI success: %v (%+v)", err, c2.Stats())
	}

	// WMI answers the account's reads but refuses it the methods (no Execute Methods right):
	// the first operation's read already succeeded, so its refused Invoke is the error.
	s3 := startSim(t, nil)
	for _, n := range s3.Nodes() {
		s3.Faults(n).FailWMI(1<<20, "Invoke", wsman.WBEMErrAccessDenied)
	}
	cfg3 := configFor(t, s3)
	cfg3.Transport = winclient.TransportAuto
	c3 := newClient(t, cfg3)
	err = c3.AddCheckpoint(ctx, "", sa, bkKey)
	if kindOf(err) != winclient.KindAccessDenied || !strings.Contains(err.Error(), "Execute Methods") || c3.Stats().PowerShellStarts != 0 || len(c3.TakeNotices()) != 0 {
		t.Fatalf("methods refused after a read: %v (%+v)", err, c3.Stats())
	}
}

// No fault during a read is an answer that a resource or checkpoint is gone: each kind the
// client knows, injected into the snapshot's enumeration, is an error of another kind.
func TestSimFaultsNeverMeanGone(t *testing.T) {
	s := startSim(t, nil)
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportWMI
	ctx := context.Background()
	for _, hr := range []uint32{
		wsman.WBEMErrNotFound, wsman.WBEMErrAccessDenied, wsman.WBEMErrInvalidParameter, wsman.WBEMErrInvalidClass,
		wsman.WBEMErrInvalidNamespace, wsman.WBEMErrFailed, wsman.HResultFromWin32(2), wsman.HResultFromWin32(183), wsman.HResultFromWin32(5007),
	} {
		c := newClient(t, cfg)
		for _, n := range s.Nodes() {
			s.Faults(n).FailWMI(1<<20, "Enumerate MSCluster_Resource", hr)
		}
		_, err := c.ListCheckpoints(ctx, "", sa)
		for _, n := range s.Nodes() {
			s.Faults(n).Clear()
		}
		if k := kindOf(err); err == nil || k == winclient.KindResourceNotFound || k == winclient.KindCheckpointNotFound {
			t.Errorf("0x%08X during the snapshot: %v (kind %s)", hr, err, k)
		}
	}
}

// A host that refuses the projected query is read whole from then on, after one warning.
func TestSimProjectedQueryRefused(t *testing.T) {
	s := startSim(t, nil)
	c, logs := clientWithWarnings(t, s, winclient.TransportWMI)
	ctx := context.Background()
	for _, n := range s.Nodes() {
		s.Faults(n).FailWMI(1, "Enumerate MSCluster_Resource", 0x80041017) // WBEM_E_INVALID_QUERY
	}
	if _, err := c.ListCheckpoints(ctx, "", sa); err != nil {
		t.Fatalf("the full enumeration after the refused query: %v", err)
	}
	must(t, "add", c.AddCheckpoint(ctx, "", sa, bkKey)) // drops the snapshot
	if cps, err := c.ListCheckpoints(ctx, "", sa); err != nil || len(cps) != 1 {
		t.Fatalf("second read: %v %v", cps, err)
	}
	if n := strings.Count(logs.String(), "projected query"); n != 1 {
		t.Fatalf("want one warning about the projected query, got %d:\n%s", n, logs.String())
	}
}

// clientWithWarnings is a client of transport whose warnings are kept in the buffer.
func clientWithWarnings(t *testing.T, s *clustersim.Sim, transport string) (*winclient.Client, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg := configFor(t, s)
	cfg.Transport = transport
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Warn})
	return newClient(t, cfg), logs
}

// A cluster that lists no resource at all, although it answered (every cluster has its core
// resources), is a failed read on both transports, never "every resource gone".
func TestSimEmptyResourceListIsNoAnswer(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) {
		o.Cluster = &cluster.Config{Name: "EMPTYCL", Domain: "example.test", Nodes: []string{"NODE1", "NODE2"}}
	})
	for _, transport := range []string{winclient.TransportWMI, winclient.TransportPowerShell} {
		cfg := configFor(t, s)
		cfg.Transport = transport
		_, err := newClient(t, cfg).GetResource(context.Background(), "", sa)
		if k := kindOf(err); k != winclient.KindWindows || !strings.Contains(err.Error(), "listed no cluster resource") {
			t.Errorf("%s, an empty resource list: %v (kind %s)", transport, err, k)
		}
	}
}
