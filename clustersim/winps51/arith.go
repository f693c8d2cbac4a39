package winps51

import (
	"math"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Arithmetic: the left operand decides (strings, arrays, hashtables, numbers).

func (s *runspaceState) arith(op string, l, r Value, ext syntax.Extent) Value {
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
func numArith(op string, a, b Value, ext syntax.Extent) Value {
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
	fit := func(v int64) Value {
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
		return fit(r)
	case "-":
		r := x - y
		if (r < x) != (y > 0) && y != 0 {
			return float64(x) - float64(y)
		}
		return fit(r)
	case "*":
		if x != 0 && (x*y)/x != y {
			return float64(x) * float64(y)
		}
		return fit(x * y)
	case "/":
		if y == 0 {
			failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
		}
		if x%y == 0 {
			return fit(x / y)
		}
		return float64(x) / float64(y)
	}
	if y == 0 {
		failf(ext, "RuntimeException", "NotSpecified", "Attempted to divide by zero.")
	}
	return fit(x % y)
}

func (s *runspaceState) rangeOp(l, r Value, ext syntax.Extent) Value {
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
