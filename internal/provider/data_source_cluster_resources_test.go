package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

const resourcesData = "data.exchange_cluster_resources.sel"

func TestClusterResourcesDataSource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, regkey.Default)
		sa := b.resource(t, systemAttendant)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{
					// By type and name pattern: the System Attendant alone, as Windows holds it.
					Config: config(b, `data "exchange_cluster_resources" "sel" {
  resource_type = "`+sa.Type+`"
  name          = "microsoft exchange system *"
}`),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(resourcesData, "cluster", b.clusterName()),
						resource.TestCheckResourceAttr(resourcesData, "resources.#", "1"),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.name", systemAttendant),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.resource_type", sa.Type),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.owner_group", sa.OwnerGroup),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.owner_node", sa.OwnerNode),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.state", "Online"),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.registry_checkpoints.#", "1"),
						resource.TestCheckResourceAttr(resourcesData, "resources.0.registry_checkpoints.0", regkey.Default),
					),
				},
				{
					// No filter: every resource, the System Attendant and the Information Store among them.
					Config: config(b, `data "exchange_cluster_resources" "sel" {}`),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckTypeSetElemNestedAttrs(resourcesData, "resources.*", map[string]string{"name": systemAttendant}),
						resource.TestCheckTypeSetElemNestedAttrs(resourcesData, "resources.*", map[string]string{"name": informationStore}),
					),
				},
				{
					// Nothing selected is an empty list, not an error.
					Config: config(b, `data "exchange_cluster_resources" "sel" { resource_type = "No Such Type" }`),
					Check:  resource.TestCheckResourceAttr(resourcesData, "resources.#", "0"),
				},
				{
					Config:      config(b, `data "exchange_cluster_resources" "sel" { cluster = "NOSUCHCLUSTER" }`),
					ExpectError: regexp.MustCompile(`NOSUCHCLUSTER`),
				},
			},
		})
	})
}
