package provider

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// These tests call exchange_cluster_checkpoints' methods directly, with the fake Windows
// client, as checkpoint_resource_test.go does for the single resource.

func checkpointsSchemaForTest(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	(&clusterCheckpointsResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	return resp.Schema
}

func newTestCheckpointsResource(f *fakeAPI) *clusterCheckpointsResource {
	return &clusterCheckpointsResource{checkpointBase{data: &providerData{client: f}}}
}

func setModel(t *testing.T, cluster string, keys ...string) checkpointsModel {
	t.Helper()
	set, d := setOfStrings(keys)
	if d.HasError() {
		t.Fatal(d)
	}
	m := checkpointsModel{
		Cluster:      types.StringValue(cluster),
		ResourceName: types.StringValue(defaultResourceName),
		Keys:         set,
		ID:           types.StringValue(checkpointsID(cluster, defaultResourceName)),
	}
	if cluster == "" {
		m.Cluster, m.ID = types.StringUnknown(), types.StringUnknown()
	}
	return m
}

func setState(t *testing.T, sch schema.Schema, m checkpointsModel) tfsdk.State {
	t.Helper()
	s := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(context.Background()), nil)}
	if d := s.Set(context.Background(), m); d.HasError() {
		t.Fatalf("state: %v", d)
	}
	return s
}

func setPlan(t *testing.T, sch schema.Schema, m checkpointsModel) tfsdk.Plan {
	t.Helper()
	return tfsdk.Plan{Schema: sch, Raw: setState(t, sch, m).Raw}
}

