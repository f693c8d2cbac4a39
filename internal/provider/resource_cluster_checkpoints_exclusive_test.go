package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	resourcetest "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// These tests call exchange_cluster_checkpoints_exclusive's methods directly, with the fake
// Windows client, as resource_cluster_checkpoint_test.go does for the single resource.

func newTestCheckpointsExclusiveResource(f *fakeAPI) *clusterCheckpointsExclusiveResource {
	return &clusterCheckpointsExclusiveResource{checkpointBase{data: &providerData{client: f}}}
}

func setModel(t *testing.T, cluster string, keys ...string) checkpointsExclusiveModel {
	t.Helper()
	set, d := setOfStrings(keys)
	if d.HasError() {
		t.Fatal(d)
	}
	m := checkpointsExclusiveModel{
		Cluster:      types.StringValue(cluster),
		ResourceName: types.StringValue(defaultResourceName),
		Keys:         set,
		ID:           types.StringValue(checkpointsID(cluster, defaultResourceName)),
		Timeouts:     noTimeouts(exclusiveTimeouts),
	}
	if cluster == "" {
		m.Cluster, m.ID = types.StringUnknown(), types.StringUnknown()
	}
	return m
}

func keysIn(t *testing.T, s tfsdk.State) []string {
	t.Helper()
	var m checkpointsExclusiveModel
	if d := s.Get(context.Background(), &m); d.HasError() {
		t.Fatal(d)
	}
	keys := stringsOf(m.Keys)
	sort.Strings(keys)
	return keys
}

func sorted(keys ...string) []string {
	out := append([]string{}, keys...)
	sort.Strings(out)
	return out
}

