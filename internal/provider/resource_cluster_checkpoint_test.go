package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	resourcetest "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// These tests call the resource's methods directly, with a fake Windows client: they pin
// down what Read, Create and Delete do with each answer Windows can give.

func newTestResource(f *fakeAPI) *clusterCheckpointResource {
	return &clusterCheckpointResource{checkpointBase{data: &providerData{client: f}}}
}

func modelOf(cluster, resourceName, key string) checkpointModel {
	m := checkpointModel{
		Cluster:      types.StringValue(cluster),
		ResourceName: types.StringValue(resourceName),
		Key:          types.StringValue(key),
		ID:           types.StringValue(importID(cluster, resourceName, key)),
		Timeouts:     noTimeouts(singleTimeouts),
	}
	if cluster == "" {
		m.Cluster = types.StringUnknown()
		m.ID = types.StringUnknown()
	}
	return m
}

func TestReadDecidesWhatIsGone(t *testing.T) {
	const key = regkey.Default
	cases := []struct {
		name        string
		stored      []string // checkpoints on the System Attendant
		deleteRes   bool     // the cluster resource is gone
		listErr     error
		wantRemoved bool
		wantError   string // fragment of an error summary; "" for none
		wantWarning string
	}{
		{name: "present", stored: []string{key}},
		{name: "present in another case", stored: []string{strings.ToLower(key)}},
		{name: "present among others", stored: []string{`SOFTWARE\Other`, key}},
		{name: "gone", stored: nil, wantRemoved: true},
		{name: "only others left", stored: []string{`SOFTWARE\Other`}, wantRemoved: true},
		{name: "cluster resource gone", deleteRes: true, wantRemoved: true, wantWarning: "Cluster resource not found"},
		{name: "transport error keeps state", stored: []string{key}, listErr: &winclient.Error{Kind: winclient.KindTransport, Op: "FindCheckpoint", Message: "connection reset by peer"}, wantError: "Cannot reach WinRM"},
		{name: "transport error with checkpoint gone still keeps state", listErr: &winclient.Error{Kind: winclient.KindTransport, Message: "EOF"}, wantError: "Cannot reach WinRM"},
		{name: "auth error keeps state", stored: []string{key}, listErr: &winclient.Error{Kind: winclient.KindAuth, Message: "http 401"}, wantError: "authentication failed"},
		{name: "access denied keeps state", listErr: &winclient.Error{Kind: winclient.KindAccessDenied, Message: "denied"}, wantError: "Access denied"},
		{name: "quota keeps state", listErr: &winclient.Error{Kind: winclient.KindQuota, Message: "MaxShellsPerUser"}, wantError: "quota"},
		{name: "timeout keeps state", listErr: &winclient.Error{Kind: winclient.KindTimeout, Message: "deadline"}, wantError: "timed out"},
		{name: "cluster not found keeps state", listErr: &winclient.Error{Kind: winclient.KindClusterNotFound, Message: "no such cluster"}, wantError: "Cluster not found"},
		{name: "unclassified error keeps state", listErr: errors.New("something odd"), wantError: "Windows error"},
	}
	sch := schemaOf(t, &clusterCheckpointResource{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAPI()
			f.setCheckpoints(defaultResourceName, c.stored...)
			if c.deleteRes {
				f.deleteResource(defaultResourceName)
			}
			f.failWith("FindCheckpoint", c.listErr)
			prior := stateOf(t, sch, modelOf("EXCLUS", defaultResourceName, key))
			req := resource.ReadRequest{State: prior}
			resp := resource.ReadResponse{State: prior}
			newTestResource(f).Read(context.Background(), req, &resp)

			text := diagText(resp.Diagnostics)
			if c.wantError == "" && resp.Diagnostics.HasError() {
				t.Fatalf("unexpected error:\n%s", text)
			}
			if c.wantError != "" && (!resp.Diagnostics.HasError() || !strings.Contains(text, c.wantError)) {
				t.Fatalf("want an error saying %q, got:\n%s", c.wantError, text)
			}
			if c.wantWarning != "" && (resp.Diagnostics.WarningsCount() == 0 || !strings.Contains(text, c.wantWarning)) {
				t.Fatalf("want a warning saying %q, got:\n%s", c.wantWarning, text)
			}
			removed := resp.State.Raw.IsNull()
			if removed != c.wantRemoved {
				t.Fatalf("removed from state = %v, want %v (diagnostics:\n%s)", removed, c.wantRemoved, text)
			}
			if !removed {
				var got checkpointModel
				resp.State.Get(context.Background(), &got)
				if got.Key.ValueString() != key {
					t.Errorf("key in state = %q, want the state's own spelling %q", got.Key.ValueString(), key)
				}
				if got.Cluster.ValueString() != "EXCLUS" {
					t.Errorf("cluster in state = %q", got.Cluster.ValueString())
				}
			}
		})
	}
}

