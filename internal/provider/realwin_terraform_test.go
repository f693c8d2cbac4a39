package provider

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// The core group on NODE2, the provider on NODE1 over NTLM (the provider's default logon,
// which cannot make a second hop): apply, drift on plan, repair and destroy all work, with
// the cluster left out and named.
func TestAccCoreGroupOnAnotherNode(t *testing.T) {
	b := coreGroupOnNode2(t)
	named := `resource "exchange_cluster_checkpoint" "kb" {
  cluster = "` + b.clusterName() + `"
}`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{
			{Config: config(b, kbResource), Check: expectHolds(t, b, systemAttendant, regkey.Default, true)},
			{
				PreConfig:          func() { b.removeCheckpointOutOfBand(t, systemAttendant, regkey.Default) },
				Config:             config(b, kbResource),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: config(b, kbResource), Check: expectHolds(t, b, systemAttendant, regkey.Default, true)},
			{Config: config(b, named), Check: expectHolds(t, b, systemAttendant, regkey.Default, true)},
		},
		CheckDestroy: func(*terraform.State) error {
			if b.holds(t, systemAttendant, regkey.Default) {
				t.Error("destroy left the checkpoint")
			}
			return nil
		},
	})
}

// A node without the FailoverClusters module: the plan fails naming the feature and the
// command that adds it, not "not a node of a failover cluster".
func TestAccModuleMissing(t *testing.T) {
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	// The PowerShell path needs the module (over WMI, transport auto, such a node is served:
	// internal/winclient/simtest TestSimModuleMissing checks that).
	t.Setenv("EXCHANGE_WINRM_TRANSPORT", "powershell")
	b := startSimBackend(t, modeNTLM, func(o *clustersim.Options) { o.WithoutModules = []string{"FailoverClusters"} })
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{{
			Config:      config(b, kbResource),
			ExpectError: regexp.MustCompile(`(?s)FailoverClusters PowerShell module.*RSAT-Clustering-PowerShell.*Install-WindowsFeature\s+RSAT-Clustering-PowerShell`),
		}},
	})
}

// coreGroupOnNode2 is the simulated cluster with its core group on NODE2, for an acceptance
// test whose provider connects to NODE1 over NTLM (the default logon, which cannot make a
// second hop). It skips the test without TF_ACC.
func coreGroupOnNode2(t *testing.T) *simBackend {
	t.Helper()
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	b := startSimBackend(t, modeNTLM)
	if _, err := b.sim.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
	return b
}

// Destroy removes exactly the checkpoint of each resource: a key with \M (an invalid .NET
// regular expression) and a key contained in the others.
func TestAccDestroyExactlyOne(t *testing.T) {
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	b := startSimBackend(t, modeNTLM)
	b.addCheckpointOutOfBand(t, systemAttendant, `SOFTWARE\Fabrikam`)
	one := func(key string) string {
		return `resource "exchange_cluster_checkpoint" "one" {
  key = ` + hclString(key) + `
}`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{
			{Config: config(b, one(`SOFTWARE`)), Check: expectHolds(t, b, systemAttendant, `SOFTWARE`, true)},
			{
				// Replacing the checkpoint destroys SOFTWARE: SOFTWARE\Fabrikam stays.
				Config: config(b, one(regkey.Default)),
				Check: resource.ComposeAggregateTestCheckFunc(
					expectHolds(t, b, systemAttendant, `SOFTWARE`, false),
					expectHolds(t, b, systemAttendant, `SOFTWARE\Fabrikam`, true),
					expectHolds(t, b, systemAttendant, regkey.Default, true)),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if b.holds(t, systemAttendant, regkey.Default) || !b.holds(t, systemAttendant, `SOFTWARE\Fabrikam`) {
				t.Errorf("destroy: %q", b.checkpoints(t, systemAttendant))
			}
			return nil
		},
	})
}
