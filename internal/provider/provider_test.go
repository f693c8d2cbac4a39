package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// providerConfig builds the provider block as the framework receives it. values holds Go
// strings, int64s, bools, or tftypes.UnknownValue; attributes not given are null.
func providerConfig(t *testing.T, values map[string]any) tfsdk.Config {
	t.Helper()
	sch := providerSchema()
	objType, ok := sch.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatalf("provider schema type is %T, want tftypes.Object", sch.Type().TerraformType(context.Background()))
	}
	attrs := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		v, ok := values[name]
		if !ok {
			attrs[name] = tftypes.NewValue(typ, nil)
			continue
		}
		attrs[name] = tftypes.NewValue(typ, v)
	}
	return tfsdk.Config{Schema: sch, Raw: tftypes.NewValue(objType, attrs)}
}

func validateProvider(t *testing.T, values map[string]any, env map[string]string) diag.Diagnostics {
	t.Helper()
	p := &exchangeProvider{lookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	var resp provider.ValidateConfigResponse
	p.ValidateConfig(context.Background(), provider.ValidateConfigRequest{Config: providerConfig(t, values)}, &resp)
	return resp.Diagnostics
}

func hasDiag(diags diag.Diagnostics, attr string, errorNotWarning bool, fragment string) bool {
	for _, d := range diags {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if !ok || !withPath.Path().Equal(path.Root(attr)) {
			continue
		}
		if (d.Severity() == diag.SeverityError) == errorNotWarning && strings.Contains(d.Summary()+" "+d.Detail(), fragment) {
			return true
		}
	}
	return false
}

func TestProviderValidateConfig(t *testing.T) {
	cases := []struct {
		name      string
		values    map[string]any
		env       map[string]string
		wantAttr  string
		wantError bool
		wantText  string
	}{
		{name: "port out of range", values: map[string]any{attrPort: int64(70000)}, wantAttr: attrPort, wantError: true, wantText: "between 1 and 65535"},
		{name: "port from the environment", env: map[string]string{"EXCHANGE_WINRM_PORT": "0"}, wantAttr: attrPort, wantError: true, wantText: "EXCHANGE_WINRM_PORT"},
		{name: "insecure warns", values: map[string]any{attrHTTPS: true, attrInsecure: true}, wantAttr: attrInsecure, wantText: "verification is off"},
		{name: "basic over http warns", values: map[string]any{attrAuth: "basic"}, wantAttr: attrAuth, wantText: "clear text"},
		{name: "basic over http from the environment warns", env: map[string]string{"EXCHANGE_WINRM_AUTH": "basic"}, wantAttr: attrAuth, wantText: "clear text"},
		{name: "bad duration", values: map[string]any{attrTimeout: "5"}, wantAttr: attrTimeout, wantError: true, wantText: "duration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diags := validateProvider(t, c.values, c.env)
			if !hasDiag(diags, c.wantAttr, c.wantError, c.wantText) {
				t.Fatalf("want a diagnostic on %s (error=%v) saying %q, got %v", c.wantAttr, c.wantError, c.wantText, diags)
			}
		})
	}
}

func TestProviderValidateConfigSkipsUnknownValues(t *testing.T) {
	// A value known only at apply (from another resource) cannot be judged at validate.
	unknown := tftypes.UnknownValue
	diags := validateProvider(t, map[string]any{attrHost: unknown, attrPort: unknown, attrHTTPS: unknown, attrCACert: "junk"}, nil)
	if !hasDiag(diags, attrCACert, true, "not PEM") {
		t.Fatalf("the known ca_cert must still be judged: %v", diags)
	}
	for _, d := range diags {
		if withPath, ok := d.(diag.DiagnosticWithPath); ok && !withPath.Path().Equal(path.Root(attrCACert)) {
			t.Fatalf("a diagnostic on an unknown value: %v", d)
		}
	}
	// An empty block validates: credentials may come from the environment of the apply.
	if diags := validateProvider(t, nil, nil); len(diags) != 0 {
		t.Fatalf("an empty provider block: %v", diags)
	}
}
