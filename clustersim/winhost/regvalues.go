package winhost

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// defaultValueName is how PowerShell names a key's default value.
const defaultValueName = "(default)"

// psValueName maps a registry value name to its PowerShell property name.
func psValueName(name string) string {
	if name == "" {
		return defaultValueName
	}
	return name
}

// regValueName maps a PowerShell property name to the registry value name.
func regValueName(name string) string {
	if strings.EqualFold(name, defaultValueName) {
		return ""
	}
	return name
}

// toPS converts registry data as .NET's RegistryKey.GetValue does (and so the registry
// provider): REG_SZ string, REG_EXPAND_SZ expanded string, REG_DWORD Int32, REG_QWORD Int64,
// REG_MULTI_SZ string[], REG_BINARY byte[].
func (n *Node) toPS(v cluster.Value) winps51.Value {
	switch v.Type {
	case cluster.RegSZ:
		return v.String
	case cluster.RegExpandSZ:
		return n.expandEnv(v.String)
	case cluster.RegDword:
		return int(int32(uint32(v.Number)))
	case cluster.RegQword:
		return int64(v.Number)
	case cluster.RegMultiSZ:
		out := make([]winps51.Value, len(v.Strings))
		for i, s := range v.Strings {
			out[i] = s
		}
		return out
	default:
		return append([]byte(nil), v.Bytes...)
	}
}

// expandEnv expands %VAR% as Environment.ExpandEnvironmentVariables does: unknown
// variables stay as written.
func (n *Node) expandEnv(s string) string {
	env := n.environment()
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		if val, ok := lookupFold(env, name); ok {
			b.WriteString(s[:i])
			b.WriteString(val)
			s = s[i+j+2:]
			continue
		}
		b.WriteString(s[:i+1+j])
		s = s[i+1+j:]
	}
}

func lookupFold(m map[string]string, k string) (string, bool) {
	for name, v := range m {
		if strings.EqualFold(name, k) {
			return v, true
		}
	}
	return "", false
}

// propertyKinds are the -PropertyType / -Type names of the registry provider
// (Microsoft.Win32.RegistryValueKind).
var propertyKinds = map[string]cluster.ValueType{
	"string": cluster.RegSZ, "expandstring": cluster.RegExpandSZ, "binary": cluster.RegBinary,
	"dword": cluster.RegDword, "multistring": cluster.RegMultiSZ, "qword": cluster.RegQword,
	"none": cluster.RegNone, "unknown": cluster.RegNone,
}

// parseKind reads -PropertyType (also accepting the REG_* names); ok false when unknown.
func parseKind(s string) (cluster.ValueType, bool) {
	if t, ok := propertyKinds[strings.ToLower(s)]; ok {
		return t, true
	}
	return cluster.ParseValueType(s)
}

// inferKind is RegistryKey.SetValue(name, object) without a kind: Int32 -> DWord, string ->
// String, string[] -> MultiString, byte[] -> Binary, anything else -> its string form.
func inferKind(v winps51.Value) cluster.ValueType {
	switch x := v.(type) {
	case int:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return cluster.RegDword
		}
		return cluster.RegSZ
	case []byte:
		return cluster.RegBinary
	case []winps51.Value:
		for _, e := range x {
			if _, ok := e.(string); !ok {
				return cluster.RegSZ
			}
		}
		return cluster.RegMultiSZ
	}
	return cluster.RegSZ
}

// fromPS converts a PowerShell value to registry data of type t, as the registry provider
// does (numbers from strings "0x10" or "16"); an error says why it cannot.
func fromPS(name string, t cluster.ValueType, v winps51.Value) (cluster.Value, error) {
	out := cluster.Value{Name: name, Type: t}
	switch t {
	case cluster.RegSZ, cluster.RegExpandSZ:
		out.String = winps51.ToString(v)
	case cluster.RegDword, cluster.RegQword:
		bits := 32
		if t == cluster.RegQword {
			bits = 64
		}
		num, err := psNumber(v, bits)
		if err != nil {
			return out, err
		}
		out.Number = num
	case cluster.RegMultiSZ:
		switch x := v.(type) {
		case []winps51.Value:
			for _, e := range x {
				out.Strings = append(out.Strings, winps51.ToString(e))
			}
		case nil:
		default:
			out.Strings = []string{winps51.ToString(x)}
		}
	case cluster.RegBinary, cluster.RegNone:
		switch x := v.(type) {
		case []byte:
			out.Bytes = append([]byte(nil), x...)
		case []winps51.Value:
			for _, e := range x {
				b, err := psNumber(e, 8)
				if err != nil {
					return out, err
				}
				out.Bytes = append(out.Bytes, byte(b))
			}
		case nil:
		default:
			b, err := psNumber(x, 8)
			if err != nil {
				return out, err
			}
			out.Bytes = []byte{byte(b)}
		}
	}
	return out, nil
}

// psNumber converts to an unsigned number of the given width; negative Int32 values wrap
// as .NET's unchecked conversion for DWord does. Its errors carry PowerShell's messages.
//
//nolint:staticcheck // ST1005: the messages are PowerShell's text (capitalised, full stops).
func psNumber(v winps51.Value, bits int) (uint64, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		n = int64(math.Round(x))
	case bool:
		if x {
			n = 1
		}
	case string:
		s := strings.TrimSpace(x)
		var err error
		if hasPrefixFold(s, "0x") {
			var u uint64
			u, err = strconv.ParseUint(s[2:], 16, 64)
			n = int64(u)
		} else {
			n, err = strconv.ParseInt(s, 10, 64)
		}
		if err != nil {
			return 0, fmt.Errorf("Cannot convert value \"%s\" to type \"System.Int%d\". Error: \"Input string was not in a correct format.\"", x, max(bits, 32))
		}
	default:
		return 0, fmt.Errorf("Cannot convert value \"%s\" to a number.", winps51.ToString(v))
	}
	if bits < 64 {
		lo, hi := -(int64(1) << (bits - 1)), (int64(1)<<bits)-1
		if n < lo || n > hi {
			return 0, fmt.Errorf("Value was either too large or too small for a UInt%d.", bits)
		}
		return uint64(n) & (uint64(1)<<bits - 1), nil
	}
	return uint64(n), nil
}
