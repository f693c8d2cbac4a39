package provider

import (
	"context"
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
	setAddress = "exchange_cluster_checkpoints.sa"
	fabrikam   = `SOFTWARE\Fabrikam\Backup`
	northwind  = `SOFTWARE\Northwind\Replicated`
	extraKey   = `SOFTWARE\Contoso\AddedByHand`
)

// checkpointsHCL is an exchange_cluster_checkpoints "sa" block; attrs are extra lines.
func checkpointsHCL(keys []string, attrs ...string) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = hclString(k)
	}
	var b strings.Builder
	b.WriteString("resource \"exchange_cluster_checkpoints\" \"sa\" {\n")
	for _, a := range attrs {
		b.WriteString("  " + a + "\n")
	}
	fmt.Fprintf(&b, "  keys = [%s]\n}\n", strings.Join(quoted, ", "))
	return b.String()
}

// expectKeysChange checks the plan of address: its keys before contain every key of before
// and none of after (by meaning), and after the opposite. An empty list checks nothing.
type expectKeysChange struct {
	address        string
	removed, added []string
}

var _ plancheck.PlanCheck = expectKeysChange{}

func (e expectKeysChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address || rc.Change == nil {
			continue
		}
		before, after := keysOf(rc.Change.Before), keysOf(rc.Change.After)
		for _, k := range e.removed {
			if !containsKey(before, k) || containsKey(after, k) {
				resp.Error = fmt.Errorf("%s: want %q removed by the plan; keys before %v, after %v", e.address, k, before, after)
				return
			}
		}
		for _, k := range e.added {
			if containsKey(before, k) || !containsKey(after, k) {
				resp.Error = fmt.Errorf("%s: want %q added by the plan; keys before %v, after %v", e.address, k, before, after)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", e.address)
}

func keysOf(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	list, _ := m["keys"].([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// expectCheckpoints checks that the System Attendant holds exactly keys, compared by meaning.
func expectCheckpoints(t *testing.T, b backend, keys ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := b.resource(t, systemAttendant).Checkpoints
		if !sameKeys(got, keys) {
			return fmt.Errorf("%s: %q checkpoints %v, want %v", b.name(), systemAttendant, got, keys)
		}
		return nil
	}
}

func TestCheckpointsLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		declared := checkpointsHCL([]string{regkey.Default, fabrikam})
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			CheckDestroy: func(*terraform.State) error {
				if cps := b.resource(t, systemAttendant).Checkpoints; len(cps) != 0 {
					return fmt.Errorf("checkpoints left on %s after destroy: %v", systemAttendant, cps)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					// Create: both keys on the System Attendant of the WinRM host's cluster.
					Config: config(b, declared),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(setAddress, "cluster", b.clusterName()),
						resource.TestCheckResourceAttr(setAddress, "resource_name", systemAttendant),
						resource.TestCheckResourceAttr(setAddress, "id", b.clusterName()+"|"+systemAttendant),
						resource.TestCheckResourceAttr(setAddress, "keys.#", "2"),
						resource.TestCheckTypeSetElemAttr(setAddress, "keys.*", regkey.Default),
						resource.TestCheckTypeSetElemAttr(setAddress, "keys.*", fabrikam),
						expectCheckpoints(t, b, regkey.Default, fabrikam),
					),
				},
				{
					// Case, prefix and trailing backslash alone, in every attribute: no change.
					Config: config(b, checkpointsHCL(
						[]string{`hklm:\software\microsoft\exchange\BACKUPINFORMATION\`, `HKEY_LOCAL_MACHINE\software\FABRIKAM\backup`},
						"cluster = "+hclString(strings.ToLower(b.clusterName())),
						`resource_name = "microsoft exchange SYSTEM attendant"`)),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					// Someone adds a checkpoint by hand: the plan shows its removal.
					PreConfig:          func() { b.addCheckpointOutOfBand(t, systemAttendant, extraKey) },
					Config:             config(b, declared),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate),
							expectKeysChange{address: setAddress, removed: []string{extraKey}},
						},
					},
				},
				{
					// Apply removes it, and only it.
					Config: config(b, declared),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate),
							expectKeysChange{address: setAddress, removed: []string{extraKey}},
						},
					},
					Check: expectCheckpoints(t, b, regkey.Default, fabrikam),
				},
				{
					// A declared checkpoint removed by hand: the plan adds it back.
					PreConfig:          func() { b.removeCheckpointOutOfBand(t, systemAttendant, fabrikam) },
					Config:             config(b, declared),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate),
							expectKeysChange{address: setAddress, added: []string{fabrikam}},
						},
					},
				},
				{
					Config: config(b, declared),
					Check:  expectCheckpoints(t, b, regkey.Default, fabrikam),
				},
				{
					// Import, RESOURCE_NAME: the WinRM host's cluster.
					ResourceName:      setAddress,
					ImportState:       true,
					ImportStateId:     systemAttendant,
					ImportStateVerify: true,
				},
				{
					// Import, CLUSTER|RESOURCE_NAME.
					ResourceName:      setAddress,
					ImportState:       true,
					ImportStateId:     b.clusterName() + "|" + systemAttendant,
					ImportStateVerify: true,
				},
				{
					// A failover of the Exchange group between two plans changes nothing.
					PreConfig: func() { b.failover(t) },
					Config:    config(b, declared),
					PlanOnly:  true,
				},
				{
					// Another set: updated in place, one key removed and one added.
					Config: config(b, checkpointsHCL([]string{regkey.Default, `HKLM\` + northwind})),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate),
							expectKeysChange{address: setAddress, removed: []string{fabrikam}, added: []string{northwind}},
						},
					},
					Check: expectCheckpoints(t, b, regkey.Default, northwind),
				},
			},
		})
	})
}

// TestCheckpointsCreateRefusesUndeclared: create does not remove checkpoints no plan showed;
// it says how to import, and after the import the plan shows the removal.
func TestCheckpointsCreateRefusesUndeclared(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, extraKey)
		// The declared key is there too, in another case: it is adopted, not an obstacle.
		b.addCheckpointOutOfBand(t, systemAttendant, strings.ToUpper(regkey.Default))
		declared := config(b, checkpointsHCL([]string{regkey.Default}))
		importCmd := regexp.QuoteMeta(fmt.Sprintf("terraform import exchange_cluster_checkpoints.<NAME> '%s|%s'", b.clusterName(), systemAttendant))
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{
					Config: declared,
					ExpectError: regexp.MustCompile(`(?s)undeclared registry checkpoints.*` + regexp.QuoteMeta(`"`+extraKey) +
						`.*` + strings.ReplaceAll(importCmd, `\ `, `\s+`)),
				},
				{
					Config:             declared,
					ResourceName:       setAddress,
					ImportState:        true,
					ImportStateId:      systemAttendant,
					ImportStatePersist: true,
				},
				{
					Config:             declared,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							expectKeysChange{address: setAddress, removed: []string{extraKey}},
						},
					},
				},
				{
					Config: declared,
					Check:  expectCheckpoints(t, b, regkey.Default),
				},
				{
					// The cluster keeps its upper-case spelling; the configuration's differs
					// in case only: no change.
					Config:   declared,
					PlanOnly: true,
				},
			},
		})
	})
}

