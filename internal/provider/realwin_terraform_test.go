package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// The core group on NODE2, the provider on NODE1 over NTLM (the provider's default logon,
// which cannot make a second hop): apply, drift on plan, repair and destroy all work, with
// the cluster left out and named.
func TestAccCoreGroupOnAnotherNode(t *testing.T) {
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	b := startSimBackend(t, modeNTLM)
	if _, err := b.sim.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
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
