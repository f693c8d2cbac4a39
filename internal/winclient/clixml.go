package winclient

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

const clixmlHeader = "#< CLIXML"

// DecodeCLIXML turns PowerShell's stderr into readable text. powershell.exe writes its error
// stream as CLIXML when its input or output is XML or encoded ("#< CLIXML" then
// <Objs><S S="Error">...</S></Objs>, with _x000D__x000A_ for CR LF); progress records come
// along and are dropped. Plain text passes through. It never fails: what does not parse is
// kept as it is.
func DecodeCLIXML(stderr string) string {
	var parts []string
	rest := stderr
	for {
		i := strings.Index(rest, clixmlHeader)
		if i < 0 {
			if t := strings.TrimSpace(rest); t != "" {
				parts = append(parts, t)
			}
			break
		}
		if t := strings.TrimSpace(rest[:i]); t != "" {
			parts = append(parts, t)
		}
		rest = rest[i+len(clixmlHeader):]
		// The XML runs up to the next header or the end.
		end := strings.Index(rest, clixmlHeader)
		if end < 0 {
			end = len(rest)
		}
		if t := decodeObjs(rest[:end]); t != "" {
			parts = append(parts, t)
		}
		rest = rest[end:]
	}
	return strings.Join(parts, "\n")
}

// decodeObjs collects the text of the S elements (error, warning, verbose, debug streams)
// of one or more <Objs> documents.
func decodeObjs(doc string) string {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	var b strings.Builder
	var stream string
	depth := 0     // depth inside an S element
	var cur []byte // text of the current S element
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 {
				depth++
				continue
			}
			if t.Name.Local == "S" {
				depth = 1
				stream = ""
				cur = cur[:0]
				for _, a := range t.Attr {
					if a.Name.Local == "S" {
						stream = a.Value
					}
				}
			}
		case xml.CharData:
			if depth > 0 {
				cur = append(cur, t...)
			}
		case xml.EndElement:
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				text := unescapeCLIXML(string(cur))
				if stream != "" && !strings.EqualFold(stream, "Error") {
					text = strings.ToUpper(stream) + ": " + text
				}
				b.WriteString(text)
			}
		}
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "\r\n", "\n"))
}

var reCLIXMLEscape = regexp.MustCompile(`(?:_x[0-9A-Fa-f]{4}_)+`)

// unescapeCLIXML decodes _xHHHH_ escapes (UTF-16 code units, so surrogate pairs come as two).
func unescapeCLIXML(s string) string {
	return reCLIXMLEscape.ReplaceAllStringFunc(s, func(run string) string {
		units := make([]uint16, 0, len(run)/7)
		for i := 0; i+7 <= len(run); i += 7 {
			v, err := strconv.ParseUint(run[i+2:i+6], 16, 16)
			if err != nil {
				return run
			}
			units = append(units, uint16(v))
		}
		return string(utf16.Decode(units))
	})
}
