package winps51

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Hashtable is @{} (insertion-ordered here; see unconfirmed.go) and [ordered]@{}. Keys are
// compared as PowerShell compares them: strings case-insensitively.
type Hashtable struct {
	Ordered bool
	keys    []Value
	vals    []Value
	index   map[string]int
}

// NewHashtable makes an empty hashtable.
func NewHashtable(ordered bool) *Hashtable {
	return &Hashtable{Ordered: ordered, index: map[string]int{}}
}

func hashKey(k Value) string {
	switch x := k.(type) {
	case string:
		return "s:" + strings.ToLower(x)
	case int:
		return "n:" + strconv.Itoa(x)
	case int64:
		return "n:" + strconv.FormatInt(x, 10)
	case float64:
		return "n:" + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "b:" + strconv.FormatBool(x)
	case nil:
		return "null"
	}
	return fmt.Sprintf("p:%p", k)
}

// Get returns the value of a key.
func (h *Hashtable) Get(k Value) (Value, bool) {
	i, ok := h.index[hashKey(k)]
	if !ok {
		return nil, false
	}
	return h.vals[i], true
}

// Set adds or replaces a key.
func (h *Hashtable) Set(k, v Value) {
	hk := hashKey(k)
	if i, ok := h.index[hk]; ok {
		h.vals[i] = v
		return
	}
	h.index[hk] = len(h.keys)
	h.keys = append(h.keys, k)
	h.vals = append(h.vals, v)
}

// Remove deletes a key (no error when absent, as Hashtable.Remove).
func (h *Hashtable) Remove(k Value) {
	hk := hashKey(k)
	i, ok := h.index[hk]
	if !ok {
		return
	}
	h.keys = append(h.keys[:i], h.keys[i+1:]...)
	h.vals = append(h.vals[:i], h.vals[i+1:]...)
	delete(h.index, hk)
	for j := i; j < len(h.keys); j++ {
		h.index[hashKey(h.keys[j])] = j
	}
}

// Len is the number of entries.
func (h *Hashtable) Len() int { return len(h.keys) }

// Keys returns the keys in order.
func (h *Hashtable) Keys() []Value { return append([]Value(nil), h.keys...) }

// Values returns the values in key order.
func (h *Hashtable) Values() []Value { return append([]Value(nil), h.vals...) }

// ScriptBlock is a { } value: code plus, once created, nothing else (PowerShell scriptblocks
// are not closures unless GetNewClosure is called, which the subset leaves out).
type ScriptBlock struct {
	Ast  *syntax.ScriptBlockAst
	Text string // the text between the braces, as ToString() gives it
}

// typeValue is a [type] used as a value: [int], $x.GetType().
type typeValue struct {
	FullName string
}

// psTypeName names a value's .NET type (GetType().FullName).
func psTypeName(v Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return "System.Boolean"
	case int:
		return "System.Int32"
	case int64:
		return "System.Int64"
	case float64:
		return "System.Double"
	case string:
		return "System.String"
	case []byte:
		return "System.Byte[]"
	case []Value:
		return "System.Object[]"
	case []string:
		return "System.String[]"
	case *Hashtable:
		if x.Ordered {
			return "System.Collections.Specialized.OrderedDictionary"
		}
		return "System.Collections.Hashtable"
	case *Object:
		if _, ok := x.native.(*psError); ok {
			return "System.Management.Automation.ErrorRecord"
		}
		if len(x.TypeNames) > 0 && !x.isPSCustomObject() {
			return x.TypeNames[0]
		}
		return "System.Management.Automation.PSCustomObject"
	case Enum:
		return x.Type
	case *ScriptBlock:
		return "System.Management.Automation.ScriptBlock"
	case *typeValue:
		return "System.RuntimeType"
	case byte:
		return "System.Byte"
	case rune:
		return "System.Char"
	case *switchValue:
		return "System.Management.Automation.SwitchParameter"
	case *typeNameTarget:
		return "TypeName"
	case time.Time:
		return "System.DateTime"
	}
	return fmt.Sprintf("%T", v)
}

// shortTypeName is the type name without its namespace.
func shortTypeName(full string) string {
	if i := strings.LastIndexByte(full, '.'); i >= 0 {
		return full[i+1:]
	}
	return full
}

// switchValue is a [switch] parameter's value inside a function.
type switchValue struct{ IsPresent bool }

// getProp finds a property of an Object case-insensitively.
func (o *Object) getProp(name string) (Value, bool) {
	for _, p := range o.Props {
		if strings.EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return nil, false
}

// setProp sets an existing property or adds one.
func (o *Object) setProp(name string, v Value) {
	for i, p := range o.Props {
		if strings.EqualFold(p.Name, name) {
			o.Props[i].Value = v
			return
		}
	}
	o.Props = append(o.Props, Property{Name: name, Value: v})
}

// isPSCustomObject reports an Object built by [pscustomobject] or Select-Object.
func (o *Object) isPSCustomObject() bool {
	return len(o.TypeNames) == 0 || o.TypeNames[0] == "System.Management.Automation.PSCustomObject" || strings.HasPrefix(o.TypeNames[0], "Selected.")
}
