package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	resourcetest "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// These tests are issue 21's "Why", one bullet each, through terraform against the simulated
// cluster: each failed on the code before the fix.

// startSafetySim is the simulated cluster for these tests (NTLM over sealed HTTP), or a skip
// without TF_ACC.
func startSafetySim(t *testing.T) *simBackend {
	t.Helper()
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1")
	}
	return startSimBackend(t, modeNTLM)
}

// expectHeld checks that resource checkpoints exactly names, as stored (case aside).
func expectHeld(t *testing.T, b *simBackend, resource string, names ...string) resourcetest.TestCheckFunc {
	return func(*terraform.State) error {
		got := b.checkpoints(t, resource)
		if len(got) != len(names) {
			return fmt.Errorf("%q holds %q, want %q", resource, got, names)
		}
		for _, n := range names {
			if !containsFold(got, n) {
				return fmt.Errorf("%q holds %q, want %q", resource, got, names)
			}
		}
		return nil
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// Why 1: destroying the exclusive resource removed every checkpoint its refreshed state held,
// out-of-band ones included, and a replacement removed the KB key itself.
func TestAccSafetyExclusiveDestroyAndReplacementRemoveNothing(t *testing.T) {
	b := startSafetySim(t)
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		// Destroy stops enforcing: what the cluster holds stays.
		CheckDestroy: resourcetest.ComposeAggregateTestCheckFunc(
			expectHeld(t, b, systemAttendant, regkey.Default, fabrikam, extraKey),
			expectHeld(t, b, informationStore, regkey.Default),
		),
		Steps: []resourcetest.TestStep{
			{
				Config: config(b, checkpointsHCL([]string{regkey.Default, fabrikam})),
				Check:  expectHeld(t, b, systemAttendant, regkey.Default, fabrikam),
			},
			{
				// Someone adds a checkpoint; then the configuration moves the resource to
				// another cluster resource: a replacement, whose destroy half removed the
				// System Attendant's checkpoints, the KB key among them.
				PreConfig: func() { b.addCheckpointOutOfBand(t, systemAttendant, extraKey) },
				Config:    config(b, checkpointsHCL([]string{regkey.Default}, `resource_name = "`+informationStore+`"`)),
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resourcetest.ComposeAggregateTestCheckFunc(
					expectHeld(t, b, systemAttendant, regkey.Default, fabrikam, extraKey),
					expectHeld(t, b, informationStore, regkey.Default),
				),
			},
		},
	})
}

// lateCheckpoint adds a checkpoint out of band after the plan and before its apply, as
// someone might between `terraform plan -out` and `terraform apply`.
type lateCheckpoint struct {
	b        *simBackend
	t        *testing.T
	resource string
	name     string
}

func (l lateCheckpoint) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	l.b.addCheckpointOutOfBand(l.t, l.resource, l.name)
}

// Why 2: an update listed the cluster again at apply time and removed whatever was not
// declared: a checkpoint added between plan and apply went unseen.
func TestAccSafetyApplyRemovesOnlyWhatThePlanShowed(t *testing.T) {
	b := startSafetySim(t)
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			{
				Config: config(b, checkpointsHCL([]string{regkey.Default})),
				Check:  expectHeld(t, b, systemAttendant, regkey.Default),
			},
			{
				Config: config(b, checkpointsHCL([]string{regkey.Default, fabrikam})),
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectKeysChange{address: setAddress, added: []string{fabrikam}},
						lateCheckpoint{b: b, t: t, resource: systemAttendant, name: extraKey},
					},
				},
				// The late checkpoint stays until a plan shows it (the refresh after the apply
				// shows it: the plan is not empty).
				Check:              expectHeld(t, b, systemAttendant, regkey.Default, fabrikam, extraKey),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:             config(b, checkpointsHCL([]string{regkey.Default, fabrikam})),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{expectKeysChange{address: setAddress, removed: []string{extraKey}}},
				},
			},
			{
				Config: config(b, checkpointsHCL([]string{regkey.Default, fabrikam})),
				Check:  expectHeld(t, b, systemAttendant, regkey.Default, fabrikam),
			},
		},
	})
}

