package baseline

import "testing"

func TestQuoteSingleDoublesEveryQuote(t *testing.T) {
	cases := map[string]string{
		"Microsoft Exchange System Attendant": "Microsoft Exchange System Attendant",
		"a'b":                                 "a''b",
		"a\u2018b\u2019c\u201ad\u201be":       "a\u2018\u2018b\u2019\u2019c\u201a\u201ad\u201b\u201be",
	}
	for in, want := range cases {
		if got := quoteSingle(in); got != want {
			t.Errorf("quoteSingle(%q) = %q, want %q", in, got, want)
		}
	}
}
