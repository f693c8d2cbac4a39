package winps51

import (
	"math"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

func (s *runspaceState) evalBinary(x *syntax.BinaryAst, sc *scope) Value {
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
		re := s.compileRegex(toStr(pat), ci, x.Right.Extent())
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
		re := s.compileRegex(toStr(pat), ci, x.Right.Extent())
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
func (s *runspaceState) compareOp(base string, l, r Value, ci bool, x *syntax.BinaryAst, sc *scope) Value {
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

func (s *runspaceState) compareScalar(base string, l, r Value, ci bool, x *syntax.BinaryAst, sc *scope) bool {
	switch base {
	case "eq":
		return compareEq(l, r, ci)
	case "ne":
		return !compareEq(l, r, ci)
	case "like", "notlike":
		return wildcardMatch(toStr(r), toStr(l), ci) == (base == "like")
	case "match", "notmatch":
		m := s.regexMatch(toStr(l), toStr(r), ci, sc, x.Right.Extent())
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
		if rs, isStr := r.(string); isStr && strings.TrimSpace(rs) == "" {
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