// TestCheckpointsAdoptsDeclaredKeys: declared keys already on the cluster, in another spelling,
// are adopted at create and show no change afterwards.
func TestCheckpointsAdoptsDeclaredKeys(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, strings.ToLower(regkey.Default))
		declared := config(b, checkpointsHCL([]string{`HKLM\` + regkey.Default, fabrikam}))
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{
				{
					Config: declared,
					Check:  expectCheckpoints(t, b, regkey.Default, fabrikam),
				},
				{
					Config:   declared,
					PlanOnly: true,
				},
			},
		})
	})
}

func TestCheckpointsBadKeysFailAtPlan(t *testing.T) {
	requireTerraform(t)
	b := newFakeBackend()
	cases := []struct {
		keys []string
		want string
	}{
		{[]string{regkey.Default, `HKLM\` + strings.ToLower(regkey.Default)}, `(?s)Duplicate registry key.*name the same registry key`},
		{[]string{`HKCU\Software\Fabrikam`}, `(?s)Invalid registry key.*HKEY_CURRENT_USER`},
		{[]string{`\SOFTWARE\Fabrikam`}, `(?s)Invalid registry key.*backslash`},
	}
	for _, c := range cases {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resource.TestStep{{
				Config:      config(b, checkpointsHCL(c.keys)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(c.want),
			}},
		})
	}
	if n := b.requests(); n != 0 {
		t.Fatalf("%d requests reached Windows for configurations refused at plan", n)
	}
}
