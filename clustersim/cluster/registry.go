package cluster

import (
	"fmt"
	"sort"
	"strings"
)

// ValueType is a registry value type, numbered as in winnt.h (REG_SZ = 1, ...).
type ValueType uint32

// Registry value types.
const (
	RegNone     ValueType = 0
	RegSZ       ValueType = 1
	RegExpandSZ ValueType = 2
	RegBinary   ValueType = 3
	RegDword    ValueType = 4
	RegMultiSZ  ValueType = 7
	RegQword    ValueType = 11
)

var valueTypeNames = map[ValueType]string{
	RegNone: "REG_NONE", RegSZ: "REG_SZ", RegExpandSZ: "REG_EXPAND_SZ", RegBinary: "REG_BINARY",
	RegDword: "REG_DWORD", RegMultiSZ: "REG_MULTI_SZ", RegQword: "REG_QWORD",
}

// String is the reg.exe name of the type ("REG_SZ").
func (t ValueType) String() string {
	if n, ok := valueTypeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("REG_UNKNOWN(%d)", uint32(t))
}

// ParseValueType reads a reg.exe type name ("REG_DWORD", case-insensitive).
func ParseValueType(s string) (ValueType, bool) {
	for t, n := range valueTypeNames {
		if strings.EqualFold(n, s) {
			return t, true
		}
	}
	return 0, false
}

// Value is one named, typed registry value. Name "" is the key's default value. Exactly one
// of the data fields is meaningful, chosen by Type.
type Value struct {
	Name    string    `json:"name"`
	Type    ValueType `json:"type"`
	String  string    `json:"string,omitempty"`  // REG_SZ, REG_EXPAND_SZ
	Strings []string  `json:"strings,omitempty"` // REG_MULTI_SZ
	Number  uint64    `json:"number,omitempty"`  // REG_DWORD (low 32 bits), REG_QWORD
	Bytes   []byte    `json:"bytes,omitempty"`   // REG_BINARY, REG_NONE
}

// SZ, ExpandSZ, Dword, Qword, MultiSZ and Binary build values.
func SZ(name, s string) Value       { return Value{Name: name, Type: RegSZ, String: s} }
func ExpandSZ(name, s string) Value { return Value{Name: name, Type: RegExpandSZ, String: s} }
func Dword(name string, n uint32) Value {
	return Value{Name: name, Type: RegDword, Number: uint64(n)}
}
func Qword(name string, n uint64) Value { return Value{Name: name, Type: RegQword, Number: n} }
func MultiSZ(name string, s ...string) Value {
	return Value{Name: name, Type: RegMultiSZ, Strings: append([]string(nil), s...)}
}
func Binary(name string, b []byte) Value {
	return Value{Name: name, Type: RegBinary, Bytes: append([]byte(nil), b...)}
}

func (v Value) clone() Value {
	c := v
	c.Strings = append([]string(nil), v.Strings...)
	c.Bytes = append([]byte(nil), v.Bytes...)
	if v.Strings == nil {
		c.Strings = nil
	}
	if v.Bytes == nil {
		c.Bytes = nil
	}
	return c
}

// Key is a registry key: a case-preserving name, values and subkeys in creation order.
// Lookups by name are case-insensitive, as in the Windows registry.
type Key struct {
	Name    string  `json:"name"`
	Values  []Value `json:"values,omitempty"`
	Subkeys []*Key  `json:"subkeys,omitempty"`
}

// splitKeyPath splits "A\B\C" into its components; empty components (a doubled or trailing
// backslash) are dropped, as the registry API does for a trailing one.
func splitKeyPath(path string) []string {
	var parts []string
	for _, p := range strings.Split(path, `\`) {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

func (k *Key) subkey(name string) *Key {
	for _, s := range k.Subkeys {
		if strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// find returns the key at the relative path, or nil.
func (k *Key) find(path string) *Key {
	cur := k
	for _, p := range splitKeyPath(path) {
		if cur = cur.subkey(p); cur == nil {
			return nil
		}
	}
	return cur
}

// create returns the key at the relative path, creating missing keys.
func (k *Key) create(path string) *Key {
	cur := k
	for _, p := range splitKeyPath(path) {
		next := cur.subkey(p)
		if next == nil {
			next = &Key{Name: p}
			cur.Subkeys = append(cur.Subkeys, next)
		}
		cur = next
	}
	return cur
}

// remove deletes the child named name, if there is one.
func (k *Key) remove(name string) {
	for i, s := range k.Subkeys {
		if strings.EqualFold(s.Name, name) {
			k.Subkeys = append(k.Subkeys[:i], k.Subkeys[i+1:]...)
			return
		}
	}
}

func (k *Key) value(name string) (Value, bool) {
	for _, v := range k.Values {
		if strings.EqualFold(v.Name, name) {
			return v, true
		}
	}
	return Value{}, false
}

// setValue replaces a value of the same name (keeping the name's first spelling, as Windows
// does) or appends a new one.
func (k *Key) setValue(v Value) {
	for i, old := range k.Values {
		if strings.EqualFold(old.Name, v.Name) {
			v.Name = old.Name
			k.Values[i] = v.clone()
			return
		}
	}
	k.Values = append(k.Values, v.clone())
}

func (k *Key) deleteValue(name string) bool {
	for i, v := range k.Values {
		if strings.EqualFold(v.Name, name) {
			k.Values = append(k.Values[:i], k.Values[i+1:]...)
			return true
		}
	}
	return false
}

// clone copies the whole subtree.
func (k *Key) clone() *Key {
	c := &Key{Name: k.Name}
	for _, v := range k.Values {
		c.Values = append(c.Values, v.clone())
	}
	for _, s := range k.Subkeys {
		c.Subkeys = append(c.Subkeys, s.clone())
	}
	return c
}

// KeyInfo is a read-only copy of one key: its path as stored (case preserved), its values
// and the names of its subkeys.
type KeyInfo struct {
	Path        string // relative to HKLM, as stored
	Name        string
	Values      []Value
	SubkeyNames []string
}

func (k *Key) info(storedPath string) KeyInfo {
	ki := KeyInfo{Path: storedPath, Name: k.Name}
	for _, v := range k.Values {
		ki.Values = append(ki.Values, v.clone())
	}
	for _, s := range k.Subkeys {
		ki.SubkeyNames = append(ki.SubkeyNames, s.Name)
	}
	ki.SubkeyNames = sortedSubkeyNames(ki.SubkeyNames)
	return ki
}

// storedPath rewrites path with the case of the stored key names. ok is false when a key on
// the way is missing.
func (k *Key) storedPath(path string) (string, bool) {
	cur := k
	var names []string
	for _, p := range splitKeyPath(path) {
		if cur = cur.subkey(p); cur == nil {
			return "", false
		}
		names = append(names, cur.Name)
	}
	return strings.Join(names, `\`), true
}

// sortedSubkeyNames returns subkey names sorted case-insensitively, the order RegEnumKeyEx
// gives for a key written in arbitrary order.
func sortedSubkeyNames(names []string) []string {
	out := append([]string(nil), names...)
	sort.SliceStable(out, func(i, j int) bool { return strings.ToUpper(out[i]) < strings.ToUpper(out[j]) })
	return out
}
