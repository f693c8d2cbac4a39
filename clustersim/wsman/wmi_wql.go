package wsman

import (
	"strings"
	"unicode"
)

// The WQL subset the simulator answers: SELECT * | <Property>[, <Property>]... FROM <Class>
// [WHERE <cond> [AND <cond>]...]
// where <cond> is <Property> = <literal> or <Property> <> <literal>, the literal a string
// in single or double quotes (backslash escapes the next character, as in WQL) or a
// number or TRUE/FALSE. Keywords are case-insensitive (WQL, "WQL (SQL for WMI)" on
// learn.microsoft.com). Any other query, valid WQL or not, is refused with
// WBEM_E_INVALID_QUERY (see unconfirmed.go): a client that needs more shows up as a
// failing test here rather than as a quiet wrong answer.

type wqlQuery struct {
	class    string
	where    []wqlCondition
	selected []string // the properties of a projection; nil for *
}

type wqlCondition struct {
	property string
	value    string
	negate   bool
}

const msgInvalidQuery = "Invalid query "

func invalidQuery() error {
	return &WMIError{HResult: WBEMErrInvalidQuery, Message: msgInvalidQuery}
}

// parseWQL parses a query of the subset.
func parseWQL(q string) (wqlQuery, error) {
	toks, ok := lexWQL(q)
	if !ok || len(toks) < 4 || !strings.EqualFold(toks[0], "select") {
		return wqlQuery{}, invalidQuery()
	}
	var out wqlQuery
	rest := toks[1:]
	if rest[0] == "*" {
		rest = rest[1:]
	} else {
		// A projection: names separated by commas (WQL "SELECT Statement for Data Queries").
		for {
			if len(rest) == 0 || !isWQLName(rest[0]) || strings.EqualFold(rest[0], "from") {
				return wqlQuery{}, invalidQuery()
			}
			out.selected = append(out.selected, rest[0])
			rest = rest[1:]
			if len(rest) == 0 || rest[0] != "," {
				break
			}
			rest = rest[1:]
		}
	}
	if len(rest) < 2 || !strings.EqualFold(rest[0], "from") || !isWQLName(rest[1]) {
		return wqlQuery{}, invalidQuery()
	}
	out.class = rest[1]
	rest = rest[2:]
	if len(rest) == 0 {
		return out, nil
	}
	if !strings.EqualFold(rest[0], "where") {
		return wqlQuery{}, invalidQuery()
	}
	rest = rest[1:]
	for {
		if len(rest) < 3 || !isWQLName(rest[0]) || (rest[1] != "=" && rest[1] != "<>" && rest[1] != "!=") {
			return wqlQuery{}, invalidQuery()
		}
		v, ok := wqlLiteral(rest[2])
		if !ok {
			return wqlQuery{}, invalidQuery()
		}
		out.where = append(out.where, wqlCondition{property: rest[0], value: v, negate: rest[1] != "="})
		rest = rest[3:]
		if len(rest) == 0 {
			return out, nil
		}
		if !strings.EqualFold(rest[0], "and") {
			return wqlQuery{}, invalidQuery()
		}
		rest = rest[1:]
	}
}

// lexWQL splits a query into names, operators and literals (quoted literals keep their
// quotes and escapes, for wqlLiteral).
func lexWQL(q string) ([]string, bool) {
	var toks []string
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '\'' || r == '"':
			j := i + 1
			for ; j < len(rs) && rs[j] != r; j++ {
				if rs[j] == '\\' {
					j++
				}
			}
			if j >= len(rs) {
				return nil, false
			}
			toks = append(toks, string(rs[i:j+1]))
			i = j + 1
		case r == '*' || r == '=' || r == ',':
			toks = append(toks, string(r))
			i++
		case r == '<' || r == '!':
			if i+1 < len(rs) && (rs[i+1] == '>' || rs[i+1] == '=') {
				toks = append(toks, string(rs[i:i+2]))
				i += 2
				continue
			}
			return nil, false
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.':
			j := i
			for j < len(rs) && (rs[j] == '_' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '-' || rs[j] == '.') {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		default:
			return nil, false
		}
	}
	return toks, true
}

func isWQLName(s string) bool {
	if s == "" || (s[0] != '_' && !unicode.IsLetter(rune(s[0]))) {
		return false
	}
	for _, r := range s {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// wqlLiteral is the value of a literal token.
func wqlLiteral(tok string) (string, bool) {
	if tok == "" {
		return "", false
	}
	if q := tok[0]; q == '\'' || q == '"' {
		var b strings.Builder
		body := []rune(tok[1 : len(tok)-1])
		for i := 0; i < len(body); i++ {
			if body[i] == '\\' && i+1 < len(body) {
				i++
			}
			b.WriteRune(body[i])
		}
		return b.String(), true
	}
	if strings.EqualFold(tok, "true") || strings.EqualFold(tok, "false") {
		return strings.ToLower(tok), true
	}
	for i, r := range tok {
		if !unicode.IsDigit(r) && (i != 0 || r != '-') {
			return "", false
		}
	}
	return tok, true
}

// matchesWQL applies the WHERE conditions; a property the class does not have is
// WBEM_E_INVALID_QUERY, as WMI answers.
func matchesWQL(in Instance, where []wqlCondition) (bool, error) {
	for _, c := range where {
		var prop *Property
		for i := range in.Properties {
			if strings.EqualFold(in.Properties[i].Name, c.property) {
				prop = &in.Properties[i]
			}
		}
		if prop == nil {
			return false, invalidQuery()
		}
		eq := !prop.Null && len(prop.Values) > 0 && strings.EqualFold(prop.Values[0], c.value)
		if eq == c.negate {
			return false, nil
		}
	}
	return true, nil
}

// projectWQL keeps the selected properties of an instance, in the instance's order; a
// property the class does not have is WBEM_E_INVALID_QUERY, as in a WHERE clause. Nil
// selects every property.
func projectWQL(in Instance, sel []string) (Instance, error) {
	if sel == nil {
		return in, nil
	}
	for _, name := range sel {
		found := false
		for _, p := range in.Properties {
			found = found || strings.EqualFold(p.Name, name)
		}
		if !found {
			return Instance{}, invalidQuery()
		}
	}
	out := Instance{Class: in.Class}
	for _, p := range in.Properties {
		for _, name := range sel {
			if strings.EqualFold(p.Name, name) {
				out.Properties = append(out.Properties, p)
				break
			}
		}
	}
	return out, nil
}
