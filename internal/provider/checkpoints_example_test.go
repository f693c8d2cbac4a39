package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestCheckpointsExamplePlan plans the documentation's example of exchange_cluster_checkpoints
// against the fake cluster, so that the docs never show configuration the provider refuses.
func TestCheckpointsExamplePlan(t *testing.T) {
	requireTerraform(t)
	body, err := os.ReadFile("../../examples/resources/exchange_cluster_checkpoints/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	b := newFakeBackend()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{{
			Config:             config(b, string(body)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
