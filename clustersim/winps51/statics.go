package winps51

import (
	"encoding/base64"
	"math"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// encodingObject is a System.Text.Encoding value ([Text.Encoding]::UTF8, ::Unicode).
type encodingObject struct{ name string }

func newEncoding(name, typeName string) *Object {
	o := NewObject(typeName, "EncodingName", name, "WebName", strings.ToLower(name), "CodePage", map[string]int{"utf-8": 65001, "utf-16": 1200, "us-ascii": 20127}[strings.ToLower(name)])
	o.native = &encodingObject{name: strings.ToLower(name)}
	return o
}

func (e *encodingObject) call(s *runspaceState, lname string, args []Value, ext syntax.Extent) (Value, bool) {
	switch lname {
	case "getstring":
		if len(args) == 0 {
			return nil, false
		}
		b, ok := args[0].([]byte)
		if !ok {
			if args[0] == nil {
				methodError(ext, "GetString", len(args), "ArgumentNullException", "Array cannot be null.\r\nParameter name: bytes")
			}
			c, ok2 := convertValue(args[0], "System.Byte[]")
			cb, isBytes := c.([]byte)
			if !ok2 || !isBytes {
				methodError(ext, "GetString", len(args), "PSInvalidCastException", "Cannot convert argument \"bytes\", with value: \""+toStr(args[0])+"\", for \"GetString\" to type \"System.Byte[]\"")
			}
			b = cb
		}
		switch e.name {
		case "utf-16":
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
			}
			return string(utf16.Decode(u)), true
		case "us-ascii":
			r := make([]rune, len(b))
			for i, c := range b {
				if c > 127 {
					c = '?'
				}
				r[i] = rune(c)
			}
			return string(r), true
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), true
	case "getbytes":
		if len(args) != 1 {
			return nil, false
		}
		str := toStr(args[0])
		switch e.name {
		case "utf-16":
			u := utf16.Encode([]rune(str))
			b := make([]byte, 2*len(u))
			for i, c := range u {
				b[2*i], b[2*i+1] = byte(c), byte(c>>8)
			}
			return b, true
		case "us-ascii":
			b := make([]byte, 0, len(str))
			for _, r := range str {
				if r > 127 {
					r = '?'
				}
				b = append(b, byte(r))
			}
			return b, true
		}
		return []byte(str), true
	}
	return nil, false
}

// The engine stores these in Object.native and finds their methods through objectMethods.
var (
	_ objectMethods = (*encodingObject)(nil)
	_ objectMethods = consoleOut{}
)

// consoleOut is [Console]::Out: writes go straight to stdout, bypassing formatting.
type consoleOut struct{}

func (consoleOut) call(s *runspaceState, lname string, args []Value, ext syntax.Extent) (Value, bool) {
	switch lname {
	case "write":
		consoleWrite(s.stdout, argStr(args, 0))
		return nil, true
	case "writeline":
		consoleWrite(s.stdout, argStr(args, 0)+"\r\n")
		return nil, true
	case "flush":
		s.out.flush()
		s.flushOut()
		return nil, true
	}
	return nil, false
}

func (s *runspaceState) staticProperty(t *typeValue, name string) Value {
	ln := strings.ToLower(name)
	switch t.FullName {
	case "System.Text.Encoding":
		switch ln {
		case "utf8":
			return newEncoding("utf-8", "System.Text.UTF8Encoding")
		case "unicode":
			return newEncoding("utf-16", "System.Text.UnicodeEncoding")
		case "ascii":
			return newEncoding("us-ascii", "System.Text.ASCIIEncoding")
		case "default":
			return newEncoding("utf-8", "System.Text.SBCSCodePageEncoding")
		}
	case "System.Console":
		if ln == "out" {
			o := NewObject("System.IO.TextWriter+SyncTextWriter")
			o.native = consoleOut{}
			return o
		}
	case "System.Environment":
		switch ln {
		case "machinename":
			return strings.ToUpper(s.env["computername"])
		case "newline":
			return "\r\n"
		case "username":
			return s.env["username"]
		case "userdomainname":
			return s.env["userdomain"]
		case "processorcount":
			return 2
		case "is64bitprocess", "is64bitoperatingsystem":
			return true
		}
	case "System.Int32":
		switch ln {
		case "maxvalue":
			return math.MaxInt32
		case "minvalue":
			return math.MinInt32
		}
	case "System.Int64":
		switch ln {
		case "maxvalue":
			return int64(math.MaxInt64)
		case "minvalue":
			return int64(math.MinInt64)
		}
	case "System.Double":
		switch ln {
		case "maxvalue":
			return math.MaxFloat64
		case "nan":
			return math.NaN()
		}
	case "System.String":
		if ln == "empty" {
			return ""
		}
	case "System.Math":
		switch ln {
		case "pi":
			return math.Pi
		case "e":
			return math.E
		}
	}
	return nil
}

