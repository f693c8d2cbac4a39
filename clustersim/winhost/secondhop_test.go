package winhost

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// runAs runs a script with host as the value its cmdlets see (a node or a session).
func runAs(n *Node, host any, script string) (string, string) {
	rs := winps51.NewRunspace(winps51.Options{NonInteractive: true, ErrorFormat: winps51.ErrorsText,
		Cmdlets: n.Cmdlets(), ComputerName: n.Name(), Host: host})
	var out, errb bytes.Buffer
	rs.RunScript(context.Background(), script, &out, &errb)
	return out.String(), errb.String()
}

// Which logons reach the node that owns the core group through -Cluster.
func TestSecondHopByLogon(t *testing.T) {
	c, n := newTestNode(t)
	if _, err := c.MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
	script := "(Get-ClusterGroup -Cluster " + c.Info().Name + " -Name 'Cluster Group').OwnerNode.Name"
	cases := []struct {
		name string
		host any
		ok   bool
	}{
		{"console", n, true},
		{"ntlm", n.Session(Logon{Method: "NTLM", Remote: true}), false},
		{"basic", n.Session(Logon{Method: "Basic", Remote: true}), false},
		{"kerberos without delegation", n.Session(Logon{Method: "Kerberos", Remote: true}), false},
		{"kerberos with a forwarded TGT", n.Session(Logon{Method: "Kerberos", Remote: true, Delegable: true}), true},
	}
	for _, tc := range cases {
		out, errs := runAs(n, tc.host, script)
		if tc.ok && (strings.TrimSpace(out) != "NODE2" || errs != "") {
			t.Errorf("%s: %q %q", tc.name, out, errs)
		}
		if !tc.ok && (out != "" || !strings.Contains(errs, "You do not have administrative privileges on the cluster")) {
			t.Errorf("%s: want access denied, got %q %q", tc.name, out, errs)
		}
	}
	// Without -Cluster every logon talks to the local Cluster service.
	for _, tc := range cases {
		if out, errs := runAs(n, tc.host, "(Get-ClusterGroup -Name 'Cluster Group').OwnerNode.Name"); strings.TrimSpace(out) != "NODE2" || errs != "" {
			t.Errorf("%s without -Cluster: %q %q", tc.name, out, errs)
		}
	}
}

// Remove-ClusterCheckpoint -CheckpointName takes a .NET regular expression: a registry path
// with \M fails, and a key that is part of other keys removes them all. Piping the exact
// checkpoint object (Microsoft's example 1) removes that one only.
func TestRemoveCheckpointNameIsARegex(t *testing.T) {
	c, n := newTestNode(t)
	sa := cluster.SystemAttendant
	keys := []string{`SOFTWARE`, `SOFTWARE\Fabrikam`, `SOFTWARE\Microsoft\Exchange\Backupinformation`}
	reset := func() {
		for _, k := range keys {
			_, _ = c.RemoveCheckpoint(sa, k)
			if _, err := c.AddCheckpoint(sa, k); err != nil {
				t.Fatal(err)
			}
		}
	}
	held := func() int {
		cps, _ := c.Checkpoints(sa)
		return len(cps)
	}
	reset()
	_, errs := runAs(n, n, `Remove-ClusterCheckpoint -ResourceName '`+sa+`' -CheckpointName 'SOFTWARE\Microsoft\Exchange\Backupinformation' -RegistryCheckpoint -Force`)
	if !strings.Contains(errs, `Unrecognized escape sequence \M.`) || held() != 3 {
		t.Fatalf("a key with \\M as -CheckpointName: %q, %d left", errs, held())
	}
	if _, errs := runAs(n, n, `Remove-ClusterCheckpoint -ResourceName '`+sa+`' -CheckpointName 'SOFTWARE' -RegistryCheckpoint -Force`); errs != "" || held() != 0 {
		t.Fatalf("'SOFTWARE' as -CheckpointName: %q, %d left, want every key containing it removed", errs, held())
	}
	// A key that is a valid pattern not matching its own text (\W is a class): nothing
	// matches, so nothing is removed, and the error says so.
	const wow = `SOFTWARE\Wow6432Node`
	if _, err := c.AddCheckpoint(sa, wow); err != nil {
		t.Fatal(err)
	}
	if _, errs := runAs(n, n, `Remove-ClusterCheckpoint -ResourceName '`+sa+`' -CheckpointName '`+wow+`' -RegistryCheckpoint -Force`); !strings.Contains(errs, "cannot find the file") {
		t.Fatalf("%s as -CheckpointName: %q, want file not found", wow, errs)
	}
	if !holdsKey(c, sa, wow) {
		t.Fatalf("%s as -CheckpointName reported it missing and removed it", wow)
	}
	_, _ = c.RemoveCheckpoint(sa, wow)
	for _, k := range keys {
		reset()
		script := `$cp = Get-ClusterCheckpoint -ResourceName '` + sa + `' -RegistryCheckpoint | Where-Object Name -eq '` + k + `'; $cp | Remove-ClusterCheckpoint -Force`
		if _, errs := runAs(n, n, script); errs != "" || held() != 2 {
			t.Fatalf("piping %s: %q, %d left", k, errs, held())
		}
		if holdsKey(c, sa, k) {
			t.Fatalf("piping %s left it", k)
		}
		reset()
		script = `$cp = Get-ClusterCheckpoint -ResourceName '` + sa + `' -RegistryCheckpoint | Where-Object Name -eq '` + k + `'; Remove-ClusterCheckpoint -InputObject $cp -Force`
		if _, errs := runAs(n, n, script); errs != "" || held() != 2 {
			t.Fatalf("-InputObject %s: %q, %d left", k, errs, held())
		}
	}
}

// holdsKey reports whether resource checkpoints key (any case).
func holdsKey(c *cluster.Cluster, resource, key string) bool {
	cps, _ := c.Checkpoints(resource)
	for _, cp := range cps {
		if strings.EqualFold(cp.Key, key) {
			return true
		}
	}
	return false
}
