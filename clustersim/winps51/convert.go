package winps51

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Conversions follow PowerShell's LanguagePrimitives: invariant culture, case-insensitive,
// banker's rounding from double to integers.

func toBool(v Value) bool {
	switch x := normalizeHost(v).(type) {
	case nil:
		return false
	case bool:
		return x
	case int:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x != ""
	case []Value:
		switch len(x) {
		case 0:
			return false
		case 1:
			// A nested array is true when not empty; not recursing keeps an array that
			// contains itself from overflowing the stack.
			if inner, nested := x[0].([]Value); nested {
				return len(inner) > 0
			}
			return toBool(x[0])
		}
		return true
	case []byte:
		return len(x) > 0 && (len(x) > 1 || x[0] != 0)
	case *switchValue:
		return x.IsPresent
	case Enum:
		return x.Value != 0
	}
	return true
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(f, 'G', 15, 64)
	if strings.Contains(s, "E") {
		// .NET writes at least two exponent digits: 1E+20, 1E-05.
		mant, exp, _ := strings.Cut(s, "E")
		sign := exp[0]
		digits := exp[1:]
		if len(digits) < 2 {
			digits = "0" + digits
		}
		s = mant + "E" + string(sign) + digits
	}
	return s
}

// toStr converts a value to a string as [string] and "$v" do.
func toStr(v Value) string { return toStrDepth(v, 0) }

// maxStringDepth stops the conversion of self-containing arrays and objects (Go cannot
// recover from a stack overflow).
const maxStringDepth = 32

func toStrDepth(v Value, depth int) string {
	if depth > maxStringDepth {
		return psTypeName(v)
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case byte:
		return strconv.Itoa(int(x))
	case rune:
		return string(x)
	case []Value:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = toStrDepth(e, depth+1)
		}
		return strings.Join(parts, " ")
	case []string:
		return strings.Join(x, " ")
	case []byte:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = strconv.Itoa(int(e))
		}
		return strings.Join(parts, " ")
	case *Hashtable:
		return psTypeName(x)
	case *Object:
		return objectString(x, depth)
	case Enum:
		return x.Name
	case *ScriptBlock:
		return x.Text
	case *typeValue:
		return x.FullName
	case *switchValue:
		if x.IsPresent {
			return "True"
		}
		return "False"
	case time.Time:
		return dateInvariant(x)
	}
	return fmt.Sprint(normalizeHost(v))
}

// objectString is [string] of a PSObject: Str, "@{a=1; b=2}" for a pscustomobject, else the
// type name.
func objectString(o *Object, depth int) string {
	if o.Str != nil {
		return o.Str()
	}
	if e, ok := o.native.(*psError); ok {
		return e.rec.Message
	}
	if o.isPSCustomObject() {
		parts := make([]string, len(o.Props))
		for i, p := range o.Props {
			parts[i] = p.Name + "=" + toStrDepth(p.Value, depth+1)
		}
		return "@{" + strings.Join(parts, "; ") + "}"
	}
	return o.TypeNames[0]
}

// parseNumberString parses a string as PowerShell converts it to a number.
func parseNumberString(s string) (Value, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, true
	}
	return syntax.ParseNumber(t)
}

// toNumber converts to int, int64 or float64 for arithmetic; ok is false when impossible.
func toNumber(v Value) (Value, bool) {
	switch x := normalizeHost(v).(type) {
	case nil:
		return 0, true
	case int, int64, float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case byte:
		return int(x), true
	case rune:
		return int(x), true
	case string:
		return parseNumberString(x)
	case Enum:
		return x.Value, true
	case *switchValue:
		if x.IsPresent {
			return 1, true
		}
		return 0, true
	case []Value:
		if len(x) == 1 {
			if _, nested := x[0].([]Value); !nested {
				return toNumber(x[0])
			}
		}
	}
	return nil, false
}

func numToFloat(v Value) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// canonicalType maps a type literal (accelerator or full name) to a full name.
func canonicalType(name string) (string, bool) {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	n = strings.TrimPrefix(n, "system.")
	if full, ok := typeAccelerators[n]; ok {
		return full, true
	}
	if full, ok := typeAccelerators["system."+n]; ok {
		return full, true
	}
	if strings.HasSuffix(n, "[]") {
		if el, ok := canonicalType(name[:len(name)-2]); ok {
			return el + "[]", true
		}
	}
	for _, t := range extraKnownTypes {
		if strings.EqualFold(t, name) || strings.EqualFold(t, "System."+name) {
			return t, true
		}
	}
	return "", false
}

