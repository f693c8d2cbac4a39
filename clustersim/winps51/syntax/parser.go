package syntax

import (
	"fmt"
	"strings"
)

// parser is a recursive-descent parser over the modal lexer. Errors are raised by panicking
// with a *ParseError and recovered in parseScript, which keeps the grammar code short.
type parser struct {
	lx    lexer
	src   *Source
	pos   int
	depth int
	// noComma stops an expression at a comma: method arguments, parameter defaults and
	// attribute arguments are comma-separated lists, not array literals.
	noComma bool
	// cache holds the last scans: the parser peeks the same place several times.
	cache    [4]token
	cacheKey [4]int
	cacheN   int
}

// maxParseDepth bounds recursion so that hostile input cannot exhaust the stack.
const maxParseDepth = 300

// Parse parses a whole script. Its error, when not nil, is a *ParseError with the position
// of the first error (the parser stops there).
func Parse(text string) (*ScriptBlockAst, error) {
	sb, perr := parseScript(text)
	if perr != nil {
		return nil, perr
	}
	return sb, nil
}

// parseScript parses a whole script; a ParseError it returns has its line and column.
func parseScript(text string) (sb *ScriptBlockAst, perr *ParseError) {
	src := NewSource(text)
	p := &parser{lx: lexer{src: src.text}, src: src}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*ParseError)
			if !ok {
				// A parser bug is reported, not allowed to take the simulator down.
				e = &ParseError{ID: "EngineFailure", Message: fmt.Sprintf("%s: %v", parserFailureText, r)}
			}
			e.Line, e.Col = src.LineCol(min(max(e.Pos, 0), src.Len()))
			sb, perr = nil, e
		}
	}()
	sb = p.parseBlockBody(tEOF, 0)
	t := p.peek(modeExpr)
	if t.Kind != tEOF {
		p.unexpected(t)
	}
	return sb, nil
}

// tokText is the source text of a token.
func (p *parser) tokText(t token) string { return string(p.lx.src[t.Pos:t.End]) }

func (p *parser) ext(start, end int) Extent { return Extent{Start: start, End: end, Src: p.src} }

func (p *parser) peek(mode lexMode) token {
	key := p.pos*2 + int(mode) + 1
	for i := range p.cacheKey {
		if p.cacheKey[i] == key {
			return p.cache[i]
		}
	}
	t, err := p.lx.scan(p.pos, mode)
	if err != nil {
		panic(err)
	}
	slot := p.cacheN % len(p.cache)
	p.cache[slot], p.cacheKey[slot] = t, key
	p.cacheN++
	return t
}

func (p *parser) next(mode lexMode) token {
	t := p.peek(mode)
	p.pos = t.End
	return t
}

func (p *parser) fail(id, msg string, pos, end int, incomplete bool) {
	panic(&ParseError{ID: id, Message: msg, Pos: pos, End: end, Incomplete: incomplete})
}

