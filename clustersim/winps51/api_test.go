package winps51

import "testing"

// TestToStringIsTheEngines: hosts convert with the engine's [string], so a value a cmdlet
// receives converts as the same value does in a script.
func TestToStringIsTheEngines(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{nil, ""},
		{[]Value{1, 1.5, true, "x"}, "1 1.5 True x"},
		{1e20, "1E+20"},
		{NewObject("", "a", 1, "b", "x"), "@{a=1; b=x}"},
		{Enum{Type: "T", Name: "Online", Value: 2}, "Online"},
	} {
		if got := ToString(c.v); got != c.want {
			t.Errorf("ToString(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}
