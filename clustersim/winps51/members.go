package winps51

import (
	"fmt"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// getMember is $v.Name: properties, hashtable keys, Count/Length on anything (5.1 adds them
// to scalars), and member enumeration over arrays.
func (s *runspaceState) getMember(v Value, name string) Value {
	return s.getMemberDepth(v, name, 0)
}

func (s *runspaceState) getMemberDepth(v Value, name string, depth int) Value {
	lname := strings.ToLower(name)
	switch x := v.(type) {
	case nil:
		if lname == "count" || lname == "length" {
			return 0
		}
		return nil
	case *Object:
		if pv, ok := x.getProp(name); ok {
			return normalizeHost(pv)
		}
		switch lname {
		case "psobject":
			return psObjectView(x)
		case "pstypenames":
			out := []Value{}
			for _, t := range x.TypeNames {
				out = append(out, t)
			}
			if x.isPSCustomObject() {
				out = append(out, "System.Management.Automation.PSCustomObject")
			}
			return append(out, "System.Object")
		case "count", "length":
			return 1
		}
		return nil
	case *Hashtable:
		if hv, ok := x.Get(name); ok {
			return hv
		}
		switch lname {
		case "count":
			return x.Len()
		case "keys":
			return x.Keys()
		case "values":
			return x.Values()
		case "issynchronized", "isreadonly", "isfixedsize":
			return false
		}
		return nil
	case []Value:
		switch lname {
		case "count", "length", "longlength":
			return len(x)
		case "rank":
			return 1
		case "issynchronized", "isreadonly":
			return false
		case "isfixedsize":
			return true
		}
		var out []Value
		for _, e := range x {
			if e == nil {
				continue
			}
			if depth > maxStringDepth {
				break
			}
			r := s.getMemberDepth(e, name, depth+1)
			if arr, ok := r.([]Value); ok {
				out = append(out, arr...)
			} else if r != nil || memberExists(e, name) {
				out = append(out, r)
			}
		}
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	case []byte:
		if lname == "count" || lname == "length" {
			return len(x)
		}
		return nil
	case string:
		if lname == "length" {
			return len(utf16Units(x))
		}
		if lname == "count" {
			return 1
		}
		return nil
	case Enum:
		switch lname {
		case "value__":
			return x.Value
		case "count", "length":
			return 1
		}
		return nil
	case *typeValue:
		switch lname {
		case "name":
			return shortTypeName(x.FullName)
		case "fullname":
			return x.FullName
		case "namespace":
			if i := strings.LastIndexByte(x.FullName, '.'); i > 0 {
				return x.FullName[:i]
			}
			return ""
		case "isarray":
			return strings.HasSuffix(x.FullName, "[]")
		}
		return nil
	case *ScriptBlock:
		if lname == "count" || lname == "length" {
			return 1
		}
		return nil
	case *switchValue:
		if lname == "ispresent" {
			return x.IsPresent
		}
		return nil
	case time.Time:
		if mv, ok := dateMember(x, name); ok {
			return mv
		}
		if lname == "count" || lname == "length" {
			return 1
		}
		return nil
	}
	if lname == "count" || lname == "length" {
		return 1
	}
	return nil
}

func memberExists(v Value, name string) bool {
	if o, ok := v.(*Object); ok {
		_, has := o.getProp(name)
		return has
	}
	return false
}

// psObjectView is $obj.PSObject: its Properties with Name and Value.
func psObjectView(o *Object) *Object {
	props := []Value{}
	for _, p := range o.Props {
		props = append(props, NewObject("System.Management.Automation.PSNoteProperty",
			"Name", p.Name, "Value", p.Value, "MemberType", "NoteProperty",
			"TypeNameOfValue", psTypeName(p.Value), "IsSettable", true, "IsGettable", true))
	}
	tn := []Value{}
	for _, t := range o.TypeNames {
		tn = append(tn, t)
	}
	return NewObject("System.Management.Automation.PSObject", "Properties", props, "TypeNames", tn, "BaseObject", o)
}

// setMember is $v.Name = x.
func (s *runspaceState) setMember(v Value, name string, val Value, ext syntax.Extent) {
	switch x := v.(type) {
	case *Object:
		if _, ok := x.getProp(name); ok {
			if x.SetProp != nil {
				if err := x.SetProp(name, val); err != nil {
					fail(newError(fmt.Sprintf("Exception setting \"%s\": \"%s\"", name, err.Error()),
						"System.Management.Automation.SetValueInvocationException", "ExceptionWhenSetting", "NotSpecified", ext))
				}
			}
			x.setProp(name, val)
			return
		}
	case *Hashtable:
		x.Set(name, val)
		return
	}
	e := runtimeError(ext, "PropertyAssignmentException", "InvalidOperation", "The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)
	fail(e)
}

// index is $v[i]: arrays (negative from the end, out of range gives $null), arrays of
// indexes, hashtables by key, strings by character.
func (s *runspaceState) index(v Value, idx Value, ext syntax.Extent) Value {
	if v == nil {
		failf(ext, "NullArray", "InvalidOperation", "Cannot index into a null array.")
	}
	if h, ok := v.(*Hashtable); ok {
		if keys, ok := idx.([]Value); ok {
			out := []Value{}
			for _, k := range keys {
				hv, _ := h.Get(k)
				out = append(out, hv)
			}
			return out
		}
		hv, _ := h.Get(idx)
		return hv
	}
	if o, ok := v.(*Object); ok {
		if _, isStr := idx.(string); isStr {
			pv, _ := o.getProp(toStr(idx))
			return pv
		}
	}
	if list, ok := idx.([]Value); ok {
		out := []Value{}
		for _, i := range list {
			r := s.index(v, i, ext)
			if r != nil {
				out = append(out, r)
			}
		}
		return out
	}
	n, ok := toNumber(idx)
	if !ok {
		failf(ext, "InvalidCastFromStringToInteger", "InvalidArgument", "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", toStr(idx))
	}
	i := int(toInt64(n))
	at := func(length int, get func(int) Value) Value {
		if i < 0 {
			i += length
		}
		if i < 0 || i >= length {
			return nil
		}
		return get(i)
	}
	switch x := v.(type) {
	case []Value:
		return at(len(x), func(k int) Value { return x[k] })
	case []byte:
		return at(len(x), func(k int) Value { return int(x[k]) })
	case string:
		u := utf16Units(x)
		return at(len(u), func(k int) Value { return string(rune(u[k])) })
	}
	// A scalar indexed by 0 (or -1) is itself, as in 5.1.
	if i == 0 || i == -1 {
		return v
	}
	if _, isObj := v.(*Object); isObj {
		return nil
	}
	failf(ext, "CannotIndex", "InvalidOperation", "Unable to index into an object of type %s.", psTypeName(v))
	return nil
}
