package winps51

import (
	"math"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// resolveType resolves a type literal or fails with "Unable to find type [X]."
func (s *runspaceState) resolveType(name string, ext syntax.Extent) string {
	full, ok := canonicalType(name)
	if !ok {
		e := runtimeError(ext, "TypeNotFound", "InvalidOperation", "Unable to find type [%s].", name)
		e.rec.TargetObject = name
		e.rec.TargetObject = &typeNameTarget{name}
		fail(e)
	}
	return full
}

// typeNameTarget shows as "(X:TypeName)" in the CategoryInfo of TypeNotFound.
type typeNameTarget struct{ name string }

func (t *typeNameTarget) String() string { return t.name }

func convFailed(ext syntax.Extent, v Value, full string) {
	if str, ok := v.(string); ok && (full == "System.Int32" || full == "System.Int64" || full == "System.Double" || full == "System.Byte") {
		id := "InvalidCastFromStringToInteger"
		if full == "System.Double" {
			id = "InvalidCastFromStringToDoubleOrSingle"
		}
		failf(ext, id, "InvalidArgument", "Cannot convert value \"%s\" to type \"%s\". Error: \"Input string was not in a correct format.\"", str, full)
	}
	if v == nil {
		failf(ext, "InvalidCastFromNull", "InvalidArgument", "Cannot convert null to type \"%s\".", full)
	}
	failf(ext, "ConvertToFinalInvalidCastException", "InvalidArgument", "Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".", toStr(v), psTypeName(v), full)
}

// convertTo is a cast [T]$v.
func (s *runspaceState) convertTo(v Value, typeName string, ext syntax.Extent) Value {
	full := s.resolveType(typeName, ext)
	r, ok := convertValue(v, full)
	if !ok {
		convFailed(ext, v, full)
	}
	return r
}

// tryConvert is -as: $null when the conversion fails.
func (s *runspaceState) tryConvert(v Value, typeName string) Value {
	full, ok := canonicalType(typeName)
	if !ok {
		return nil
	}
	r, ok := convertValue(v, full)
	if !ok {
		return nil
	}
	return r
}

func convertValue(v Value, full string) (Value, bool) {
	switch full {
	case "System.Object", "System.Management.Automation.PSObject":
		return v, true
	case "System.Void":
		return nil, true
	case "System.String":
		if v == nil {
			return "", true
		}
		return toStr(v), true
	case "System.Boolean":
		return toBool(v), true
	case "System.Management.Automation.SwitchParameter":
		return &switchValue{IsPresent: toBool(v)}, true
	case "System.Int32", "System.Int64", "System.Byte", "System.Int16", "System.UInt32", "System.UInt64", "System.UInt16":
		if v == nil {
			return zeroFor(full), true
		}
		if e, ok := v.(Enum); ok {
			v = e.Value
		}
		n, ok := toNumber(v)
		if !ok {
			return nil, false
		}
		var i int64
		if f, isF := n.(float64); isF {
			if math.IsNaN(f) || math.IsInf(f, 0) || f > math.MaxInt64 || f < math.MinInt64 {
				return nil, false
			}
			i = int64(roundHalfEven(f))
		} else {
			i = toInt64(n)
		}
		switch full {
		case "System.Int32":
			if i > math.MaxInt32 || i < math.MinInt32 {
				return nil, false
			}
			return int(i), true
		case "System.Byte":
			if i < 0 || i > 255 {
				return nil, false
			}
			return int(i), true
		}
		return i, true
	case "System.Double", "System.Single", "System.Decimal":
		if v == nil {
			return 0.0, true
		}
		n, ok := toNumber(v)
		if !ok {
			return nil, false
		}
		return numToFloat(n), true
	case "System.Char":
		if s, ok := v.(string); ok && len([]rune(s)) == 1 {
			return s, true
		}
		return nil, false
	case "System.Array", "System.Object[]":
		switch x := v.(type) {
		case nil:
			return nil, true
		case []Value:
			return x, true
		}
		return asList(v), true
	case "System.String[]":
		if v == nil {
			return nil, true
		}
		list := asList(v)
		out := make([]Value, len(list))
		for i, e := range list {
			out[i] = toStr(e)
		}
		return out, true
	case "System.Int32[]", "System.Int64[]":
		if v == nil {
			return nil, true
		}
		list := asList(v)
		out := make([]Value, len(list))
		for i, e := range list {
			c, ok := convertValue(e, strings.TrimSuffix(full, "[]"))
			if !ok {
				return nil, false
			}
			out[i] = c
		}
		return out, true
	case "System.Byte[]":
		switch x := v.(type) {
		case []byte:
			return x, true
		case string:
			return nil, false
		}
		list := asList(v)
		out := make([]byte, len(list))
		for i, e := range list {
			c, ok := convertValue(e, "System.Byte")
			ci, isInt := c.(int)
			if !ok || !isInt {
				return nil, false
			}
			out[i] = byte(ci)
		}
		return out, true
	case "System.Collections.Hashtable":
		switch x := v.(type) {
		case *Hashtable:
			return x, true
		case *Object:
			h := NewHashtable(false)
			for _, p := range x.Props {
				h.Set(p.Name, p.Value)
			}
			return h, true
		}
		return nil, false
	case "System.Management.Automation.PSCustomObject":
		switch x := v.(type) {
		case *Hashtable:
			o := &Object{}
			for i, k := range x.keys {
				o.Props = append(o.Props, Property{Name: toStr(k), Value: x.vals[i]})
			}
			return o, true
		}
		return v, true
	case "System.Management.Automation.ScriptBlock":
		if sb, ok := v.(*ScriptBlock); ok {
			return sb, true
		}
		return nil, false
	case "System.Type":
		if t, ok := v.(*typeValue); ok {
			return t, true
		}
		if full, ok := canonicalType(toStr(v)); ok {
			return &typeValue{FullName: full}, true
		}
		return nil, false
	case "System.DateTime":
		switch x := v.(type) {
		case time.Time:
			return x, true
		case string:
			for _, layout := range []string{"01/02/2006 15:04:05", "1/2/2006 3:04:05 PM", "1/2/2006", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
				if t, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
					return t, true
				}
			}
		}
		return nil, false
	case "System.Collections.Specialized.OrderedDictionary":
		if h, ok := v.(*Hashtable); ok && h.Ordered {
			return h, true
		}
		return nil, false
	}
	if strings.EqualFold(psTypeName(v), full) {
		return v, true
	}
	if o, ok := v.(*Object); ok {
		for _, t := range o.TypeNames {
			if strings.EqualFold(t, full) {
				return v, true
			}
		}
	}
	return nil, false
}

func zeroFor(full string) Value {
	if full == "System.Int64" || full == "System.UInt64" || full == "System.UInt32" {
		return int64(0)
	}
	return 0
}

// valueIs is -is.
func valueIs(v Value, full string) bool {
	if v == nil {
		return false
	}
	switch full {
	case "System.Object":
		return true
	case "System.Management.Automation.PSObject":
		_, ok := v.(*Object)
		return ok
	case "System.Array":
		switch v.(type) {
		case []Value, []byte, []string:
			return true
		}
		return false
	case "System.ValueType":
		switch v.(type) {
		case int, int64, float64, bool, Enum:
			return true
		}
		return false
	case "System.Collections.IDictionary":
		_, ok := v.(*Hashtable)
		return ok
	}
	if strings.EqualFold(psTypeName(v), full) {
		return true
	}
	if o, ok := v.(*Object); ok {
		for _, t := range o.TypeNames {
			if strings.EqualFold(t, full) {
				return true
			}
		}
		if full == "System.Management.Automation.PSCustomObject" && o.isPSCustomObject() {
			return true
		}
		if _, ok := o.native.(*psError); ok && full == "System.Management.Automation.ErrorRecord" {
			return true
		}
		if len(o.TypeNames) > 0 && exceptionIs(o.TypeNames[0], full) && strings.HasSuffix(o.TypeNames[0], "Exception") {
			return true
		}
	}
	if h, ok := v.(*Hashtable); ok && h.Ordered && full == "System.Collections.Specialized.OrderedDictionary" {
		return true
	}
	return false
}
