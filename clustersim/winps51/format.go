package winps51

import (
	"strings"
	"time"
)

// outDefault renders the objects that reach the end of a top-level pipeline, as Out-Default
// does on the 5.1 console: strings and numbers as they are, objects in their default table
// view (list view for 5 or more properties), hashtables as Name/Value tables.
type outDefault struct {
	s     *runspaceState
	w     func(string)
	rows  []*Object
	cols  []string
	shape string
	// fixed holds the declared widths of a view table (Object.TableWidths).
	fixed []int
}

func newOutDefault(s *runspaceState) *outDefault {
	return &outDefault{s: s, w: func(text string) { consoleWrite(s.stdout, text) }}
}

// newStringFormatter renders into a string (Out-String).
func newStringFormatter(s *runspaceState, b *strings.Builder) *outDefault {
	return &outDefault{s: s, w: func(text string) { b.WriteString(text) }}
}

func (f *outDefault) line(text string) { f.w(text + "\r\n") }

func (f *outDefault) write(v Value) {
	switch x := v.(type) {
	case nil:
		return
	case *Object:
		if e, ok := x.native.(*psError); ok {
			f.flush()
			f.w(strings.ReplaceAll(e.consoleText(), "\n", "\r\n"))
			return
		}
		if x.Str != nil && len(x.Props) == 0 {
			f.flush()
			f.line(x.Str())
			return
		}
		if len(f.rows) > 0 && x.TableWidths == nil {
			// An object whose type has no view of its own joins the table the first
			// object opened, with that table's columns (PowerShell/PowerShell#4552).
			f.rows = append(f.rows, x)
			return
		}
		cols := displayColumns(x)
		if len(x.DefaultDisplay) == 0 && len(cols) >= 5 {
			f.flush()
			f.writeList(x, cols)
			return
		}
		shape := strings.ToLower(strings.Join(x.TypeNames, ",") + "|" + strings.Join(cols, ","))
		if len(x.DefaultDisplay) > 0 {
			shape = "view|" + strings.ToLower(strings.Join(cols, ","))
		}
		if len(f.rows) > 0 && shape != f.shape {
			f.flush()
		}
		if len(f.rows) == 0 {
			// The table's group starts at once (its blank line); headers and rows wait
			// for the widths, so host output written meanwhile comes first.
			f.w("\r\n")
			f.fixed = x.TableWidths
		}
		f.shape, f.cols = shape, cols
		f.rows = append(f.rows, x)
	case *Hashtable:
		f.flush()
		f.writeHashtable(x)
	case *formattedText:
		f.flush()
		f.w(x.text)
	case time.Time:
		f.flush()
		f.line("")
		f.line(dateEnUSLong(x))
		f.line("")
		f.line("")
	default:
		f.flush()
		f.line(scalarText(v))
	}
}

// formattedText is output already laid out (Format-Table, Format-List).
type formattedText struct{ text string }

func scalarText(v Value) string {
	switch x := v.(type) {
	case []byte:
		return toStr(x)
	case *ScriptBlock:
		return x.Text
	}
	return toStr(v)
}

func displayColumns(o *Object) []string {
	if len(o.DefaultDisplay) > 0 {
		return o.DefaultDisplay
	}
	cols := make([]string, len(o.Props))
	for i, p := range o.Props {
		cols[i] = p.Name
	}
	return cols
}