func TestCreate(t *testing.T) {
	cases := []struct {
		name      string
		cluster   string // "" for the WinRM host's
		key       string
		stored    []string
		deleteRes bool
		addErr    error
		wantError []string // fragments of the diagnostics
		wantAdded string   // the key sent to AddCheckpoint; "" when none must be sent
	}{
		{name: "default key on the host's cluster", key: regkey.Default, wantAdded: regkey.Default},
		{name: "explicit cluster", cluster: "EXCLUS", key: regkey.Default, wantAdded: regkey.Default},
		{name: "prefix is stripped before it reaches Windows", key: `HKLM:\SOFTWARE\Fabrikam\`, wantAdded: `SOFTWARE\Fabrikam`},
		{
			name: "existing checkpoint says how to import", key: `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation`,
			stored: []string{`software\microsoft\exchange\backupinformation`},
			wantError: []string{"already exists", `terraform import exchange_cluster_checkpoint.<NAME> 'EXCLUS|Microsoft Exchange System Attendant|software\microsoft\exchange\backupinformation'`,
				"import {"},
		},
		{
			name: "checkpoint added by someone else meanwhile", key: regkey.Default,
			addErr:    &winclient.Error{Kind: winclient.KindAlreadyExists, Op: "AddCheckpoint", Message: "The specified key is already being checkpointed."},
			wantError: []string{"already exists", "terraform import exchange_cluster_checkpoint.<NAME> 'EXCLUS|Microsoft Exchange System Attendant|" + regkey.Default + "'"},
		},
		{name: "missing System Attendant", key: regkey.Default, deleteRes: true, wantError: []string{"Cluster resource not found", "resource_name", "System Attendant"}},
		{name: "access denied", key: regkey.Default, addErr: &winclient.Error{Kind: winclient.KindAccessDenied, Message: "denied"}, wantError: []string{"Access denied", "Grant-ClusterAccess"}},
	}
	sch := schemaOf(t, &clusterCheckpointResource{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAPI()
			f.setCheckpoints(defaultResourceName, c.stored...)
			if c.deleteRes {
				f.deleteResource(defaultResourceName)
			}
			f.failWith("AddCheckpoint", c.addErr)
			before := f.checkpoints(defaultResourceName)

			resp := resource.CreateResponse{State: emptyState(sch)}
			req := resource.CreateRequest{Plan: planOf(t, sch, modelOf(c.cluster, defaultResourceName, c.key))}
			newTestResource(f).Create(context.Background(), req, &resp)
			text := diagText(resp.Diagnostics)

			if len(c.wantError) > 0 {
				if !resp.Diagnostics.HasError() {
					t.Fatal("want an error, got none")
				}
				for _, w := range c.wantError {
					if !strings.Contains(text, w) {
						t.Errorf("diagnostics do not say %q:\n%s", w, text)
					}
				}
				if !resp.State.Raw.IsNull() {
					t.Error("a failed create left a state")
				}
				if c.addErr == nil && f.callCount("AddCheckpoint") != 0 {
					t.Error("AddCheckpoint was called although the create could not go ahead")
				}
				if got := f.checkpoints(defaultResourceName); strings.Join(got, ",") != strings.Join(before, ",") {
					t.Errorf("checkpoints changed by a failed create: %v -> %v", before, got)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("create failed:\n%s", text)
			}
			if got := f.checkpoints(defaultResourceName); len(got) != 1 || got[0] != c.wantAdded {
				t.Fatalf("checkpoints = %v, want [%s]", got, c.wantAdded)
			}
			var got checkpointModel
			resp.State.Get(context.Background(), &got)
			if got.Cluster.ValueString() != "EXCLUS" || got.Key.ValueString() != c.key {
				t.Errorf("state = %+v: want cluster EXCLUS and the planned key %q", got, c.key)
			}
			if want := "EXCLUS|" + defaultResourceName + "|" + c.wantAdded; got.ID.ValueString() != want {
				t.Errorf("id = %q, want %q", got.ID.ValueString(), want)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	cases := []struct {
		name        string
		stored      []string
		deleteRes   bool
		listErr     error
		wantRemoved string // the name passed to RemoveCheckpoint, "" for no call
		wantError   string
	}{
		{name: "removes it", stored: []string{regkey.Default}, wantRemoved: regkey.Default},
		{name: "removes by the cluster's spelling", stored: []string{`SOFTWARE\Other`, strings.ToUpper(regkey.Default)}, wantRemoved: strings.ToUpper(regkey.Default)},
		{name: "already gone", stored: []string{`SOFTWARE\Other`}},
		{name: "resource gone", deleteRes: true},
		{name: "transport error fails", stored: []string{regkey.Default}, listErr: &winclient.Error{Kind: winclient.KindTransport, Message: "reset"}, wantError: "Cannot reach WinRM"},
	}
	sch := schemaOf(t, &clusterCheckpointResource{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAPI()
			f.setCheckpoints(defaultResourceName, c.stored...)
			if c.deleteRes {
				f.deleteResource(defaultResourceName)
			}
			f.failWith("FindCheckpoint", c.listErr)
			prior := stateOf(t, sch, modelOf("EXCLUS", defaultResourceName, `HKLM\`+regkey.Default))
			resp := resource.DeleteResponse{State: prior}
			newTestResource(f).Delete(context.Background(), resource.DeleteRequest{State: prior}, &resp)
			text := diagText(resp.Diagnostics)
			if c.wantError != "" {
				if !strings.Contains(text, c.wantError) {
					t.Fatalf("want an error saying %q, got:\n%s", c.wantError, text)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("delete failed:\n%s", text)
			}
			calls := f.callCount("RemoveCheckpoint")
			if c.wantRemoved == "" {
				if calls != 0 {
					t.Fatalf("RemoveCheckpoint called %d times for a checkpoint that is gone", calls)
				}
				return
			}
			if calls != 1 {
				t.Fatalf("RemoveCheckpoint called %d times", calls)
			}
			if _, still := regkey.Find(f.checkpoints(defaultResourceName), regkey.Default); still {
				t.Fatalf("checkpoint still there: %v", f.checkpoints(defaultResourceName))
			}
		})
	}
}

func TestImportStateResolvesTheHostCluster(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointResource{})
	cases := []struct {
		id, wantCluster, wantKey string
	}{
		{defaultResourceName + `|HKLM\` + regkey.Default, "EXCLUS", `HKLM\` + regkey.Default},
		{`OTHER|` + defaultResourceName + `|` + regkey.Default, "OTHER", regkey.Default},
	}
	for _, c := range cases {
		f := newFakeAPI()
		resp := resource.ImportStateResponse{State: emptyState(sch)}
		newTestResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: c.id}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("import %q: %s", c.id, diagText(resp.Diagnostics))
		}
		var got checkpointModel
		resp.State.Get(context.Background(), &got)
		if got.Cluster.ValueString() != c.wantCluster || got.Key.ValueString() != c.wantKey || got.ResourceName.ValueString() != defaultResourceName {
			t.Errorf("import %q: state %+v", c.id, got)
		}
		if want := c.wantCluster + "|" + defaultResourceName + "|" + regkey.Default; got.ID.ValueString() != want {
			t.Errorf("import %q: id %q, want %q", c.id, got.ID.ValueString(), want)
		}
	}
	f := newFakeAPI()
	resp := resource.ImportStateResponse{State: emptyState(sch)}
	newTestResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: "nonsense"}, &resp)
	if !resp.Diagnostics.HasError() || f.totalCalls() != 0 {
		t.Fatalf("a bad import ID must fail without a request: %s, %d calls", diagText(resp.Diagnostics), f.totalCalls())
	}
}

func TestHostClusterIsAskedOnce(t *testing.T) {
	f := newFakeAPI()
	d := &providerData{client: f}
	for i := 0; i < 3; i++ {
		name, err := d.resolveCluster(context.Background(), "")
		if err != nil || name != "EXCLUS" {
			t.Fatalf("resolveCluster = %q, %v", name, err)
		}
	}
	if n := f.callCount("ClusterName"); n != 1 {
		t.Fatalf("ClusterName called %d times, want 1", n)
	}
	if name, _ := d.resolveCluster(context.Background(), "GIVEN"); name != "GIVEN" {
		t.Fatalf("an explicit cluster is used as given, got %q", name)
	}
}

const kbAddress = "exchange_cluster_checkpoint.kb"

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
func expectHolds(t *testing.T, b backend, resource, key string, want bool) resourcetest.TestCheckFunc {
	return func(*terraform.State) error {
		if got := b.holds(t, resource, key); got != want {
			return fmt.Errorf("%s: %q checkpoints %q = %v, want %v (%v)", b.name(), resource, key, got, want, b.resource(t, resource).Checkpoints)
		}
		return nil
	}
}

func TestCheckpointLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			CheckDestroy: func(*terraform.State) error {
				for _, r := range []string{systemAttendant, informationStore} {
					if cps := b.resource(t, r).Checkpoints; len(cps) != 0 {
						return fmt.Errorf("checkpoints left on %s after destroy: %v", r, cps)
					}
				}
				return nil
			},
			Steps: []resourcetest.TestStep{
				{
					// Create with every default: the KB's checkpoint on the WinRM host's cluster.
					Config: config(b, kbResource),
					Check: resourcetest.ComposeAggregateTestCheckFunc(
						resourcetest.TestCheckResourceAttr(kbAddress, "cluster", b.clusterName()),
						resourcetest.TestCheckResourceAttr(kbAddress, "resource_name", systemAttendant),
						resourcetest.TestCheckResourceAttr(kbAddress, "key", regkey.Default),
						resourcetest.TestCheckResourceAttr(kbAddress, "id", b.clusterName()+"|"+systemAttendant+"|"+regkey.Default),
						expectHolds(t, b, systemAttendant, regkey.Default, true),
					),
				},
				{
					// Case, prefix and trailing backslash alone: no change at all.
					Config: config(b, kbResourceOtherSpelling),
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionReplace)},
					},
					Check: resourcetest.ComposeAggregateTestCheckFunc(
						expectHolds(t, b, systemAttendant, regkey.Default, false),
						expectHolds(t, b, informationStore, regkey.Default, true),
						resourcetest.TestCheckResourceAttr(kbAddress, "resource_name", informationStore),
					),
				},
				{
					// Another key replaces it too.
					Config: config(b, fmt.Sprintf(`resource "exchange_cluster_checkpoint" "kb" {
  resource_name = %q
  key           = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\Backup"
}`, informationStore)),
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionReplace)},
					},
					Check: resourcetest.ComposeAggregateTestCheckFunc(
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
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{
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
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{{
				Config:      config(b, kbResource),
				ExpectError: regexp.MustCompile(`(?s)Cluster resource not found.*no resource named\s+"Microsoft\s+Exchange\s+System\s+Attendant"`),
			}},
		})
	})
}

func TestCheckpointGoneWithItsResource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{
				{Config: config(b, kbResource)},
				{
					// The resource is deleted, and its checkpoints with it: the refresh drops
					// the checkpoint from the state (with a warning) and the plan shows a create.
					PreConfig:          func() { b.deleteResourceOutOfBand(t, systemAttendant) },
					Config:             config(b, kbResource),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{
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
