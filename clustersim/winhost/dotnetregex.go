package winhost

import (
	"fmt"
	"regexp"
	"strings"
)

// dotnetRegex compiles pattern as .NET's System.Text.RegularExpressions.Regex would, as far
// as escapes go: a backslash before a word character that is not one of .NET's escapes
// fails with .NET Framework's message (RegexParser.ScanBackslash / ScanCharEscape: "parsing
// "<pattern>" - Unrecognized escape sequence \M."), as a registry path such as
// SOFTWARE\Microsoft\... does. The rest is matched with Go's regexp, which shares .NET's
// common syntax; the few .NET constructs Go lacks are refused as not modelled, never
// silently matched otherwise.
func dotnetRegex(pattern string, ignoreCase bool) (*regexp.Regexp, error) {
	var b strings.Builder
	if ignoreCase {
		b.WriteString("(?i)")
	}
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '\\' {
			b.WriteRune(r)
			continue
		}
		if i+1 == len(rs) {
			return nil, dotnetParseError(pattern, `Illegal \ at end of pattern.`)
		}
		i++
		e := rs[i]
		switch {
		case strings.ContainsRune("bBAzwWsSdDpPaftnrvx", e):
			// The same meaning in Go (\x takes two hex digits in both; \p{Name} in both).
			b.WriteRune('\\')
			b.WriteRune(e)
		case e == 'e':
			b.WriteString(`\x1b`)
		case e == 'Z':
			b.WriteString(`(?:\n?\z)`)
		case e == 'u':
			if i+4 >= len(rs) || !isHex(rs[i+1:i+5]) {
				return nil, dotnetParseError(pattern, "Insufficient hex digits.")
			}
			b.WriteString(`\x{` + string(rs[i+1:i+5]) + `}`)
			i += 4
		case strings.ContainsRune("Gkc0123456789", e):
			return nil, fmt.Errorf("the simulator does not model the .NET regular expression escape \\%c (in %q)", e, pattern)
		case isWordRune(e):
			return nil, dotnetParseError(pattern, fmt.Sprintf(`Unrecognized escape sequence \%c.`, e))
		default:
			// Any other character escapes itself.
			b.WriteString(regexp.QuoteMeta(string(e)))
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("the simulator cannot match the regular expression %q: %v", pattern, err)
	}
	return re, nil
}

// dotnetRegexError is .NET Framework's parse error of a pattern (an ArgumentException).
type dotnetRegexError struct{ msg string }

func (e *dotnetRegexError) Error() string { return e.msg }

func dotnetParseError(pattern, what string) error {
	return &dotnetRegexError{msg: fmt.Sprintf("parsing \"%s\" - %s", pattern, what)}
}

// isWordRune is .NET's RegexCharClass.IsWordChar for the characters a key can hold:
// letters, digits and the underscore.
func isWordRune(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && isLetter(r)
}

func isHex(rs []rune) bool {
	for _, r := range rs {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func isLetter(r rune) bool { return strings.ToUpper(string(r)) != strings.ToLower(string(r)) }
