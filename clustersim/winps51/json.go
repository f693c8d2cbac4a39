package winps51

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ConvertTo-Json as Windows PowerShell 5.1 writes it: JavaScriptSerializer's escaping
// (\u003c for <, ...), objects deeper than -Depth written as their string, enums as numbers,
// then 5.1's own layout: "key":  value with two spaces, nested values indented from the
// column where they start, CR LF line ends.

// jsonNode is an intermediate JSON tree keeping key order.
type jsonNode struct {
	kind  byte // 'o' object, 'a' array, 'v' scalar (raw JSON text in text)
	keys  []string
	items []*jsonNode
	text  string
}

func (s *runspaceState) toJSONNode(v Value, depth, maxDepth int) *jsonNode {
	v = normalizeHost(v)
	switch x := v.(type) {
	case nil:
		return &jsonNode{kind: 'v', text: "null"}
	case bool:
		if x {
			return &jsonNode{kind: 'v', text: "true"}
		}
		return &jsonNode{kind: 'v', text: "false"}
	case int:
		return &jsonNode{kind: 'v', text: strconv.Itoa(x)}
	case int64:
		return &jsonNode{kind: 'v', text: strconv.FormatInt(x, 10)}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &jsonNode{kind: 'v', text: jsonQuote(formatFloat(x))}
		}
		return &jsonNode{kind: 'v', text: strconv.FormatFloat(x, 'G', -1, 64)}
	case string:
		return &jsonNode{kind: 'v', text: jsonQuote(x)}
	case Enum:
		return &jsonNode{kind: 'v', text: strconv.FormatInt(x.Value, 10)}
	case *switchValue:
		return s.toJSONNode(map[bool]Value{true: true, false: false}[x.IsPresent], depth, maxDepth)
	case *ScriptBlock:
		return &jsonNode{kind: 'v', text: jsonQuote(x.Text)}
	case *typeValue:
		return &jsonNode{kind: 'v', text: jsonQuote(x.FullName)}
	case time.Time:
		return &jsonNode{kind: 'v', text: dateJSON(x)}
	}

	if depth > maxDepth {
		return &jsonNode{kind: 'v', text: jsonQuote(toStr(v))}
	}
	switch x := v.(type) {
	case []Value, []byte, []string:
		n := &jsonNode{kind: 'a'}
		for _, e := range asList(x) {
			n.items = append(n.items, s.toJSONNode(e, depth+1, maxDepth))
		}
		return n
	case *Hashtable:
		n := &jsonNode{kind: 'o'}
		for i, k := range x.keys {
			n.keys = append(n.keys, toStr(k))
			n.items = append(n.items, s.toJSONNode(x.vals[i], depth+1, maxDepth))
		}
		return n
	case *Object:
		if e, ok := x.native.(*psError); ok {
			return s.toJSONNode(e.psView().Props, depth, maxDepth)
		}
		if x.native != nil || (len(x.Props) == 0 && x.Str != nil) {
			return &jsonNode{kind: 'v', text: jsonQuote(toStr(x))}
		}
		n := &jsonNode{kind: 'o'}
		for _, p := range x.Props {
			n.keys = append(n.keys, p.Name)
			n.items = append(n.items, s.toJSONNode(p.Value, depth+1, maxDepth))
		}
		return n
	case []Property:
		n := &jsonNode{kind: 'o'}
		for _, p := range x {
			n.keys = append(n.keys, p.Name)
			n.items = append(n.items, s.toJSONNode(p.Value, depth+1, maxDepth))
		}
		return n
	}
	return &jsonNode{kind: 'v', text: jsonQuote(toStr(v))}
}

// jsonQuote escapes a string as JavaScriptSerializer does.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '<', '>', '&', '\'':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (n *jsonNode) compact(b *strings.Builder) {
	switch n.kind {
	case 'v':
		b.WriteString(n.text)
	case 'a':
		b.WriteByte('[')
		for i, it := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			it.compact(b)
		}
		b.WriteByte(']')
	case 'o':
		b.WriteByte('{')
		for i, it := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonQuote(n.keys[i]) + ":")
			it.compact(b)
		}
		b.WriteByte('}')
	}
}