// Why 3: a name stored with a hive prefix (Windows reads HKLM\SOFTWARE\X as
// HKEY_LOCAL_MACHINE\HKLM\SOFTWARE\X) was taken for the declared SOFTWARE\X: the single
// resource refused to create the real checkpoint, and the exclusive one adopted the bogus one,
// so the KB fix was silently missing.
func TestAccSafetyStoredHivePrefixIsAnotherKey(t *testing.T) {
	b := startSafetySim(t)
	bogus := `HKLM\` + fabrikam
	b.addCheckpointOutOfBand(t, informationStore, bogus)
	b.addCheckpointOutOfBand(t, systemAttendant, bogus)
	single := fmt.Sprintf("resource \"exchange_cluster_checkpoint\" \"is\" {\n  resource_name = %q\n  key = %s\n}\n", informationStore, hclString(fabrikam))
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			{
				// The single resource adds the real key beside the bogus name.
				Config: config(b, single),
				Check:  expectHeld(t, b, informationStore, bogus, fabrikam),
			},
			{
				// The exclusive resource does not adopt the bogus name as the declared key.
				Config:      config(b, single+checkpointsHCL([]string{fabrikam})),
				ExpectError: regexp.MustCompile(`(?s)undeclared registry checkpoints.*` + regexp.QuoteMeta(`"HKLM\`+fabrikam+`"`)),
			},
			{
				// Adopted by import, the plan shows the bogus name removed and the key added.
				Config:             config(b, single+checkpointsHCL([]string{fabrikam})),
				ResourceName:       setAddress,
				ImportState:        true,
				ImportStateId:      systemAttendant,
				ImportStatePersist: true,
			},
			{
				Config: config(b, single+checkpointsHCL([]string{fabrikam})),
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectExactKeys{address: setAddress, before: []string{`HKLM\` + fabrikam}, after: []string{fabrikam}}},
				},
				Check: expectHeld(t, b, systemAttendant, fabrikam),
			},
			{
				// The data source reports the name Windows does not resolve as meant.
				Config: config(b, single+checkpointsHCL([]string{fabrikam})+
					fmt.Sprintf("data \"exchange_cluster_resource\" \"is\" {\n  name = %q\n}\n", informationStore)),
				Check: resourcetest.TestCheckResourceAttrWith("data.exchange_cluster_resource.is", "unresolved_checkpoints.HKLM\\"+fabrikam,
					func(v string) error {
						if !strings.Contains(v, "hive prefix") {
							return fmt.Errorf("reason %q does not name the hive prefix", v)
						}
						return nil
					}),
			},
		},
	})
}

// Why 4: two stored names that normalise to one key made every refresh fail with "Duplicate
// Set Element": the state's spelling went to both.
func TestAccSafetyTwoStoredNamesOfOneKeyRefresh(t *testing.T) {
	b := startSafetySim(t)
	declared := config(b, checkpointsHCL([]string{`HKLM\` + fabrikam}))
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			{
				Config: declared,
				Check:  expectHeld(t, b, systemAttendant, fabrikam),
			},
			{
				// The bogus name appears beside the key, stored exactly as the configuration
				// spells the key: the plan removes it (a warning names it), and only it.
				PreConfig: func() { b.addCheckpointOutOfBand(t, systemAttendant, `HKLM\`+fabrikam) },
				Config:    declared,
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate)},
				},
				Check: expectHeld(t, b, systemAttendant, fabrikam),
			},
			{
				Config:   declared,
				PlanOnly: true,
			},
		},
	})
}

// Why 5: another spelling of the same cluster planned a replacement.
func TestAccSafetySameClusterOtherSpellingPlansNoChange(t *testing.T) {
	b := startSafetySim(t)
	info := b.sim.Cluster().Info()
	fqdn := strings.ToLower(info.Name + "." + info.Domain)
	single := func(cluster string) string {
		return fmt.Sprintf("resource \"exchange_cluster_checkpoint\" \"kb\" {\n  cluster = %q\n}\n", cluster)
	}
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			{Config: config(b, single(info.Name)+checkpointsHCL([]string{fabrikam}, `resource_name = "`+informationStore+`"`, `cluster = "`+info.Name+`"`))},
			{
				Config: config(b, single(fqdn)+checkpointsHCL([]string{fabrikam}, `resource_name = "`+informationStore+`"`, `cluster = "`+fqdn+`"`)),
				ConfigPlanChecks: resourcetest.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resourcetest.ComposeAggregateTestCheckFunc(
					expectHeld(t, b, systemAttendant, regkey.Default),
					expectHeld(t, b, informationStore, fabrikam),
				),
			},
		},
	})
}

// Why 6a: with keys unknown at plan, the plan could not show the removals, and said nothing.
func TestAccSafetyUnknownKeysWarn(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	r := newCLIRig(t, bin, nil)
	r.write(checkpointsHCL([]string{regkey.Default}))
	r.mustTF("apply", "-input=false", "-auto-approve")
	r.b.addCheckpointOutOfBand(t, systemAttendant, extraKey)
	r.write(fmt.Sprintf("resource \"terraform_data\" \"k\" {\n  input = %s\n}\n", hclString(fabrikam)) +
		"resource \"exchange_cluster_checkpoints_exclusive\" \"sa\" {\n  keys = [terraform_data.k.output, " + hclString(regkey.Default) + "]\n}\n")
	out := r.mustTF("plan", "-input=false")
	if !strings.Contains(out, "Warning: Keys unknown until apply") || !strings.Contains(out, extraKey) {
		t.Fatalf("the plan does not warn that it may remove %s:\n%s", extraKey, out)
	}
	// The apply removes what the warning named and the keys, once known, do not declare.
	r.mustTF("apply", "-input=false", "-auto-approve")
	if got := r.clusterKeys(); len(got) != 2 || !containsFold(got, fabrikam) || !containsFold(got, regkey.Default) {
		t.Fatalf("the cluster holds %q", got)
	}
}

// expectExactKeys checks the plan's keys of address before and after, element by element.
type expectExactKeys struct {
	address       string
	before, after []string
}

func (e expectExactKeys) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address || rc.Change == nil {
			continue
		}
		before, after := keysOf(rc.Change.Before), keysOf(rc.Change.After)
		if strings.Join(before, "|") != strings.Join(e.before, "|") || strings.Join(after, "|") != strings.Join(e.after, "|") {
			resp.Error = fmt.Errorf("%s: keys %q -> %q, want %q -> %q", e.address, before, after, e.before, e.after)
		}
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", e.address)
}

// Why 6b: an exclusive apply ran n operations under a timeout meant for one; the timeouts
// block bounds the whole, and says so when it passes.
func TestAccSafetyTimeoutsBlock(t *testing.T) {
	b := startSafetySim(t)
	resourcetest.Test(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			{Config: config(b, checkpointsHCL([]string{regkey.Default}, `timeouts { update = "3m" }`))},
			{
				// Every request of the step is slow, whatever the transport spends them on
				// (PowerShell's session start takes several, WMI's read two): the refresh
				// after the apply, under the new read = "1s", must time out.
				PreConfig:   func() { b.sim.Faults("NODE1").Delay(1000, 1500*time.Millisecond) },
				Config:      config(b, checkpointsHCL([]string{regkey.Default, fabrikam}, `timeouts { read = "1s" }`)),
				ExpectError: regexp.MustCompile(`(?s)Timed out while reading the checkpoints.*timeouts block`),
			},
			{
				PreConfig: func() { b.sim.Faults("NODE1").Clear() },
				Config:    config(b, checkpointsHCL([]string{regkey.Default, fabrikam}, `timeouts { update = "3m" }`)),
				Check:     expectHeld(t, b, systemAttendant, regkey.Default, fabrikam),
			},
		},
	})
}

// Why 6c: an interrupt (Ctrl+C) was reported as a timeout, with the advice to raise it.
func TestAccSafetyInterruptIsReportedAsAnInterrupt(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	r := newCLIRig(t, bin, func(o *clustersim.Options) {})
	r.write(checkpointsHCL([]string{regkey.Default}))
	r.mustTF("apply", "-input=false", "-auto-approve")
	// Every answer now takes long: the refresh of the next plan is under way when the
	// interrupt comes.
	r.faults().Delay(1000, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out := r.command(ctx, "plan", "-input=false")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	r.faults().Clear()
	text := out.String()
	if strings.Contains(text, "raise `timeout`") || strings.Contains(text, "timed out") {
		t.Fatalf("the interrupt was reported as a timeout:\n%s", text)
	}
	if !strings.Contains(text, "Interrupted") {
		t.Fatalf("the interrupt was not reported:\n%s", text)
	}
}
