package winps51

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// utf16Units is a string as .NET sees it: UTF-16 code units (lengths and indexes).
func utf16Units(s string) []uint16 { return utf16.Encode([]rune(s)) }

func fromUnits(u []uint16) string { return string(utf16.Decode(u)) }

// methodError is "Exception calling "M" with "N" argument(s): "inner"".
func methodError(ext syntax.Extent, method string, nargs int, fqid, inner string) {
	e := newError(fmt.Sprintf("Exception calling \"%s\" with \"%d\" argument(s): \"%s\"", method, nargs, inner),
		"System.Management.Automation.MethodInvocationException", fqid, "NotSpecified", ext)
	fail(e)
}

func methodNotFound(ext syntax.Extent, typeName, method string) {
	e := runtimeError(ext, "MethodNotFound", "InvalidOperation", "Method invocation failed because [%s] does not contain a method named '%s'.", typeName, method)
	fail(e)
}

func (s *runspaceState) evalInvoke(x *syntax.InvokeAst, sc *scope) Value {
	target := s.eval(x.Target, sc)
	name := toStr(s.eval(x.Name, sc))
	args := make([]Value, len(x.Args))
	for i, a := range x.Args {
		args[i] = s.eval(a, sc)
	}
	if x.Static {
		tv, ok := target.(*typeValue)
		if !ok {
			methodNotFound(x.Ext, psTypeName(target), name)
		}
		return s.callStatic(tv, name, args, x.Ext)
	}
	return s.callMethod(target, name, args, x.Ext)
}

func (s *runspaceState) callMethod(target Value, name string, args []Value, ext syntax.Extent) Value {
	lname := strings.ToLower(name)
	if target == nil {
		failf(ext, "InvokeMethodOnNull", "InvalidOperation", "You cannot call a method on a null-valued expression.")
	}
	switch lname {
	case "gettype":
		if len(args) == 0 {
			return &typeValue{FullName: psTypeName(target)}
		}
	case "tostring":
		if len(args) == 0 {
			if o, ok := target.(*Object); ok && o.isPSCustomObject() && o.Str == nil && o.native == nil {
				return ""
			}
			return toStr(target)
		}
	case "equals":
		if len(args) == 1 {
			return compareEq(target, args[0], false) && (psTypeName(target) == psTypeName(args[0]) || target == nil)
		}
	case "gethashcode":
		return len(toStr(target))
	}
	switch t := target.(type) {
	case string:
		return s.stringMethod(t, lname, name, args, ext)
	case *Hashtable:
		return s.hashtableMethod(t, lname, name, args, ext)
	case []Value:
		switch lname {
		case "contains":
			if len(args) == 1 {
				for _, e := range t {
					if compareEq(e, args[0], false) {
						return true
					}
				}
				return false
			}
		case "indexof":
			if len(args) == 1 {
				for i, e := range t {
					if compareEq(e, args[0], false) {
						return i
					}
				}
				return -1
			}
		case "clone":
			return append([]Value{}, t...)
		}
		// Member enumeration (PowerShell 3+): a method the array lacks is called on
		// each element.
		var out []Value
		for _, e := range t {
			if e == nil {
				continue
			}
			emitUnrolled(s.callMethod(e, name, args, ext), func(v Value) { out = append(out, v) })
		}
		return collapse(out)
	case *ScriptBlock:
		switch lname {
		case "invoke", "invokereturnasis":
			out := s.invokeScriptBlockValues(t, args, ext)
			if lname == "invokereturnasis" {
				switch len(out) {
				case 0:
					return nil
				case 1:
					return out[0]
				}
			}
			return out
		}
	case *Object:
		if m, ok := t.native.(objectMethods); ok {
			if r, handled := m.call(s, lname, args, ext); handled {
				return r
			}
		}
	case int, int64, float64:
		switch lname {
		case "tostring":
			if len(args) == 1 {
				return formatValue(t, toStr(args[0]))
			}
		case "compareto":
			if len(args) == 1 {
				c, _ := compareOrder(t, args[0], false)
				return c
			}
		}
	case time.Time:
		if r, ok := s.dateMethod(t, lname, args); ok {
			return r
		}
	case Enum:
		if lname == "hasflag" && len(args) == 1 {
			n, _ := toNumber(args[0])
			return t.Value&toInt64(n) == toInt64(n)
		}
	}
	methodNotFound(ext, psTypeName(target), name)
	return nil
}

