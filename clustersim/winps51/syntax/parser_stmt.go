package syntax

import (
	"fmt"
	"strings"
)

// Statements: if, loops, switch, try, function and param blocks.

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
				return &ReturnAst{NodeBase{e}, v}
			case "throw":
				return &ThrowAst{NodeBase{e}, v}
			}
			return &ExitAst{NodeBase{e}, v}
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

func endsStatement(t token) bool {
	switch t.Kind {
	case tEOF, tNewline, tSemi, tRBrace, tRParen, tPipe:
		return true
	}
	return false
}

// parseCondition parses ( pipeline ) after if/while/switch/elseif.
func (p *parser) parseCondition(kw token) Node {
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

func (p *parser) parseIf(kw token) Node {
	p.pos = kw.End
	n := &IfAst{}
	cond := p.parseCondition(kw)
	n.Clauses = append(n.Clauses, IfClause{cond, p.parseBlock("if")})
	for {
		save := p.pos
		p.skipNewlines()
		t := p.peek(modeExpr)
		switch {
		case isKeyword(t, "elseif"):
			p.pos = t.End
			c := p.parseCondition(t)
			n.Clauses = append(n.Clauses, IfClause{c, p.parseBlock("elseif")})
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

func (p *parser) parseWhile(kw token, label string) Node {
	p.pos = kw.End
	cond := p.parseCondition(kw)
	body := p.parseBlock("while")
	return &WhileAst{NodeBase{p.ext(kw.Pos, p.pos)}, label, cond, body}
}

func (p *parser) parseDo(kw token, label string) Node {
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
	return &DoLoopAst{NodeBase{p.ext(kw.Pos, p.pos)}, label, body, cond, until}
}

func (p *parser) parseFor(kw token, label string) Node {
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

func (p *parser) parseForeach(kw token, label string) Node {
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
	va := &VariableAst{NodeBase{p.ext(v.Pos, v.End)}, v.Val, v.Scope}
	return &ForeachAst{NodeBase{p.ext(kw.Pos, p.pos)}, label, va, coll, body}
}

func (p *parser) parseSwitch(kw token, label string) Node {
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
		var cl SwitchClause
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

func (p *parser) parseTry(kw token) Node {
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
		cc := CatchClause{Ext: p.ext(t.Pos, t.End)}
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

func (p *parser) parseFunction(kw token) Node {
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
	return &FunctionAst{NodeBase{p.ext(kw.Pos, p.pos)}, name.Val, body, strings.EqualFold(kw.Val, "filter")}
}

// parseParamList parses ( ... ) after the param keyword.
func (p *parser) parseParamList() []*ParamAst {
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
			truth := !isConst || constTruth(c.Value)
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

// parseAttributeRest skips the rest of a [Name(...)] attribute, its '[' already consumed.
func (p *parser) parseAttributeRest() {
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
func (p *parser) parseTypeNameRest(open token) string {
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
		} else if !isIdentRune(r) && r != '.' && r != ',' && r != '`' && r != '+' && r != ' ' {
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

// constTruth is what a constant attribute argument ([Parameter(Mandatory = 0)]) means as a
// bool: PowerShell's conversion to bool for the only constants the parser makes (numbers
// and the true of an argument written without a value).
func constTruth(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	}
	return true
}
