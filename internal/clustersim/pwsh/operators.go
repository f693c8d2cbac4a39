package pwsh

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func (s *runspaceState) evalBinary(x *BinaryAst, sc *scope) Value {
	switch x.Op {
	case "-and":
		return toBool(s.eval(x.Left, sc)) && toBool(s.eval(x.Right, sc))
	case "-or":
		return toBool(s.eval(x.Left, sc)) || toBool(s.eval(x.Right, sc))
	}
	l := s.eval(x.Left, sc)
	r := s.eval(x.Right, sc)
	op := x.Op
	switch op {
	case "-xor":
		return toBool(l) != toBool(r)
	case "+", "-", "*", "/", "%":
		return s.arith(op, l, r, x.Ext)
	case "..":
		return s.rangeOp(l, r, x.Ext)
	case "-f":
		return s.formatOperator(toStr(l), asList(r), x.Ext)
	case "-is", "-isnot":
		tname := ""
		if tv, ok := r.(*typeValue); ok {
			tname = tv.FullName
		} else {
			tname = s.resolveType(toStr(r), x.Ext)
		}
		res := valueIs(l, tname)
		if op == "-isnot" {
			return !res
		}
		return res
	case "-as":
		tname := ""
		if tv, ok := r.(*typeValue); ok {
			tname = tv.FullName
		} else {
			tname = toStr(r)
		}
		return s.tryConvert(l, tname)
	case "-join":
		sep := toStr(r)
		parts := []string{}
		for _, it := range asList(l) {
			parts = append(parts, toStr(it))
		}
		return strings.Join(parts, sep)
	case "-band", "-bor", "-bxor", "-shl", "-shr":
		a, _ := toNumber(l)
		b, _ := toNumber(r)
		ai, bi := toInt64(a), toInt64(b)
		var res int64
		switch op {
		case "-band":
			res = ai & bi
		case "-bor":
			res = ai | bi
		case "-bxor":
			res = ai ^ bi
		case "-shl":
			res = ai << uint(bi)
		case "-shr":
			res = ai >> uint(bi)
		}
		_, li := a.(int)
		_, ri := b.(int)
		if li && ri && res >= math.MinInt32 && res <= math.MaxInt32 {
			return int(res)
		}
		return res
	}
	// Comparison family: an optional i/c prefix selects case sensitivity.
	base := strings.TrimPrefix(op, "-")
	ci := true
	if strings.HasPrefix(base, "c") && !strings.HasPrefix(base, "contains") {
		ci = false
		base = base[1:]
	} else if strings.HasPrefix(base, "i") && base != "in" && base != "is" && base != "isnot" {
		base = base[1:]
	}
	switch base {
	case "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch":
		return s.compareOp(base, l, r, ci, x, sc)
	case "contains", "notcontains":
		found := false
		for _, it := range asListContains(l) {
			if compareEq(it, r, ci) {
				found = true
				break
			}
		}
		return found == (base == "contains")
	case "in", "notin":
		found := false
		for _, it := range asListContains(r) {
			if compareEq(it, l, ci) {
				found = true
				break
			}
		}
		return found == (base == "in")
	case "replace":
		pat, repl := r, Value("")
		if arr, ok := r.([]Value); ok {
			if len(arr) > 2 || len(arr) == 0 {
				failf(x.OpExt, "BadReplaceArgument", "InvalidOperation", "The -replace operator allows only two elements to follow it, not %d.", len(arr))
			}
			pat = arr[0]
			if len(arr) == 2 {
				repl = arr[1]
			}
		}
		re := s.compileRegex(toStr(pat), ci, x.Right.extent())
		replacement := dotnetReplacement(toStr(repl))
		if arr, ok := l.([]Value); ok {
			out := make([]Value, len(arr))
			for i, it := range arr {
				out[i] = re.ReplaceAllString(toStr(it), replacement)
			}
			return out
		}
		return re.ReplaceAllString(toStr(l), replacement)
	case "split":
		pat, limit := r, 0
		if arr, ok := r.([]Value); ok && len(arr) >= 1 {
			pat = arr[0]
			if len(arr) > 1 {
				n, _ := toNumber(arr[1])
				limit = int(toInt64(n))
			}
		}
		re := s.compileRegex(toStr(pat), ci, x.Right.extent())
		out := []Value{}
		for _, it := range asList(l) {
			n := -1
			if limit > 0 {
				n = limit
			}
			for _, p := range re.Split(toStr(it), n) {
				out = append(out, p)
			}
		}
		return out
	}
	failf(x.OpExt, "NotSupported", "NotImplemented", "Operator '%s' is outside the simulated PowerShell subset.", op)
	return nil
}