func TestAdditionsAndUndeclared(t *testing.T) {
	cases := []struct {
		name                    string
		stored, keys            []string
		wantAdd, wantUndeclared []string
	}{
		{name: "nothing to do", stored: []string{regkey.Default}, keys: []string{regkey.Default}},
		{name: "case and prefix of the configuration", stored: []string{strings.ToUpper(regkey.Default)}, keys: []string{`HKLM:\` + regkey.Default + `\`}},
		{name: "add in normal form", keys: []string{`HKEY_LOCAL_MACHINE\SOFTWARE\A`}, wantAdd: []string{`SOFTWARE\A`}},
		{name: "undeclared as stored", stored: []string{`software\x`, regkey.Default}, keys: []string{regkey.Default}, wantUndeclared: []string{`software\x`}},
		{name: "empty set", stored: []string{`SOFTWARE\A`, `SOFTWARE\B`}, wantUndeclared: []string{`SOFTWARE\A`, `SOFTWARE\B`}},
		{name: "a second name of one key up to case is undeclared", stored: []string{`software\a`, `SOFTWARE\A`}, keys: []string{`SOFTWARE\A`}, wantUndeclared: []string{`software\a`}},
		// Windows reads a stored HKLM\SOFTWARE\A as HKEY_LOCAL_MACHINE\HKLM\SOFTWARE\A.
		{name: "a stored prefix is another key", stored: []string{`HKLM\SOFTWARE\A`}, keys: []string{`SOFTWARE\A`}, wantAdd: []string{`SOFTWARE\A`}, wantUndeclared: []string{`HKLM\SOFTWARE\A`}},
		{name: "even when the configuration spells it so", stored: []string{`HKLM\SOFTWARE\A`}, keys: []string{`HKLM\SOFTWARE\A`}, wantAdd: []string{`SOFTWARE\A`}, wantUndeclared: []string{`HKLM\SOFTWARE\A`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			add, und := additions(c.stored, c.keys), undeclared(c.stored, c.keys)
			if strings.Join(add, ",") != strings.Join(c.wantAdd, ",") || strings.Join(und, ",") != strings.Join(c.wantUndeclared, ",") {
				t.Fatalf("add %q, undeclared %q; want %q, %q", add, und, c.wantAdd, c.wantUndeclared)
			}
		})
	}
}

// TestStateSpellings: exact spelling wins, every element is distinct (a set refuses two
// equal elements: "Duplicate Set Element"), and each stands for one stored name.
func TestStateSpellings(t *testing.T) {
	cases := []struct {
		name              string
		stored, spellings []string
		want              []string
		wantStands        map[string]string
	}{
		{"configuration spelling kept", []string{`SOFTWARE\A`}, []string{`HKLM\software\a`}, []string{`HKLM\software\a`}, map[string]string{`HKLM\software\a`: `SOFTWARE\A`}},
		{"undeclared as stored", []string{`SOFTWARE\B`}, []string{`SOFTWARE\A`}, []string{`SOFTWARE\B`}, nil},
		// The case: both names stored; before, both took the spelling SOFTWARE\X.
		{"prefix variant beside the key", []string{`HKLM\SOFTWARE\X`, `SOFTWARE\X`}, []string{`SOFTWARE\X`},
			[]string{`HKLM\SOFTWARE\X`, `SOFTWARE\X`}, map[string]string{`HKLM\SOFTWARE\X`: `HKLM\SOFTWARE\X`, `SOFTWARE\X`: `SOFTWARE\X`}},
		// The configuration's spelling is a stored name: that name takes it, the key keeps its own.
		{"exact spelling wins", []string{`SOFTWARE\X`, `HKLM\SOFTWARE\X`}, []string{`HKLM\SOFTWARE\X`},
			[]string{`HKLM\SOFTWARE\X`, `SOFTWARE\X`}, map[string]string{`HKLM\SOFTWARE\X`: `HKLM\SOFTWARE\X`, `SOFTWARE\X`: `SOFTWARE\X`}},
		{"case variants", []string{`software\a`, `SOFTWARE\A`}, []string{`HKLM\SOFTWARE\A`},
			[]string{`HKLM\SOFTWARE\A`, `software\a`}, map[string]string{`HKLM\SOFTWARE\A`: `SOFTWARE\A`, `software\a`: `software\a`}},
		{"a name listed twice", []string{`SOFTWARE\A`, `SOFTWARE\A`}, nil, []string{`SOFTWARE\A`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, stands := stateSpellings(c.stored, c.spellings)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("elements %q, want %q", got, c.want)
			}
			if _, d := setOfStrings(got); d.HasError() {
				t.Fatalf("not a set: %v", d)
			}
			for e, s := range c.wantStands {
				if stands[e] != s {
					t.Errorf("%q stands for %q, want %q", e, stands[e], s)
				}
			}
		})
	}
}

// TestPlanRemovals: an apply removes what the plan showed, as the cluster stores it, and
// only if the cluster still holds it.
func TestPlanRemovals(t *testing.T) {
	cases := []struct {
		name                   string
		stored, prior, planned []string
		names                  storedNames
		want                   []string
	}{
		{"shown and held", []string{`SOFTWARE\A`, `SOFTWARE\B`}, []string{`SOFTWARE\A`, `SOFTWARE\B`}, []string{`SOFTWARE\A`}, nil, []string{`SOFTWARE\B`}},
		{"appeared after the plan", []string{`SOFTWARE\A`, `SOFTWARE\LATE`}, []string{`SOFTWARE\A`}, []string{`SOFTWARE\A`}, nil, nil},
		{"gone since the plan", []string{`SOFTWARE\A`}, []string{`SOFTWARE\A`, `SOFTWARE\B`}, []string{`SOFTWARE\A`}, nil, nil},
		{"by the stored name", []string{`software\b`}, []string{`HKLM\SOFTWARE\B`}, nil, storedNames{`HKLM\SOFTWARE\B`: `software\b`}, []string{`software\b`}},
		{"the bogus one, not the key", []string{`HKLM\SOFTWARE\X`, `SOFTWARE\X`}, []string{`HKLM\SOFTWARE\X`, `SOFTWARE\X`}, []string{`SOFTWARE\X`},
			storedNames{`HKLM\SOFTWARE\X`: `HKLM\SOFTWARE\X`, `SOFTWARE\X`: `SOFTWARE\X`}, []string{`HKLM\SOFTWARE\X`}},
		// Without the record, an element stands for the stored name it names.
		{"no record, configuration spelling", []string{`SOFTWARE\X`}, []string{`HKLM\SOFTWARE\X`}, nil, nil, []string{`SOFTWARE\X`}},
		{"no record, nothing named", []string{`SOFTWARE\Y`}, []string{`HKLM\SOFTWARE\X`}, nil, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := planRemovals(c.stored, c.prior, c.planned, c.names); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("removals %q, want %q", got, c.want)
			}
		})
	}
}

func TestCheckpointsExclusiveReadKeepsSpellingAndShowsDrift(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
	cases := []struct {
		name        string
		stored      []string
		deleteRes   bool
		listErr     error
		want        []string // keys in state; nil when removed or on error
		wantRemoved bool
		wantError   string
	}{
		{name: "same keys in another case keep the state's spelling", stored: []string{strings.ToUpper(regkey.Default), `software\a`}, want: sorted(`HKLM\`+regkey.Default, `SOFTWARE\A`)},
		{name: "an undeclared checkpoint appears", stored: []string{regkey.Default, `SOFTWARE\A`, `SOFTWARE\X`}, want: sorted(`HKLM\`+regkey.Default, `SOFTWARE\A`, `SOFTWARE\X`)},
		{name: "a missing one disappears", stored: []string{regkey.Default}, want: []string{`HKLM\` + regkey.Default}},
		{name: "none left", want: []string{}},
		{name: "cluster resource gone", deleteRes: true, wantRemoved: true},
		{name: "transport error keeps state", listErr: &winclient.Error{Kind: winclient.KindTransport, Message: "reset"}, wantError: "Cannot reach WinRM"},
		{name: "auth error keeps state", listErr: &winclient.Error{Kind: winclient.KindAuth, Message: "401"}, wantError: "authentication failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAPI()
			f.setCheckpoints(defaultResourceName, c.stored...)
			if c.deleteRes {
				f.deleteResource(defaultResourceName)
			}
			f.failWith("ListCheckpoints", c.listErr)
			prior := stateOf(t, sch, setModel(t, "EXCLUS", `HKLM\`+regkey.Default, `SOFTWARE\A`))
			resp := resource.ReadResponse{State: prior}
			newTestCheckpointsExclusiveResource(f).Read(context.Background(), resource.ReadRequest{State: prior}, &resp)
			text := diagText(resp.Diagnostics)
			if c.wantError != "" {
				if !strings.Contains(text, c.wantError) {
					t.Fatalf("want an error saying %q, got:\n%s", c.wantError, text)
				}
				if resp.State.Raw.IsNull() || strings.Join(keysIn(t, resp.State), ",") != strings.Join(keysIn(t, prior), ",") {
					t.Fatal("a failed refresh changed the state")
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("read failed:\n%s", text)
			}
			if removed := resp.State.Raw.IsNull(); removed != c.wantRemoved {
				t.Fatalf("removed = %v, want %v\n%s", removed, c.wantRemoved, text)
			}
			if c.wantRemoved {
				if resp.Diagnostics.WarningsCount() == 0 {
					t.Error("a resource dropped from state without a warning")
				}
				return
			}
			if got := keysIn(t, resp.State); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("keys = %v, want %v", got, c.want)
			}
		})
	}
}

func TestCheckpointsExclusiveCreate(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
	t.Run("adds the missing, adopts the present", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, strings.ToLower(regkey.Default))
		resp := resource.CreateResponse{State: emptyState(sch)}
		req := resource.CreateRequest{Plan: planOf(t, sch, setModel(t, "", regkey.Default, `HKLM:\SOFTWARE\A\`))}
		newTestCheckpointsExclusiveResource(f).Create(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(diagText(resp.Diagnostics))
		}
		if got := f.checkpoints(defaultResourceName); strings.Join(got, ",") != strings.ToLower(regkey.Default)+`,SOFTWARE\A` {
			t.Fatalf("checkpoints = %v", got)
		}
		var m checkpointsExclusiveModel
		resp.State.Get(context.Background(), &m)
		if m.ID.ValueString() != "EXCLUS|"+defaultResourceName || m.Cluster.ValueString() != "EXCLUS" {
			t.Fatalf("state = %+v", m)
		}
	})
	t.Run("refuses undeclared checkpoints and changes nothing", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, `SOFTWARE\X`)
		resp := resource.CreateResponse{State: emptyState(sch)}
		req := resource.CreateRequest{Plan: planOf(t, sch, setModel(t, "EXCLUS", regkey.Default))}
		newTestCheckpointsExclusiveResource(f).Create(context.Background(), req, &resp)
		text := diagText(resp.Diagnostics)
		for _, w := range []string{"undeclared", `"SOFTWARE\X"`, "terraform import exchange_cluster_checkpoints_exclusive.<NAME> 'EXCLUS|" + defaultResourceName + "'", "import {"} {
			if !strings.Contains(text, w) {
				t.Errorf("diagnostics do not say %q:\n%s", w, text)
			}
		}
		if f.callCount("AddCheckpoint")+f.callCount("RemoveCheckpoint") != 0 || !resp.State.Raw.IsNull() {
			t.Fatal("a refused create changed something")
		}
	})
	t.Run("missing cluster resource", func(t *testing.T) {
		f := newFakeAPI()
		f.deleteResource(defaultResourceName)
		resp := resource.CreateResponse{State: emptyState(sch)}
		req := resource.CreateRequest{Plan: planOf(t, sch, setModel(t, "EXCLUS", regkey.Default))}
		newTestCheckpointsExclusiveResource(f).Create(context.Background(), req, &resp)
		if !strings.Contains(diagText(resp.Diagnostics), "Cluster resource not found") {
			t.Fatal(diagText(resp.Diagnostics))
		}
	})
}

func TestCheckpointsExclusiveUpdate(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
	run := func(t *testing.T, f *fakeAPI, prior, plan checkpointsExclusiveModel) resource.UpdateResponse {
		t.Helper()
		state := stateOf(t, sch, prior)
		resp := resource.UpdateResponse{State: stateOf(t, sch, plan)}
		newTestCheckpointsExclusiveResource(f).Update(context.Background(),
			resource.UpdateRequest{State: state, Plan: planOf(t, sch, plan)}, &resp)
		return resp
	}
	t.Run("adds and removes only what differs", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, strings.ToUpper(regkey.Default), `SOFTWARE\X`)
		resp := run(t, f, setModel(t, "EXCLUS", regkey.Default, `SOFTWARE\X`), setModel(t, "EXCLUS", regkey.Default, `SOFTWARE\Y`))
		if resp.Diagnostics.HasError() {
			t.Fatal(diagText(resp.Diagnostics))
		}
		if got := f.checkpoints(defaultResourceName); !sameKeys(got, []string{regkey.Default, `SOFTWARE\Y`}) {
			t.Fatalf("checkpoints = %v", got)
		}
		if f.callCount("AddCheckpoint") != 1 || f.callCount("RemoveCheckpoint") != 1 {
			t.Fatalf("add %d, remove %d calls; want 1 and 1", f.callCount("AddCheckpoint"), f.callCount("RemoveCheckpoint"))
		}
	})
	t.Run("a failed add records what the cluster holds", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, regkey.Default, `SOFTWARE\X`)
		f.failWith("AddCheckpoint", &winclient.Error{Kind: winclient.KindAccessDenied, Message: "denied"})
		resp := run(t, f, setModel(t, "EXCLUS", regkey.Default, `SOFTWARE\X`), setModel(t, "EXCLUS", regkey.Default, `SOFTWARE\Y`))
		if !strings.Contains(diagText(resp.Diagnostics), "Access denied") {
			t.Fatal(diagText(resp.Diagnostics))
		}
		// The removal went ahead; the addition did not: the state says so, and the next
		// plan adds SOFTWARE\Y again.
		if got := keysIn(t, resp.State); strings.Join(got, ",") != regkey.Default {
			t.Fatalf("state keys = %v, want [%s]", got, regkey.Default)
		}
	})
	t.Run("an unreadable cluster keeps the prior state", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, regkey.Default)
		f.failWith("ListCheckpoints", &winclient.Error{Kind: winclient.KindTransport, Message: "reset"})
		resp := run(t, f, setModel(t, "EXCLUS", regkey.Default), setModel(t, "EXCLUS", regkey.Default, `SOFTWARE\Y`))
		if !resp.Diagnostics.HasError() {
			t.Fatal("want an error")
		}
		if got := keysIn(t, resp.State); strings.Join(got, ",") != regkey.Default {
			t.Fatalf("state keys = %v", got)
		}
	})
}

// TestCheckpointsExclusiveDelete: destroy removes nothing, whatever the state holds.
func TestCheckpointsExclusiveDelete(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
	f := newFakeAPI()
	f.setCheckpoints(defaultResourceName, strings.ToUpper(regkey.Default), `SOFTWARE\A`, `SOFTWARE\Later`)
	prior := stateOf(t, sch, setModel(t, "EXCLUS", `HKLM\`+regkey.Default, `SOFTWARE\A`))
	resp := resource.DeleteResponse{State: prior}
	newTestCheckpointsExclusiveResource(f).Delete(context.Background(), resource.DeleteRequest{State: prior}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(diagText(resp.Diagnostics))
	}
	if got := f.checkpoints(defaultResourceName); len(got) != 3 || f.callCount("RemoveCheckpoint") != 0 {
		t.Fatalf("checkpoints left = %v after %d removals; want all three, none removed", got, f.callCount("RemoveCheckpoint"))
	}
}

func TestCheckpointsExclusiveImportState(t *testing.T) {
	sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
	for id, wantCluster := range map[string]string{
		defaultResourceName:             "EXCLUS",
		"OTHER|" + defaultResourceName:  "OTHER",
		"|OTHER|" + defaultResourceName: "OTHER", // the escaped form
		"|" + defaultResourceName:       "EXCLUS",
	} {
		f := newFakeAPI()
		resp := resource.ImportStateResponse{State: emptyState(sch)}
		newTestCheckpointsExclusiveResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: id}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("import %q: %s", id, diagText(resp.Diagnostics))
		}
		var m checkpointsExclusiveModel
		resp.State.Get(context.Background(), &m)
		if m.Cluster.ValueString() != wantCluster || m.ResourceName.ValueString() != defaultResourceName || m.ID.ValueString() != wantCluster+"|"+defaultResourceName {
			t.Errorf("import %q: state %+v", id, m)
		}
	}
	for _, bad := range []string{"", "a|b|c", "||" + defaultResourceName, " EXCLUS|x", "EXCLUS|", "|EX%7CCLUS|x", "|EXCLUS|100%"} {
		f := newFakeAPI()
		resp := resource.ImportStateResponse{State: emptyState(sch)}
		newTestCheckpointsExclusiveResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: bad}, &resp)
		if !resp.Diagnostics.HasError() || f.totalCalls() != 0 {
			t.Errorf("import %q must fail without a request: %s", bad, diagText(resp.Diagnostics))
		}
	}
}

const (
	setAddress = "exchange_cluster_checkpoints_exclusive.sa"
	fabrikam   = `SOFTWARE\Fabrikam\Backup`
	northwind  = `SOFTWARE\Northwind\Replicated`
	extraKey   = `SOFTWARE\Contoso\AddedByHand`
)

// checkpointsHCL is an exchange_cluster_checkpoints_exclusive "sa" block; attrs are extra lines.
func checkpointsHCL(keys []string, attrs ...string) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = hclString(k)
	}
	var b strings.Builder
	b.WriteString("resource \"exchange_cluster_checkpoints_exclusive\" \"sa\" {\n")
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
func expectCheckpoints(t *testing.T, b backend, keys ...string) resourcetest.TestCheckFunc {
	return func(*terraform.State) error {
		got := b.resource(t, systemAttendant).Checkpoints
		if !sameKeys(got, keys) {
			return fmt.Errorf("%s: %q checkpoints %v, want %v", b.name(), systemAttendant, got, keys)
		}
		return nil
	}
}

func TestCheckpointsExclusiveLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		declared := checkpointsHCL([]string{regkey.Default, fabrikam})
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			// Destroy stops enforcing and removes nothing: the last set applied stays.
			CheckDestroy: expectCheckpoints(t, b, regkey.Default, northwind),
			Steps: []resourcetest.TestStep{
				{
					// Create: both keys on the System Attendant of the WinRM host's cluster.
					Config: config(b, declared),
					Check: resourcetest.ComposeAggregateTestCheckFunc(
						resourcetest.TestCheckResourceAttr(setAddress, "cluster", b.clusterName()),
						resourcetest.TestCheckResourceAttr(setAddress, "resource_name", systemAttendant),
						resourcetest.TestCheckResourceAttr(setAddress, "id", b.clusterName()+"|"+systemAttendant),
						resourcetest.TestCheckResourceAttr(setAddress, "keys.#", "2"),
						resourcetest.TestCheckTypeSetElemAttr(setAddress, "keys.*", regkey.Default),
						resourcetest.TestCheckTypeSetElemAttr(setAddress, "keys.*", fabrikam),
						expectCheckpoints(t, b, regkey.Default, fabrikam),
					),
				},
				{
					// Case, prefix and trailing backslash alone, in every attribute: no change.
					Config: config(b, checkpointsHCL(
						[]string{`hklm:\software\microsoft\exchange\BACKUPINFORMATION\`, `HKEY_LOCAL_MACHINE\software\FABRIKAM\backup`},
						"cluster = "+hclString(strings.ToLower(b.clusterName())),
						`resource_name = "microsoft exchange SYSTEM attendant"`)),
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					// Someone adds a checkpoint by hand: the plan shows its removal.
					PreConfig:          func() { b.addCheckpointOutOfBand(t, systemAttendant, extraKey) },
					Config:             config(b, declared),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionUpdate),
							expectKeysChange{address: setAddress, removed: []string{extraKey}},
						},
					},
				},
				{
					// Apply removes it, and only it.
					Config: config(b, declared),
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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

// TestCheckpointsExclusiveCreateRefusesUndeclared: create does not remove checkpoints no plan
// showed; it says how to import, and after the import the plan shows the removal.
func TestCheckpointsExclusiveCreateRefusesUndeclared(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, extraKey)
		// The declared key is there too, in another case: it is adopted, not an obstacle.
		b.addCheckpointOutOfBand(t, systemAttendant, strings.ToUpper(regkey.Default))
		declared := config(b, checkpointsHCL([]string{regkey.Default}))
		importCmd := regexp.QuoteMeta(fmt.Sprintf("terraform import exchange_cluster_checkpoints_exclusive.<NAME> '%s|%s'", b.clusterName(), systemAttendant))
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{
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
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
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

// TestCheckpointsExclusiveAdoptsDeclaredKeys: declared keys already on the cluster, in another
// spelling, are adopted at create and show no change afterwards.
func TestCheckpointsExclusiveAdoptsDeclaredKeys(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		b.addCheckpointOutOfBand(t, systemAttendant, strings.ToLower(regkey.Default))
		declared := config(b, checkpointsHCL([]string{`HKLM\` + regkey.Default, fabrikam}))
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{
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

func TestCheckpointsExclusiveBadKeysFailAtPlan(t *testing.T) {
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
		resourcetest.UnitTest(t, resourcetest.TestCase{
			ProtoV6ProviderFactories: b.factories(),
			Steps: []resourcetest.TestStep{{
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

// TestCheckpointsExclusiveExamplePlan plans the documentation's example of
// exchange_cluster_checkpoints_exclusive against the fake cluster, so that the docs never show
// configuration the provider refuses.
func TestCheckpointsExclusiveExamplePlan(t *testing.T) {
	requireTerraform(t)
	body, err := os.ReadFile("../../examples/resources/exchange_cluster_checkpoints_exclusive/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	b := newFakeBackend()
	resourcetest.UnitTest(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{{
			Config:             config(b, string(body)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}

// interruptingAPI cancels the operation's context (Terraform's Ctrl+C) during the first add,
// and records whether the context it was handed was already cancelled.
type interruptingAPI struct {
	*fakeAPI
	cancel          context.CancelFunc
	adds            int
	sawCancelledCtx bool
}

func (a *interruptingAPI) AddCheckpoint(ctx context.Context, cluster, resource, key string) error {
	a.adds++
	a.cancel()
	if ctx.Err() != nil {
		a.sawCancelledCtx = true
	}
	return a.fakeAPI.AddCheckpoint(ctx, cluster, resource, key)
}

// TestCheckpointsExclusiveApplyFinishesTheChangeUnderWayOnInterrupt: an interrupt lets the add
// under way finish (its context is not cancelled) and starts no further change.
func TestCheckpointsExclusiveApplyFinishesTheChangeUnderWayOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := &interruptingAPI{fakeAPI: newFakeAPI(), cancel: cancel}
	target := checkpointTarget{client: api, cluster: "EXCLUS", resource: defaultResourceName}
	changes := checkpointChanges{add: []string{`SOFTWARE\A`, `SOFTWARE\B`, `SOFTWARE\C`}, remove: []string{`SOFTWARE\Old`}}
	diags := target.apply(ctx, changes, target.exclusiveRules())
	if api.adds != 1 {
		t.Fatalf("%d adds made after the interrupt, want only the one under way", api.adds)
	}
	if n := api.callCount("RemoveCheckpoint"); n != 0 {
		t.Fatalf("%d removals started after the interrupt, want none", n)
	}
	if api.sawCancelledCtx {
		t.Fatal("the add under way was handed a cancelled context: it could land without reaching the state")
	}
	if got := api.checkpoints(defaultResourceName); len(got) != 1 || got[0] != `SOFTWARE\A` {
		t.Fatalf("cluster holds %q, want the one add that was under way", got)
	}
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Summary(), "Interrupted") {
		t.Fatalf("diagnostics %v, want an Interrupted error", diags)
	}
}

// formerProvider is the provider as it was before the rename: it serves this resource under
// its former name, exchange_cluster_checkpoints, so that a test can write the state that a
// moved block then carries over.
type formerProvider struct{ *exchangeProvider }

func (formerProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &formerNamedCheckpoints{} }}
}

// ListResources: the former provider had none (list resources name managed resources that
// must exist).
func (formerProvider) ListResources(context.Context) []func() list.ListResource { return nil }

type formerNamedCheckpoints struct {
	clusterCheckpointsExclusiveResource
}

func (*formerNamedCheckpoints) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_checkpoints"
}

// formerFactories serves formerProvider, wired to b as b.factories() wires the provider.
func formerFactories(t *testing.T, b backend) map[string]func() (tfprotov6.ProviderServer, error) {
	var p provider.Provider
	switch b := b.(type) {
	case *fakeBackend:
		p = newWithClient(b.api.connect(), b.lookupEnv)()
	case *simBackend:
		p = newWithClient(newWindowsClient, b.lookupEnv)()
	default:
		t.Fatalf("no former provider for backend %T", b)
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"exchange": providerserver.NewProtocol6WithError(formerProvider{p.(*exchangeProvider)}), //nolint:forcetypeassert // newWithClient makes an *exchangeProvider
	}
}

// expectMovedFrom checks that the plan moves address from the address previous.
type expectMovedFrom struct{ address, previous string }

func (e expectMovedFrom) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == e.address {
			if rc.PreviousAddress != e.previous {
				resp.Error = fmt.Errorf("%s: previous address %q, want %q", e.address, rc.PreviousAddress, e.previous)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.address)
}

// TestCheckpointsExclusiveMovedFromTheFormerName: a state written under the former name
// moves to the new one with a moved block, through the real terraform binary, and the plan
// changes nothing on the cluster.
func TestCheckpointsExclusiveMovedFromTheFormerName(t *testing.T) {
	const formerAddress = "exchange_cluster_checkpoints.sa"
	forEachBackend(t, func(t *testing.T, b backend) {
		keys := []string{regkey.Default, fabrikam}
		former := strings.Replace(checkpointsHCL(keys), `"exchange_cluster_checkpoints_exclusive"`, `"exchange_cluster_checkpoints"`, 1)
		moved := checkpointsHCL(keys) + "\nmoved {\n  from = " + formerAddress + "\n  to   = " + setAddress + "\n}\n"
		resourcetest.UnitTest(t, resourcetest.TestCase{
			Steps: []resourcetest.TestStep{
				{
					ProtoV6ProviderFactories: formerFactories(t, b),
					Config:                   config(b, former),
					Check: resourcetest.ComposeAggregateTestCheckFunc(
						resourcetest.TestCheckResourceAttr(formerAddress, "keys.#", "2"),
						expectCheckpoints(t, b, keys...),
					),
				},
				{
					ProtoV6ProviderFactories: b.factories(),
					Config:                   config(b, moved),
					ConfigPlanChecks: resourcetest.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							expectMovedFrom{address: setAddress, previous: formerAddress},
							plancheck.ExpectResourceAction(setAddress, plancheck.ResourceActionNoop),
						},
					},
					Check: resourcetest.ComposeAggregateTestCheckFunc(
						resourcetest.TestCheckResourceAttr(setAddress, "cluster", b.clusterName()),
						resourcetest.TestCheckResourceAttr(setAddress, "resource_name", systemAttendant),
						resourcetest.TestCheckResourceAttr(setAddress, "id", b.clusterName()+"|"+systemAttendant),
						resourcetest.TestCheckResourceAttr(setAddress, "keys.#", "2"),
						resourcetest.TestCheckTypeSetElemAttr(setAddress, "keys.*", regkey.Default),
						resourcetest.TestCheckTypeSetElemAttr(setAddress, "keys.*", fabrikam),
						expectCheckpoints(t, b, keys...),
					),
				},
			},
		})
	})
}

// TestCheckpointsExclusiveMoveState calls MoveResourceState as Terraform does for a moved
// block, with states of the former schema, and checks which sources it takes.
func TestCheckpointsExclusiveMoveState(t *testing.T) {
	const (
		thisProvider = "registry.terraform.io/exchange-tools/exchange"
		formerState  = `{"id":"EXCLUS|Microsoft Exchange System Attendant","cluster":"EXCLUS",` +
			`"resource_name":"Microsoft Exchange System Attendant","keys":["SOFTWARE\\Microsoft\\Exchange\\Backupinformation","HKLM\\SOFTWARE\\Fabrikam"]}`
	)
	cases := []struct {
		name, provider, sourceType, state string
		version                           int64
		wantError                         string // empty: the state moves as it is
	}{
		{name: "former name", provider: thisProvider, sourceType: "exchange_cluster_checkpoints", state: formerState},
		{name: "testing harness address", provider: "registry.terraform.io/hashicorp/exchange", sourceType: "exchange_cluster_checkpoints", state: formerState},
		{name: "the single resource", provider: thisProvider, sourceType: "exchange_cluster_checkpoint", state: formerState, wantError: "Unable to Move Resource State"},
		{name: "another provider", provider: "registry.terraform.io/hashicorp/aws", sourceType: "exchange_cluster_checkpoints", state: formerState, wantError: "Unable to Move Resource State"},
		{name: "unknown schema version", provider: thisProvider, sourceType: "exchange_cluster_checkpoints", state: formerState, version: 1, wantError: "Unsupported source schema version"},
		{name: "not the former schema", provider: thisProvider, sourceType: "exchange_cluster_checkpoints", state: `{"keys":"SOFTWARE\\A"}`, wantError: "Unreadable source state"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			server, err := providerserver.NewProtocol6WithError(newWithClient(newFakeAPI().connect(), nil)())()
			if err != nil {
				t.Fatal(err)
			}
			resp, err := server.MoveResourceState(context.Background(), &tfprotov6.MoveResourceStateRequest{
				SourceProviderAddress: c.provider,
				SourceTypeName:        c.sourceType,
				SourceSchemaVersion:   c.version,
				SourceState:           &tfprotov6.RawState{JSON: []byte(c.state)},
				TargetTypeName:        "exchange_cluster_checkpoints_exclusive",
			})
			if err != nil {
				t.Fatal(err)
			}
			var summaries []string
			for _, d := range resp.Diagnostics {
				summaries = append(summaries, d.Summary+": "+d.Detail)
			}
			if c.wantError != "" {
				if len(resp.Diagnostics) == 0 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError || resp.Diagnostics[0].Summary != c.wantError {
					t.Fatalf("diagnostics %q, want the error %q", summaries, c.wantError)
				}
				if resp.TargetState != nil {
					t.Fatal("a refused move returned a state")
				}
				return
			}
			if len(resp.Diagnostics) != 0 {
				t.Fatalf("diagnostics: %q", summaries)
			}
			sch := schemaOf(t, &clusterCheckpointsExclusiveResource{})
			raw, err := resp.TargetState.Unmarshal(sch.Type().TerraformType(context.Background()))
			if err != nil {
				t.Fatal(err)
			}
			var got checkpointsExclusiveModel
			if d := (tfsdk.State{Schema: sch, Raw: raw}).Get(context.Background(), &got); d.HasError() {
				t.Fatal(d)
			}
			if got.ID.ValueString() != "EXCLUS|"+defaultResourceName || got.Cluster.ValueString() != "EXCLUS" || got.ResourceName.ValueString() != defaultResourceName {
				t.Errorf("moved state %+v", got)
			}
			if keys := stringsOf(got.Keys); !slices.Equal(sorted(keys...), sorted(regkey.Default, `HKLM\SOFTWARE\Fabrikam`)) {
				t.Errorf("moved keys %q, want the former state's spellings", keys)
			}
		})
	}
}

// containsKey reports whether keys holds key in any spelling (regkey.Find): how a test reads
// a plan's sets.
func containsKey(keys []string, key string) bool {
	_, ok := regkey.Find(keys, key)
	return ok
}
