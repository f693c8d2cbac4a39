package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

const (
	kbAddress        = "exchange_cluster_checkpoint.kb"
	systemAttendant  = "Microsoft Exchange System Attendant"
	informationStore = "Microsoft Exchange Information Store"
)

// The KB Q245211 configuration: every argument left to its default.
const kbResource = `resource "exchange_cluster_checkpoint" "kb" {}`

// The same checkpoint in other words: another case, a hive prefix, a trailing backslash.
const kbResourceOtherSpelling = `
resource "exchange_cluster_checkpoint" "kb" {
  cluster       = "excluster"
  resource_name = "microsoft exchange SYSTEM attendant"
  key           = "hklm:\\software\\microsoft\\exchange\\BACKUPINFORMATION\\"
}`

// expectHolds checks that the cluster checkpoints key (by meaning) on resource, or not.
func expectHolds(t *testing.T, b backend, resource, key string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := b.holds(t, resource, key); got != want {
			return fmt.Errorf("%s: %q checkpoints %q = %v, want %v (%v)", b.name(), resource, key, got, want, b.resource(t, resource).Checkpoints)
		}
		return nil
	}
}

func TestCheckpointLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			CheckDestroy: func(*terraform.State) error {
				for _, r := range []string{systemAttendant, informationStore} {
					if cps := b.resource(t, r).Checkpoints; len(cps) != 0 {
						return fmt.Errorf("checkpoints left on %s after destroy: %v", r, cps)
					}
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					// Create with every default: the KB's checkpoint on the WinRM host's cluster.
					Config: config(b, kbResource),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(kbAddress, "cluster", b.clusterName()),
						resource.TestCheckResourceAttr(kbAddress, "resource_name", systemAttendant),
						resource.TestCheckResourceAttr(kbAddress, "key", regkey.Default),
						resource.TestCheckResourceAttr(kbAddress, "id", b.clusterName()+"|"+systemAttendant+"|"+regkey.Default),
						expectHolds(t, b, systemAttendant, regkey.Default, true),
					),
				},
				{
					// Case, prefix and trailing backslash alone: no change at all.
					Config: config(b, kbResourceOtherSpelling),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					// Import, two-part ID: the WinRM host's cluster.
					ResourceName:      kbAddress,
					ImportState:       true,
					ImportStateId:     systemAttendant + "|" + regkey.Default,
					ImportStateVerify: true,
				},
				{
					// Import, three-part ID.
					ResourceName:      kbAddress,
					ImportState:       true,
					ImportStateId:     b.clusterName() + "|" + systemAttendant + "|" + regkey.Default,
					ImportStateVerify: true,
				},
				{
					// A failover of the Exchange group between two plans changes nothing.
					PreConfig: func() { b.failover(t) },
					Config:    config(b, kbResource),
					PlanOnly:  true,
				},
				{
					// Someone removes the checkpoint out of band: the plan shows a create.
					PreConfig:          func() { b.removeCheckpointOutOfBand(t, systemAttendant, regkey.Default) },
					Config:             config(b, kbResource),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionCreate),
						},
					},
				},
				{
					// Apply repairs it.
					Config: config(b, kbResource),
					Check:  expectHolds(t, b, systemAttendant, regkey.Default, true),
				},
				{
					// Another resource_name replaces the checkpoint.
					Config: config(b, fmt.Sprintf(`resource "exchange_cluster_checkpoint" "kb" { resource_name = %q }`, informationStore)),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionReplace)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						expectHolds(t, b, systemAttendant, regkey.Default, false),
						expectHolds(t, b, informationStore, regkey.Default, true),
						resource.TestCheckResourceAttr(kbAddress, "resource_name", informationStore),
					),
				},
				{
					// Another key replaces it too.
					Config: config(b, fmt.Sprintf(`resource "exchange_cluster_checkpoint" "kb" {
  resource_name = %q
  key           = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\Backup"
}`, informationStore)),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionReplace)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						expectHolds(t, b, informationStore, regkey.Default, false),
						expectHolds(t, b, informationStore, `SOFTWARE\Fabrikam\Backup`, true),
					),
				},
			},
		})
	})
}

func TestCheckpointAlreadyThereSaysHowToImport(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		stored := strings.ToUpper(regkey.Default)
		b.addCheckpointOutOfBand(t, systemAttendant, stored)
		importCmd := regexp.QuoteMeta(fmt.Sprintf("terraform import exchange_cluster_checkpoint.<NAME> '%s|%s|%s'",
			b.clusterName(), systemAttendant, stored))
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{
					Config:      config(b, kbResource),
					ExpectError: regexp.MustCompile(`(?s)Registry checkpoint already exists.*` + strings.ReplaceAll(importCmd, `\ `, `\s+`)),
				},
				{
					// Following the advice works, and the plan is then empty.
					Config:             config(b, kbResource),
					ResourceName:       kbAddress,
					ImportState:        true,
					ImportStateId:      b.clusterName() + "|" + systemAttendant + "|" + regkey.Default,
					ImportStatePersist: true,
				},
				{
					Config:   config(b, kbResource),
					PlanOnly: true,
				},
			},
		})
	})
}

func TestCheckpointOnMissingSystemAttendantFailsClearly(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.deleteResourceOutOfBand(t, systemAttendant)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{{
				Config:      config(b, kbResource),
				ExpectError: regexp.MustCompile(`(?s)Cluster resource not found.*no resource named\s+"Microsoft\s+Exchange\s+System\s+Attendant"`),
			}},
		})
	})
}

func TestCheckpointGoneWithItsResource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{Config: config(b, kbResource)},
				{
					// The resource is deleted, and its checkpoints with it: the refresh drops
					// the checkpoint from the state (with a warning) and the plan shows a create.
					PreConfig:          func() { b.deleteResourceOutOfBand(t, systemAttendant) },
					Config:             config(b, kbResource),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionCreate),
						},
					},
				},
				{
					// Nothing left to destroy: end with the provider alone.
					Config: providerBlock(b, nil),
				},
			},
		})
	})
}

// TestRefreshFailureKeepsTheState: a refresh that cannot reach Windows fails the plan and
// leaves the state alone; once Windows answers again the plan is empty.
func TestRefreshFailureKeepsTheState(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{Config: config(b, kbResource)},
				{
					PreConfig:   func() { b.refuseLogons(t) },
					Config:      config(b, kbResource),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`WinRM authentication failed`),
				},
				{
					// An empty plan: the checkpoint is still in the state (a dropped one
					// would plan a create).
					PreConfig: func() { b.allowLogons(t) },
					Config:    config(b, kbResource),
					PlanOnly:  true,
				},
			},
		})
	})
}