// asListContains enumerates the collection side of -contains / -in.
func asListContains(v Value) []Value {
	if v == nil {
		return []Value{nil}
	}
	return asList(v)
}

// compareOp applies a comparison; an array on the left filters its elements.
func (s *runspaceState) compareOp(base string, l, r Value, ci bool, x *BinaryAst, sc *scope) Value {
	if arr, ok := l.([]Value); ok {
		out := []Value{}
		for _, it := range arr {
			if s.compareScalar(base, it, r, ci, x, sc) {
				out = append(out, it)
			}
		}
		return out
	}
	return s.compareScalar(base, l, r, ci, x, sc)
}

func (s *runspaceState) compareScalar(base string, l, r Value, ci bool, x *BinaryAst, sc *scope) bool {
	switch base {
	case "eq":
		return compareEq(l, r, ci)
	case "ne":
		return !compareEq(l, r, ci)
	case "like", "notlike":
		return wildcardMatch(toStr(r), toStr(l), ci) == (base == "like")
	case "match", "notmatch":
		m := s.regexMatch(toStr(l), toStr(r), ci, sc, x.Right.extent())
		return m == (base == "match")
	}
	c, ok := compareOrder(l, r, ci)
	if !ok {
		failf(x.Ext, "ComparisonFailure", "InvalidOperation", "Cannot compare \"%s\" to \"%s\" because the objects are not the same type or the object \"%s\" does not implement \"IComparable\".", toStr(l), toStr(r), toStr(l))
	}
	switch base {
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	}
	return false
}

// compareEq is -eq: the right operand is converted to the left operand's type.
func compareEq(l, r Value, ci bool) bool {
	l, r = normalizeHost(l), normalizeHost(r)
	switch lv := l.(type) {
	case nil:
		return r == nil
	case string:
		if r == nil {
			return false
		}
		rs := toStr(r)
		if ci {
			return strings.EqualFold(lv, rs)
		}
		return lv == rs
	case bool:
		if r == nil {
			return false
		}
		return lv == toBool(r)
	case int, int64, float64:
		if r == nil {
			return false
		}
		rn, ok := toNumber(r)
		if !ok {
			return false
		}
		if _, isStr := r.(string); isStr && strings.TrimSpace(r.(string)) == "" {
			return false
		}
		return numCompare(lv, rn) == 0
	case Enum:
		switch rv := r.(type) {
		case Enum:
			return lv.Value == rv.Value
		case string:
			return strings.EqualFold(lv.Name, rv)
		case nil:
			return false
		}
		rn, ok := toNumber(r)
		return ok && numCompare(lv.Value, rn) == 0
	case *Object:
		if ro, ok := r.(*Object); ok {
			return lv == ro
		}
		if rs, ok := r.(string); ok && lv.Str != nil {
			return strings.EqualFold(lv.Str(), rs)
		}
		return false
	case *Hashtable:
		rh, ok := r.(*Hashtable)
		return ok && lv == rh
	case *ScriptBlock:
		rb, ok := r.(*ScriptBlock)
		return ok && lv == rb
	case *typeValue:
		if rt, ok := r.(*typeValue); ok {
			return strings.EqualFold(lv.FullName, rt.FullName)
		}
		return strings.EqualFold(lv.FullName, toStr(r))
	case time.Time:
		if rt, ok := r.(time.Time); ok {
			return lv.Equal(rt)
		}
		return false
	}
	return false
}