func keysIn(t *testing.T, s tfsdk.State) []string {
	t.Helper()
	var m checkpointsModel
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

func TestDiffCheckpoints(t *testing.T) {
	cases := []struct {
		name                string
		stored, desired     []string
		wantAdd, wantRemove []string
	}{
		{name: "nothing to do", stored: []string{regkey.Default}, desired: []string{regkey.Default}},
		{name: "case and prefix alone", stored: []string{strings.ToUpper(regkey.Default)}, desired: []string{`HKLM:\` + regkey.Default + `\`}},
		{name: "add in normal form", desired: []string{`HKEY_LOCAL_MACHINE\SOFTWARE\A`}, wantAdd: []string{`SOFTWARE\A`}},
		{name: "remove undeclared as stored", stored: []string{`software\x`, regkey.Default}, desired: []string{regkey.Default}, wantRemove: []string{`software\x`}},
		{name: "empty set removes all", stored: []string{`SOFTWARE\A`, `SOFTWARE\B`}, wantRemove: []string{`SOFTWARE\A`, `SOFTWARE\B`}},
		{name: "second spelling on the cluster goes", stored: []string{`SOFTWARE\A`, `software\a`}, desired: []string{`SOFTWARE\A`}, wantRemove: []string{`software\a`}},
		{name: "both ways", stored: []string{`SOFTWARE\A`, `SOFTWARE\B`}, desired: []string{`SOFTWARE\B`, `HKLM\SOFTWARE\C`}, wantAdd: []string{`SOFTWARE\C`}, wantRemove: []string{`SOFTWARE\A`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := diffCheckpoints(c.stored, c.desired)
			if strings.Join(got.add, ",") != strings.Join(c.wantAdd, ",") || strings.Join(got.remove, ",") != strings.Join(c.wantRemove, ",") {
				t.Fatalf("diff = add %v remove %v, want add %v remove %v", got.add, got.remove, c.wantAdd, c.wantRemove)
			}
		})
	}
}

func TestCheckpointsReadKeepsSpellingAndShowsDrift(t *testing.T) {
	sch := checkpointsSchemaForTest(t)
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
			prior := setState(t, sch, setModel(t, "EXCLUS", `HKLM\`+regkey.Default, `SOFTWARE\A`))
			resp := resource.ReadResponse{State: prior}
			newTestCheckpointsResource(f).Read(context.Background(), resource.ReadRequest{State: prior}, &resp)
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

func TestCheckpointsCreate(t *testing.T) {
	sch := checkpointsSchemaForTest(t)
	t.Run("adds the missing, adopts the present", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, strings.ToLower(regkey.Default))
		resp := resource.CreateResponse{State: emptyState(sch)}
		req := resource.CreateRequest{Plan: setPlan(t, sch, setModel(t, "", regkey.Default, `HKLM:\SOFTWARE\A\`))}
		newTestCheckpointsResource(f).Create(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(diagText(resp.Diagnostics))
		}
		if got := f.checkpoints(defaultResourceName); strings.Join(got, ",") != strings.ToLower(regkey.Default)+`,SOFTWARE\A` {
			t.Fatalf("checkpoints = %v", got)
		}
		var m checkpointsModel
		resp.State.Get(context.Background(), &m)
		if m.ID.ValueString() != "EXCLUS|"+defaultResourceName || m.Cluster.ValueString() != "EXCLUS" {
			t.Fatalf("state = %+v", m)
		}
	})
	t.Run("refuses undeclared checkpoints and changes nothing", func(t *testing.T) {
		f := newFakeAPI()
		f.setCheckpoints(defaultResourceName, `SOFTWARE\X`)
		resp := resource.CreateResponse{State: emptyState(sch)}
		req := resource.CreateRequest{Plan: setPlan(t, sch, setModel(t, "EXCLUS", regkey.Default))}
		newTestCheckpointsResource(f).Create(context.Background(), req, &resp)
		text := diagText(resp.Diagnostics)
		for _, w := range []string{"undeclared", `"SOFTWARE\X"`, "terraform import exchange_cluster_checkpoints.<NAME> 'EXCLUS|" + defaultResourceName + "'", "import {"} {
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
		req := resource.CreateRequest{Plan: setPlan(t, sch, setModel(t, "EXCLUS", regkey.Default))}
		newTestCheckpointsResource(f).Create(context.Background(), req, &resp)
		if !strings.Contains(diagText(resp.Diagnostics), "Cluster resource not found") {
			t.Fatal(diagText(resp.Diagnostics))
		}
	})
}

func TestCheckpointsUpdate(t *testing.T) {
	sch := checkpointsSchemaForTest(t)
	run := func(t *testing.T, f *fakeAPI, prior, plan checkpointsModel) resource.UpdateResponse {
		t.Helper()
		state := setState(t, sch, prior)
		resp := resource.UpdateResponse{State: setState(t, sch, plan)}
		newTestCheckpointsResource(f).Update(context.Background(),
			resource.UpdateRequest{State: state, Plan: setPlan(t, sch, plan)}, &resp)
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

func TestCheckpointsDelete(t *testing.T) {
	sch := checkpointsSchemaForTest(t)
	f := newFakeAPI()
	// The state's keys go, in the cluster's spelling; one added since the refresh stays.
	f.setCheckpoints(defaultResourceName, strings.ToUpper(regkey.Default), `SOFTWARE\A`, `SOFTWARE\Later`)
	prior := setState(t, sch, setModel(t, "EXCLUS", `HKLM\`+regkey.Default, `SOFTWARE\A`))
	resp := resource.DeleteResponse{State: prior}
	newTestCheckpointsResource(f).Delete(context.Background(), resource.DeleteRequest{State: prior}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(diagText(resp.Diagnostics))
	}
	if got := f.checkpoints(defaultResourceName); strings.Join(got, ",") != `SOFTWARE\Later` {
		t.Fatalf("checkpoints left = %v", got)
	}

	f.deleteResource(defaultResourceName)
	resp = resource.DeleteResponse{State: prior}
	newTestCheckpointsResource(f).Delete(context.Background(), resource.DeleteRequest{State: prior}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("deleting the checkpoints of a gone resource: %s", diagText(resp.Diagnostics))
	}
}

func TestCheckpointsImportState(t *testing.T) {
	sch := checkpointsSchemaForTest(t)
	for id, wantCluster := range map[string]string{
		defaultResourceName:            "EXCLUS",
		"OTHER|" + defaultResourceName: "OTHER",
	} {
		f := newFakeAPI()
		resp := resource.ImportStateResponse{State: emptyState(sch)}
		newTestCheckpointsResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: id}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("import %q: %s", id, diagText(resp.Diagnostics))
		}
		var m checkpointsModel
		resp.State.Get(context.Background(), &m)
		if m.Cluster.ValueString() != wantCluster || m.ResourceName.ValueString() != defaultResourceName || m.ID.ValueString() != wantCluster+"|"+defaultResourceName {
			t.Errorf("import %q: state %+v", id, m)
		}
	}
	for _, bad := range []string{"", "a|b|c", "|" + defaultResourceName, " EXCLUS|x", "EXCLUS|"} {
		f := newFakeAPI()
		resp := resource.ImportStateResponse{State: emptyState(sch)}
		newTestCheckpointsResource(f).ImportState(context.Background(), resource.ImportStateRequest{ID: bad}, &resp)
		if !resp.Diagnostics.HasError() || f.totalCalls() != 0 {
			t.Errorf("import %q must fail without a request: %s", bad, diagText(resp.Diagnostics))
		}
	}
}

func TestSameRegistryKeySet(t *testing.T) {
	set := func(keys ...string) types.Set {
		s, _ := setOfStrings(keys)
		return s
	}
	cases := []struct {
		name          string
		state, plan   types.Set
		wantStateKept bool
	}{
		{"case and prefix", set(regkey.Default, `SOFTWARE\A`), set(`hklm\`+strings.ToLower(regkey.Default), `HKLM:\software\a\`), true},
		{"one more key", set(regkey.Default), set(regkey.Default, `SOFTWARE\A`), false},
		{"one key other", set(regkey.Default, `SOFTWARE\A`), set(regkey.Default, `SOFTWARE\B`), false},
		{"create", types.SetNull(types.StringType), set(regkey.Default), false},
		{"unknown element", set(regkey.Default), types.SetValueMust(types.StringType, []attr.Value{types.StringUnknown()}), false},
	}
	for _, c := range cases {
		req := planmodifier.SetRequest{StateValue: c.state, PlanValue: c.plan, ConfigValue: c.plan}
		resp := planmodifier.SetResponse{PlanValue: c.plan}
		sameRegistryKeySet{}.PlanModifySet(context.Background(), req, &resp)
		if kept := resp.PlanValue.Equal(c.state) && !c.plan.Equal(c.state); kept != c.wantStateKept {
			t.Errorf("%s: planned %v, state kept = %v, want %v", c.name, resp.PlanValue, kept, c.wantStateKept)
		}
	}
}

func TestRegistryKeySetValidator(t *testing.T) {
	cases := []struct {
		keys []string
		want string // "" for valid
	}{
		{[]string{regkey.Default, `SOFTWARE\A`}, ""},
		{[]string{}, ""},
		{[]string{regkey.Default, `HKLM\` + strings.ToUpper(regkey.Default) + `\`}, "Duplicate registry key"},
		{[]string{`HKCU\Software\A`}, "HKEY_CURRENT_USER"},
	}
	for _, c := range cases {
		v, _ := setOfStrings(c.keys)
		resp := validator.SetResponse{}
		registryKeySetValidator{}.ValidateSet(context.Background(), validator.SetRequest{Path: pathKeys, ConfigValue: v}, &resp)
		text := diagText(resp.Diagnostics)
		if (c.want == "") != !resp.Diagnostics.HasError() || !strings.Contains(text, c.want) {
			t.Errorf("%v: diagnostics %q, want %q", c.keys, text, c.want)
		}
	}
}
