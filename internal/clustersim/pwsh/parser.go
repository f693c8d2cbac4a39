package pwsh

import (
	"fmt"
	"strings"
)

// parser is a recursive-descent parser over the modal lexer. Errors are raised by panicking
// with a *ParseError and recovered in parseScript, which keeps the grammar code short.
type parser struct {
	lx    lexer
	src   *source
	pos   int
	depth int
	// noComma stops an expression at a comma: method arguments, parameter defaults and
	// attribute arguments are comma-separated lists, not array literals.
	noComma bool
	// cache holds the last scans: the parser peeks the same place several times.
	cache    [4]Token
	cacheKey [4]int
	cacheN   int
}

// maxParseDepth bounds recursion so that hostile input cannot exhaust the stack.
const maxParseDepth = 300

// parseScript parses a whole script.
func parseScript(text string) (sb *ScriptBlockAst, perr *ParseError) {
	src := newSource(text)
	p := &parser{lx: lexer{src: src.text}, src: src}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*ParseError)
			if !ok {
				// A parser bug is reported, not allowed to take the simulator down.
				e = &ParseError{ID: "EngineFailure", Message: fmt.Sprintf("%s: %v", engineFailureText, r)}
			}
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
func (p *parser) tokText(t Token) string { return string(p.lx.src[t.Pos:t.End]) }

func (p *parser) ext(start, end int) Extent { return Extent{Start: start, End: end, Src: p.src} }

func (p *parser) peek(mode lexMode) Token {
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

func (p *parser) next(mode lexMode) Token {
	t := p.peek(mode)
	p.pos = t.End
	return t
}

func (p *parser) fail(id, msg string, pos, end int, incomplete bool) {
	panic(&ParseError{ID: id, Message: msg, Pos: pos, End: end, Incomplete: incomplete})
}

func (p *parser) unexpected(t Token) {
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

func isKeyword(t Token, kw string) bool { return t.Kind == tWord && strings.EqualFold(t.Val, kw) }

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
			p.parseAttributeRest(t.Pos)
			sb.CmdletBind = true
			p.skipSeparators()
		} else {
			p.pos = save
		}
	}
	t = p.peek(modeExpr)
	if isKeyword(t, "param") {
		p.pos = t.End
		sb.Params = p.parseParamList(t)
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
	return &BlockAst{nodeBase: nodeBase{p.ext(t.Pos, end.End)}, Stmts: stmts}
}