func (p *parser) unexpected(t token) {
	if t.Kind == tEOF {
		p.fail("UnexpectedToken", fmt.Sprintf(msgUnexpectedToken, ""), t.Pos, t.End, true)
	}
	if t.Kind == tAndAnd {
		p.fail("InvalidEndOfLine", msgAndAndNotSupported, t.Pos, t.End, false)
	}
	if t.Kind == tOrOr {
		p.fail("InvalidEndOfLine", msgOrOrNotSupported, t.Pos, t.End, false)
	}
	p.fail("UnexpectedToken", fmt.Sprintf(msgUnexpectedToken, p.tokText(t)), t.Pos, t.End, false)
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxParseDepth {
		p.fail("ScriptTooComplicated", msgNestingTooDeep, p.pos, p.pos, false)
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) skipNewlines() {
	for {
		t := p.peek(modeExpr)
		if t.Kind != tNewline {
			return
		}
		p.pos = t.End
	}
}

func (p *parser) skipSeparators() {
	for {
		t := p.peek(modeExpr)
		if t.Kind != tNewline && t.Kind != tSemi {
			return
		}
		p.pos = t.End
	}
}

func isKeyword(t token, kw string) bool { return t.Kind == tWord && strings.EqualFold(t.Val, kw) }

// parseBlockBody parses a script or scriptblock body up to the closing token (not consumed).
func (p *parser) parseBlockBody(closing tokKind, start int) *ScriptBlockAst {
	sb := &ScriptBlockAst{}
	p.skipSeparators()
	// [CmdletBinding()] param(...)
	t := p.peek(modeExpr)
	if t.Kind == tLBracket {
		save := p.pos
		p.pos = t.End
		name := p.peek(modeExpr)
		if isKeyword(name, "CmdletBinding") {
			p.parseAttributeRest()
			sb.CmdletBind = true
			p.skipSeparators()
		} else {
			p.pos = save
		}
	}
	t = p.peek(modeExpr)
	if isKeyword(t, "param") {
		p.pos = t.End
		sb.Params = p.parseParamList()
		sb.HasParam = true
		p.skipSeparators()
	}
	t = p.peek(modeExpr)
	if t.Kind == tWord && (strings.EqualFold(t.Val, "begin") || strings.EqualFold(t.Val, "process") || strings.EqualFold(t.Val, "end")) {
		save := p.pos
		p.pos = t.End
		p.skipNewlines()
		if p.peek(modeExpr).Kind == tLBrace {
			p.pos = save
			sb.NamedBlock = true
			for {
				p.skipSeparators()
				t = p.peek(modeExpr)
				if t.Kind == closing || t.Kind == tEOF {
					break
				}
				var dst *[]Node
				switch strings.ToLower(t.Val) {
				case "begin":
					dst = &sb.Begin
				case "process":
					dst = &sb.Process
				case "end":
					dst = &sb.End
				default:
					p.unexpected(t)
				}
				p.pos = t.End
				p.skipNewlines()
				blk := p.parseBlock("'" + t.Val + "'")
				*dst = blk.Stmts
			}
			sb.Ext = p.ext(start, p.pos)
			return sb
		}
		p.pos = save
	}
	sb.End = p.parseStatements(closing)
	sb.Ext = p.ext(start, p.pos)
	return sb
}

// parseStatements parses statements up to the closing token (not consumed).
func (p *parser) parseStatements(closing tokKind) []Node {
	var stmts []Node
	for {
		p.skipSeparators()
		t := p.peek(modeExpr)
		if t.Kind == closing || t.Kind == tEOF {
			return stmts
		}
		if t.Kind == tRBrace || t.Kind == tRParen {
			p.unexpected(t)
		}
		stmts = append(stmts, p.parseStatement())
		t = p.peek(modeExpr)
		switch t.Kind {
		case tNewline, tSemi, tEOF:
		default:
			if t.Kind != closing {
				p.unexpected(t)
			}
		}
	}
}

// parseBlock parses { statements } after a keyword; what names the construct for errors.
func (p *parser) parseBlock(what string) *BlockAst {
	t := p.peek(modeExpr)
	if t.Kind != tLBrace {
		p.failMissingBlock(what, t)
	}
	p.pos = t.End
	stmts := p.parseStatements(tRBrace)
	end := p.peek(modeExpr)
	if end.Kind != tRBrace {
		p.fail("MissingEndCurlyBrace", msgMissingEndCurlyBrace, t.Pos, t.End, true)
	}
	p.pos = end.End
	return &BlockAst{NodeBase: NodeBase{p.ext(t.Pos, end.End)}, Stmts: stmts}
}

func (p *parser) failMissingBlock(what string, t token) {
	// A missing block is not "incomplete input": interactive input does not wait for a
	// brace on the next line (PowerShell/PowerShell#2068).
	incomplete := false
	switch what {
	case "'else'":
		p.fail("MissingStatementBlockAfterElse", msgMissingStatementBlockElse, t.Pos, t.Pos, incomplete)
	case "'try'":
		p.fail("MissingTryStatementBlock", msgMissingTryBlock, t.Pos, t.Pos, incomplete)
	case "'catch'":
		p.fail("MissingCatchHandlerBlock", msgMissingCatchBlock, t.Pos, t.Pos, incomplete)
	case "'finally'":
		p.fail("MissingFinallyStatementBlock", msgMissingFinallyBlock, t.Pos, t.Pos, incomplete)
	case "if", "elseif":
		p.fail("MissingStatementBlock", fmt.Sprintf(msgMissingStatementBlock, what), t.Pos, t.Pos, incomplete)
	case "foreach":
		p.fail("MissingForeachStatement", msgMissingForeachStatement, t.Pos, t.Pos, incomplete)
	case "switch":
		p.fail("MissingSwitchStatementClause", "Missing statement block in switch statement clause.", t.Pos, t.Pos, incomplete)
	default:
		p.fail("MissingLoopStatement", fmt.Sprintf(msgMissingLoopStatement, what), t.Pos, t.Pos, incomplete)
	}
}
