package winps51

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// The -f operator and .NET format specifiers.

var formatItem = regexp.MustCompile(`\{\{|\}\}|\{(\d+)(,(-?\d+))?(:([^}]*))?\}`)

// formatOperator is -f (String.Format with the invariant culture).
func (s *runspaceState) formatOperator(format string, args []Value, ext syntax.Extent) string {
	var failed bool
	out := formatItem.ReplaceAllStringFunc(format, func(m string) string {
		if m == "{{" {
			return "{"
		}
		if m == "}}" {
			return "}"
		}
		sub := formatItem.FindStringSubmatch(m)
		idx, _ := strconv.Atoi(sub[1])
		if idx >= len(args) {
			failed = true
			return ""
		}
		v := formatValue(args[idx], sub[5])
		if sub[3] != "" {
			w, _ := strconv.Atoi(sub[3])
			if w < 0 && len([]rune(v)) < -w {
				v += strings.Repeat(" ", -w-len([]rune(v)))
			} else if w > 0 && len([]rune(v)) < w {
				v = strings.Repeat(" ", w-len([]rune(v))) + v
			}
		}
		return v
	})
	if failed {
		failf(ext, "FormatError", "NotSpecified", "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..")
	}
	return out
}

// formatValue applies a .NET format specifier to a value (common numeric ones).
func formatValue(v Value, spec string) string {
	if spec == "" {
		return toStr(v)
	}
	n, ok := toNumber(v)
	if !ok {
		return toStr(v)
	}
	letter := strings.ToUpper(spec[:1])
	prec := -1
	if len(spec) > 1 {
		if p, err := strconv.Atoi(spec[1:]); err == nil {
			prec = p
		}
	}
	switch letter {
	case "D":
		s := strconv.FormatInt(toInt64(n), 10)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		for len(s) < prec {
			s = "0" + s
		}
		if neg {
			s = "-" + s
		}
		return s
	case "X":
		s := strconv.FormatInt(toInt64(n), 16)
		if spec[0] == 'X' {
			s = strings.ToUpper(s)
		}
		for len(s) < prec {
			s = "0" + s
		}
		return s
	case "F", "N":
		if prec < 0 {
			prec = 2
		}
		s := strconv.FormatFloat(numToFloat(n), 'f', prec, 64)
		if letter == "N" {
			s = groupThousands(s)
		}
		return s
	case "P":
		if prec < 0 {
			prec = 2
		}
		return strconv.FormatFloat(numToFloat(n)*100, 'f', prec, 64) + " %"
	}
	if strings.Trim(spec, "0#.,") == "" {
		dec := 0
		if i := strings.IndexByte(spec, '.'); i >= 0 {
			dec = len(spec) - i - 1
		}
		s := strconv.FormatFloat(numToFloat(n), 'f', dec, 64)
		intDigits := strings.Count(strings.Split(spec, ".")[0], "0")
		ip, fp, _ := strings.Cut(s, ".")
		neg := strings.HasPrefix(ip, "-")
		ip = strings.TrimPrefix(ip, "-")
		for len(ip) < intDigits {
			ip = "0" + ip
		}
		if neg {
			ip = "-" + ip
		}
		if fp != "" {
			return ip + "." + fp
		}
		return ip
	}
	return fmt.Sprint(toStr(v))
}

func groupThousands(s string) string {
	ip, fp, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(ip, "-")
	ip = strings.TrimPrefix(ip, "-")
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + fp
	}
	return out
}

func roundHalfEven(f float64) float64 { return math.RoundToEven(f) }
