package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// resourceFilter selects cluster resources by name pattern and resource type, for the data
// source exchange_cluster_resources and the list resources. An empty field selects all.
type resourceFilter struct {
	// namePattern matches the resource's name, without regard to case (Windows compares
	// resource names so); "*" stands for any run of characters and "?" for one. Every name
	// matches itself, even one holding "*" or "?".
	namePattern string
	// resourceType is the resource type's name, compared without regard to case.
	resourceType string
}

// Descriptions of the two filters, shared by every schema that offers them.
const (
	nameFilterDescription = "Only resources whose name matches this pattern, compared without regard to case: `*` stands for any run of " +
		"characters and `?` for one, so `* System Attendant` selects every Exchange 2000/2003 System Attendant and an exact name " +
		"selects that resource. All resources when absent."
	typeFilterDescription = "Only resources of this resource type, compared without regard to case, for example " +
		"`Microsoft Exchange System Attendant` or `Generic Service`. All types when absent."
)

// selectResources resolves cluster, lists its resources and keeps those f selects: what the
// data source exchange_cluster_resources and the list resources read. It returns the
// resolved cluster's name, and false when an error is in diags.
func (f resourceFilter) selectResources(ctx context.Context, d *providerData, cluster string, diags *diag.Diagnostics) (string, []winclient.Resource, bool) {
	resolved, ok := resolveClusterFor(ctx, d, cluster, diags)
	if !ok {
		return "", nil, false
	}
	all, err := d.client.ListResources(ctx, resolved)
	if err != nil {
		diags.Append(clientErrorDiagnostic(fmt.Sprintf("listing the resources of cluster %q", resolved), err))
		return "", nil, false
	}
	return resolved, f.apply(all), true
}

func (f resourceFilter) matches(r winclient.Resource) bool {
	if f.resourceType != "" && !strings.EqualFold(f.resourceType, r.ResourceType) {
		return false
	}
	return f.namePattern == "" || wildcardMatch(strings.ToLower(f.namePattern), strings.ToLower(r.Name))
}

// apply returns the resources f selects, sorted by name without regard to case, so that a
// plan does not change when the cluster lists its resources in another order.
func (f resourceFilter) apply(all []winclient.Resource) []winclient.Resource {
	out := []winclient.Resource{}
	for _, r := range all {
		if f.matches(r) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// wildcardMatch reports whether s matches pattern, where "*" matches any run of runes and "?"
// one rune; every other rune matches itself. Linear backtracking on the last "*".
func wildcardMatch(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