// pretty writes 5.1's layout; pad is the column where the value starts.
func (n *jsonNode) pretty(b *strings.Builder, pad int) {
	const nl = "\r\n"
	switch n.kind {
	case 'v':
		b.WriteString(n.text)
	case 'a':
		b.WriteString("[" + nl)
		if len(n.items) == 0 {
			b.WriteString(nl)
		}
		for i, it := range n.items {
			b.WriteString(strings.Repeat(" ", pad+4))
			it.pretty(b, pad+4)
			if i < len(n.items)-1 {
				b.WriteByte(',')
			}
			b.WriteString(nl)
		}
		b.WriteString(strings.Repeat(" ", pad) + "]")
	case 'o':
		b.WriteString("{" + nl)
		if len(n.items) == 0 {
			b.WriteString(nl)
		}
		for i, it := range n.items {
			key := jsonQuote(n.keys[i]) + ":  "
			b.WriteString(strings.Repeat(" ", pad+4) + key)
			it.pretty(b, pad+4+len([]rune(key)))
			if i < len(n.items)-1 {
				b.WriteByte(',')
			}
			b.WriteString(nl)
		}
		b.WriteString(strings.Repeat(" ", pad) + "}")
	}
}

func (s *runspaceState) convertToJSON(v Value, depth int, compress bool) string {
	n := s.toJSONNode(v, 0, depth)
	var b strings.Builder
	if compress {
		n.compact(&b)
	} else {
		n.pretty(&b, 0)
	}
	return b.String()
}

// convertFromJSON parses JSON into PowerShell values: objects become pscustomobjects with
// their keys in order, numbers Int32 / Int64 / Double.
func convertFromJSON(text string) (Value, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	v, err := decodeJSONValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("Invalid JSON primitive: .") //nolint:staticcheck // ST1005: ConvertFrom-Json's message, shown verbatim
	}
	return v, nil
}

func decodeJSONValue(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &Object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				val, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				o.setProp(key, val)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		case '[':
			arr := []Value{}
			for dec.More() {
				val, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, val)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return arr, nil
		}
	case json.Number:
		str := t.String()
		if i, err := strconv.ParseInt(str, 10, 64); err == nil {
			if i >= math.MinInt32 && i <= math.MaxInt32 {
				return int(i), nil
			}
			return i, nil
		}
		f, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, err
		}
		return f, nil
	case string:
		return t, nil
	case bool:
		return t, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected JSON token")
}

func jsonCmdlets() []*Cmdlet {
	return []*Cmdlet{
		{
			Name: "ConvertTo-Json",
			Params: []Param{
				{Name: "InputObject", Kind: ParamObject, Position: 0, Mandatory: true, FromPipeline: true, AllowNull: true},
				{Name: "Depth", Kind: ParamInt, Position: -1},
				{Name: "Compress", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error {
				*items(c) = append(*items(c), c.Value("InputObject"))
				return nil
			},
			End: func(c *Call) error {
				cc := internals(c)
				list := *items(c)
				if len(list) == 0 {
					return nil
				}
				v := list[0]
				if len(list) > 1 {
					v = list
				}
				depth := 2
				if c.Bound("Depth") {
					depth, _ = c.Value("Depth").(int)
					if depth > 100 {
						return cc.plainErrorRec(fmt.Sprintf(msgJSONDepthTooLarge, depth), "ReachedMaximumDepthAllowed", "InvalidOperation", "System.InvalidOperationException")
					}
				}
				c.WriteObject(cc.s.convertToJSON(v, depth, c.Switch("Compress")))
				return nil
			},
		},
		{
			Name: "ConvertFrom-Json",
			Params: []Param{
				{Name: "InputObject", Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true},
			},
			Process: func(c *Call) error {
				*items(c) = append(*items(c), c.String("InputObject"))
				return nil
			},
			End: func(c *Call) error {
				cc := internals(c)
				parts := []string{}
				for _, it := range *items(c) {
					parts = append(parts, toStr(it))
				}
				text := strings.Join(parts, "\n")
				if strings.TrimSpace(text) == "" {
					return nil
				}
				v, err := convertFromJSON(text)
				if err != nil {
					return cc.plainErrorRec(jsonErrorMessage(text), "System.ArgumentException", "NotSpecified", "System.ArgumentException")
				}
				// 5.1 writes a JSON array as one object (not enumerated).
				c.WriteObject(v)
				return nil
			},
		},
	}
}

// jsonErrorMessage approximates JavaScriptSerializer's "Invalid JSON primitive: X." text.
func jsonErrorMessage(text string) string {
	t := strings.TrimSpace(text)
	word := t
	if i := strings.IndexAny(t, " \t\r\n,:{}[]"); i > 0 {
		word = t[:i]
	} else if i == 0 {
		word = ""
	}
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return msgJSONInvalidObject
	}
	return "Invalid JSON primitive: " + word + "."
}

func (cc *cmdCall) plainErrorRec(msg, id, cat, exType string) error {
	return &psErrorCarrier{e: cc.plainError(msg, id, cat, exType)}
}
