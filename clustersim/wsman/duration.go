package wsman

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// parseDuration reads an xs:duration as WS-Management uses it for OperationTimeout and
// IdleTimeOut: "PT60S", "PT60.000S", "PT1M30S", "P0DT0H1M0S". Years and months are refused
// (their length is not fixed).
func parseDuration(s string) (time.Duration, error) {
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, errors.New("not an xs:duration")
	}
	rest := s[1:]
	var total float64
	inTime := false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errors.New("repeated T in xs:duration")
			}
			inTime = true
			rest = rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] == '.' || (rest[i] >= '0' && rest[i] <= '9')) {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, errors.New("bad xs:duration component")
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, err
		}
		var unit float64
		switch {
		case rest[i] == 'D' && !inTime:
			unit = 86400
		case rest[i] == 'H' && inTime:
			unit = 3600
		case rest[i] == 'M' && inTime:
			unit = 60
		case rest[i] == 'S' && inTime:
			unit = 1
		default:
			return 0, errors.New("unsupported xs:duration unit")
		}
		total += n * unit
		rest = rest[i+1:]
	}
	// Cap at a day: nothing in this protocol needs more, and it keeps the conversion exact.
	if total > 86400 {
		total = 86400
	}
	return time.Duration(total * float64(time.Second)), nil
}

// formatDuration writes a duration the way Windows writes IdleTimeOut: "PT180.000S".
func formatDuration(d time.Duration) string {
	return "PT" + strconv.FormatFloat(d.Seconds(), 'f', 3, 64) + "S"
}
