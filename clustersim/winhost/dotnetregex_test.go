package winhost

import (
	"errors"
	"strings"
	"testing"
)

func TestDotnetRegex(t *testing.T) {
	cases := []struct {
		pattern string
		err     string // "" when it compiles
		match   []string
		nomatch []string
	}{
		{pattern: `SOFTWARE\Microsoft\Exchange`, err: `parsing "SOFTWARE\Microsoft\Exchange" - Unrecognized escape sequence \M.`},
		{pattern: `SOFTWARE\Nope`, err: `Unrecognized escape sequence \N.`},
		{pattern: `x\_`, err: `Unrecognized escape sequence \_.`},
		{pattern: `trailing\`, err: `Illegal \ at end of pattern.`},
		{pattern: `\u12`, err: `Insufficient hex digits.`},
		{pattern: `SOFTWARE`, match: []string{`SOFTWARE`, `software\Fabrikam`, `x\SOFTWARE\y`}, nomatch: []string{`SYSTEM`}},
		{pattern: `^SOFTWARE$`, match: []string{`software`}, nomatch: []string{`SOFTWARE\x`}},
		{pattern: `a\.b`, match: []string{`A.B`}, nomatch: []string{`axb`}},
		{pattern: `\d+\s\w`, match: []string{`12 x`}},
		{pattern: `\e\u0041\x42`, match: []string{"\x1bAB"}},
		{pattern: `\\`, match: []string{`a\b`}, nomatch: []string{`ab`}},
		// Letters without case, and the joiners, are word characters to .NET too.
		{pattern: `SOFTWARE\中文`, err: `Unrecognized escape sequence \中.`},
		{pattern: "a\\\u200db", err: "Unrecognized escape sequence \\\u200d."},
		// .NET's \w, \d and \s are Unicode's, not ASCII's, also inside a class.
		{pattern: `^\w+$`, match: []string{`é`, `中文`, `a_1`}, nomatch: []string{`a-b`, `a b`}},
		{pattern: `^\d$`, match: []string{"\u0663"}, nomatch: []string{`x`}},
		{pattern: `^\s$`, match: []string{"\u3000", "\u0085", "\t"}, nomatch: []string{`x`}},
		{pattern: `^[\w-]+$`, match: []string{`中-x`}, nomatch: []string{`a b`}},
		{pattern: `^\W$`, match: []string{`-`}, nomatch: []string{`中`}},
		{pattern: `^[\b]$`, match: []string{"\b"}, nomatch: []string{`b`}},
		// Inside a class .NET knows no anchors: their letters are unrecognized escapes there.
		{pattern: `[\B]`, err: `Unrecognized escape sequence \B.`},
		{pattern: `[a\A]`, err: `Unrecognized escape sequence \A.`},
		{pattern: `[\z]`, err: `Unrecognized escape sequence \z.`},
		{pattern: `[\Z]`, err: `Unrecognized escape sequence \Z.`},
		{pattern: `[\G]`, err: `Unrecognized escape sequence \G.`},
		{pattern: `^[]a]+$`, match: []string{`]a`}, nomatch: []string{`b`}},
	}
	for _, tc := range cases {
		re, err := dotnetRegex(tc.pattern, true)
		if tc.err != "" {
			var de *dotnetRegexError
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &de) {
				t.Errorf("%q: err = %v, want %q", tc.pattern, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !re.MatchString(s) {
				t.Errorf("%q does not match %q", tc.pattern, s)
			}
		}
		for _, s := range tc.nomatch {
			if re.MatchString(s) {
				t.Errorf("%q matches %q", tc.pattern, s)
			}
		}
	}
	// Constructs Go's regexp lacks are refused, not matched some other way.
	for _, p := range []string{`(a)\1`, `\G`, `\k<x>`, `\cA`, `\bx`, `x\B`, `[\W]`, `[a-z-[aeiou]]`} {
		if _, err := dotnetRegex(p, false); err == nil || !strings.Contains(err.Error(), "does not model") {
			t.Errorf("%q: err = %v", p, err)
		}
	}
}

func FuzzDotnetRegex(f *testing.F) {
	for _, s := range []string{`SOFTWARE\Microsoft`, `a\.b`, `\u00e9`, `\`, `[\w]`, `(?<n>x)`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		re, err := dotnetRegex(pattern, true)
		if err == nil && re == nil {
			t.Fatal("no pattern and no error")
		}
	})
}