// cellText is a value as a table cell or list entry shows it.
func cellText(v Value) string {
	switch x := normalizeHost(v).(type) {
	case nil:
		return ""
	case time.Time:
		return dateEnUS(x)
	case []Value:
		parts := []string{}
		for i, e := range x {
			if i == formatEnumerationLimit {
				return "{" + strings.Join(parts, ", ") + "...}"
			}
			parts = append(parts, toStr(e))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []string:
		return cellText(asList(x))
	case *Hashtable:
		parts := []string{}
		for _, k := range x.keys {
			parts = append(parts, toStr(k))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return toStr(v)
}

// formatEnumerationLimit is $FormatEnumerationLimit's default.
const formatEnumerationLimit = 4

func isNumeric(v Value) bool {
	switch normalizeHost(v).(type) {
	case int, int64, float64:
		return true
	}
	return false
}

// flush writes the pending table.
func (f *outDefault) flush() {
	if len(f.rows) == 0 {
		return
	}
	rows, cols, fixed := f.rows, f.cols, f.fixed
	f.rows, f.cols, f.shape, f.fixed = nil, nil, "", nil
	if fixed != nil {
		f.w(strings.TrimPrefix(renderFixedTable(rows, cols, fixed), "\r\n"))
		return
	}
	f.w(strings.TrimPrefix(renderTable(rows, cols), "\r\n"))
}

// renderTable lays out Format-Table's default view: a blank line, headers, dashes as long as
// each header, rows; numbers right-aligned; then two blank lines.
func renderTable(rows []*Object, cols []string) string {
	widths := make([]int, len(cols))
	right := make([]bool, len(cols))
	cells := make([][]string, len(rows))
	for j, c := range cols {
		widths[j] = len([]rune(c))
		if v, ok := rows[0].getProp(c); ok && isNumeric(v) {
			right[j] = true
		}
	}
	for i, r := range rows {
		cells[i] = make([]string, len(cols))
		for j, c := range cols {
			v, _ := r.getProp(c)
			t := cellText(v)
			cells[i][j] = t
			if n := len([]rune(t)); n > widths[j] {
				widths[j] = n
			}
		}
	}
	// Keep the table within the console width: shrink the widest columns, cutting
	// their values with "...".
	total := func() int {
		t := len(widths) - 1
		for _, w := range widths {
			t += w
		}
		return t
	}
	for total() > tableViewWidth-1 {
		wi := 0
		for j := range widths {
			if widths[j] > widths[wi] {
				wi = j
			}
		}
		if widths[wi] <= 4 {
			break
		}
		widths[wi]--
	}
	var b strings.Builder
	b.WriteString("\r\n")
	pad := func(s string, w int, r bool, last bool) string {
		rs := []rune(s)
		if len(rs) > w {
			if w > 3 {
				s = string(rs[:w-3]) + "..."
			} else {
				s = string(rs[:w])
			}
			rs = []rune(s)
		}
		if r {
			return strings.Repeat(" ", w-len(rs)) + s
		}
		if last {
			return s
		}
		return s + strings.Repeat(" ", w-len(rs))
	}
	writeRow := func(vals []string) {
		parts := make([]string, len(vals))
		for j, v := range vals {
			parts[j] = pad(v, widths[j], right[j], j == len(vals)-1)
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, " "), " ") + "\r\n")
	}
	writeRow(cols)
	dashes := make([]string, len(cols))
	for j, c := range cols {
		dashes[j] = strings.Repeat("-", min(len([]rune(c)), widths[j]))
	}
	writeRow(dashes)
	for _, r := range cells {
		writeRow(r)
	}
	b.WriteString("\r\n\r\n")
	return b.String()
}

// writeList lays out one object in list view ("Name : value").
func (f *outDefault) writeList(o *Object, cols []string) {
	f.w(renderList([]*Object{o}, cols))
}

func renderList(objs []*Object, cols []string) string {
	var b strings.Builder
	b.WriteString("\r\n")
	for _, o := range objs {
		width := 0
		for _, c := range cols {
			width = max(width, len([]rune(c)))
		}
		b.WriteString("\r\n")
		for _, c := range cols {
			v, _ := o.getProp(c)
			label := c + strings.Repeat(" ", width-len([]rune(c))) + " : "
			b.WriteString(wrapListValue(label, cellText(v)))
		}
	}
	b.WriteString("\r\n\r\n")
	return b.String()
}

// writeHashtable uses the DictionaryEntry view: Name in 30 columns, then Value.
func (f *outDefault) writeHashtable(h *Hashtable) {
	f.w(renderHashtable(h))
}

func renderHashtable(h *Hashtable) string {
	var b strings.Builder
	b.WriteString("\r\nName                           Value\r\n----                           -----\r\n")
	for i, k := range h.keys {
		name := toStr(k)
		if len([]rune(name)) > 30 {
			name = string([]rune(name)[:27]) + "..."
		}
		val := cellText(h.vals[i])
		if len([]rune(val)) > tableViewWidth-32 {
			val = string([]rune(val)[:tableViewWidth-35]) + "..."
		}
		b.WriteString(strings.TrimRight(name+strings.Repeat(" ", 31-len([]rune(name)))+val, " ") + "\r\n")
	}
	b.WriteString("\r\n\r\n")
	return b.String()
}

// renderFixedTable lays out a table whose view fixes the column widths (0: an equal share of
// the console width); values too long are cut with "...".
func renderFixedTable(rows []*Object, cols []string, declared []int) string {
	n := len(cols)
	share := (tableViewWidth - 1 - (n - 1)) / n
	widths := make([]int, n)
	right := make([]bool, n)
	for j := range cols {
		widths[j] = share
		if j < len(declared) && declared[j] > 0 {
			widths[j] = declared[j]
		}
		if v, ok := rows[0].getProp(cols[j]); ok && isNumeric(v) {
			right[j] = true
		}
	}
	cell := func(s string, j int) string {
		w := widths[j]
		rs := []rune(s)
		if len(rs) > w {
			if w > 3 {
				return string(rs[:w-3]) + "..."
			}
			return string(rs[:w])
		}
		if right[j] {
			return strings.Repeat(" ", w-len(rs)) + s
		}
		return s + strings.Repeat(" ", w-len(rs))
	}
	line := func(vals []string) string {
		parts := make([]string, n)
		for j, v := range vals {
			parts[j] = cell(v, j)
		}
		return strings.TrimRight(strings.Join(parts, " "), " ") + "\r\n"
	}
	var b strings.Builder
	b.WriteString("\r\n")
	b.WriteString(line(cols))
	dashes := make([]string, n)
	for j, c := range cols {
		dashes[j] = strings.Repeat("-", min(len([]rune(c)), widths[j]))
	}
	b.WriteString(line(dashes))
	for _, r := range rows {
		vals := make([]string, n)
		for j, c := range cols {
			v, _ := r.getProp(c)
			vals[j] = cellText(v)
		}
		b.WriteString(line(vals))
	}
	b.WriteString("\r\n\r\n")
	return b.String()
}

// wrapListValue writes "Label : value", wrapping the value at the console width with its
// continuation lines under the value's column, as the list view does.
func wrapListValue(label, value string) string {
	indent := len([]rune(label))
	room := tableViewWidth - 1 - indent
	var b strings.Builder
	first := true
	for _, line := range strings.Split(strings.ReplaceAll(value, "\r\n", "\n"), "\n") {
		rs := []rune(line)
		for {
			chunk := rs
			if room > 0 && len(chunk) > room {
				chunk = rs[:room]
			}
			if first {
				b.WriteString(label)
				first = false
			} else {
				b.WriteString(strings.Repeat(" ", indent))
			}
			b.WriteString(string(chunk) + "\r\n")
			rs = rs[len(chunk):]
			if len(rs) == 0 {
				break
			}
		}
	}
	return b.String()
}
