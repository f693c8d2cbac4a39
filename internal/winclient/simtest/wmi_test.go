package simtest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

func kindOf(err error) winclient.Kind {
	var e *winclient.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// Over WMI every operation of the API works without a shell or a PowerShell, and Windows'
// refusals come back as the same kinds as over PowerShell.
func TestSimWMIOperations(t *testing.T) {
	s := startSim(t, nil)
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportWMI
	c := newClient(t, cfg)
	ctx := context.Background()
	name, err := c.ClusterName(ctx, "")
	must(t, "ClusterName", err)
	if want := s.Cluster().Info().Name; name != want {
		t.Fatalf("cluster %q, want %q", name, want)
	}
	r, err := c.GetResource(ctx, strings.ToLower(name), sa)
	must(t, "GetResource", err)
	info, _ := s.Cluster().Resource(sa)
	if r.Name != sa || r.State != "Online" || r.OwnerGroup != info.OwnerGroup || r.OwnerNode != info.OwnerNode || r.ResourceType != info.Type || r.Cluster != name {
		t.Fatalf("resource %+v, model %+v", r, info)
	}
	must(t, "add", c.AddCheckpoint(ctx, "", sa, bkKey))
	stored, found, err := c.FindCheckpoint(ctx, "", sa, `hklm\`+strings.ToUpper(bkKey))
	if err != nil || !found || stored != bkKey {
		t.Fatalf("find after add: %q %v %v", stored, found, err)
	}
	if keys := modelKeys(t, s); len(keys) != 1 || keys[0] != bkKey {
		t.Fatalf("the model holds %q", keys)
	}
	for _, tc := range []struct {
		name string
		err  error
		want winclient.Kind
	}{
		{"duplicate", c.AddCheckpoint(ctx, "", sa, strings.ToUpper(bkKey)), winclient.KindAlreadyExists},
		{"missing checkpoint", c.RemoveCheckpoint(ctx, "", sa, `SOFTWARE\Never`), winclient.KindCheckpointNotFound},
		{"missing resource", c.AddCheckpoint(ctx, "", "No Such Resource", `SOFTWARE\X`), winclient.KindResourceNotFound},
		{"another cluster", c.AddCheckpoint(ctx, "OTHERCLUSTER", sa, `SOFTWARE\X`), winclient.KindOtherCluster},
		{"a node's name names its cluster", c.AddCheckpoint(ctx, strings.ToLower(s.Nodes()[1]), sa, `SOFTWARE\ByNode`), ""},
		{"NUL in a key", c.AddCheckpoint(ctx, "", sa, "SOFTWARE\\a\x00b"), winclient.KindInvalidArgument},
	} {
		if kindOf(tc.err) != tc.want {
			t.Errorf("%s: %v, want kind %s", tc.name, tc.err, tc.want)
		}
	}
	must(t, "remove", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	must(t, "remove by the node's name", c.RemoveCheckpoint(ctx, "", sa, `SOFTWARE\ByNode`))
	if keys := modelKeys(t, s); len(keys) != 0 {
		t.Fatalf("after the remove the model holds %q", keys)
	}
	st := s.Stats()
	cs := c.Stats()
	if st.PowerShellStarts != 0 || st.ShellsCreated != 0 || cs.PowerShellStarts != 0 || cs.Requests["Enumerate"] == 0 || cs.Requests["Invoke"] == 0 {
		t.Fatalf("server %+v, client %+v", st, cs)
	}
}

// transport "auto" on a node without root\MSCluster: WMI answers that it cannot serve
// it, the client warns once and uses PowerShell for that host from then on.
func TestSimAutoFallsBackWhenWMIIsMissing(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.WMIUnavailable = []string{"*"} })
	var logs syncBuffer
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportAuto
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Warn})
	c := newClient(t, cfg)
	ctx := context.Background()
	must(t, "add through the fallback", c.AddCheckpoint(ctx, "", sa, bkKey))
	_, err := c.ListCheckpoints(ctx, "", sa)
	must(t, "list", err)
	must(t, "remove", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	cs := c.Stats()
	if cs.PowerShellStarts == 0 || cs.Requests["Enumerate"] != 1 {
		t.Fatalf("want WMI tried once, then PowerShell: %+v", cs)
	}
	if n := strings.Count(logs.String(), "[WARN]"); n != 1 || !strings.Contains(logs.String(), "MSCluster") {
		t.Fatalf("want one warning that says why, got %d:\n%s", n, logs.String())
	}

	// transport "wmi" never falls back: the same host is an error that says why.
	cfg.Transport = winclient.TransportWMI
	cfg.Logger = nil
	w := newClient(t, cfg)
	if _, err := w.ListCheckpoints(ctx, "", sa); kindOf(err) != winclient.KindWMIUnavailable {
		t.Fatalf("transport wmi on a host without root\\MSCluster: %v", err)
	}
}

// Windows may instead answer an enumeration of a class its namespace lacks with the WMI
// plug-in's "cannot process the filter" fault (WSManFault 2150858778, as WinRb recorded
// it): auto falls back on that answer too, and wmi says the path is unavailable.
func TestSimAutoFallsBackOnTheClassMissingFault(t *testing.T) {
	s := startSim(t, nil)
	const text = "The specified class does not exist in the given namespace. "
	for _, n := range s.Nodes() {
		s.Faults(n).FailWith(1000, "Enumerate", 2150858778, text)
	}
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportAuto
	c := newClient(t, cfg)
	ctx := context.Background()
	must(t, "add through the fallback", c.AddCheckpoint(ctx, "", sa, bkKey))
	if cps, err := c.ListCheckpoints(ctx, "", sa); err != nil || len(cps) != 1 {
		t.Fatalf("list through the fallback: %v %v", cps, err)
	}
	if cs := c.Stats(); cs.PowerShellStarts == 0 || cs.Requests["Enumerate"] != 1 {
		t.Fatalf("want WMI tried once, then PowerShell: %+v", cs)
	}
	cfg.Transport = winclient.TransportWMI
	if _, err := newClient(t, cfg).ListCheckpoints(ctx, "", sa); kindOf(err) != winclient.KindWMIUnavailable {
		t.Fatalf("transport wmi on that answer: %v", err)
	}
}

// transport "auto" keeps WMI where it works, and a refused logon is never a reason to
// switch.
func TestSimAutoKeepsWMIAndNeverSwitchesOnAuth(t *testing.T) {
	s := startSim(t, nil)
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportAuto
	c := newClient(t, cfg)
	c.Warm()
	must(t, "add", c.AddCheckpoint(context.Background(), "", sa, bkKey))
	if st := s.Stats(); st.PowerShellStarts != 0 || st.ShellsCreated != 0 {
		t.Fatalf("auto started PowerShell where WMI works: %+v", st)
	}
	cfg.Password = "wrong"
	bad := newClient(t, cfg)
	if _, err := bad.ListCheckpoints(context.Background(), "", sa); kindOf(err) != winclient.KindAuth {
		t.Fatalf("wrong password: %v", err)
	}
	if st := bad.Stats(); st.PowerShellStarts != 0 || st.ShellsCreated != 0 {
		t.Fatalf("a refused logon made auto try PowerShell: %+v", st)
	}
}

// A node with neither root\MSCluster nor the FailoverClusters module: auto tries both and
// says why neither works.
func TestSimAutoWithNeitherPath(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) {
		o.WMIUnavailable = []string{"*"}
		o.WithoutModules = []string{"FailoverClusters"}
	})
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportAuto
	c := newClient(t, cfg)
	_, err := c.ListCheckpoints(context.Background(), "", sa)
	if kindOf(err) != winclient.KindModuleMissing || !strings.Contains(err.Error(), "WMI") {
		t.Fatalf("want module_missing that also names WMI, got %v", err)
	}
}
