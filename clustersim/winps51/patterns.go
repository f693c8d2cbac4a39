package winps51

import (
	"regexp"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// -like wildcards and .NET regular expressions (through Go's regexp).

// wildcardMatch is -like: * ? [a-z] and ` escapes.
func wildcardMatch(pattern, s string, ci bool) bool {
	var b strings.Builder
	if ci {
		b.WriteString("(?is)^")
	} else {
		b.WriteString("(?s)^")
	}
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '`':
			if i+1 < len(rs) {
				i++
				b.WriteString(regexp.QuoteMeta(string(rs[i])))
			}
		case '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(regexp.QuoteMeta("["))
				continue
			}
			b.WriteString("[" + strings.ReplaceAll(string(rs[i+1:j]), "\\", "\\\\") + "]")
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return false
	}
	return re.MatchString(s)
}

// compileRegex compiles a .NET pattern with Go's regexp (the common subset).
func (s *runspaceState) compileRegex(pat string, ci bool, ext syntax.Extent) *regexp.Regexp {
	p := pat
	if ci {
		p = "(?i)" + p
	}
	re, err := regexp.Compile(p)
	if err != nil {
		failf(ext, "InvalidRegularExpression", "InvalidOperation", "The regular expression pattern %s is not valid.", pat)
	}
	return re
}

// regexMatch is -match on a scalar: it sets $Matches when it matches.
func (s *runspaceState) regexMatch(input, pat string, ci bool, sc *scope, ext syntax.Extent) bool {
	re := s.compileRegex(pat, ci, ext)
	m := re.FindStringSubmatchIndex(input)
	if m == nil {
		return false
	}
	h := NewHashtable(false)
	names := re.SubexpNames()
	for i := len(names) - 1; i >= 0; i-- {
		if m[2*i] < 0 {
			continue
		}
		var key Value = i
		if names[i] != "" {
			key = names[i]
		}
		h.Set(key, input[m[2*i]:m[2*i+1]])
	}
	if sc == nil {
		sc = s.global
	}
	sc.setLocal("Matches", h)
	return true
}

// dotnetReplacement turns a .NET replacement string ($1, ${name}, $$, $0) into Go's.
func dotnetReplacement(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c != '$' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(r) && r[i+1] == '$' {
			b.WriteString("$$")
			i++
			continue
		}
		if i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9' {
			j := i + 1
			for j < len(r) && r[j] >= '0' && r[j] <= '9' {
				j++
			}
			b.WriteString("${" + r[i+1:j] + "}")
			i = j - 1
			continue
		}
		if i+1 < len(r) && r[i+1] == '{' {
			j := strings.IndexByte(r[i:], '}')
			if j > 0 {
				b.WriteString(r[i : i+j+1])
				i += j
				continue
			}
		}
		b.WriteString("$$")
	}
	return b.String()
}
