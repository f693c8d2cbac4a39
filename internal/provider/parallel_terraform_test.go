package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestManyCheckpointsAtOnce applies 40 checkpoints with Terraform's default parallelism (10)
// through one provider process: every one lands, none twice, and a second plan is empty.
func TestManyCheckpointsAtOnce(t *testing.T) {
	const n = 40
	body := fmt.Sprintf(`resource "exchange_cluster_checkpoint" "many" {
  count = %d
  key   = "SOFTWARE\\Fabrikam\\Backup${count.index}"
}`, n)
	forEachBackend(t, func(t *testing.T, b backend) {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			CheckDestroy: func(*terraform.State) error {
				if cps := b.resource(t, systemAttendant).Checkpoints; len(cps) != 0 {
					return fmt.Errorf("%d checkpoints left after destroy", len(cps))
				}
				return nil
			},
			Steps: []resource.TestStep{{
				Config: config(b, body),
				Check: func(*terraform.State) error {
					cps := b.resource(t, systemAttendant).Checkpoints
					if len(cps) != n {
						return fmt.Errorf("%d checkpoints on the System Attendant, want %d", len(cps), n)
					}
					for i := 0; i < n; i++ {
						if !b.holds(t, systemAttendant, fmt.Sprintf(`SOFTWARE\Fabrikam\Backup%d`, i)) {
							return fmt.Errorf("checkpoint %d missing", i)
						}
					}
					return nil
				},
			}},
		})
	})
}
