package provider

import (
	"reflect"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"* system attendant", "evs1 system attendant", true},
		{"* system attendant", "microsoft exchange system attendant", true},
		{"* system attendant", "evs1 system attendant (old)", false},
		{"evs?", "evs1", true},
		{"evs?", "evs12", false},
		{"*", "", true},
		{"", "", true},
		{"", "x", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"**a", "bba", true},
		{"a|b", "a|b", true},
		// Every name matches itself, "*" and "?" included.
		{"a*b?", "a*b?", true},
		{"ä?", "äö", true},
	}
	for _, c := range cases {
		if got := wildcardMatch(c.pattern, c.s); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func FuzzWildcardMatchesItself(f *testing.F) {
	f.Add("EVS1 System Attendant")
	f.Add("a*?b")
	f.Fuzz(func(t *testing.T, s string) {
		if !wildcardMatch(s, s) {
			t.Fatalf("%q does not match itself", s)
		}
		if !wildcardMatch("*", s) {
			t.Fatalf("* does not match %q", s)
		}
	})
}

func TestResourceFilter(t *testing.T) {
	all := []winclient.Resource{
		{Name: "EVS2 System Attendant", ResourceType: "Microsoft Exchange System Attendant"},
		{Name: "Cluster Name", ResourceType: "Network Name"},
		{Name: "evs1 System Attendant", ResourceType: "Microsoft Exchange System Attendant"},
		{Name: "Exchange Information Store Instance (EVS1)", ResourceType: "Microsoft Exchange Information Store"},
	}
	names := func(rs []winclient.Resource) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	cases := []struct {
		f    resourceFilter
		want []string
	}{
		{resourceFilter{}, []string{"Cluster Name", "evs1 System Attendant", "EVS2 System Attendant", "Exchange Information Store Instance (EVS1)"}},
		{resourceFilter{resourceType: "microsoft exchange system attendant"}, []string{"evs1 System Attendant", "EVS2 System Attendant"}},
		{resourceFilter{namePattern: "*(EVS1)"}, []string{"Exchange Information Store Instance (EVS1)"}},
		{resourceFilter{namePattern: "EVS1*", resourceType: "Microsoft Exchange System Attendant"}, []string{"evs1 System Attendant"}},
		{resourceFilter{resourceType: "Generic Service"}, []string{}},
	}
	for _, c := range cases {
		if got := names(c.f.apply(all)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v selects %q, want %q", c.f, got, c.want)
		}
	}
}
