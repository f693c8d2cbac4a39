package provider

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestSameCheckpoints: the plan keeps the state's keys only when the configuration names,
// one to one, the checkpoints the state's elements stand for, compared as stored.
func TestSameCheckpoints(t *testing.T) {
	cases := []struct {
		name        string
		state, keys []string
		names       storedNames
		want        bool
	}{
		{"case and prefix", []string{regkey.Default, `SOFTWARE\A`}, []string{`hklm\` + strings.ToLower(regkey.Default), `HKLM:\software\a\`}, nil, true},
		{"one more key", []string{regkey.Default}, []string{regkey.Default, `SOFTWARE\A`}, nil, false},
		{"one key other", []string{regkey.Default, `SOFTWARE\A`}, []string{regkey.Default, `SOFTWARE\B`}, nil, false},
		// The cluster stores HKLM\SOFTWARE\A, which Windows reads as another key: the
		// configuration's SOFTWARE\A does not name it, whatever the state's spelling.
		{"stored with a prefix", []string{`HKLM\SOFTWARE\A`}, []string{`SOFTWARE\A`}, storedNames{`HKLM\SOFTWARE\A`: `HKLM\SOFTWARE\A`}, false},
		{"configuration spelling of a stored key", []string{`HKLM\SOFTWARE\A`}, []string{`SOFTWARE\A`}, storedNames{`HKLM\SOFTWARE\A`: `SOFTWARE\A`}, true},
		{"two elements, one key", []string{`SOFTWARE\A`, `HKLM\SOFTWARE\A`}, []string{`SOFTWARE\A`, `HKLM\SOFTWARE\A`}, nil, false},
	}
	for _, c := range cases {
		if got := sameCheckpoints(c.state, c.keys, c.names); got != c.want {
			t.Errorf("%s: sameCheckpoints(%q, %q) = %v, want %v", c.name, c.state, c.keys, got, c.want)
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
