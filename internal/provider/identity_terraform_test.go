package provider

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Import blocks through the terraform binary: by ID with any terraform from 1.5, by resource
// identity from Terraform 1.12 or OpenTofu 1.12 (`make testacc-tofu`; the terraform 1.11 on
// PATH skips those steps), for both resources and a key with "|".
func TestImportBlocksByIDAndIdentity(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		const pipeKey = `SOFTWARE\Vendor|App`
		cfg := config(b, `
resource "exchange_cluster_checkpoint" "pipe" {
  key = "SOFTWARE\\Vendor|App"
}

resource "exchange_cluster_checkpoints_exclusive" "is" {
  resource_name = "Microsoft Exchange Information Store"
  keys          = ["SOFTWARE\\Fabrikam|Backup"]
}
`)
		identityIs := func(addr string, want map[string]knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectIdentity(addr, want)
		}
		steps := []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("exchange_cluster_checkpoint.pipe", tfjsonpath.New("id"),
					knownvalue.StringExact("|"+b.clusterName()+"|"+defaultResourceName+`|SOFTWARE\Vendor%7CApp`)),
			},
		}}
		idSteps, identitySteps := append([]resource.TestStep{}, steps...), append([]resource.TestStep{}, steps...)
		for _, addr := range []string{"exchange_cluster_checkpoint.pipe", "exchange_cluster_checkpoints_exclusive.is"} {
			idSteps = append(idSteps, resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID})
			identitySteps = append(identitySteps, resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity})
		}
		// The identities, as the terraform binary reports them (1.12 and later).
		identitySteps = append(identitySteps, resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				identityIs("exchange_cluster_checkpoint.pipe", map[string]knownvalue.Check{
					"cluster": knownvalue.StringExact(b.clusterName()), "resource_name": knownvalue.StringExact(defaultResourceName),
					"key": knownvalue.StringExact(pipeKey),
				}),
				identityIs("exchange_cluster_checkpoints_exclusive.is", map[string]knownvalue.Check{
					"cluster": knownvalue.StringExact(b.clusterName()), "resource_name": knownvalue.StringExact("Microsoft Exchange Information Store"),
				}),
			},
		})
		// Destroy removes the single checkpoint; the exclusive resource's stay (destroying it
		// stops enforcing).
		checkDestroy := func(*terraform.State) error {
			if b.holds(t, defaultResourceName, pipeKey) || !b.holds(t, "Microsoft Exchange Information Store", `SOFTWARE\Fabrikam|Backup`) {
				return errors.New("after destroy, want the single checkpoint gone and the exclusive resource's kept")
			}
			return nil
		}
		t.Run("by ID", func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: b.factories(), Steps: idSteps, CheckDestroy: checkDestroy})
		})
		t.Run("by identity", func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: b.factories(), Steps: identitySteps, CheckDestroy: checkDestroy,
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
			})
		})
	})
}
