package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// keepStateWhenEquivalent plans the prior state's value when the configuration says the same
// thing in another spelling, so that no diff (and no replacement, which the next modifier
// would otherwise plan) follows from case or prefix alone. Terraform accepts a planned value
// that equals the prior state instead of the configuration: it reads this as "functionally
// equivalent" (plans/objchange, assertPlannedValueValid).
type keepStateWhenEquivalent struct {
	description string
	equivalent  func(a, b string) bool
}

var _ planmodifier.String = keepStateWhenEquivalent{}

// sameRegistryKey keeps the state's key when the configured key names the same registry key.
func sameRegistryKey() planmodifier.String {
	return keepStateWhenEquivalent{
		description: "A key that names the same registry key as the one in state (differing only in case, hive prefix or trailing backslash) causes no change.",
		equivalent:  regkey.Equal,
	}
}

// sameNameIgnoringCase keeps the state's name when the configured one differs only in case:
// Windows matches cluster and cluster resource names without regard to case.
func sameNameIgnoringCase() planmodifier.String {
	return keepStateWhenEquivalent{
		description: "A name that differs from the one in state only in case causes no change.",
		equivalent:  strings.EqualFold,
	}
}

func (m keepStateWhenEquivalent) Description(context.Context) string { return m.description }

func (m keepStateWhenEquivalent) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m keepStateWhenEquivalent) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if req.PlanValue.Equal(req.StateValue) {
		return
	}
	if m.equivalent(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// knownStrings returns the elements of a set of strings (stringsOf), and false when the set
// or one of them is unknown or null.
func knownStrings(v types.Set) ([]string, bool) {
	if v.IsNull() || v.IsUnknown() || slices.ContainsFunc(v.Elements(), func(e attr.Value) bool { return e.IsNull() || e.IsUnknown() }) {
		return nil, false
	}
	return stringsOf(v), true
}

// sameKeys reports whether a and b name the same registry keys, each as often, compared as
// regkey.Equal compares them (by regkey.Identity).
func sameKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, k := range a {
		id, err := regkey.Identity(k)
		if err != nil {
			return false
		}
		count[id]++
	}
	for _, k := range b {
		id, err := regkey.Identity(k)
		if err != nil || count[id] == 0 {
			return false
		}
		count[id]--
	}
	return true
}
