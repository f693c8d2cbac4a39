package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestExamplesPlan plans the documentation's resource and data source examples (the files
// tfplugindocs puts into docs/) against the fake cluster, so that the docs never show
// configuration the provider refuses.
func TestExamplesPlan(t *testing.T) {
	requireTerraform(t)
	for _, file := range []string{
		"../../examples/resources/exchange_cluster_checkpoint/resource.tf",
		"../../examples/data-sources/exchange_cluster_resource/data-source.tf",
		"../../examples/data-sources/exchange_cluster/data-source.tf",
	} {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			body, err := os.ReadFile(file)
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
		})
	}
}
