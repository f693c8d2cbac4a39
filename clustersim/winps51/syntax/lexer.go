package syntax

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// lexer scans tokens on demand from a rune offset, in the mode the parser asks for. It keeps
// no state besides the source, so the parser can re-scan a position in another mode.
type lexer struct {
	src  []rune
	nest int // $( ) inside strings being skipped, bounded like the parser's depth
}

func (lx *lexer) at(i int) rune {
	if i < 0 || i >= len(lx.src) {
		return 0
	}
	return lx.src[i]
}

// skipSpace skips blanks, comments and line continuations; it stops at a line break.
func (lx *lexer) skipSpace(pos int) (int, *ParseError) {
	for pos < len(lx.src) {
		r := lx.src[pos]
		switch {
		case r == ' ' || r == '\t' || r == '\f' || r == '\v' || r == '\u00a0' || r == '\ufeff':
			pos++
		case r == '`' && (lx.at(pos+1) == '\n' || lx.at(pos+1) == '\r'):
			pos++
			if lx.at(pos) == '\r' {
				pos++
			}
			if lx.at(pos) == '\n' {
				pos++
			}
		case r == '#':
			for pos < len(lx.src) && lx.src[pos] != '\n' && lx.src[pos] != '\r' {
				pos++
			}
		case r == '<' && lx.at(pos+1) == '#':
			end := strings.Index(string(lx.src[pos+2:]), "#>")
			if end < 0 {
				return pos, &ParseError{ID: "MissingTerminatorMultiLineComment", Message: "The terminator '#>' is missing from the multiline comment.", Pos: len(lx.src), End: len(lx.src), Incomplete: true}
			}
			pos += 2 + len([]rune(string(lx.src[pos+2:])[:end])) + 2
		default:
			return pos, nil
		}
	}
	return pos, nil
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isWordEnd reports the runes that end a bareword in command mode.
func isWordEnd(r rune) bool {
	switch r {
	case 0, ' ', '\t', '\r', '\n', ';', '|', '&', '(', ')', '{', '}', ',', '\f', '\v', '\u00a0':
		return true
	}
	return false
}

// scan returns the token at pos (after blanks and comments).
func (lx *lexer) scan(pos int, mode lexMode) (token, *ParseError) {
	start := pos
	pos, perr := lx.skipSpace(pos)
	if perr != nil {
		return token{}, perr
	}
	t := token{Pos: pos, SpaceBefore: pos > start || start == 0}
	if pos > 0 && pos == start {
		p := lx.src[pos-1]
		t.SpaceBefore = p == ' ' || p == '\t' || p == '\n' || p == '\r'
	}
	done := func(kind tokKind, end int) (token, *ParseError) {
		t.Kind, t.End = kind, end
		return t, nil
	}
	if pos >= len(lx.src) {
		return done(tEOF, pos)
	}
	r := lx.src[pos]
	next := lx.at(pos + 1)
	switch {
	case r == '\n':
		return done(tNewline, pos+1)
	case r == '\r':
		if next == '\n' {
			return done(tNewline, pos+2)
		}
		return done(tNewline, pos+1)
	case r == ';':
		return done(tSemi, pos+1)
	case r == '(':
		return done(tLParen, pos+1)
	case r == ')':
		return done(tRParen, pos+1)
	case r == '{':
		return done(tLBrace, pos+1)
	case r == '}':
		return done(tRBrace, pos+1)
	case r == '[' && mode != modeCommand:
		return done(tLBracket, pos+1)
	case r == ']':
		return done(tRBracket, pos+1)
	case r == ',':
		return done(tComma, pos+1)
	case r == '|':
		if next == '|' {
			return done(tOrOr, pos+2)
		}
		return done(tPipe, pos+1)
	case r == '&':
		if next == '&' {
			return done(tAndAnd, pos+2)
		}
		return done(tAmp, pos+1)
	case isSingleQuote(r):
		return lx.scanSingle(t, pos)
	case isDoubleQuote(r):
		return lx.scanDouble(t, pos)
	case r == '@':
		switch {
		case next == '(':
			return done(tAtParen, pos+2)
		case next == '{':
			return done(tAtBrace, pos+2)
		case isSingleQuote(next) || isDoubleQuote(next):
			return lx.scanHere(t, pos)
		case isIdentRune(next):
			end := pos + 1
			for isIdentRune(lx.at(end)) {
				end++
			}
			t.Val = string(lx.src[pos+1 : end])
			return done(tSplat, end)
		}
	case r == '$':
		return lx.scanVariable(t, pos)
	case (r == '>' || ((r >= '1' && r <= '6' || r == '*') && next == '>')):
		end := pos + 1
		if r != '>' {
			end++
		}
		if lx.at(end) == '>' {
			end++
		} else if lx.at(end) == '&' && lx.at(end+1) >= '1' && lx.at(end+1) <= '6' {
			end += 2
		}
		t.Val = string(lx.src[pos:end])
		return done(tRedirect, end)
	case r == '<':
		t.Val = "<"
		return done(tRedirect, pos+1)
	}
	if mode == modeCommand {
		return lx.scanCommandToken(t, pos)
	}
	return lx.scanExprToken(t, pos)
}

func (lx *lexer) scanExprToken(t token, pos int) (token, *ParseError) {
	r, next := lx.src[pos], lx.at(pos+1)
	done := func(kind tokKind, end int) (token, *ParseError) {
		t.Kind, t.End = kind, end
		return t, nil
	}
	switch {
	case r >= '0' && r <= '9' || (r == '.' && next >= '0' && next <= '9'):
		if tok, ok := lx.scanNumber(t, pos); ok {
			return tok, nil
		}
	case r == '.':
		if next == '.' {
			return done(tDotDot, pos+2)
		}
		return done(tDot, pos+1)
	case r == ':' && next == ':':
		return done(tColonColon, pos+2)
	case r == '=':
		t.Val = "="
		return done(tAssign, pos+1)
	case r == '+':
		if next == '+' {
			return done(tPlusPlus, pos+2)
		}
		if next == '=' {
			t.Val = "+="
			return done(tAssign, pos+2)
		}
		return done(tPlus, pos+1)
	case isDash(r):
		if isDash(next) {
			return done(tMinusMinus, pos+2)
		}
		if next == '=' {
			t.Val = "-="
			return done(tAssign, pos+2)
		}
		if unicode.IsLetter(next) {
			end := pos + 1
			for unicode.IsLetter(lx.at(end)) {
				end++
			}
			t.Val = strings.ToLower(string(lx.src[pos+1 : end]))
			return done(tOperator, end)
		}
		return done(tMinus, pos+1)
	case r == '*':
		if next == '=' {
			t.Val = "*="
			return done(tAssign, pos+2)
		}
		return done(tStar, pos+1)
	case r == '/':
		if next == '=' {
			t.Val = "/="
			return done(tAssign, pos+2)
		}
		return done(tSlash, pos+1)
	case r == '%':
		if next == '=' {
			t.Val = "%="
			return done(tAssign, pos+2)
		}
		return done(tPercent, pos+1)
	case r == '!':
		return done(tExcl, pos+1)
	}
	// A generic word: a command name, a keyword, or something the parser will reject.
	end := pos
	for isIdentRune(lx.at(end)) || (end > pos && (isDash(lx.at(end)) || lx.at(end) == '\\')) {
		end++
	}
	if end == pos {
		end = pos + 1
	}
	t.Val = string(lx.src[pos:end])
	return done(tWord, end)
}

func (lx *lexer) scanCommandToken(t token, pos int) (token, *ParseError) {
	r, next := lx.src[pos], lx.at(pos+1)
	done := func(kind tokKind, end int) (token, *ParseError) {
		t.Kind, t.End = kind, end
		return t, nil
	}
	if isDash(r) && (unicode.IsLetter(next) || next == '_' || next == '?') {
		end := pos + 1
		for !isWordEnd(lx.at(end)) && lx.at(end) != ':' && lx.at(end) != '.' && lx.at(end) != '[' && lx.at(end) != '\'' && lx.at(end) != '"' {
			end++
		}
		t.Val = string(lx.src[pos+1 : end])
		if lx.at(end) == ':' {
			t.Colon = true
			end++
		}
		return done(tParameter, end)
	}
	if isDash(r) && isDash(next) && isWordEnd(lx.at(pos+2)) {
		t.Val = "--"
		return done(tWord, pos+2)
	}
	if r == '.' && next == '.' {
		return done(tDotDot, pos+2)
	}
	if r == '=' || (r == '+' || isDash(r) || r == '*' || r == '/' || r == '%') && next == '=' {
		return lx.scanExprToken(t, pos)
	}
	if r == '!' {
		return done(tExcl, pos+1)
	}
	if r == ':' && next == ':' {
		return done(tColonColon, pos+2)
	}
	// A number stands alone only when the whole word is a number (1, -1, 0x10, 1kb).
	end := pos
	for !isWordEnd(lx.at(end)) && !isSingleQuote(lx.at(end)) && !isDoubleQuote(lx.at(end)) && (end <= pos || lx.at(end) != '$') {
		if lx.at(end) == '`' && end+1 < len(lx.src) {
			end++
		}
		end++
	}
	if end == pos {
		end = pos + 1
	}
	word := string(lx.src[pos:end])
	if r >= '0' && r <= '9' || r == '.' || isDash(r) || r == '+' {
		if tok, ok := lx.scanNumber(t, pos); ok && tok.End == end {
			return tok, nil
		}
		// "1..3" in command mode: a number followed by a range is an expression.
		if tok, ok := lx.scanNumber(t, pos); ok && lx.at(tok.End) == '.' && lx.at(tok.End+1) == '.' {
			return tok, nil
		}
	}
	t.Val = unescapeBareword(word)
	return done(tWord, end)
}

// unescapeBareword removes backtick escapes from a command argument.
func unescapeBareword(s string) string {
	if !strings.Contains(s, "`") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '`' && i+1 < len(rs) {
			i++
			b.WriteRune(backtickEscape(rs[i]))
			continue
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// scanNumber reads a numeric literal (optionally signed) with PowerShell's suffixes.
func (lx *lexer) scanNumber(t token, pos int) (token, bool) {
	i := pos
	neg := false
	if isDash(lx.at(i)) || lx.at(i) == '+' {
		neg = isDash(lx.at(i))
		i++
	}
	digitsStart := i
	var v any
	if lx.at(i) == '0' && (lx.at(i+1) == 'x' || lx.at(i+1) == 'X') {
		i += 2
		hs := i
		for strings.ContainsRune("0123456789abcdefABCDEF", lx.at(i)) && lx.at(i) != 0 {
			i++
		}
		if i == hs {
			return t, false
		}
		u, err := strconv.ParseUint(string(lx.src[hs:i]), 16, 64)
		if err != nil {
			return t, false
		}
		switch {
		case u <= math.MaxUint32 && i-hs <= 8:
			v = int(int32(uint32(u)))
		default:
			v = int64(u)
		}
	} else {
		isFloat := false
		for lx.at(i) >= '0' && lx.at(i) <= '9' {
			i++
		}
		if lx.at(i) == '.' && lx.at(i+1) >= '0' && lx.at(i+1) <= '9' {
			isFloat = true
			i++
			for lx.at(i) >= '0' && lx.at(i) <= '9' {
				i++
			}
		}
		if i == digitsStart {
			return t, false
		}
		if (lx.at(i) == 'e' || lx.at(i) == 'E') && (lx.at(i+1) >= '0' && lx.at(i+1) <= '9' || (lx.at(i+1) == '-' || lx.at(i+1) == '+') && lx.at(i+2) >= '0' && lx.at(i+2) <= '9') {
			isFloat = true
			i += 2
			for lx.at(i) >= '0' && lx.at(i) <= '9' {
				i++
			}
		}
		text := string(lx.src[digitsStart:i])
		if isFloat {
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return t, false
			}
			v = f
		} else {
			n, err := strconv.ParseInt(text, 10, 64)
			switch {
			case err != nil:
				f, ferr := strconv.ParseFloat(text, 64)
				if ferr != nil {
					return t, false
				}
				v = f
			case n <= math.MaxInt32:
				v = int(n)
			default:
				v = n
			}
		}
	}
	// Type suffix and multiplier suffix.
	if c := lx.at(i); c == 'l' || c == 'L' {
		v = toInt64Loose(v)
		i++
	} else if c == 'd' || c == 'D' {
		v = toFloatLoose(v)
		i++
	}
	if i+1 < len(lx.src)+1 {
		suf := strings.ToLower(string([]rune{lx.at(i), lx.at(i + 1)}))
		if m, ok := numberMultipliers[suf]; ok {
			i += 2
			switch n := v.(type) {
			case int:
				p := int64(n) * m
				if p <= math.MaxInt32 && p >= math.MinInt32 {
					v = int(p)
				} else {
					v = p
				}
			case int64:
				v = n * m
			case float64:
				v = n * float64(m)
			}
		}
	}
	if isIdentRune(lx.at(i)) {
		return t, false
	}
	if neg {
		switch n := v.(type) {
		case int:
			v = -n
		case int64:
			v = -n
		case float64:
			v = -n
		}
	}
	t.Kind, t.End, t.Num = tNumber, i, v
	return t, true
}

var numberMultipliers = map[string]int64{"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}

func toInt64Loose(v any) any {
	switch n := v.(type) {
	case int:
		return int64(n)
	case float64:
		return int64(math.Round(n))
	}
	return v
}

func toFloatLoose(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	}
	return v
}

func (lx *lexer) scanSingle(t token, pos int) (token, *ParseError) {
	var b strings.Builder
	i := pos + 1
	for {
		if i >= len(lx.src) {
			return t, &ParseError{ID: "TerminatorExpectedAtEndOfString", Message: fmt.Sprintf(msgTerminatorExpected, "'"), Pos: pos, End: len(lx.src), Incomplete: true}
		}
		r := lx.src[i]
		if isSingleQuote(r) {
			if isSingleQuote(lx.at(i + 1)) {
				b.WriteRune(r)
				i += 2
				continue
			}
			break
		}
		b.WriteRune(r)
		i++
	}
	t.Kind, t.End, t.Val = tString, i+1, b.String()
	return t, nil
}

// scanDouble finds the end of a double-quoted string; the parser expands its content. A
// $( ... ) inside is skipped token by token so that its quotes and parentheses nest.
func (lx *lexer) scanDouble(t token, pos int) (token, *ParseError) {
	i := pos + 1
	unterminated := &ParseError{ID: "TerminatorExpectedAtEndOfString", Message: fmt.Sprintf(msgTerminatorExpected, "\""), Pos: pos, End: len(lx.src), Incomplete: true}
	for {
		if i >= len(lx.src) {
			return t, unterminated
		}
		r := lx.src[i]
		switch {
		case r == '`':
			i += 2
			continue
		case isDoubleQuote(r):
			if isDoubleQuote(lx.at(i + 1)) {
				i += 2
				continue
			}
			t.Kind, t.End, t.Val, t.Inner = tExpandString, i+1, string(lx.src[pos+1:i]), pos+1
			return t, nil
		case r == '$' && lx.at(i+1) == '(':
			end, perr := lx.skipSubExpr(i + 2)
			if perr != nil {
				return t, perr
			}
			i = end
			continue
		}
		i++
	}
}

// skipSubExpr returns the offset after the ')' that closes a $( opened before pos.
func (lx *lexer) skipSubExpr(pos int) (int, *ParseError) {
	lx.nest++
	defer func() { lx.nest-- }()
	if lx.nest > maxParseDepth {
		return 0, &ParseError{ID: "ScriptTooComplicated", Message: msgNestingTooDeep, Pos: pos, End: pos}
	}
	depth := 1
	for {
		tok, perr := lx.scan(pos, modeExpr)
		if perr != nil {
			return 0, perr
		}
		switch tok.Kind {
		case tEOF:
			return 0, &ParseError{ID: "MissingEndParenthesisInSubexpression", Message: msgMissingEndParenSubexpr, Pos: len(lx.src), End: len(lx.src), Incomplete: true}
		case tLParen, tDollarParen, tAtParen:
			depth++
		case tRParen:
			depth--
			if depth == 0 {
				return tok.End, nil
			}
		}
		pos = tok.End
		if tok.End <= tok.Pos {
			pos = tok.Pos + 1
		}
	}
}

// scanHere reads @' ... '@ and @" ... "@: the content starts on the line after the opening
// and ends before a line that starts with the closing quote and @.
func (lx *lexer) scanHere(t token, pos int) (token, *ParseError) {
	dq := isDoubleQuote(lx.at(pos + 1))
	i := pos + 2
	for i < len(lx.src) && (lx.src[i] == ' ' || lx.src[i] == '\t') {
		i++
	}
	if lx.at(i) == '\r' {
		i++
	}
	if lx.at(i) != '\n' {
		return t, &ParseError{ID: "UnexpectedCharactersAfterHereStringHeader", Message: "No characters are allowed after a here-string header but before the end of the line.", Pos: pos + 2, End: i}
	}
	i++
	contentStart := i
	quote := "'"
	if dq {
		quote = "\""
	}
	for lineStart := i; lineStart <= len(lx.src); {
		if lineStart < len(lx.src) && (lx.src[lineStart] == '\'' || lx.src[lineStart] == '"' || isSingleQuote(lx.src[lineStart]) || isDoubleQuote(lx.src[lineStart])) &&
			(isDoubleQuote(lx.src[lineStart]) == dq) && lx.at(lineStart+1) == '@' {
			contentEnd := lineStart - 1 // drop the line break before the terminator
			if contentEnd < contentStart {
				contentEnd = contentStart
			} else if contentEnd > contentStart && lx.src[contentEnd-1] == '\r' {
				contentEnd--
			}
			content := string(lx.src[contentStart:contentEnd])
			t.Kind, t.End, t.Val, t.Inner = tString, lineStart+2, content, contentStart
			if dq {
				t.Kind = tExpandString
			}
			return t, nil
		}
		nl := lineStart
		for nl < len(lx.src) && lx.src[nl] != '\n' {
			nl++
		}
		if nl >= len(lx.src) {
			break
		}
		lineStart = nl + 1
	}
	return t, &ParseError{ID: "TerminatorExpectedAtEndOfString", Message: fmt.Sprintf(msgTerminatorExpected, quote+"@"), Pos: pos, End: len(lx.src), Incomplete: true}
}

// scanVariable reads $name, ${name}, $scope:name, $_, $?, $$, $^ and $(.
func (lx *lexer) scanVariable(t token, pos int) (token, *ParseError) {
	next := lx.at(pos + 1)
	done := func(end int) (token, *ParseError) {
		t.Kind, t.End = tVariable, end
		return t, nil
	}
	switch {
	case next == '(':
		t.Kind, t.End = tDollarParen, pos+2
		return t, nil
	case next == '{':
		end := pos + 2
		for end < len(lx.src) && lx.src[end] != '}' {
			end++
		}
		if end >= len(lx.src) {
			return t, &ParseError{ID: "IncompleteDollarVariableReference", Message: "Missing } at end of variable name.", Pos: pos, End: end, Incomplete: true}
		}
		t.Val, t.Braced = string(lx.src[pos+2:end]), true
		splitScope(&t)
		return done(end + 1)
	case next == '?' || next == '$' || next == '^':
		t.Val = string(next)
		return done(pos + 2)
	case isIdentRune(next) || next == ':':
		end := pos + 1
		for isIdentRune(lx.at(end)) || lx.at(end) == '?' {
			end++
		}
		// $scope:name / $env:NAME (a drive-qualified name).
		if lx.at(end) == ':' && lx.at(end+1) != ':' && isIdentRune(lx.at(end+1)) {
			end++
			for isIdentRune(lx.at(end)) || lx.at(end) == '?' {
				end++
			}
		}
		t.Val = string(lx.src[pos+1 : end])
		splitScope(&t)
		return done(end)
	}
	return t, &ParseError{ID: "InvalidVariableReference", Message: msgInvalidVariableReference, Pos: pos, End: pos + 1}
}

func splitScope(t *token) {
	if i := strings.IndexByte(t.Val, ':'); i > 0 {
		t.Scope, t.Val = strings.ToLower(t.Val[:i]), t.Val[i+1:]
	}
}

// backtickEscape is the character a backtick escape stands for in double-quoted strings.
func backtickEscape(r rune) rune {
	switch r {
	case '0':
		return 0
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 'e':
		return 0x1b
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'v':
		return '\v'
	}
	return r
}

// ParseNumber reads a whole string as PowerShell converts a string to a number: by the
// tokenizer's rules for numeric literals (sign, hex, exponent, type and multiplier
// suffixes). It gives an int, int64 or float64, and false when s is not one number.
func ParseNumber(s string) (any, bool) {
	lx := lexer{src: []rune(s)}
	if tok, ok := lx.scanNumber(token{}, 0); ok && tok.End == len(lx.src) {
		return tok.Num, true
	}
	return nil, false
}