// objectMethods lets engine-made objects (encodings, Console.Out) have methods.
type objectMethods interface {
	call(s *runspaceState, lname string, args []Value, ext syntax.Extent) (Value, bool)
}

func argStr(args []Value, i int) string {
	if i < len(args) {
		return toStr(args[i])
	}
	return ""
}

func argInt(args []Value, i int) (int, bool) {
	if i >= len(args) {
		return 0, false
	}
	n, ok := toNumber(args[i])
	if !ok {
		return 0, false
	}
	return int(toInt64(n)), true
}

func (s *runspaceState) stringMethod(str, lname, name string, args []Value, ext syntax.Extent) Value {
	n := len(args)
	switch lname {
	case "toupper", "toupperinvariant":
		return strings.ToUpper(str)
	case "tolower", "tolowerinvariant":
		return strings.ToLower(str)
	case "trim", "trimstart", "trimend":
		cut := " \t\r\n\v\f\u00a0\u2028\u2029\u0085"
		if n > 0 {
			var b strings.Builder
			for _, a := range args {
				b.WriteString(toStr(a))
			}
			cut = b.String()
		}
		switch lname {
		case "trim":
			return strings.Trim(str, cut)
		case "trimstart":
			return strings.TrimLeft(str, cut)
		}
		return strings.TrimRight(str, cut)
	case "startswith", "endswith", "contains":
		if n >= 1 {
			if args[0] == nil {
				methodError(ext, name, n, "ArgumentNullException", "Value cannot be null.\r\nParameter name: value")
			}
			sub := toStr(args[0])
			a, b := str, sub
			if n == 2 && strings.Contains(strings.ToLower(toStr(args[1])), "ignorecase") {
				a, b = strings.ToLower(a), strings.ToLower(b)
			}
			switch lname {
			case "startswith":
				return strings.HasPrefix(a, b)
			case "endswith":
				return strings.HasSuffix(a, b)
			}
			return strings.Contains(a, b)
		}
	case "replace":
		if n == 2 {
			old := toStr(args[0])
			if old == "" {
				methodError(ext, name, n, "ArgumentException", "String cannot be of zero length.\r\nParameter name: oldValue")
			}
			return strings.ReplaceAll(str, old, toStr(args[1]))
		}
	case "split":
		if n >= 1 {
			var seps []string
			for _, a := range asList(args[0]) {
				sep := toStr(a)
				if _, isStr := a.(string); isStr && len([]rune(sep)) > 1 && n < 2 {
					// String.Split(params char[]): a string argument is its characters.
					for _, r := range sep {
						seps = append(seps, string(r))
					}
					continue
				}
				seps = append(seps, sep)
			}
			removeEmpty := n >= 2 && strings.Contains(strings.ToLower(toStr(args[n-1])), "removeemptyentries")
			parts := []string{str}
			for _, sep := range seps {
				if sep == "" {
					continue
				}
				var next []string
				for _, p := range parts {
					next = append(next, strings.Split(p, sep)...)
				}
				parts = next
			}
			out := []Value{}
			for _, p := range parts {
				if removeEmpty && p == "" {
					continue
				}
				out = append(out, p)
			}
			return out
		}
		if n == 0 {
			out := []Value{}
			for _, p := range strings.FieldsFunc(str, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
				out = append(out, p)
			}
			return out
		}
	case "substring":
		u := utf16Units(str)
		start, ok := argInt(args, 0)
		if !ok {
			break
		}
		if start < 0 || start > len(u) {
			methodError(ext, name, n, "ArgumentOutOfRangeException", "startIndex cannot be larger than length of string.\r\nParameter name: startIndex")
		}
		if n == 1 {
			return fromUnits(u[start:])
		}
		length, _ := argInt(args, 1)
		if length < 0 || start+length > len(u) {
			methodError(ext, name, n, "ArgumentOutOfRangeException", "Index and length must refer to a location within the string.\r\nParameter name: length")
		}
		return fromUnits(u[start : start+length])
	case "indexof", "lastindexof":
		if n >= 1 {
			sub := toStr(args[0])
			hay := str
			var i int
			if lname == "indexof" {
				i = strings.Index(hay, sub)
			} else {
				i = strings.LastIndex(hay, sub)
			}
			if i < 0 {
				return -1
			}
			return len(utf16Units(hay[:i]))
		}
	case "padleft", "padright":
		if w, ok := argInt(args, 0); ok {
			pad := " "
			if n == 2 {
				pad = toStr(args[1])
			}
			l := len(utf16Units(str))
			if l >= w {
				return str
			}
			fill := strings.Repeat(pad, w-l)
			if lname == "padleft" {
				return fill + str
			}
			return str + fill
		}
	case "insert":
		if i, ok := argInt(args, 0); ok && n == 2 {
			u := utf16Units(str)
			if i < 0 || i > len(u) {
				methodError(ext, name, n, "ArgumentOutOfRangeException", "Specified argument was out of the range of valid values.\r\nParameter name: startIndex")
			}
			return fromUnits(u[:i]) + toStr(args[1]) + fromUnits(u[i:])
		}
	case "remove":
		if i, ok := argInt(args, 0); ok {
			u := utf16Units(str)
			if i < 0 || i > len(u) {
				methodError(ext, name, n, "ArgumentOutOfRangeException", "startIndex must be less than length of string.\r\nParameter name: startIndex")
			}
			if n == 1 {
				return fromUnits(u[:i])
			}
			c, _ := argInt(args, 1)
			if c < 0 || i+c > len(u) {
				methodError(ext, name, n, "ArgumentOutOfRangeException", "Index and count must refer to a location within the string.\r\nParameter name: count")
			}
			return fromUnits(u[:i]) + fromUnits(u[i+c:])
		}
	case "tochararray":
		out := []Value{}
		for _, r := range str {
			out = append(out, string(r))
		}
		return out
	case "compareto":
		if n == 1 {
			return compareStringsCS(str, toStr(args[0]))
		}
	case "normalize", "clone":
		return str
	}
	methodNotFound(ext, "System.String", name)
	return nil
}

