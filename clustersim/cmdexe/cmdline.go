package cmdexe

import (
	"fmt"
	"strings"
)

// maxCmdLine is cmd.exe's limit on a command line: 8191 characters (Microsoft: "Command
// prompt (Cmd.exe) command-line string limitation").
const maxCmdLine = 8191

// chainOp says when a command of a line runs, from the operator before it.
type chainOp int

const (
	opFirst  chainOp = iota // the first command of the line
	opAlways                // a & b
	opAnd                   // a && b: only when a exited 0
	opOr                    // a || b: only when a exited non-zero
)

// redirect is one "N>target", "N>>target", "<target" or "N>&M" of a command.
type redirect struct {
	fd     int    // 0 stdin, 1 stdout, 2 stderr
	target string // a file name, or "&1" / "&2" for a handle
	append bool
}

// simpleCmd is one command of a line after cmd.exe's escape processing: text is what the
// program receives as its command line (quotes kept, ^ escapes removed, redirections cut).
type simpleCmd struct {
	text      string
	redirects []redirect
}

// chainItem is a pipeline (commands joined by |) and the operator before it.
type chainItem struct {
	op   chainOp
	pipe []simpleCmd
}

// syntaxError is cmd.exe's "X was unexpected at this time.".
type syntaxError struct{ token string }

func (e *syntaxError) Error() string { return e.token + " was unexpected at this time." }

// stripOuterQuotes applies the rule "cmd /?" documents for /C without /S: when the line
// starts with a quote, the first and the last quote are removed, unless the line has
// exactly two quotes, no special character (&<>()@^|) between them, whitespace between
// them, and the quoted string names a program (isProgram).
func stripOuterQuotes(line string, isProgram func(string) bool) string {
	if !strings.HasPrefix(line, `"`) {
		return line
	}
	last := strings.LastIndexByte(line, '"')
	if strings.Count(line, `"`) == 2 {
		inner := line[1:last]
		if !strings.ContainsAny(inner, "&<>()@^|") && strings.ContainsAny(inner, " \t") && isProgram(inner) {
			return line
		}
	}
	if last == 0 {
		return line[1:]
	}
	return line[1:last] + line[last+1:]
}

// expandPercent replaces %NAME% by the variable's value, as cmd.exe does on a command line
// (not in a batch file): an undefined variable is left as it is, and so is a lone %.
func expandPercent(line string, lookup func(string) (string, bool)) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		c := line[i]
		if c != '%' {
			b.WriteByte(c)
			i++
			continue
		}
		end := strings.IndexByte(line[i+1:], '%')
		if end < 0 {
			b.WriteString(line[i:])
			break
		}
		name := line[i+1 : i+1+end]
		if v, ok := lookup(name); ok && name != "" {
			b.WriteString(v)
			i += end + 2
			continue
		}
		// Undefined: keep the first % and go on from the second one, which may open a
		// defined variable ("%X%PATH%" keeps "%X" and expands "%PATH%").
		b.WriteString(line[i : i+1+end])
		i += end + 1
	}
	return b.String()
}

// parseLine splits an expanded line into pipelines joined by &, && and ||, handling quotes
// (special characters are literal inside them) and ^ escapes (outside quotes).
func parseLine(line string) ([]chainItem, error) {
	var (
		items   []chainItem
		pipe    []simpleCmd
		cur     strings.Builder
		redirs  []redirect
		inQuote bool
		nextOp  = opFirst
	)
	endCmd := func(token string) error {
		// Trailing blanks stay: "echo a & echo b" prints "a ", as on Windows.
		text := strings.TrimLeft(cur.String(), " \t")
		if strings.TrimSpace(text) == "" && len(redirs) == 0 {
			return &syntaxError{token: token}
		}
		pipe = append(pipe, simpleCmd{text: text, redirects: redirs})
		cur.Reset()
		redirs = nil
		return nil
	}
	endPipe := func(token string, op chainOp) error {
		if err := endCmd(token); err != nil {
			return err
		}
		items = append(items, chainItem{op: nextOp, pipe: pipe})
		pipe = nil
		nextOp = op
		return nil
	}

	n := len(line)
	for i := 0; i < n; {
		c := line[i]
		if inQuote {
			if c == '"' {
				inQuote = false
			}
			cur.WriteByte(c)
			i++
			continue
		}
		if isRemStart(cur.String(), line[i:]) {
			// REM comments out the rest of the line, operators included.
			cur.WriteString(line[i:])
			break
		}
		switch c {
		case '"':
			inQuote = true
			cur.WriteByte(c)
			i++
		case '^':
			if i+1 < n {
				cur.WriteByte(line[i+1])
			}
			i += 2
		case '&':
			op, tok := opAlways, "&"
			if i+1 < n && line[i+1] == '&' {
				op, tok = opAnd, "&&"
			}
			if err := endPipe(tok, op); err != nil {
				return nil, err
			}
			i += len(tok)
		case '|':
			if i+1 < n && line[i+1] == '|' {
				if err := endPipe("||", opOr); err != nil {
					return nil, err
				}
				i += 2
				continue
			}
			if err := endCmd("|"); err != nil {
				return nil, err
			}
			i++
		case '>', '<':
			r, next, err := parseRedirect(line, i, &cur)
			if err != nil {
				return nil, err
			}
			redirs = append(redirs, r)
			i = next
		default:
			cur.WriteByte(c)
			i++
		}
	}
	text := strings.TrimLeft(cur.String(), " \t")
	switch {
	case strings.TrimSpace(text) != "" || len(redirs) > 0:
		pipe = append(pipe, simpleCmd{text: text, redirects: redirs})
		items = append(items, chainItem{op: nextOp, pipe: pipe})
	case len(pipe) > 0:
		return nil, &syntaxError{token: "|"} // "a |" with nothing after the pipe
	case nextOp == opAnd:
		return nil, &syntaxError{token: "&&"}
	case nextOp == opOr:
		return nil, &syntaxError{token: "||"}
	}
	return items, nil
}