func numCompare(a, b Value) int {
	ai, aok := a.(int)
	bi, bok := b.(int)
	if aok && bok {
		return cmpInt(int64(ai), int64(bi))
	}
	_, af := a.(float64)
	_, bf := b.(float64)
	if !af && !bf {
		return cmpInt(toInt64(a), toInt64(b))
	}
	fa, fb := numToFloat(a), numToFloat(b)
	switch {
	case fa < fb:
		return -1
	case fa > fb:
		return 1
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareOrder orders two values by the left operand's type.
func compareOrder(l, r Value, ci bool) (int, bool) {
	l, r = normalizeHost(l), normalizeHost(r)
	switch lv := l.(type) {
	case nil:
		if r == nil {
			return 0, true
		}
		return -1, true
	case string:
		rs := toStr(r)
		if ci {
			return compareStringsCI(lv, rs), true
		}
		return compareStringsCS(lv, rs), true
	case int, int64, float64:
		if r == nil {
			return 1, true
		}
		rn, ok := toNumber(r)
		if !ok {
			return 0, false
		}
		return numCompare(lv, rn), true
	case bool:
		a, b := 0, 0
		if lv {
			a = 1
		}
		if toBool(r) {
			b = 1
		}
		return a - b, true
	case time.Time:
		rt, ok := r.(time.Time)
		if !ok {
			return 0, false
		}
		return lv.Compare(rt), true
	case Enum:
		rn, ok := toNumber(r)
		if e, isEnum := r.(Enum); isEnum {
			rn, ok = e.Value, true
		}
		if !ok {
			return 0, false
		}
		return numCompare(lv.Value, rn), true
	}
	return 0, false
}

// compareStringsCI approximates the invariant culture's case-insensitive order.
func compareStringsCI(a, b string) int {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if c := strings.Compare(la, lb); c != 0 {
		return c
	}
	return 0
}

// compareStringsCS orders case-sensitively the way the culture does: lower case first
// within equal letters.
func compareStringsCS(a, b string) int {
	if c := compareStringsCI(a, b); c != 0 {
		return c
	}
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if ra[i] != rb[i] {
			if ra[i] > rb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ---- arithmetic ----

func (s *runspaceState) arith(op string, l, r Value, ext Extent) Value {
	// Left operand decides: strings concatenate/repeat, arrays append, hashtables merge.
	switch lv := l.(type) {
	case string:
		switch op {
		case "+":
			return lv + toStr(r)
		case "*":
			n, ok := toNumber(r)
			if !ok {
				s.convertTo(r, "int", ext)
			}
			count := max(toInt64(n), 0)
			if count*int64(len(lv)) > maxStringLength {
				failf(ext, "System.OutOfMemoryException", "OperationStopped", "Exception of type 'System.OutOfMemoryException' was thrown.")
			}
			return strings.Repeat(lv, int(count))
		}
		ln, ok := toNumber(lv)
		if !ok {
			failf(ext, "InvalidCastFromStringToDoubleOrSingle", "InvalidArgument", "Cannot convert value \"%s\" to type \"System.Double\". Error: \"Input string was not in a correct format.\"", lv)
		}
		l = ln
	case []Value:
		switch op {
		case "+":
			out := append([]Value{}, lv...)
			if ra, ok := r.([]Value); ok {
				return append(out, ra...)
			}
			return append(out, r)
		case "*":
			n, _ := toNumber(r)
			if toInt64(n)*int64(len(lv)) > maxRangeLength {
				failf(ext, "System.OutOfMemoryException", "OperationStopped", "Exception of type 'System.OutOfMemoryException' was thrown.")
			}
			out := []Value{}
			for i := int64(0); i < toInt64(n); i++ {
				out = append(out, lv...)
			}
			return out
		}
		failf(ext, "OperatorFailed", "InvalidOperation", "Method invocation failed because [System.Object[]] does not contain a method named 'op_%s'.", opName(op))
	case *Hashtable:
		if op == "+" {
			rh, ok := r.(*Hashtable)
			if !ok {
				failf(ext, "AddHashTableToNonHashTable", "InvalidOperation", "A hash table can only be added to another hash table.")
			}
			out := NewHashtable(lv.Ordered)
			for i, k := range lv.keys {
				out.Set(k, lv.vals[i])
			}
			for i, k := range rh.keys {
				if _, dup := out.Get(k); dup {
					failf(ext, "System.ArgumentException", "OperationStopped", "Item has already been added. Key in dictionary: '%s'  Key being added: '%s'", toStr(k), toStr(k))
				}
				out.Set(k, rh.vals[i])
			}
			return out
		}
		failf(ext, "OperatorFailed", "InvalidOperation", "Method invocation failed because [System.Collections.Hashtable] does not contain a method named 'op_%s'.", opName(op))
	case nil:
		if op == "+" {
			if ra, ok := r.([]Value); ok {
				return append([]Value{}, ra...)
			}
			if _, ok := r.(string); ok {
				return r
			}
			if rh, ok := r.(*Hashtable); ok {
				return rh
			}
			if r == nil {
				return nil
			}
		}
		l = 0
	case *Object:
		failf(ext, "OperatorFailed", "InvalidOperation", "Method invocation failed because [%s] does not contain a method named 'op_%s'.", psTypeName(lv), opName(op))
	}
	a, ok := toNumber(l)
	if !ok {
		failf(ext, "OperatorFailed", "InvalidOperation", "Method invocation failed because [%s] does not contain a method named 'op_%s'.", psTypeName(l), opName(op))
	}
	b, ok := toNumber(r)
	if !ok {
		failf(ext, "InvalidCastFromStringToDoubleOrSingle", "InvalidArgument", "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", toStr(r))
	}
	return numArith(op, a, b, ext)
}

func opName(op string) string {
	switch op {
	case "+":
		return "Addition"
	case "-":
		return "Subtraction"
	case "*":
		return "Multiply"
	case "/":
		return "Division"
	}
	return "Modulus"
}

// numArith does PowerShell arithmetic: Int32 results widen to Double on overflow, division
// of integers gives an integer only when exact.
func numArith(op string, a, b Value, ext Extent) Value {
	_, af := a.(float64)
	_, bf := b.(float64)
	if af || bf {
		x, y := numToFloat(a), numToFloat(b)
		switch op {
		case "+":
			return x + y
		case "-":
			return x - y
		case "*":
			return x * y
		case "/":
			if y == 0 {
				failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
			}
			return x / y
		}
		if y == 0 {
			failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
		}
		return math.Mod(x, y)
	}
	x, y := toInt64(a), toInt64(b)
	_, ai := a.(int)
	_, bi := b.(int)
	bothInt := ai && bi
	fit := func(v int64, exact bool) Value {
		if !exact {
			return float64(v)
		}
		if bothInt && v >= math.MinInt32 && v <= math.MaxInt32 {
			return int(v)
		}
		if bothInt {
			return float64(v)
		}
		return v
	}
	switch op {
	case "+":
		r := x + y
		if (r > x) != (y > 0) && y != 0 {
			return float64(x) + float64(y)
		}
		return fit(r, true)
	case "-":
		r := x - y
		if (r < x) != (y > 0) && y != 0 {
			return float64(x) - float64(y)
		}
		return fit(r, true)
	case "*":
		if x != 0 && (x*y)/x != y {
			return float64(x) * float64(y)
		}
		return fit(x*y, true)
	case "/":
		if y == 0 {
			failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
		}
		if x%y == 0 {
			return fit(x/y, true)
		}
		return float64(x) / float64(y)
	}
	if y == 0 {
		failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
	}
	return fit(x%y, true)
}

func (s *runspaceState) rangeOp(l, r Value, ext Extent) Value {
	a, ok1 := toNumber(l)
	b, ok2 := toNumber(r)
	if !ok1 || !ok2 {
		failf(ext, "InvalidCastFromStringToInteger", "InvalidArgument", "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", toStr(l))
	}
	x, y := toInt64(a), toInt64(b)
	n := y - x
	if n < 0 {
		n = -n
	}
	if n > maxRangeLength {
		failf(ext, "RangeTooBig", "InvalidOperation", "The range is too large for the simulated engine.")
	}
	out := make([]Value, 0, n+1)
	if x <= y {
		for i := x; i <= y; i++ {
			out = append(out, int(i))
		}
	} else {
		for i := x; i >= y; i-- {
			out = append(out, int(i))
		}
	}
	return out
}

// ---- wildcards and regular expressions ----

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
func (s *runspaceState) compileRegex(pat string, ci bool, ext Extent) *regexp.Regexp {
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
func (s *runspaceState) regexMatch(input, pat string, ci bool, sc *scope, ext Extent) bool {
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

// ---- -f ----

var formatItem = regexp.MustCompile(`\{\{|\}\}|\{(\d+)(,(-?\d+))?(:([^}]*))?\}`)

// formatOperator is -f (String.Format with the invariant culture).
func (s *runspaceState) formatOperator(format string, args []Value, ext Extent) string {
	var failed bool
	out := formatItem.ReplaceAllStringFunc(format, func(m string) string {
		if m == "{{" {
			return "{"
		}
		if m == "}}" {
			return "}"
		}
		sub := formatItem.FindStringSubmatch(m)
		idx, _ := strconv.Atoi(sub[1])
		if idx >= len(args) {
			failed = true
			return ""
		}
		v := formatValue(args[idx], sub[5])
		if sub[3] != "" {
			w, _ := strconv.Atoi(sub[3])
			if w < 0 && len([]rune(v)) < -w {
				v += strings.Repeat(" ", -w-len([]rune(v)))
			} else if w > 0 && len([]rune(v)) < w {
				v = strings.Repeat(" ", w-len([]rune(v))) + v
			}
		}
		return v
	})
	if failed {
		failf(ext, "FormatError", "NotSpecified", "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..")
	}
	return out
}

// formatValue applies a .NET format specifier to a value (common numeric ones).
func formatValue(v Value, spec string) string {
	if spec == "" {
		return toStr(v)
	}
	n, ok := toNumber(v)
	if !ok {
		return toStr(v)
	}
	letter := strings.ToUpper(spec[:1])
	prec := -1
	if len(spec) > 1 {
		if p, err := strconv.Atoi(spec[1:]); err == nil {
			prec = p
		}
	}
	switch letter {
	case "D":
		s := strconv.FormatInt(toInt64(n), 10)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		for len(s) < prec {
			s = "0" + s
		}
		if neg {
			s = "-" + s
		}
		return s
	case "X":
		s := strconv.FormatInt(toInt64(n), 16)
		if spec[0] == 'X' {
			s = strings.ToUpper(s)
		}
		for len(s) < prec {
			s = "0" + s
		}
		return s
	case "F", "N":
		if prec < 0 {
			prec = 2
		}
		s := strconv.FormatFloat(numToFloat(n), 'f', prec, 64)
		if letter == "N" {
			s = groupThousands(s)
		}
		return s
	case "P":
		if prec < 0 {
			prec = 2
		}
		return strconv.FormatFloat(numToFloat(n)*100, 'f', prec, 64) + " %"
	}
	if strings.Trim(spec, "0#.,") == "" {
		dec := 0
		if i := strings.IndexByte(spec, '.'); i >= 0 {
			dec = len(spec) - i - 1
		}
		s := strconv.FormatFloat(numToFloat(n), 'f', dec, 64)
		intDigits := strings.Count(strings.Split(spec, ".")[0], "0")
		ip, fp, _ := strings.Cut(s, ".")
		neg := strings.HasPrefix(ip, "-")
		ip = strings.TrimPrefix(ip, "-")
		for len(ip) < intDigits {
			ip = "0" + ip
		}
		if neg {
			ip = "-" + ip
		}
		if fp != "" {
			return ip + "." + fp
		}
		return ip
	}
	return fmt.Sprint(toStr(v))
}

func groupThousands(s string) string {
	ip, fp, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(ip, "-")
	ip = strings.TrimPrefix(ip, "-")
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + fp
	}
	return out
}

func roundHalfEven(f float64) float64 { return math.RoundToEven(f) }
