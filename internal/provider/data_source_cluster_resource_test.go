package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

const saData = "data.exchange_cluster_resource.sa"

// expectResourceAsWindowsHoldsIt compares the data source with what the cluster holds at the
// moment of the check.
func expectResourceAsWindowsHoldsIt(t *testing.T, b backend, address, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want := b.resource(t, name)
		checks := []resource.TestCheckFunc{
			resource.TestCheckResourceAttr(address, "name", name),
			resource.TestCheckResourceAttr(address, "cluster", b.clusterName()),
			resource.TestCheckResourceAttr(address, "resource_type", want.Type),
			resource.TestCheckResourceAttr(address, "state", want.State),
			resource.TestCheckResourceAttr(address, "owner_group", want.OwnerGroup),
			resource.TestCheckResourceAttr(address, "owner_node", want.OwnerNode),
			resource.TestCheckResourceAttr(address, "registry_checkpoints.#", strconv.Itoa(len(want.Checkpoints))),
		}
		for i, k := range want.Checkpoints {
			checks = append(checks, resource.TestCheckResourceAttr(address, fmt.Sprintf("registry_checkpoints.%d", i), k))
		}
		return resource.ComposeAggregateTestCheckFunc(checks...)(s)
	}
}

func TestClusterResourceDataSource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, regkey.Default)
		b.addCheckpointOutOfBand(t, systemAttendant, `SOFTWARE\Fabrikam\Backup`)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{
					// Defaults: the System Attendant of the WinRM host's cluster.
					Config: config(b, `data "exchange_cluster_resource" "sa" {}`),
					Check: resource.ComposeAggregateTestCheckFunc(
						expectResourceAsWindowsHoldsIt(t, b, saData, systemAttendant),
						resource.TestCheckResourceAttr(saData, "state", "Online"),
						resource.TestCheckResourceAttr(saData, "registry_checkpoints.#", "2"),
					),
				},
				{
					// After a failover the owner node follows.
					PreConfig: func() { b.failover(t) },
					Config:    config(b, `data "exchange_cluster_resource" "sa" {}`),
					Check:     expectResourceAsWindowsHoldsIt(t, b, saData, systemAttendant),
				},
				{
					// Named explicitly, on the named cluster.
					Config: config(b, fmt.Sprintf(`data "exchange_cluster_resource" "sa" {
  name    = %q
  cluster = %q
}`, informationStore, b.clusterName())),
					Check: expectResourceAsWindowsHoldsIt(t, b, saData, informationStore),
				},
				{
					Config:      config(b, `data "exchange_cluster_resource" "sa" { name = "No Such Resource" }`),
					ExpectError: regexp.MustCompile(`(?s)Cluster resource not found.*No Such Resource`),
				},
			},
		})
	})
}