// isRemStart reports whether a command starts here with REM: nothing but blanks (or @)
// before it in the command, and "rem" followed by a blank or the end of the line.
func isRemStart(before, rest string) bool {
	if strings.Trim(before, " \t@") != "" || len(rest) < 3 || !strings.EqualFold(rest[:3], "rem") {
		return false
	}
	return len(rest) == 3 || rest[3] == ' ' || rest[3] == '\t'
}

// parseRedirect reads a redirection starting at line[i] ('>' or '<'). A single digit
// standing alone just before it (" 2>nul") names the handle and is taken out of cur.
func parseRedirect(line string, i int, cur *strings.Builder) (redirect, int, error) {
	r := redirect{fd: 1}
	if line[i] == '<' {
		r.fd = 0
	}
	s := cur.String()
	if k := len(s); k > 0 && s[k-1] >= '0' && s[k-1] <= '9' && (k == 1 || s[k-2] == ' ' || s[k-2] == '\t') {
		r.fd = int(s[k-1] - '0')
		cur.Reset()
		cur.WriteString(s[:k-1])
	}
	i++
	if line[i-1] == '>' && i < len(line) && line[i] == '>' {
		r.append = true
		i++
	}
	if i < len(line) && line[i] == '&' {
		j := i + 1
		for j < len(line) && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j == i+1 {
			return r, 0, &syntaxError{token: "&"}
		}
		r.target = line[i:j]
		return r, j, nil
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	var t strings.Builder
	inQuote := false
	for i < len(line) {
		c := line[i]
		if c == '"' {
			inQuote = !inQuote
			i++
			continue
		}
		if !inQuote && strings.IndexByte(" \t&|<>", c) >= 0 {
			break
		}
		if !inQuote && c == '^' && i+1 < len(line) {
			i++
			c = line[i]
		}
		t.WriteByte(c)
		i++
	}
	if t.Len() == 0 {
		tok := "newline"
		if i < len(line) {
			tok = string(line[i])
		}
		return r, 0, &syntaxError{token: tok}
	}
	r.target = t.String()
	return r, i, nil
}

// commandWord splits a command's text into the command name as cmd.exe finds it (quotes
// removed) and the rest of the text, which starts with the character after the name.
func commandWord(text string) (name, rest string) {
	text = strings.TrimLeft(text, " \t@")
	var b strings.Builder
	inQuote := false
	i := 0
	for ; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if !inQuote && (c == ' ' || c == '\t' || c == ',' || c == ';' || c == '=') {
			break
		}
		b.WriteByte(c)
	}
	return b.String(), text[i:]
}

// builtinSplit recognises an internal command at the start of word: the name itself, or the
// name followed by one of the characters cmd.exe accepts as a separator ("echo.", "echo:",
// "exit/b"). It returns the rest of the word, which becomes part of the arguments.
func builtinSplit(word, name string) (string, bool) {
	lw := strings.ToLower(word)
	if lw == name {
		return "", true
	}
	if strings.HasPrefix(lw, name) && strings.IndexByte(`./:\(+[]`, lw[len(name)]) >= 0 {
		return word[len(name):], true
	}
	return "", false
}

func (r redirect) String() string {
	op := ">"
	if r.fd == 0 {
		op = "<"
	} else if r.append {
		op = ">>"
	}
	return fmt.Sprintf("%d%s%s", r.fd, op, r.target)
}
