package winhost

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// dotnetRegex compiles pattern as .NET's System.Text.RegularExpressions.Regex would, as far
// as escapes go: a backslash before a word character that is not one of .NET's escapes
// fails with .NET Framework's message (RegexParser.ScanBackslash / ScanCharEscape: "parsing
// "<pattern>" - Unrecognized escape sequence \M."), as a registry path such as
// SOFTWARE\Microsoft\... does. The rest is matched with Go's regexp, which shares .NET's
// common syntax; .NET's \w, \d and \s are Unicode classes where Go's are ASCII, and are
// spelled out (see the classes below). The few .NET constructs Go lacks or would match
// otherwise are refused as not modelled, never silently matched otherwise.
func dotnetRegex(pattern string, ignoreCase bool) (*regexp.Regexp, error) {
	var b strings.Builder
	if ignoreCase {
		b.WriteString("(?i)")
	}
	notModelled := func(what string) error {
		return fmt.Errorf("the simulator does not model the .NET regular expression %s (in %q)", what, pattern)
	}
	rs := []rune(pattern)
	inClass, classStart := false, 0 // within [...]; where its members begin
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '\\' {
			switch {
			case r == '[' && !inClass:
				inClass, classStart = true, i+1
				if i+1 < len(rs) && rs[i+1] == '^' {
					classStart++
				}
			case r == ']' && inClass && i > classStart:
				// A ] first in a class is a member, in .NET as in Go.
				inClass = false
			case r == '-' && inClass && i+1 < len(rs) && rs[i+1] == '[':
				// .NET's class subtraction, [a-z-[aeiou]]: Go reads it otherwise.
				return nil, notModelled("class subtraction -[...]")
			}
			b.WriteRune(r)
			continue
		}
		if i+1 == len(rs) {
			return nil, dotnetParseError(pattern, `Illegal \ at end of pattern.`)
		}
		i++
		e := rs[i]
		switch {
		case inClass && strings.ContainsRune("ABGZzk", e):
			// Inside [...] .NET reads escapes with ScanCharEscape, which knows no anchors and
			// no \k: these word characters are unrecognized there (only \b is the backspace).
			return nil, dotnetParseError(pattern, fmt.Sprintf(`Unrecognized escape sequence \%c.`, e))
		case strings.ContainsRune("wds", e):
			if inClass {
				b.WriteString(dotnetClasses[e])
			} else {
				b.WriteString("[" + dotnetClasses[e] + "]")
			}
		case strings.ContainsRune("WDS", e):
			if inClass {
				return nil, notModelled(`negated class \` + string(e) + " inside [...]")
			}
			b.WriteString("[^" + dotnetClasses[unicode.ToLower(e)] + "]")
		case e == 'b' || e == 'B':
			if !inClass {
				// .NET's word boundary is Unicode's, Go's ASCII's.
				return nil, notModelled(`word boundary \` + string(e))
			}
			b.WriteString(`\x08`) // [\b] is the backspace in both
		case strings.ContainsRune("AzpPaftnrvx", e):
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
			return nil, notModelled(`escape \` + string(e))
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

// dotnetClasses are the members of .NET's \w, \d and \s, in Go's class syntax. .NET
// Framework's RegexCharClass: WordClass is the Unicode categories L, Mn, Nd and Pc;
// DigitClass is Nd; SpaceClass is \f \n \r \t \v, U+0085 and the separators (Z).
var dotnetClasses = map[rune]string{
	'w': `\p{L}\p{Mn}\p{Nd}\p{Pc}`,
	'd': `\p{Nd}`,
	's': `\f\n\r\t\v\x{85}\p{Z}`,
}

// dotnetRegexError is .NET Framework's parse error of a pattern (an ArgumentException).
type dotnetRegexError struct{ msg string }

func (e *dotnetRegexError) Error() string { return e.msg }

func dotnetParseError(pattern, what string) error {
	return &dotnetRegexError{msg: fmt.Sprintf("parsing \"%s\" - %s", pattern, what)}
}

// isWordRune is .NET Framework's RegexCharClass.IsWordChar, which ScanBackslash asks of the
// character after a backslash: WordClass (the categories L, Mn, Nd and Pc), or U+200C ZERO
// WIDTH NON-JOINER or U+200D ZERO WIDTH JOINER. Letters without case (CJK, Arabic, ...)
// are letters too.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Nd, r) || unicode.Is(unicode.Pc, r) ||
		r == '\u200c' || r == '\u200d'
}

func isHex(rs []rune) bool {
	for _, r := range rs {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