var typeAccelerators = map[string]string{
	"int": "System.Int32", "int32": "System.Int32", "long": "System.Int64", "int64": "System.Int64",
	"double": "System.Double", "single": "System.Single", "float": "System.Single", "decimal": "System.Decimal",
	"string": "System.String", "bool": "System.Boolean", "boolean": "System.Boolean",
	"char": "System.Char", "byte": "System.Byte", "object": "System.Object", "psobject": "System.Management.Automation.PSObject",
	"array": "System.Array", "hashtable": "System.Collections.Hashtable", "collections.hashtable": "System.Collections.Hashtable",
	"ordered":        "System.Collections.Specialized.OrderedDictionary",
	"pscustomobject": "System.Management.Automation.PSCustomObject",
	"scriptblock":    "System.Management.Automation.ScriptBlock", "management.automation.scriptblock": "System.Management.Automation.ScriptBlock",
	"void": "System.Void", "switch": "System.Management.Automation.SwitchParameter",
	"type": "System.Type", "convert": "System.Convert", "text.encoding": "System.Text.Encoding",
	"console": "System.Console", "environment": "System.Environment", "math": "System.Math",
	"regex": "System.Text.RegularExpressions.Regex", "text.regularexpressions.regex": "System.Text.RegularExpressions.Regex",
	"exception": "System.Exception", "systemexception": "System.SystemException",
	"management.automation.runtimeexception":    "System.Management.Automation.RuntimeException",
	"management.automation.errorrecord":         "System.Management.Automation.ErrorRecord",
	"management.automation.pscustomobject":      "System.Management.Automation.PSCustomObject",
	"management.automation.psobject":            "System.Management.Automation.PSObject",
	"management.automation.switchparameter":     "System.Management.Automation.SwitchParameter",
	"errorrecord":                               "System.Management.Automation.ErrorRecord",
	"collections.specialized.ordereddictionary": "System.Collections.Specialized.OrderedDictionary",
	"uint32": "System.UInt32", "uint64": "System.UInt64", "int16": "System.Int16", "uint16": "System.UInt16",
	"guid": "System.Guid", "datetime": "System.DateTime", "timespan": "System.TimeSpan",
	"system.datetime":    "System.DateTime",
	"text.stringbuilder": "System.Text.StringBuilder",
}

// extraKnownTypes are exception and host types that catch clauses and -is may name.
var extraKnownTypes = []string{
	"System.Management.Automation.ItemNotFoundException",
	"System.Management.Automation.CommandNotFoundException",
	"System.Management.Automation.ParameterBindingException",
	"System.Management.Automation.ActionPreferenceStopException",
	"System.Management.Automation.MethodInvocationException",
	"System.Management.Automation.PSInvalidCastException",
	"System.Management.Automation.SessionStateException",
	"System.Management.Automation.PSArgumentException",
	"System.Management.Automation.ParseException",
	"System.Management.Automation.ValidationMetadataException",
	"Microsoft.PowerShell.Commands.WriteErrorException",
	"System.ArgumentException", "System.ArgumentNullException", "System.InvalidOperationException",
	"System.FormatException", "System.DivideByZeroException", "System.IO.IOException",
	"System.IO.FileNotFoundException", "System.UnauthorizedAccessException",
	"System.Security.SecurityException", "System.InvalidCastException",
	"System.ComponentModel.Win32Exception", "System.NotSupportedException",
	"System.OverflowException", "System.ArithmeticException", "System.Management.Automation.PSObject",
}

// exceptionParents is the base-class chain of the exceptions the engine raises, for catch.
var exceptionParents = map[string]string{
	"System.Management.Automation.ItemNotFoundException":         "System.Management.Automation.SessionStateException",
	"System.Management.Automation.SessionStateException":         "System.Management.Automation.RuntimeException",
	"System.Management.Automation.CommandNotFoundException":      "System.Management.Automation.RuntimeException",
	"System.Management.Automation.ParameterBindingException":     "System.Management.Automation.RuntimeException",
	"System.Management.Automation.ActionPreferenceStopException": "System.Management.Automation.RuntimeException",
	"System.Management.Automation.MethodInvocationException":     "System.Management.Automation.RuntimeException",
	"System.Management.Automation.PSInvalidCastException":        "System.InvalidCastException",
	"System.Management.Automation.ParseException":                "System.Management.Automation.RuntimeException",
	"System.Management.Automation.PSArgumentException":           "System.ArgumentException",
	"System.Management.Automation.RuntimeException":              "System.SystemException",
	"Microsoft.PowerShell.Commands.WriteErrorException":          "System.SystemException",
	"System.ArgumentNullException":                               "System.ArgumentException",
	"System.ArgumentException":                                   "System.SystemException",
	"System.InvalidOperationException":                           "System.SystemException",
	"System.FormatException":                                     "System.SystemException",
	"System.DivideByZeroException":                               "System.ArithmeticException",
	"System.OverflowException":                                   "System.ArithmeticException",
	"System.ArithmeticException":                                 "System.SystemException",
	"System.InvalidCastException":                                "System.SystemException",
	"System.IO.FileNotFoundException":                            "System.IO.IOException",
	"System.IO.IOException":                                      "System.SystemException",
	"System.UnauthorizedAccessException":                         "System.SystemException",
	"System.NotSupportedException":                               "System.SystemException",
	"System.ComponentModel.Win32Exception":                       "System.Runtime.InteropServices.ExternalException",
	"System.Runtime.InteropServices.ExternalException":           "System.SystemException",
	"System.SystemException":                                     "System.Exception",
}

// exceptionIs reports whether an exception type is, or derives from, want.
func exceptionIs(typ, want string) bool {
	for t := typ; t != ""; t = exceptionParents[t] {
		if strings.EqualFold(t, want) {
			return true
		}
	}
	return strings.EqualFold(want, "System.Exception")
}
