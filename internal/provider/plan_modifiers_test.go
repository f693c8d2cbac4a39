package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
		{"null element", set(regkey.Default), types.SetValueMust(types.StringType, []attr.Value{types.StringNull()}), false},
		// Without the null, the other element alone names the state's key: the null must
		// keep the plan as configured.
		{"null element beside a same key", set(regkey.Default),
			types.SetValueMust(types.StringType, []attr.Value{types.StringValue(`hklm\` + strings.ToLower(regkey.Default)), types.StringNull()}), false},
		{"unknown set", set(regkey.Default), types.SetUnknown(types.StringType), false},
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

func TestKnownStrings(t *testing.T) {
	for _, c := range []struct {
		name   string
		set    types.Set
		want   []string
		wantOK bool
	}{
		{"known", types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a")}), []string{"a"}, true},
		{"empty", types.SetValueMust(types.StringType, nil), nil, true},
		{"null set", types.SetNull(types.StringType), nil, false},
		{"unknown set", types.SetUnknown(types.StringType), nil, false},
		{"null element", types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringNull()}), nil, false},
		{"unknown element", types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()}), nil, false},
	} {
		got, ok := knownStrings(c.set)
		if ok != c.wantOK || strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: knownStrings = %q, %v; want %q, %v", c.name, got, ok, c.want, c.wantOK)
		}
	}
}
