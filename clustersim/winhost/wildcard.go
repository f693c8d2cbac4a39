package winhost

import (
	"sort"
	"strings"
)

// hasWildcard reports whether s contains PowerShell wildcard characters (* ? [).
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?[") }

// wildcardMatch is WildcardPattern with IgnoreCase: * any run, ? one character, [abc] and
// [a-z] one of a set, ` escapes the next character.
func wildcardMatch(pattern, s string) bool {
	p := []rune(strings.ToUpper(pattern))
	t := []rune(strings.ToUpper(s))
	return matchRunes(p, t)
}

func matchRunes(p, t []rune) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true
			}
			for i := 0; i <= len(t); i++ {
				if matchRunes(p, t[i:]) {
					return true
				}
			}
			return false
		case '?':
			if len(t) == 0 {
				return false
			}
			p, t = p[1:], t[1:]
		case '[':
			end := indexRune(p, ']')
			if end < 0 || len(t) == 0 {
				return false
			}
			if !inSet(p[1:end], t[0]) {
				return false
			}
			p, t = p[end+1:], t[1:]
		case '`':
			if len(p) > 1 {
				p = p[1:]
			}
			fallthrough
		default:
			if len(t) == 0 || t[0] != p[0] {
				return false
			}
			p, t = p[1:], t[1:]
		}
	}
	return len(t) == 0
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func inSet(set []rune, r rune) bool {
	for i := 0; i < len(set); i++ {
		if i+2 < len(set) && set[i+1] == '-' {
			if r >= set[i] && r <= set[i+2] {
				return true
			}
			i += 2
			continue
		}
		if set[i] == r {
			return true
		}
	}
	return false
}

// sortFold sorts by a name, case-insensitively (the registry's enumeration order).
func sortFold[T any](items []T, name func(T) string) {
	sort.SliceStable(items, func(i, j int) bool {
		return strings.ToUpper(name(items[i])) < strings.ToUpper(name(items[j]))
	})
}
