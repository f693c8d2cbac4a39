package winps51

import (
	"strconv"
	"strings"
	"time"
)

// System.DateTime values are Go time.Time. Conversions to string use the invariant culture
// ("MM/dd/yyyy HH:mm:ss", as [string] and "$d" do); console output uses en-US.

func dateInvariant(t time.Time) string { return t.Format("01/02/2006 15:04:05") }

// dateEnUS is the en-US short date and long time ("11/24/2026 8:30:27 PM"), the console's
// cell format.
func dateEnUS(t time.Time) string { return t.Format("1/2/2006 3:04:05 PM") }

// dateEnUSLong is how the console shows a DateTime alone ("Tuesday, November 24, 2026
// 8:30:27 PM").
func dateEnUSLong(t time.Time) string { return t.Format("Monday, January 2, 2006 3:04:05 PM") }

// dateJSON is JavaScriptSerializer's "\/Date(ms)\/" (5.1's ConvertTo-Json).
func dateJSON(t time.Time) string {
	return `"\/Date(` + strconv.FormatInt(t.UnixMilli(), 10) + `)\/"`
}

// dotnetDateFormat applies a .NET custom or standard date format.
func dotnetDateFormat(t time.Time, f string) string {
	switch f {
	case "", "G":
		return dateEnUS(t)
	case "o", "O":
		return t.Format("2006-01-02T15:04:05.0000000Z07:00")
	case "s":
		return t.Format("2006-01-02T15:04:05")
	case "u":
		return t.UTC().Format("2006-01-02 15:04:05Z")
	case "d":
		return t.Format("1/2/2006")
	case "D":
		return t.Format("Monday, January 2, 2006")
	case "t":
		return t.Format("3:04 PM")
	case "T":
		return t.Format("3:04:05 PM")
	}
	repl := []struct{ net, goFmt string }{
		{"yyyy", "2006"}, {"yy", "06"}, {"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"},
		{"dddd", "Monday"}, {"ddd", "Mon"}, {"dd", "02"}, {"HH", "15"}, {"hh", "03"},
		{"mm", "04"}, {"ss", "05"}, {"fff", "000"}, {"tt", "PM"}, {"zzz", "-07:00"},
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		matched := false
		for _, r := range repl {
			if strings.HasPrefix(f[i:], r.net) {
				b.WriteString(t.Format(r.goFmt))
				i += len(r.net)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		switch f[i] {
		case 'M':
			b.WriteString(strconv.Itoa(int(t.Month())))
		case 'd':
			b.WriteString(strconv.Itoa(t.Day()))
		case 'H':
			b.WriteString(strconv.Itoa(t.Hour()))
		case 'h':
			b.WriteString(t.Format("3"))
		case 'm':
			b.WriteString(strconv.Itoa(t.Minute()))
		case 's':
			b.WriteString(strconv.Itoa(t.Second()))
		default:
			b.WriteByte(f[i])
		}
		i++
	}
	return b.String()
}

func dateMember(t time.Time, name string) (Value, bool) {
	switch strings.ToLower(name) {
	case "year":
		return t.Year(), true
	case "month":
		return int(t.Month()), true
	case "day":
		return t.Day(), true
	case "hour":
		return t.Hour(), true
	case "minute":
		return t.Minute(), true
	case "second":
		return t.Second(), true
	case "millisecond":
		return t.Nanosecond() / 1e6, true
	case "dayofweek":
		return Enum{Type: "System.DayOfWeek", Name: t.Weekday().String(), Value: int64(t.Weekday())}, true
	case "dayofyear":
		return t.YearDay(), true
	case "ticks":
		return t.UnixNano()/100 + 621355968000000000, true
	case "date":
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location()), true
	case "kind":
		if t.Location() == time.UTC {
			return Enum{Type: "System.DateTimeKind", Name: "Utc", Value: 1}, true
		}
		return Enum{Type: "System.DateTimeKind", Name: "Local", Value: 2}, true
	}
	return nil, false
}

func (s *runspaceState) dateMethod(t time.Time, lname string, args []Value) (Value, bool) {
	num := func() float64 {
		if len(args) == 0 {
			return 0
		}
		n, _ := toNumber(args[0])
		return numToFloat(n)
	}
	switch lname {
	case "tostring":
		if len(args) == 0 {
			return dateEnUS(t), true
		}
		return dotnetDateFormat(t, toStr(args[0])), true
	case "touniversaltime":
		return t.UTC(), true
	case "tolocaltime":
		return t.Local(), true
	case "adddays":
		return t.Add(time.Duration(num() * float64(24*time.Hour))), true
	case "addhours":
		return t.Add(time.Duration(num() * float64(time.Hour))), true
	case "addminutes":
		return t.Add(time.Duration(num() * float64(time.Minute))), true
	case "addseconds":
		return t.Add(time.Duration(num() * float64(time.Second))), true
	case "tostringiso", "toshortdatestring":
		return t.Format("1/2/2006"), true
	case "toshorttimestring":
		return t.Format("3:04 PM"), true
	}
	return nil, false
}

// normalizeHost turns the Go values a host may put in objects into engine values.
func normalizeHost(v Value) Value {
	switch x := v.(type) {
	case int8:
		return int(x)
	case int16:
		return int(x)
	case int32:
		return int(x)
	case uint8:
		return int(x)
	case uint16:
		return int(x)
	case uint32:
		if x <= 1<<31-1 {
			return int(x)
		}
		return int64(x)
	case uint:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return float64(x)
	case int:
		if x > 1<<31-1 || x < -1<<31 {
			return int64(x)
		}
		return x
	case *time.Time:
		if x == nil {
			return nil
		}
		return *x
	case []string:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []int:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = normalizeHost(e)
		}
		return out
	case []int64:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return v
}