func (s *runspaceState) hashtableMethod(h *Hashtable, lname, name string, args []Value, ext syntax.Extent) Value {
	n := len(args)
	switch lname {
	case "containskey", "contains":
		if n == 1 {
			_, ok := h.Get(args[0])
			return ok
		}
	case "containsvalue":
		if n == 1 {
			for _, v := range h.vals {
				if compareEq(v, args[0], false) {
					return true
				}
			}
			return false
		}
	case "add":
		if n == 2 {
			if args[0] == nil {
				methodError(ext, name, n, "ArgumentNullException", "Key cannot be null.\r\nParameter name: key")
			}
			if _, dup := h.Get(args[0]); dup {
				methodError(ext, name, n, "ArgumentException", fmt.Sprintf("Item has already been added. Key in dictionary: '%s'  Key being added: '%s'", toStr(args[0]), toStr(args[0])))
			}
			h.Set(args[0], args[1])
			return nil
		}
	case "remove":
		if n == 1 {
			h.Remove(args[0])
			return nil
		}
	case "clear":
		*h = *NewHashtable(h.Ordered)
		return nil
	case "clone":
		c := NewHashtable(h.Ordered)
		for i, k := range h.keys {
			c.Set(k, h.vals[i])
		}
		return c
	case "getenumerator":
		out := []Value{}
		for i, k := range h.keys {
			out = append(out, NewObject("System.Collections.DictionaryEntry", "Name", k, "Key", k, "Value", h.vals[i]))
		}
		return out
	}
	methodNotFound(ext, psTypeName(h), name)
	return nil
}