func (s *runspaceState) callStatic(t *typeValue, name string, args []Value, ext syntax.Extent) Value {
	ln := strings.ToLower(name)
	n := len(args)
	switch t.FullName {
	case "System.Convert":
		switch ln {
		case "frombase64string":
			if n == 1 {
				if args[0] == nil {
					methodError(ext, name, n, "ArgumentNullException", "Value cannot be null.\r\nParameter name: s")
				}
				str := strings.Map(func(r rune) rune {
					if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
						return -1
					}
					return r
				}, toStr(args[0]))
				b, err := base64.StdEncoding.DecodeString(str)
				if err != nil {
					methodError(ext, name, n, "FormatException", "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ")
				}
				return b
			}
		case "tobase64string":
			if n >= 1 {
				c, ok := convertValue(args[0], "System.Byte[]")
				b, isBytes := c.([]byte)
				if !ok || !isBytes || args[0] == nil {
					methodError(ext, name, n, "ArgumentNullException", "Value cannot be null.\r\nParameter name: inArray")
				}
				return base64.StdEncoding.EncodeToString(b)
			}
		case "toint32", "toint64":
			if n >= 1 {
				if n == 2 {
					base, _ := argInt(args, 1)
					v, ok := parseIntBase(toStr(args[0]), base)
					if !ok {
						methodError(ext, name, n, "FormatException", "Could not find any recognizable digits.")
					}
					if ln == "toint32" {
						return int(int32(v))
					}
					return v
				}
				full := "System.Int32"
				if ln == "toint64" {
					full = "System.Int64"
				}
				return s.convertTo(args[0], full, ext)
			}
		case "tostring":
			if n >= 1 {
				return toStr(args[0])
			}
		case "toboolean":
			if n == 1 {
				if str, ok := args[0].(string); ok {
					switch strings.ToLower(strings.TrimSpace(str)) {
					case "true":
						return true
					case "false":
						return false
					}
					methodError(ext, name, n, "FormatException", "String was not recognized as a valid Boolean.")
				}
				return toBool(args[0])
			}
		}
	case "System.String":
		switch ln {
		case "isnullorempty":
			if n == 1 {
				return args[0] == nil || toStr(args[0]) == ""
			}
		case "isnullorwhitespace":
			if n == 1 {
				return args[0] == nil || strings.TrimSpace(toStr(args[0])) == ""
			}
		case "join":
			if n >= 2 {
				var items []Value
				if n == 2 {
					items = asList(args[1])
				} else {
					items = args[1:]
				}
				parts := make([]string, len(items))
				for i, it := range items {
					parts[i] = toStr(it)
				}
				return strings.Join(parts, toStr(args[0]))
			}
		case "concat":
			var b strings.Builder
			for _, a := range args {
				for _, it := range asList(a) {
					b.WriteString(toStr(it))
				}
			}
			return b.String()
		case "format":
			if n >= 1 {
				rest := args[1:]
				if n == 2 {
					rest = asList(args[1])
				}
				return s.formatOperator(toStr(args[0]), rest, ext)
			}
		case "equals":
			if n == 2 {
				return toStr(args[0]) == toStr(args[1])
			}
		}
	case "System.Management.Automation.ScriptBlock":
		if ln == "create" && n == 1 {
			text := toStr(args[0])
			sb, perr := parseScript(text)
			if perr != nil {
				pe := parseErrorToPS(perr, syntax.NewSource(text))
				methodError(ext, name, n, "ParseException", pe.rec.Message)
			}
			sb.Ext = syntax.Extent{Start: 0, End: len([]rune(text)), Src: syntax.NewSource(text)}
			return &ScriptBlock{Ast: sb, Text: text}
		}
	case "System.Console":
		switch ln {
		case "writeline", "write":
			text := ""
			if n >= 1 {
				text = toStr(args[0])
			}
			if ln == "writeline" {
				text += "\r\n"
			}
			consoleWrite(s.stdout, text)
			return nil
		}
	case "System.Math":
		nums := make([]float64, n)
		allInt := true
		for i, a := range args {
			v, ok := toNumber(a)
			if !ok {
				methodError(ext, name, n, "PSInvalidCastException", "Cannot convert argument.")
			}
			if _, isF := v.(float64); isF {
				allInt = false
			}
			nums[i] = numToFloat(v)
		}
		ret := func(f float64) Value {
			if allInt && f == math.Trunc(f) && math.Abs(f) <= math.MaxInt32 {
				return int(f)
			}
			return f
		}
		switch {
		case ln == "max" && n == 2:
			return ret(math.Max(nums[0], nums[1]))
		case ln == "min" && n == 2:
			return ret(math.Min(nums[0], nums[1]))
		case ln == "abs" && n == 1:
			return ret(math.Abs(nums[0]))
		case ln == "floor" && n == 1:
			return math.Floor(nums[0])
		case ln == "ceiling" && n == 1:
			return math.Ceil(nums[0])
		case ln == "round" && n == 1:
			return math.RoundToEven(nums[0])
		case ln == "round" && n == 2:
			p := math.Pow(10, nums[1])
			return math.RoundToEven(nums[0]*p) / p
		case ln == "pow" && n == 2:
			return math.Pow(nums[0], nums[1])
		case ln == "sqrt" && n == 1:
			return math.Sqrt(nums[0])
		case ln == "truncate" && n == 1:
			return math.Trunc(nums[0])
		}
	case "System.Text.RegularExpressions.Regex":
		switch ln {
		case "escape":
			if n == 1 {
				return regexp.QuoteMeta(toStr(args[0]))
			}
		case "ismatch":
			if n == 2 {
				return s.compileRegex(toStr(args[1]), false, ext).MatchString(toStr(args[0]))
			}
		case "replace":
			if n == 3 {
				return s.compileRegex(toStr(args[1]), false, ext).ReplaceAllString(toStr(args[0]), dotnetReplacement(toStr(args[2])))
			}
		}
	}
	methodNotFound(ext, t.FullName, name)
	return nil
}

func parseIntBase(s string, base int) (int64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if base == 16 {
		s = strings.TrimPrefix(s, "0x")
	}
	if s == "" {
		return 0, false
	}
	var v int64
	for _, r := range s {
		d := strings.IndexRune("0123456789abcdef", r)
		if d < 0 || d >= base {
			return 0, false
		}
		v = v*int64(base) + int64(d)
	}
	return v, true
}
