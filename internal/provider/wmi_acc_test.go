package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// requireAuto skips a test of the WMI path and of auto's fallback when the suite runs on
// transport powershell (make test's second run).
func requireAuto(t *testing.T) {
	t.Helper()
	if !overWMI() {
		t.Skip("a test of transport auto's WMI path")
	}
}

// Issue 20, through terraform: a short lifecycle (apply, drift, repair, import, destroy) on
// every Windows release the simulator models, on transport auto. On 2008 R2 the nodes lack
// the 2012 WMI properties and have PowerShell 2.0, and the provider still works (over WMI).
func TestAccWindowsReleases(t *testing.T) {
	requireAcc(t)
	requireAuto(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	const n = 3
	want := wantKeys("Releases", n)
	for _, w := range clustersim.WindowsReleases {
		t.Run(string(w), func(t *testing.T) {
			r := newCLIRig(t, bin, func(o *clustersim.Options) { o.Windows = w })
			// The owners, read by the data source: null on 2008 R2, whose MSCluster_Resource
			// has no OwnerGroup.
			owners := "\ndata \"exchange_cluster_resource\" \"sa\" {\n  name = \"Microsoft Exchange System Attendant\"\n}\n\n" +
				"output \"owner_group\" {\n  value = coalesce(data.exchange_cluster_resource.sa.owner_group, \"(null)\")\n}\n"
			r.write(countedCheckpointsHCL("Releases", n) + owners)
			out := r.mustTF("apply", "-input=false", "-auto-approve")
			if strings.Contains(out, "transport switched") {
				t.Fatalf("a transport switch on a host where WMI works:\n%s", out)
			}
			r.expectState(want)
			info, err := r.current().Cluster().Resource(systemAttendant)
			if err != nil {
				t.Fatal(err)
			}
			wantGroup := info.OwnerGroup
			if w == clustersim.Windows2008R2 {
				wantGroup = "(null)"
			}
			if got := strings.TrimSpace(r.mustTF("output", "-raw", "owner_group")); got != wantGroup {
				t.Fatalf("owner_group %q, want %q", got, wantGroup)
			}
			// Drift: a checkpoint removed behind Terraform's back is planned back and repaired.
			if _, err := r.current().Cluster().RemoveCheckpoint(systemAttendant, want[1]); err != nil {
				t.Fatal(err)
			}
			if out, code := r.tf("plan", "-input=false", "-detailed-exitcode"); code != 2 {
				t.Fatalf("the drift is not planned (exit %d):\n%s", code, out)
			}
			r.mustTF("apply", "-input=false", "-auto-approve")
			r.expectState(want)
			// Import: a checkpoint made behind Terraform's back, taken over by an import block.
			extra := `SOFTWARE\Releases\Extra`
			if _, err := r.current().Cluster().AddCheckpoint(systemAttendant, extra); err != nil {
				t.Fatal(err)
			}
			r.write(countedCheckpointsHCL("Releases", n) + owners + fmt.Sprintf(
				"\nimport {\n  to = exchange_cluster_checkpoint.extra\n  id = %s\n}\n\nresource \"exchange_cluster_checkpoint\" \"extra\" {\n  key = %s\n}\n",
				hclString(importID(r.current().Cluster().Info().Name, systemAttendant, extra)), hclString(extra)))
			if out := r.mustTF("apply", "-input=false", "-auto-approve"); !strings.Contains(out, "1 imported") {
				t.Fatalf("the import block imported nothing:\n%s", out)
			}
			r.expectState(append(want[:n:n], extra))
			r.expectEmptyPlan()
			r.mustTF("destroy", "-input=false", "-auto-approve")
			if keys := r.clusterKeys(); len(keys) != 0 {
				t.Fatalf("destroy left %q", keys)
			}
			if st := r.current().Stats(); st.PowerShellStarts != 0 {
				t.Fatalf("auto started PowerShell on a host where WMI works: %+v", st)
			}
		})
	}
}

// No fault of WMI during a refresh of 30 checkpoints drops any of them from the state (nor
// changes the cluster): each kind the client knows, injected into every enumeration of
// MSCluster_Resource on every node, in both recorded forms, leaves the state as it was.
// (Before issue 20, WBEM_E_NOT_FOUND in the MSFT_WmiError form emptied the state.)
func TestAccWMIFaultsKeepState(t *testing.T) {
	requireAcc(t)
	requireAuto(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	for _, form := range []wsman.WMIFaultForm{wsman.WMIFaultWSMan, wsman.WMIFaultMSFTWmiError} {
		t.Run("form "+string(form), func(t *testing.T) { refreshThroughWMIFaults(t, bin, form) })
	}
}

func refreshThroughWMIFaults(t *testing.T, bin string, form wsman.WMIFaultForm) {
	const n = 30
	want := wantKeys("Kept", n)
	r := newCLIRig(t, bin, func(o *clustersim.Options) { o.WMIFaultForm = form })
	r.timeout = "5s"
	r.write(countedCheckpointsHCL("Kept", n))
	r.mustTF("apply", "-input=false", "-auto-approve")
	r.expectState(want)
	for _, f := range []struct {
		name string
		hr   uint32
	}{
		{"WBEM_E_NOT_FOUND", wsman.WBEMErrNotFound},
		{"WBEM_E_ACCESS_DENIED", wsman.WBEMErrAccessDenied},
		{"WBEM_E_INVALID_PARAMETER", wsman.WBEMErrInvalidParameter},
		{"WBEM_E_INVALID_CLASS", wsman.WBEMErrInvalidClass},
		{"WBEM_E_INVALID_NAMESPACE", wsman.WBEMErrInvalidNamespace},
		{"WBEM_E_FAILED", wsman.WBEMErrFailed},
		{"ERROR_FILE_NOT_FOUND", wsman.HResultFromWin32(2)},
		{"ERROR_ALREADY_EXISTS", wsman.HResultFromWin32(183)},
		{"ERROR_RESOURCE_NOT_FOUND", wsman.HResultFromWin32(5007)},
		{"quota", 2150859173},
	} {
		t.Run(f.name, func(t *testing.T) {
			sim := r.current()
			for _, node := range sim.Nodes() {
				sim.Faults(node).FailWMI(1<<20, "Enumerate MSCluster_Resource", f.hr)
			}
			out, code := r.tf("apply", "-input=false", "-refresh-only", "-auto-approve")
			for _, node := range sim.Nodes() {
				sim.Faults(node).Clear()
			}
			t.Logf("refresh with 0x%08X on every resource enumeration: exit %d", f.hr, code)
			if strings.Contains(out, "Cluster resource not found") || strings.Contains(out, "removed from the state") {
				t.Fatalf("a fault was taken for an answer:\n%s", out)
			}
			r.expectState(want)
		})
	}
}

// transport auto on a host without root\MSCluster, or whose WMI refuses the account before
// any WMI request succeeded: the plan succeeds over PowerShell and says so in a warning
// diagnostic, not only in a log.
func TestAccAutoFallbackIsVisible(t *testing.T) {
	requireAcc(t)
	requireAuto(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	for _, tc := range []struct {
		name  string
		tweak func(*clustersim.Options)
		setup func(*clustersim.Sim)
		say   string
	}{
		{"WMI unavailable", func(o *clustersim.Options) { o.WMIUnavailable = []string{"*"} }, nil, "cannot serve"},
		{"WMI access denied", nil, func(s *clustersim.Sim) {
			for _, node := range s.Nodes() {
				s.Faults(node).FailWMI(1<<20, "", wsman.WBEMErrAccessDenied)
			}
		}, "WMI rights"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newCLIRig(t, bin, tc.tweak)
			if tc.setup != nil {
				tc.setup(r.current())
			}
			r.write(countedCheckpointsHCL("Fallback", 2))
			out := r.mustTF("apply", "-input=false", "-auto-approve")
			if !strings.Contains(out, "Warning: WinRM transport switched to PowerShell") || !strings.Contains(out, tc.say) {
				t.Fatalf("no warning diagnostic saying %q:\n%s", tc.say, out)
			}
			r.expectState(wantKeys("Fallback", 2))
			if r.current().Stats().PowerShellStarts == 0 {
				t.Fatal("no PowerShell after the fallback")
			}
		})
	}

	// transport = "wmi": WMI's access denied is an error naming WMI rights on root\MSCluster,
	// how to grant them, and transport = "powershell".
	t.Run("transport wmi, access denied", func(t *testing.T) {
		r := newCLIRig(t, bin, nil)
		for _, node := range r.current().Nodes() {
			r.current().Faults(node).FailWMI(1<<20, "", wsman.WBEMErrAccessDenied)
		}
		r.env = []string{"EXCHANGE_WINRM_TRANSPORT=wmi"}
		r.write(countedCheckpointsHCL("Denied", 1))
		out, code := r.tf("apply", "-input=false", "-auto-approve")
		if code == 0 {
			t.Fatalf("the apply succeeded through WMI's access denied:\n%s", out)
		}
		expectDiagnostic(t, out, `WMI refused access to root\MSCluster`, "wmimgmt.msc", `transport = "powershell"`)
	})
}

// After a WMI request to the host succeeded, WMI's access denied (here: reads allowed,
// methods refused) is an error naming the rights and transport = "powershell", on auto too.
func TestAccWMIDeniedAfterSuccess(t *testing.T) {
	requireAcc(t)
	requireAuto(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	r := newCLIRig(t, bin, nil)
	for _, node := range r.current().Nodes() {
		r.current().Faults(node).FailWMI(1<<20, "Invoke", wsman.WBEMErrAccessDenied)
	}
	r.write(countedCheckpointsHCL("DeniedLater", 1))
	out, code := r.tf("apply", "-input=false", "-auto-approve")
	if code == 0 || strings.Contains(out, "transport switched") {
		t.Fatalf("want an error and no switch (exit %d):\n%s", code, out)
	}
	expectDiagnostic(t, out, `WMI refused access to root\MSCluster`, "wmimgmt.msc", `transport = "powershell"`)
	if r.current().Stats().PowerShellStarts != 0 {
		t.Fatal("PowerShell started")
	}
}

// Destroying a checkpoint whose cluster resource is already gone succeeds: when a read that
// succeeded lacks the resource, and when the Invoke is answered as the recorded missing
// instance (a:DestinationUnreachable, 2150858752) because it went between the read and the
// Invoke.
func TestAccDestroyWhenResourceGone(t *testing.T) {
	requireAcc(t)
	requireAuto(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	t.Run("the Invoke finds no instance", func(t *testing.T) {
		r := newCLIRig(t, bin, nil)
		r.write(countedCheckpointsHCL("GoneRace", 1))
		r.mustTF("apply", "-input=false", "-auto-approve")
		for _, node := range r.current().Nodes() {
			r.current().Faults(node).FailWMI(1<<20, "Invoke", wsman.WBEMErrNotFound)
		}
		r.mustTF("destroy", "-input=false", "-auto-approve")
		if keys := r.stateKeys(); len(keys) != 0 {
			t.Fatalf("state after destroy: %v", keys)
		}
	})
	r := newCLIRig(t, bin, nil)
	r.write(countedCheckpointsHCL("Gone", 1))
	r.mustTF("apply", "-input=false", "-auto-approve")
	if _, err := r.current().Cluster().StopResource(systemAttendant); err != nil {
		t.Fatal(err)
	}
	if err := r.current().Cluster().DeleteResource(systemAttendant); err != nil {
		t.Fatal(err)
	}
	r.mustTF("destroy", "-input=false", "-auto-approve")
}
