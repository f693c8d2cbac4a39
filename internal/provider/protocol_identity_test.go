package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// These tests speak the plugin protocol (tfprotov6) to the provider server, as Terraform 1.12
// or later and OpenTofu do, where the terraform on PATH (1.11) cannot: resource identity.

// protocolRig is a configured provider server over the fake Windows client.
type protocolRig struct {
	t       *testing.T
	ctx     context.Context
	srv     tfprotov6.ProviderServer
	api     *fakeAPI
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtocolRig(t *testing.T) *protocolRig {
	t.Helper()
	b := newFakeBackend()
	srv, err := providerserver.NewProtocol6WithError(newWithClient(b.api.connect(), b.lookupEnv)())()
	if err != nil {
		t.Fatal(err)
	}
	r := &protocolRig{t: t, ctx: context.Background(), srv: srv, api: b.api}
	r.schemas, err = srv.GetProviderSchema(r.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(r.schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, r.schemas.Diagnostics)
	}
	resp, err := srv.ConfigureProvider(r.ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.12.0",
		Config:           r.value(r.schemas.Provider.ValueType(), b.settings()),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return r
}

func hasErrors(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// object is a value of typ (an object type) with the given attributes, written as text
// (numbers and booleans too, as in a configuration), every other attribute null.
func object(typ tftypes.Type, attrs map[string]string) tftypes.Value {
	ot, ok := typ.(tftypes.Object)
	if !ok {
		panic("object: " + typ.String() + " is not an object type")
	}
	vals := map[string]tftypes.Value{}
	for name, at := range ot.AttributeTypes {
		v, ok := attrs[name]
		switch {
		case ok && at.Is(tftypes.Number):
			n, _, err := big.ParseFloat(v, 10, 512, big.ToNearestEven)
			if err != nil {
				panic("object: " + name + " is not a number: " + v)
			}
			vals[name] = tftypes.NewValue(at, n)
		case ok && at.Is(tftypes.Bool):
			vals[name] = tftypes.NewValue(at, v == "true")
		case ok:
			vals[name] = tftypes.NewValue(at, v)
		default:
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(ot, vals)
}

func (r *protocolRig) value(typ tftypes.Type, attrs map[string]string) *tfprotov6.DynamicValue {
	r.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, object(typ, attrs))
	if err != nil {
		r.t.Fatal(err)
	}
	return &dv
}

// strings decodes a dynamic value of typ into its string attributes.
func (r *protocolRig) strings(typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]string {
	r.t.Helper()
	if dv == nil {
		r.t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		r.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for name, a := range attrs {
		var s string
		if a.Type().Is(tftypes.String) && a.IsKnown() && !a.IsNull() {
			if err := a.As(&s); err != nil {
				r.t.Fatal(err)
			}
			out[name] = s
		}
	}
	return out
}

func (r *protocolRig) identityTypes() map[string]*tfprotov6.ResourceIdentitySchema {
	r.t.Helper()
	resp, err := r.srv.GetResourceIdentitySchemas(r.ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || hasErrors(resp.Diagnostics) {
		r.t.Fatalf("GetResourceIdentitySchemas: %v %v", err, resp.Diagnostics)
	}
	return resp.IdentitySchemas
}

func identityType(s *tfprotov6.ResourceIdentitySchema) tftypes.Type {
	types := map[string]tftypes.Type{}
	for _, a := range s.IdentityAttributes {
		types[a.Name] = a.Type
	}
	return tftypes.Object{AttributeTypes: types}
}

func TestProtocolIdentitySchemas(t *testing.T) {
	r := newProtocolRig(t)
	schemas := r.identityTypes()
	want := map[string]map[string]string{ // attribute -> "required" or "optional" for import
		"exchange_cluster_checkpoint":            {"cluster": "optional", "resource_name": "required", "key": "required"},
		"exchange_cluster_checkpoints_exclusive": {"cluster": "optional", "resource_name": "required"},
	}
	for typeName, attrs := range want {
		s, ok := schemas[typeName]
		if !ok {
			t.Fatalf("no identity schema for %s (have %v)", typeName, schemas)
		}
		if len(s.IdentityAttributes) != len(attrs) {
			t.Errorf("%s has %d identity attributes, want %d", typeName, len(s.IdentityAttributes), len(attrs))
		}
		for _, a := range s.IdentityAttributes {
			got := "optional"
			if a.RequiredForImport {
				got = "required"
			}
			if attrs[a.Name] != got || !a.Type.Is(tftypes.String) {
				t.Errorf("%s identity attribute %s: %s for import, type %s; want %q", typeName, a.Name, got, a.Type, attrs[a.Name])
			}
		}
	}
}

func TestProtocolReadReturnsIdentity(t *testing.T) {
	r := newProtocolRig(t)
	const typeName = "exchange_cluster_checkpoint"
	r.api.setCheckpoints(defaultResourceName, `SOFTWARE\Fabrikam`)
	stateType := r.schemas.ResourceSchemas[typeName].ValueType()
	// A state written before identities existed: the key spelt with a prefix.
	resp, err := r.srv.ReadResource(r.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: typeName,
		CurrentState: r.value(stateType, map[string]string{
			"id": "EXCLUSTER|" + defaultResourceName + `|SOFTWARE\Fabrikam`, "cluster": "EXCLUSTER",
			"resource_name": defaultResourceName, "key": `HKLM\SOFTWARE\Fabrikam`,
		}),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
	}
	if resp.NewIdentity == nil {
		t.Fatal("ReadResource returned no identity")
	}
	got := r.strings(identityType(r.identityTypes()[typeName]), resp.NewIdentity.IdentityData)
	want := map[string]string{"cluster": "EXCLUSTER", "resource_name": defaultResourceName, "key": `SOFTWARE\Fabrikam`}
	if len(got) != len(want) || got["cluster"] != want["cluster"] || got["resource_name"] != want["resource_name"] || got["key"] != want["key"] {
		t.Fatalf("identity after read = %v, want %v", got, want)
	}
	// The state keeps the configuration's spelling of the key.
	if st := r.strings(stateType, resp.NewState); st["key"] != `HKLM\SOFTWARE\Fabrikam` {
		t.Fatalf("state after read = %v", st)
	}
}

func TestProtocolImportByIdentity(t *testing.T) {
	r := newProtocolRig(t)
	const pipeName, pipeKey = "Vendor|App Service", `SOFTWARE\Vendor|App`
	r.api.addResource(&winclient.Resource{Name: pipeName, ResourceType: "Generic Service", State: "Online", OwnerGroup: "Vendor", OwnerNode: "NODE2"})
	r.api.setCheckpoints(pipeName, pipeKey)
	ids := r.identityTypes()

	cases := []struct {
		typeName  string
		identity  map[string]string
		wantState map[string]string
	}{
		{"exchange_cluster_checkpoint",
			map[string]string{"resource_name": pipeName, "key": `HKLM\` + pipeKey},
			map[string]string{"cluster": "EXCLUSTER", "resource_name": pipeName, "key": `HKLM\` + pipeKey, "id": `|EXCLUSTER|Vendor%7CApp Service|SOFTWARE\Vendor%7CApp`}},
		{"exchange_cluster_checkpoints_exclusive",
			map[string]string{"cluster": "EXCLUSTER", "resource_name": pipeName},
			map[string]string{"cluster": "EXCLUSTER", "resource_name": pipeName, "id": `|EXCLUSTER|Vendor%7CApp Service`}},
	}
	for _, c := range cases {
		idType := identityType(ids[c.typeName])
		resp, err := r.srv.ImportResourceState(r.ctx, &tfprotov6.ImportResourceStateRequest{
			TypeName: c.typeName,
			Identity: &tfprotov6.ResourceIdentityData{IdentityData: r.value(idType, c.identity)},
		})
		if err != nil || hasErrors(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
			t.Fatalf("%s: ImportResourceState: %v %v", c.typeName, err, resp.Diagnostics)
		}
		imported := resp.ImportedResources[0]
		st := r.strings(r.schemas.ResourceSchemas[c.typeName].ValueType(), imported.State)
		for k, v := range c.wantState {
			if st[k] != v {
				t.Errorf("%s: imported %s = %q, want %q", c.typeName, k, st[k], v)
			}
		}
		id := r.strings(idType, imported.Identity.IdentityData)
		if id["cluster"] != "EXCLUSTER" || id["resource_name"] != pipeName {
			t.Errorf("%s: identity after import = %v", c.typeName, id)
		}
		if c.typeName == "exchange_cluster_checkpoint" && id["key"] != pipeKey {
			t.Errorf("identity key after import = %q, want the normal form %q", id["key"], pipeKey)
		}
		// The import ID of the same checkpoint imports the same state.
		byID, err := r.srv.ImportResourceState(r.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: c.typeName, ID: c.wantState["id"]})
		if err != nil || hasErrors(byID.Diagnostics) || len(byID.ImportedResources) != 1 {
			t.Fatalf("%s: import by ID %q: %v %v", c.typeName, c.wantState["id"], err, byID.Diagnostics)
		}
		if again := r.strings(idType, byID.ImportedResources[0].Identity.IdentityData); again["resource_name"] != pipeName || again["cluster"] != "EXCLUSTER" {
			t.Errorf("%s: identity after import by ID = %v", c.typeName, again)
		}
	}

	// A bad identity is a clear error before any request.
	before := r.api.totalCalls()
	resp, err := r.srv.ImportResourceState(r.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: "exchange_cluster_checkpoint",
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: r.value(identityType(ids["exchange_cluster_checkpoint"]),
			map[string]string{"cluster": "EX|CLUSTER", "resource_name": " x", "key": `HKCU\Software`})},
	})
	if err != nil || !hasErrors(resp.Diagnostics) || len(resp.Diagnostics) != 3 || r.api.totalCalls() != before {
		t.Fatalf("bad identity: %v, %d diagnostics %v, %d calls", err, len(resp.Diagnostics), resp.Diagnostics, r.api.totalCalls()-before)
	}

	// Each bad part is named as the identity names it, once, before any request.
	for _, c := range []struct {
		typeName string
		identity map[string]string
		want     []string // the start of each error's detail, in order
	}{
		{"exchange_cluster_checkpoint", map[string]string{"key": pipeKey}, []string{"resource_name is required."}},
		{"exchange_cluster_checkpoint", map[string]string{"resource_name": pipeName}, []string{"key is required."}},
		{"exchange_cluster_checkpoint", map[string]string{"cluster": "", "resource_name": pipeName, "key": pipeKey}, []string{"cluster "}},
		{"exchange_cluster_checkpoint", map[string]string{"resource_name": pipeName, "key": `HKCU\Software`}, []string{"key is not valid: "}},
		{"exchange_cluster_checkpoints_exclusive", map[string]string{"cluster": "EX|CLUSTER", "resource_name": pipeName}, []string{"cluster "}},
		{"exchange_cluster_checkpoints_exclusive", map[string]string{"cluster": "EXCLUSTER"}, []string{"resource_name is required."}},
	} {
		resp, err := r.srv.ImportResourceState(r.ctx, &tfprotov6.ImportResourceStateRequest{
			TypeName: c.typeName,
			Identity: &tfprotov6.ResourceIdentityData{IdentityData: r.value(identityType(ids[c.typeName]), c.identity)},
		})
		if err != nil || len(resp.Diagnostics) != len(c.want) || r.api.totalCalls() != before {
			t.Errorf("%s %v: %v, diagnostics %v, %d calls", c.typeName, c.identity, err, resp.Diagnostics, r.api.totalCalls()-before)
			continue
		}
		for i, d := range resp.Diagnostics {
			if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid import identity" || !strings.HasPrefix(d.Detail, c.want[i]) {
				t.Errorf("%s %v: diagnostic %d = %s: %q, want an error starting %q", c.typeName, c.identity, i, d.Summary, d.Detail, c.want[i])
			}
		}
	}
}