func (p *parser) failMissingBlock(what string, t Token) {
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

func (p *parser) parseStatement() Node {
	p.enter()
	defer p.leave()
	t := p.peek(modeExpr)
	label := ""
	if t.Kind == tWord && t.Val == ":" && isIdentRune(p.lx.at(t.End)) {
		end := t.End
		for isIdentRune(p.lx.at(end)) {
			end++
		}
		label = string(p.lx.src[t.End:end])
		p.pos = end
		p.skipNewlines()
		t = p.peek(modeExpr)
	}
	if t.Kind == tWord {
		switch strings.ToLower(t.Val) {
		case "if":
			return p.parseIf(t)
		case "while":
			return p.parseWhile(t, label)
		case "do":
			return p.parseDo(t, label)
		case "for":
			return p.parseFor(t, label)
		case "foreach":
			return p.parseForeach(t, label)
		case "switch":
			return p.parseSwitch(t, label)
		case "try":
			return p.parseTry(t)
		case "function", "filter":
			return p.parseFunction(t)
		case "return", "throw", "exit":
			p.pos = t.End
			var v Node
			nt := p.peek(modeExpr)
			if !endsStatement(nt) {
				v = p.parsePipelineStatement()
			}
			e := p.ext(t.Pos, p.pos)
			switch strings.ToLower(t.Val) {
			case "return":
				return &ReturnAst{nodeBase{e}, v}
			case "throw":
				return &ThrowAst{nodeBase{e}, v}
			}
			return &ExitAst{nodeBase{e}, v}
		case "break", "continue":
			p.pos = t.End
			b := &BreakAst{Continue: strings.EqualFold(t.Val, "continue")}
			nt := p.peek(modeCommand)
			if nt.Kind == tWord && !endsStatement(nt) {
				b.Label = nt.Val
				p.pos = nt.End
			}
			b.Ext = p.ext(t.Pos, p.pos)
			return b
		case "param":
			p.unexpected(t)
		case "trap", "class", "enum", "using", "data", "workflow", "configuration", "dynamicparam":
			p.fail("UnsupportedStatement", fmt.Sprintf("The '%s' statement is outside the simulated PowerShell subset.", t.Val), t.Pos, t.End, false)
		case "else", "elseif", "catch", "finally", "until", "begin", "process", "end", "in":
			// These words are commands when not in their statement: PowerShell reports them
			// as unknown commands at run time, and so do we.
		}
	}
	return p.parsePipelineStatement()
}

func endsStatement(t Token) bool {
	switch t.Kind {
	case tEOF, tNewline, tSemi, tRBrace, tRParen, tPipe:
		return true
	}
	return false
}

// parseCondition parses ( pipeline ) after if/while/switch/elseif.
func (p *parser) parseCondition(kw Token) Node {
	t := p.peek(modeExpr)
	if t.Kind != tLParen {
		if kw.Val == "if" || strings.EqualFold(kw.Val, "elseif") || strings.EqualFold(kw.Val, "if") {
			p.fail("MissingOpenParenthesisInIfStatement", fmt.Sprintf(msgMissingOpenParenIf, kw.Val), t.Pos, t.Pos, t.Kind == tEOF)
		}
		p.fail("MissingOpenParenthesisAfterKeyword", fmt.Sprintf("Missing opening '(' after keyword '%s'.", strings.ToLower(kw.Val)), t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	p.skipNewlines()
	ct := p.peek(modeExpr)
	if ct.Kind == tRParen || ct.Kind == tEOF {
		p.fail("IfStatementMissingCondition", fmt.Sprintf(msgIfMissingCondition, kw.Val), ct.Pos, ct.Pos, ct.Kind == tEOF)
	}
	cond := p.parsePipelineStatement()
	p.skipNewlines()
	end := p.peek(modeExpr)
	if end.Kind != tRParen {
		p.fail("MissingEndParenthesisAfterStatement", fmt.Sprintf(msgMissingEndParenIf, strings.ToLower(kw.Val)), end.Pos, end.Pos, end.Kind == tEOF)
	}
	p.pos = end.End
	p.skipNewlines()
	return cond
}

func (p *parser) parseIf(kw Token) Node {
	p.pos = kw.End
	n := &IfAst{}
	cond := p.parseCondition(kw)
	n.Clauses = append(n.Clauses, ifClause{cond, p.parseBlock("if")})
	for {
		save := p.pos
		p.skipNewlines()
		t := p.peek(modeExpr)
		switch {
		case isKeyword(t, "elseif"):
			p.pos = t.End
			c := p.parseCondition(t)
			n.Clauses = append(n.Clauses, ifClause{c, p.parseBlock("elseif")})
			continue
		case isKeyword(t, "else"):
			p.pos = t.End
			p.skipNewlines()
			n.Else = p.parseBlock("'else'")
		default:
			p.pos = save
		}
		break
	}
	n.Ext = p.ext(kw.Pos, p.pos)
	return n
}

func (p *parser) parseWhile(kw Token, label string) Node {
	p.pos = kw.End
	cond := p.parseCondition(kw)
	body := p.parseBlock("while")
	return &WhileAst{nodeBase{p.ext(kw.Pos, p.pos)}, label, cond, body}
}

func (p *parser) parseDo(kw Token, label string) Node {
	p.pos = kw.End
	p.skipNewlines()
	body := p.parseBlock("do")
	p.skipNewlines()
	t := p.peek(modeExpr)
	until := isKeyword(t, "until")
	if !until && !isKeyword(t, "while") {
		p.fail("MissingWhileOrUntilInDoWhile", msgMissingWhileOrUntil, t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	cond := p.parseCondition(t)
	return &DoLoopAst{nodeBase{p.ext(kw.Pos, p.pos)}, label, body, cond, until}
}

func (p *parser) parseFor(kw Token, label string) Node {
	p.pos = kw.End
	t := p.peek(modeExpr)
	if t.Kind != tLParen {
		p.fail("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'for'.", t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	n := &ForAst{Label: label}
	parts := make([]Node, 3)
	for i := 0; i < 3; i++ {
		p.skipNewlines()
		t = p.peek(modeExpr)
		if t.Kind != tSemi && t.Kind != tRParen {
			parts[i] = p.parsePipelineStatement()
		}
		p.skipNewlines()
		t = p.peek(modeExpr)
		if i < 2 && t.Kind == tSemi {
			p.pos = t.End
		} else if t.Kind == tRParen {
			p.pos = t.End
			break
		} else {
			p.fail("MissingEndParenthesisAfterStatement", "Missing closing ')' after expression in 'for' statement.", t.Pos, t.Pos, t.Kind == tEOF)
		}
	}
	n.Init, n.Cond, n.Step = parts[0], parts[1], parts[2]
	p.skipNewlines()
	n.Body = p.parseBlock("for")
	n.Ext = p.ext(kw.Pos, p.pos)
	return n
}

func (p *parser) parseForeach(kw Token, label string) Node {
	p.pos = kw.End
	t := p.peek(modeExpr)
	if t.Kind != tLParen {
		p.fail("MissingOpenParenthesisAfterKeyword", msgMissingForeachOpenParen, t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	p.skipNewlines()
	v := p.peek(modeExpr)
	if v.Kind != tVariable {
		p.fail("MissingVariableNameAfterForeach", msgMissingForeachVariable, v.Pos, v.Pos, v.Kind == tEOF)
	}
	p.pos = v.End
	p.skipNewlines()
	in := p.peek(modeExpr)
	if !isKeyword(in, "in") {
		p.fail("MissingInInForeach", msgMissingForeachIn, in.Pos, in.Pos, in.Kind == tEOF)
	}
	p.pos = in.End
	p.skipNewlines()
	coll := p.parsePipelineStatement()
	p.skipNewlines()
	end := p.peek(modeExpr)
	if end.Kind != tRParen {
		p.fail("MissingEndParenthesisAfterForeach", msgMissingEndParenForeach, end.Pos, end.Pos, end.Kind == tEOF)
	}
	p.pos = end.End
	p.skipNewlines()
	body := p.parseBlock("foreach")
	va := &VariableAst{nodeBase{p.ext(v.Pos, v.End)}, v.Val, v.Scope}
	return &ForeachAst{nodeBase{p.ext(kw.Pos, p.pos)}, label, va, coll, body}
}

func (p *parser) parseSwitch(kw Token, label string) Node {
	p.pos = kw.End
	n := &SwitchAst{Label: label}
	for {
		t := p.peek(modeCommand)
		if t.Kind != tParameter {
			break
		}
		p.pos = t.End
		switch strings.ToLower(t.Val) {
		case "wildcard":
			n.Wildcard = true
		case "regex":
			n.Regex = true
		case "exact":
			n.Exact = true
		case "casesensitive":
			n.CaseSens = true
		default:
			p.fail("InvalidSwitchFlag", fmt.Sprintf(msgInvalidSwitchFlag, p.tokText(t)), t.Pos, t.End, false)
		}
	}
	n.Cond = p.parseCondition(kw)
	t := p.peek(modeExpr)
	if t.Kind != tLBrace {
		p.fail("MissingCurlyBraceInSwitchStatement", msgMissingSwitchBody, t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	for {
		p.skipSeparators()
		ct := p.peek(modeCommand)
		if ct.Kind == tRBrace {
			p.pos = ct.End
			break
		}
		if ct.Kind == tEOF {
			p.fail("MissingEndCurlyBrace", msgMissingEndCurlyBrace, t.Pos, t.End, true)
		}
		var cl switchClause
		if ct.Kind == tWord && strings.EqualFold(ct.Val, "default") {
			cl.Default = true
			p.pos = ct.End
		} else {
			cl.Cond = p.parseCommandPrimary()
		}
		p.skipNewlines()
		cl.Body = p.parseBlock("switch")
		n.Clauses = append(n.Clauses, cl)
	}
	n.Ext = p.ext(kw.Pos, p.pos)
	return n
}

func (p *parser) parseTry(kw Token) Node {
	p.pos = kw.End
	p.skipNewlines()
	n := &TryAst{Body: p.parseBlock("'try'")}
	for {
		save := p.pos
		p.skipNewlines()
		t := p.peek(modeExpr)
		if !isKeyword(t, "catch") {
			p.pos = save
			break
		}
		p.pos = t.End
		cc := catchClause{Ext: p.ext(t.Pos, t.End)}
		for {
			p.skipNewlines()
			bt := p.peek(modeExpr)
			if bt.Kind != tLBracket {
				break
			}
			p.pos = bt.End
			cc.Types = append(cc.Types, p.parseTypeNameRest(bt))
			p.skipNewlines()
			if c := p.peek(modeExpr); c.Kind == tComma {
				p.pos = c.End
			}
		}
		cc.Body = p.parseBlock("'catch'")
		n.Catches = append(n.Catches, cc)
	}
	save := p.pos
	p.skipNewlines()
	if t := p.peek(modeExpr); isKeyword(t, "finally") {
		p.pos = t.End
		p.skipNewlines()
		n.Finally = p.parseBlock("'finally'")
	} else {
		p.pos = save
	}
	if len(n.Catches) == 0 && n.Finally == nil {
		t := p.peek(modeExpr)
		p.fail("MissingCatchOrFinally", msgMissingCatchOrFinally, t.Pos, t.Pos, t.Kind == tEOF || t.Kind == tNewline)
	}
	n.Ext = p.ext(kw.Pos, p.pos)
	return n
}

func (p *parser) parseFunction(kw Token) Node {
	p.pos = kw.End
	name := p.peek(modeCommand)
	if name.Kind != tWord {
		p.fail("MissingNameAfterKeyword", fmt.Sprintf(msgMissingFunctionName, strings.ToLower(kw.Val)), name.Pos, name.Pos, name.Kind == tEOF)
	}
	p.pos = name.End
	var params []*ParamAst
	hasParams := false
	if t := p.peek(modeExpr); t.Kind == tLParen {
		p.pos = t.End
		params = p.parseParamsUntilRParen()
		hasParams = true
	}
	p.skipNewlines()
	t := p.peek(modeExpr)
	if t.Kind != tLBrace {
		p.fail("MissingFunctionBody", msgMissingFunctionBody, t.Pos, t.Pos, false)
	}
	p.pos = t.End
	body := p.parseBlockBody(tRBrace, t.Pos)
	end := p.peek(modeExpr)
	if end.Kind != tRBrace {
		p.fail("MissingEndCurlyBrace", msgMissingEndCurlyBrace, t.Pos, t.End, true)
	}
	p.pos = end.End
	body.Ext = p.ext(t.Pos, end.End)
	if hasParams {
		body.Params, body.HasParam = params, true
	}
	return &FunctionAst{nodeBase{p.ext(kw.Pos, p.pos)}, name.Val, body, strings.EqualFold(kw.Val, "filter")}
}

// parseParamList parses ( ... ) after the param keyword.
func (p *parser) parseParamList(kw Token) []*ParamAst {
	p.skipNewlines()
	t := p.peek(modeExpr)
	if t.Kind != tLParen {
		p.fail("MissingParenthesisInFunctionDefinition", "Missing '(' in function parameter list.", t.Pos, t.Pos, t.Kind == tEOF)
	}
	p.pos = t.End
	return p.parseParamsUntilRParen()
}

func (p *parser) parseParamsUntilRParen() []*ParamAst {
	var params []*ParamAst
	position := 0
	for {
		p.skipNewlines()
		t := p.peek(modeExpr)
		if t.Kind == tRParen {
			p.pos = t.End
			return params
		}
		if t.Kind == tEOF {
			p.fail("MissingEndParenthesisInFunctionParameterList", msgMissingParamEnd, t.Pos, t.Pos, true)
		}
		prm := &ParamAst{Position: -1}
		start := t.Pos
		for t.Kind == tLBracket {
			p.pos = t.End
			nt := p.peek(modeExpr)
			if nt.Kind == tWord && p.lx.at(nt.End) == '(' {
				p.pos = nt.End
				p.parseAttributeArgs(prm, nt.Val)
			} else {
				prm.Type = p.parseTypeNameRest(t)
			}
			p.skipNewlines()
			t = p.peek(modeExpr)
		}
		if t.Kind != tVariable {
			p.unexpected(t)
		}
		p.pos = t.End
		prm.Name = t.Val
		prm.Switch = strings.EqualFold(prm.Type, "switch") || strings.EqualFold(prm.Type, "System.Management.Automation.SwitchParameter")
		p.skipNewlines()
		if a := p.peek(modeExpr); a.Kind == tAssign && a.Val == "=" {
			p.pos = a.End
			p.skipNewlines()
			saved := p.noComma
			p.noComma = true
			prm.Default = p.parseExpression()
			p.noComma = saved
		}
		if prm.Position < 0 && !prm.Switch {
			prm.Position = position
			position++
		}
		prm.Ext = p.ext(start, p.pos)
		params = append(params, prm)
		p.skipNewlines()
		t = p.peek(modeExpr)
		switch t.Kind {
		case tComma:
			p.pos = t.End
		case tRParen:
		default:
			p.fail("MissingEndParenthesisInFunctionParameterList", msgMissingParamEnd, t.Pos, t.Pos, t.Kind == tEOF)
		}
	}
}

// parseAttributeArgs parses (Mandatory, Position=0, ...)] of an attribute on a parameter.
func (p *parser) parseAttributeArgs(prm *ParamAst, attr string) {
	open := p.next(modeExpr) // (
	saved := p.noComma
	p.noComma = true
	defer func() { p.noComma = saved }()
	isParam := strings.EqualFold(attr, "Parameter")
	for {
		p.skipNewlines()
		t := p.peek(modeExpr)
		if t.Kind == tRParen {
			p.pos = t.End
			break
		}
		if t.Kind == tEOF {
			p.fail("MissingEndParenthesisInExpression", msgMissingEndParenthesis, open.Pos, open.End, true)
		}
		if t.Kind == tWord && isParam {
			p.pos = t.End
			var val Node = &ConstAst{Value: true}
			if a := p.peek(modeExpr); a.Kind == tAssign && a.Val == "=" {
				p.pos = a.End
				val = p.parseExpression()
			}
			c, isConst := val.(*ConstAst)
			truth := !isConst || toBool(c.Value)
			if v, ok := val.(*VariableAst); ok {
				truth = !strings.EqualFold(v.Name, "false")
			}
			switch strings.ToLower(t.Val) {
			case "mandatory":
				prm.Mandatory = truth
			case "valuefrompipeline", "valuefrompipelinebypropertyname":
				prm.FromPipe = prm.FromPipe || truth
			case "position":
				if isConst {
					if n, ok := c.Value.(int); ok {
						prm.Position = n
					}
				}
			}
		} else {
			p.parseExpression()
		}
		p.skipNewlines()
		if c := p.peek(modeExpr); c.Kind == tComma {
			p.pos = c.End
		}
	}
	end := p.peek(modeExpr)
	if end.Kind != tRBracket {
		p.fail("EndSquareBracketExpectedAtEndOfAttribute", msgMissingEndSquareBracket, end.Pos, end.Pos, end.Kind == tEOF)
	}
	p.pos = end.End
}

// parseAttributeRest skips a [Name(...)] attribute whose '[' starts at start.
func (p *parser) parseAttributeRest(start int) {
	name := p.next(modeExpr)
	if p.peek(modeExpr).Kind == tLParen {
		var dummy ParamAst
		p.parseAttributeArgs(&dummy, name.Val)
		return
	}
	end := p.peek(modeExpr)
	if end.Kind != tRBracket {
		p.fail("EndSquareBracketExpectedAtEndOfAttribute", msgMissingEndSquareBracket, end.Pos, end.Pos, end.Kind == tEOF)
	}
	p.pos = end.End
}

// parseTypeNameRest reads a type name after '[' up to and including the closing ']'.
func (p *parser) parseTypeNameRest(open Token) string {
	i := p.pos
	for i < len(p.lx.src) && (p.lx.src[i] == ' ' || p.lx.src[i] == '\t') {
		i++
	}
	start := i
	depth := 0
	for i < len(p.lx.src) {
		r := p.lx.src[i]
		if r == '[' {
			depth++
		} else if r == ']' {
			if depth == 0 {
				break
			}
			depth--
		} else if !(isIdentRune(r) || r == '.' || r == ',' || r == '`' || r == '+' || r == ' ') {
			break
		}
		i++
	}
	name := strings.TrimSpace(string(p.lx.src[start:i]))
	if name == "" {
		p.fail("MissingTypename", msgMissingTypename, open.End, open.End, i >= len(p.lx.src))
	}
	if p.lx.at(i) != ']' {
		p.fail("EndSquareBracketExpectedAtEndOfType", msgMissingEndSquareBracket, i, i, i >= len(p.lx.src))
	}
	p.pos = i + 1
	return name
}

// ---- pipelines ----

// parsePipelineStatement parses an assignment or a pipeline.
func (p *parser) parsePipelineStatement() Node {
	start := p.peek(modeExpr)
	first := p.parsePipelineElement(true)
	if !isCommand(first) {
		if a := p.peek(modeExpr); a.Kind == tAssign {
			if !isAssignable(first) {
				p.fail("InvalidLeftHandSide", msgAssignmentNotValid, first.extent().Start, first.extent().End, false)
			}
			p.pos = a.End
			p.skipNewlines()
			vt := p.peek(modeExpr)
			if endsStatement(vt) {
				p.fail("ExpectedValueExpression", fmt.Sprintf(msgExpectedValueExpression, a.Val), vt.Pos, vt.Pos, vt.Kind == tEOF || vt.Kind == tNewline)
			}
			val := p.parseStatement()
			return &AssignAst{nodeBase{p.ext(start.Pos, p.pos)}, first, a.Val, val}
		}
	}
	pl := &PipelineAst{Elements: []Node{first}}
	for {
		p.parseRedirections(pl)
		t := p.peek(modeExpr)
		if t.Kind != tPipe {
			break
		}
		p.pos = t.End
		p.skipNewlines()
		nt := p.peek(modeExpr)
		if endsStatement(nt) {
			p.fail("EmptyPipeElement", msgEmptyPipeElement, nt.Pos, nt.Pos, nt.Kind == tEOF)
		}
		el := p.parsePipelineElement(false)
		if !isCommand(el) {
			p.fail("ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.", el.extent().Start, el.extent().End, false)
		}
		pl.Elements = append(pl.Elements, el)
	}
	if len(pl.Elements) == 1 && len(pl.Redirs) == 0 && !isCommand(first) {
		return first
	}
	pl.Ext = p.ext(start.Pos, p.pos)
	return pl
}

func isCommand(n Node) bool { _, ok := n.(*CommandAst); return ok }

func isAssignable(n Node) bool {
	switch x := n.(type) {
	case *VariableAst, *MemberAst, *IndexAst:
		return true
	case *ConvertAst:
		return isAssignable(x.Operand)
	case *ArrayLiteralAst:
		for _, e := range x.Elems {
			if !isAssignable(e) {
				return false
			}
		}
		return true
	}
	return false
}

func (p *parser) parseRedirections(pl *PipelineAst) {
	for {
		t := p.peek(modeCommand)
		if t.Kind != tRedirect {
			return
		}
		p.pos = t.End
		if t.Val == "<" {
			p.fail("RedirectionNotSupported", fmt.Sprintf(msgRedirectionNotSupported, "<"), t.Pos, t.End, false)
		}
		r := &redirection{Op: t.Val}
		if !strings.Contains(t.Val, "&") {
			nt := p.peek(modeCommand)
			if endsStatement(nt) {
				p.fail("MissingFileSpecification", msgMissingFileSpecification, nt.Pos, nt.Pos, false)
			}
			r.Target = p.parseCommandPrimary()
		}
		if len(pl.Elements) > 0 {
			if c, ok := pl.Elements[len(pl.Elements)-1].(*CommandAst); ok {
				c.Redirs = append(c.Redirs, r)
				continue
			}
		}
		pl.Redirs = append(pl.Redirs, r)
	}
}

// parsePipelineElement parses a command or (first only) an expression.
func (p *parser) parsePipelineElement(first bool) Node {
	p.enter()
	defer p.leave()
	t := p.peek(modeExpr)
	switch {
	case t.Kind == tAmp:
		p.pos = t.End
		return p.parseCommand(t.Pos, "&")
	case t.Kind == tDot && (p.lx.at(t.End) == ' ' || p.lx.at(t.End) == '\t' || p.lx.at(t.End) == '{'):
		p.pos = t.End
		return p.parseCommand(t.Pos, ".")
	case t.Kind == tWord && !(first && keywords[strings.ToLower(t.Val)] && false):
		return p.parseCommand(t.Pos, "")
	case !first && (t.Kind == tPercent || t.Kind == tWord):
		return p.parseCommand(t.Pos, "")
	case t.Kind == tOperator && !dashOperators[t.Val]:
		return p.parseCommand(t.Pos, "")
	case t.Kind == tAndAnd || t.Kind == tOrOr:
		p.unexpected(t)
	}
	if !first {
		p.fail("ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.", t.Pos, t.End, false)
	}
	return p.parseExpression()
}

// parseCommand parses a command name and its arguments (command mode).
func (p *parser) parseCommand(start int, invoke string) Node {
	c := &CommandAst{Invoke: invoke}
	if invoke == "" {
		t := p.next(modeCommand)
		if t.Kind == tPercent || p.tokText(t) == "%" {
			c.Name = &StringConstAst{nodeBase{p.ext(t.Pos, t.End)}, "%", true}
		} else {
			c.Name = &StringConstAst{nodeBase{p.ext(t.Pos, t.End)}, unescapeBareword(p.tokText(t)), true}
		}
	} else {
		nt := p.peek(modeCommand)
		if endsStatement(nt) {
			p.fail("MissingExpression", fmt.Sprintf("Missing expression after '%s'.", invoke), nt.Pos, nt.Pos, nt.Kind == tEOF)
		}
		c.Name = p.parseCommandPrimary()
	}
	for {
		t := p.peek(modeCommand)
		switch t.Kind {
		case tEOF, tNewline, tSemi, tPipe, tRParen, tRBrace, tRedirect:
			c.Ext = p.ext(start, p.pos)
			return c
		case tAndAnd, tOrOr:
			p.unexpected(t)
		case tParameter:
			p.pos = t.End
			arg := commandArg{Param: t.Val, Colon: t.Colon, ParamExt: p.ext(t.Pos, t.End)}
			if t.Colon {
				// "-Name:" with nothing after it binds no value; the binder then reports
				// the missing argument, as PowerShell does.
				if nt := p.peek(modeCommand); !endsStatement(nt) {
					arg.Value = p.parseCommandArgument()
				}
			}
			c.Args = append(c.Args, arg)
		case tSplat:
			p.pos = t.End
			c.Args = append(c.Args, commandArg{Splat: true, Value: &VariableAst{nodeBase{p.ext(t.Pos, t.End)}, t.Val, ""}})
		default:
			c.Args = append(c.Args, commandArg{Value: p.parseCommandArgument()})
		}
	}
}

// parseCommandArgument parses one argument: a primary with postfix operators, or several
// separated by commas (an array).
func (p *parser) parseCommandArgument() Node {
	first := p.parseCommandPrimary()
	t := p.peek(modeCommand)
	if t.Kind != tComma {
		return first
	}
	arr := &ArrayLiteralAst{Elems: []Node{first}}
	for t.Kind == tComma {
		p.pos = t.End
		p.skipNewlines()
		nt := p.peek(modeCommand)
		if endsStatement(nt) {
			p.fail("MissingExpressionAfterToken", msgMissingExpressionInExpr, nt.Pos, nt.Pos, nt.Kind == tEOF || nt.Kind == tNewline)
		}
		arr.Elems = append(arr.Elems, p.parseCommandPrimary())
		t = p.peek(modeCommand)
	}
	arr.Ext = p.ext(first.extent().Start, p.pos)
	return arr
}

// parseCommandPrimary parses a bareword, a number or a primary expression with postfix
// operators, as command arguments are read.
func (p *parser) parseCommandPrimary() Node {
	p.enter()
	defer p.leave()
	t := p.peek(modeCommand)
	switch t.Kind {
	case tWord:
		p.pos = t.End
		if strings.Contains(p.tokText(t), "$") {
			// A bareword with a variable in it expands like a double-quoted string.
			return p.parseExpandable(p.tokText(t), t.Pos, t.Pos, t.End)
		}
		return &StringConstAst{nodeBase{p.ext(t.Pos, t.End)}, t.Val, true}
	case tNumber:
		p.pos = t.End
		var n Node = &ConstAst{nodeBase{p.ext(t.Pos, t.End)}, t.Num}
		if nt := p.peek(modeExpr); nt.Kind == tDotDot && !nt.SpaceBefore {
			p.pos = nt.End
			r := p.parseUnary()
			n = &BinaryAst{nodeBase{p.ext(t.Pos, p.pos)}, "..", n, r, p.ext(nt.Pos, nt.End)}
		}
		return n
	case tParameter:
		p.pos = t.End
		return &StringConstAst{nodeBase{p.ext(t.Pos, t.End)}, p.tokText(t), true}
	}
	return p.parsePostfix(p.parsePrimary())
}

// ---- expressions ----

var binaryPrecedence = map[string]int{
	"and": 1, "or": 1, "xor": 1,
	"band": 2, "bor": 2, "bxor": 2,
	"+": 4, "-": 4,
	"*": 5, "/": 5, "%": 5,
	"f":  6,
	"..": 7,
}

func binaryOp(t Token) (string, int) {
	switch t.Kind {
	case tPlus:
		return "+", 4
	case tMinus:
		return "-", 4
	case tStar:
		return "*", 5
	case tSlash:
		return "/", 5
	case tPercent:
		return "%", 5
	case tDotDot:
		return "..", 7
	case tOperator:
		if !dashOperators[t.Val] || t.Val == "not" || t.Val == "bnot" {
			return "", 0
		}
		if pr, ok := binaryPrecedence[t.Val]; ok {
			return "-" + t.Val, pr
		}
		return "-" + t.Val, 3
	}
	return "", 0
}

func (p *parser) parseExpression() Node {
	p.enter()
	defer p.leave()
	return p.parseBinary(1)
}

func (p *parser) parseBinary(minPrec int) Node {
	left := p.parseArrayLiteral()
	for {
		t := p.peek(modeExpr)
		op, prec := binaryOp(t)
		if op == "" && t.Kind == tOperator {
			if t.Val == "not" || t.Val == "bnot" || !dashOperators[t.Val] {
				p.unexpected(t)
			}
		}
		if op == "" || prec < minPrec {
			return left
		}
		p.pos = t.End
		p.skipNewlines()
		nt := p.peek(modeExpr)
		if !canStartExpression(nt) {
			p.fail("ExpectedValueExpression", fmt.Sprintf(msgExpectedValueExpression, p.tokText(t)), nt.Pos, nt.Pos, nt.Kind == tEOF)
		}
		right := p.parseBinary(prec + 1)
		left = &BinaryAst{nodeBase{p.ext(left.extent().Start, right.extent().End)}, op, left, right, p.ext(t.Pos, t.End)}
	}
}

func canStartExpression(t Token) bool {
	switch t.Kind {
	case tEOF, tNewline, tSemi, tRParen, tRBrace, tRBracket, tPipe, tAssign, tStar, tSlash, tPercent, tDotDot, tAndAnd, tOrOr, tRedirect, tDot, tColonColon:
		return false
	case tOperator:
		switch t.Val {
		case "not", "bnot", "split", "join":
			return true
		}
		return false
	case tComma:
		return true
	}
	return true
}

func (p *parser) parseArrayLiteral() Node {
	first := p.parseUnary()
	t := p.peek(modeExpr)
	if t.Kind != tComma || p.noComma {
		return first
	}
	arr := &ArrayLiteralAst{Elems: []Node{first}}
	for t.Kind == tComma {
		p.pos = t.End
		p.skipNewlines()
		nt := p.peek(modeExpr)
		if !canStartExpression(nt) || nt.Kind == tComma {
			p.fail("MissingExpressionAfterToken", msgMissingExpressionInExpr, nt.Pos, nt.Pos, nt.Kind == tEOF)
		}
		arr.Elems = append(arr.Elems, p.parseUnary())
		t = p.peek(modeExpr)
	}
	arr.Ext = p.ext(first.extent().Start, p.pos)
	return arr
}

func (p *parser) parseUnary() Node {
	p.enter()
	defer p.leave()
	t := p.peek(modeExpr)
	op := ""
	switch t.Kind {
	case tExcl:
		op = "!"
	case tMinus:
		op = "-"
	case tPlus:
		op = "+"
	case tPlusPlus:
		op = "++"
	case tMinusMinus:
		op = "--"
	case tComma:
		op = ","
	case tOperator:
		switch t.Val {
		case "not", "bnot", "split", "join":
			op = "-" + t.Val
		}
	case tLBracket:
		return p.parseTypeOrCast(t)
	}
	if op == "" {
		return p.parsePostfix(p.parsePrimary())
	}
	p.pos = t.End
	if op != "," {
		p.skipNewlines()
	}
	nt := p.peek(modeExpr)
	if !canStartExpression(nt) {
		p.fail("MissingExpressionAfterOperator", fmt.Sprintf(msgMissingExprAfterUnary, p.tokText(t)), nt.Pos, nt.Pos, nt.Kind == tEOF)
	}
	operand := p.parseUnary()
	if c, ok := operand.(*ConstAst); ok && op == "-" {
		switch n := c.Value.(type) {
		case int:
			return &ConstAst{nodeBase{p.ext(t.Pos, p.pos)}, -n}
		case int64:
			return &ConstAst{nodeBase{p.ext(t.Pos, p.pos)}, -n}
		case float64:
			return &ConstAst{nodeBase{p.ext(t.Pos, p.pos)}, -n}
		}
	}
	return &UnaryAst{nodeBase{p.ext(t.Pos, p.pos)}, op, operand}
}

// parseTypeOrCast parses [type] as a type literal (with static members) or a cast.
func (p *parser) parseTypeOrCast(open Token) Node {
	p.pos = open.End
	nt := p.peek(modeExpr)
	if nt.Kind == tWord && p.lx.at(nt.End) == '(' {
		p.fail("UnexpectedAttribute", fmt.Sprintf(msgUnexpectedAttribute, nt.Val), nt.Pos, nt.End, false)
	}
	name := p.parseTypeNameRest(open)
	typ := &TypeAst{nodeBase{p.ext(open.Pos, p.pos)}, name}
	next := p.peek(modeExpr)
	if next.Kind == tColonColon || (next.Kind == tDot && !next.SpaceBefore) {
		return p.parsePostfix(typ)
	}
	if canStartCastOperand(next) {
		operand := p.parseUnary()
		return &ConvertAst{nodeBase{p.ext(open.Pos, p.pos)}, name, operand}
	}
	return typ
}

func canStartCastOperand(t Token) bool {
	switch t.Kind {
	case tVariable, tNumber, tString, tExpandString, tLParen, tDollarParen, tAtParen, tAtBrace, tLBrace, tLBracket, tExcl, tMinus, tPlus, tPlusPlus, tMinusMinus, tSplat:
		return true
	case tOperator:
		return t.Val == "not" || t.Val == "bnot" || t.Val == "split" || t.Val == "join"
	}
	return false
}

func (p *parser) parsePrimary() Node {
	saved := p.noComma
	p.noComma = false
	defer func() { p.noComma = saved }()
	t := p.peek(modeExpr)
	e := p.ext(t.Pos, t.End)
	switch t.Kind {
	case tNumber:
		p.pos = t.End
		return &ConstAst{nodeBase{e}, t.Num}
	case tString:
		p.pos = t.End
		return &StringConstAst{nodeBase{e}, t.Val, false}
	case tExpandString:
		p.pos = t.End
		return p.parseExpandable(t.Val, t.Inner, t.Pos, t.End)
	case tVariable:
		p.pos = t.End
		return &VariableAst{nodeBase{e}, t.Val, t.Scope}
	case tSplat:
		p.fail("SplattingNotPermitted", "Splatted variables like '@"+t.Val+"' cannot be part of a comma-separated list of arguments.", t.Pos, t.End, false)
	case tLParen:
		p.pos = t.End
		p.skipNewlines()
		if nt := p.peek(modeExpr); nt.Kind == tRParen {
			p.fail("ExpectedExpression", "An expression was expected after '('.", nt.Pos, nt.End, false)
		}
		inner := p.parsePipelineStatement()
		p.skipNewlines()
		end := p.peek(modeExpr)
		if end.Kind != tRParen {
			if end.Kind == tEOF {
				p.fail("MissingEndParenthesisInExpression", msgMissingEndParenthesis, end.Pos, end.Pos, true)
			}
			p.unexpected(end)
		}
		p.pos = end.End
		return &ParenAst{nodeBase{p.ext(t.Pos, end.End)}, inner}
	case tDollarParen, tAtParen:
		p.pos = t.End
		stmts := p.parseStatements(tRParen)
		end := p.peek(modeExpr)
		if end.Kind != tRParen {
			p.fail("MissingEndParenthesisInSubexpression", msgMissingEndParenSubexpr, t.Pos, t.End, true)
		}
		p.pos = end.End
		if t.Kind == tAtParen {
			return &ArrayExprAst{nodeBase{p.ext(t.Pos, end.End)}, stmts}
		}
		return &SubExprAst{nodeBase{p.ext(t.Pos, end.End)}, stmts}
	case tAtBrace:
		return p.parseHash(t)
	case tLBrace:
		p.pos = t.End
		body := p.parseBlockBody(tRBrace, t.Pos)
		end := p.peek(modeExpr)
		if end.Kind != tRBrace {
			p.fail("MissingEndCurlyBrace", msgMissingEndCurlyBrace, t.Pos, t.End, true)
		}
		p.pos = end.End
		body.Ext = p.ext(t.Pos, end.End)
		return &ScriptBlockExprAst{nodeBase{body.Ext}, body}
	case tLBracket:
		return p.parseTypeOrCast(t)
	case tEOF:
		p.fail("ExpectedExpression", msgExpressionExpectedAtEnd, t.Pos, t.Pos, true)
	}
	p.unexpected(t)
	return nil
}

func (p *parser) parseHash(open Token) Node {
	p.pos = open.End
	h := &HashAst{}
	for {
		p.skipSeparators()
		t := p.peek(modeExpr)
		if t.Kind == tRBrace {
			p.pos = t.End
			h.Ext = p.ext(open.Pos, t.End)
			return h
		}
		if t.Kind == tEOF {
			p.fail("IncompleteHashLiteral", msgMissingEndHashLiteral, open.Pos, open.End, true)
		}
		var key Node
		if t.Kind == tWord {
			kt := p.next(modeCommand)
			end := kt.Pos
			for end < len(p.lx.src) && !isWordEnd(p.lx.src[end]) && p.lx.src[end] != '=' {
				end++
			}
			p.pos = end
			key = &StringConstAst{nodeBase{p.ext(kt.Pos, end)}, string(p.lx.src[kt.Pos:end]), true}
		} else if t.Kind == tAssign {
			p.fail("MissingKeyInHashLiteral", msgMissingKeyInHash, t.Pos, t.End, false)
		} else {
			key = p.parseUnary()
		}
		p.skipNewlines()
		eq := p.peek(modeExpr)
		if eq.Kind != tAssign || eq.Val != "=" {
			p.fail("MissingEqualsInHashLiteral", msgMissingEqualsInHash, eq.Pos, eq.Pos, eq.Kind == tEOF)
		}
		p.pos = eq.End
		p.skipNewlines()
		vt := p.peek(modeExpr)
		if endsStatement(vt) {
			p.fail("MissingStatementInHashLiteral", "Missing statement after '=' in hash literal.", vt.Pos, vt.Pos, vt.Kind == tEOF)
		}
		val := p.parseStatement()
		h.Keys = append(h.Keys, key)
		h.Values = append(h.Values, val)
		t = p.peek(modeExpr)
		if t.Kind != tNewline && t.Kind != tSemi && t.Kind != tRBrace {
			p.fail("MissingEndCurlyBrace", "Missing '=' operator after key in hash literal.", t.Pos, t.End, false)
		}
	}
}

func (p *parser) parsePostfix(n Node) Node {
	for {
		t := p.peek(modeExpr)
		if t.SpaceBefore {
			return n
		}
		switch t.Kind {
		case tDot, tColonColon:
			p.pos = t.End
			static := t.Kind == tColonColon
			name := p.parseMemberName(t)
			if lp := p.peek(modeExpr); lp.Kind == tLParen && !lp.SpaceBefore {
				p.pos = lp.End
				args := p.parseMethodArgs(lp)
				n = &InvokeAst{nodeBase{p.ext(n.extent().Start, p.pos)}, n, name, args, static}
			} else {
				n = &MemberAst{nodeBase{p.ext(n.extent().Start, p.pos)}, n, name, static}
			}
		case tLBracket:
			p.pos = t.End
			p.skipNewlines()
			if nt := p.peek(modeExpr); nt.Kind == tRBracket {
				p.fail("MissingArrayIndexExpression", msgMissingArrayIndexExpr, nt.Pos, nt.End, false)
			}
			saved := p.noComma
			p.noComma = false
			idx := p.parseExpression()
			p.noComma = saved
			p.skipNewlines()
			end := p.peek(modeExpr)
			if end.Kind != tRBracket {
				p.fail("MissingEndSquareBracket", "Missing ']' after array index expression.", end.Pos, end.Pos, end.Kind == tEOF)
			}
			p.pos = end.End
			n = &IndexAst{nodeBase{p.ext(n.extent().Start, p.pos)}, n, idx}
		case tPlusPlus, tMinusMinus:
			p.pos = t.End
			n = &UnaryAst{nodeBase{p.ext(n.extent().Start, p.pos)}, "post" + p.tokText(t), n}
		default:
			return n
		}
	}
}

func (p *parser) parseMemberName(dot Token) Node {
	start := p.pos
	i := start
	for isIdentRune(p.lx.at(i)) {
		i++
	}
	if i > start {
		p.pos = i
		return &StringConstAst{nodeBase{p.ext(start, i)}, string(p.lx.src[start:i]), true}
	}
	t := p.peek(modeExpr)
	switch t.Kind {
	case tString, tExpandString, tVariable, tLParen, tDollarParen:
		if !t.SpaceBefore || t.Pos == start {
			return p.parsePrimary()
		}
	}
	p.fail("MissingPropertyName", msgMissingPropertyName, dot.End, dot.End, t.Kind == tEOF)
	return nil
}

func (p *parser) parseMethodArgs(open Token) []Node {
	var args []Node
	p.skipNewlines()
	if t := p.peek(modeExpr); t.Kind == tRParen {
		p.pos = t.End
		return nil
	}
	saved := p.noComma
	p.noComma = true
	defer func() { p.noComma = saved }()
	for {
		p.skipNewlines()
		args = append(args, p.parseBinary(1))
		p.skipNewlines()
		t := p.peek(modeExpr)
		if t.Kind == tComma {
			p.pos = t.End
			continue
		}
		if t.Kind == tRParen {
			p.pos = t.End
			return args
		}
		if t.Kind == tEOF {
			p.fail("MissingEndParenthesisInMethodCall", msgMissingEndParenMethodCall, open.Pos, open.End, true)
		}
		p.unexpected(t)
	}
}

// parseExpandable splits a double-quoted string's content into literal text, variables and
// $( ) subexpressions. contentPos is the offset of raw in the script.
func (p *parser) parseExpandable(raw string, contentPos, tokStart, tokEnd int) Node {
	rs := []rune(raw)
	var parts []Node
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, &StringConstAst{Value: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '`' && i+1 < len(rs):
			i++
			lit.WriteRune(backtickEscape(rs[i]))
		case isDoubleQuote(r) && i+1 < len(rs) && isDoubleQuote(rs[i+1]):
			lit.WriteRune(r)
			i++
		case r == '$' && i+1 < len(rs) && rs[i+1] == '(':
			flush()
			save := p.pos
			p.pos = contentPos + i + 2
			stmts := p.parseStatements(tRParen)
			end := p.next(modeExpr)
			parts = append(parts, &SubExprAst{nodeBase{p.ext(contentPos+i, end.End)}, stmts})
			i = end.End - contentPos - 1
			p.pos = save
		case r == '$':
			t, err := p.lx.scanVariable(Token{Pos: contentPos + i}, contentPos+i)
			if err != nil || t.End > contentPos+len(rs) {
				lit.WriteRune(r)
				continue
			}
			flush()
			parts = append(parts, &VariableAst{nodeBase{p.ext(t.Pos, t.End)}, t.Val, t.Scope})
			i = t.End - contentPos - 1
		default:
			lit.WriteRune(r)
		}
	}
	flush()
	if len(parts) == 1 {
		if s, ok := parts[0].(*StringConstAst); ok {
			s.Ext = p.ext(tokStart, tokEnd)
			return s
		}
	}
	if len(parts) == 0 {
		return &StringConstAst{nodeBase{p.ext(tokStart, tokEnd)}, "", false}
	}
	return &ExpandStringAst{nodeBase{p.ext(tokStart, tokEnd)}, parts}
}
