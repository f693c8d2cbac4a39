package syntax

import (
	"fmt"
	"strings"
)

// Pipelines and commands (command mode: barewords, -Parameters, splats, redirections).

// parsePipelineStatement parses an assignment or a pipeline.
func (p *parser) parsePipelineStatement() Node {
	start := p.peek(modeExpr)
	first := p.parsePipelineElement(true)
	if !isCommand(first) {
		if a := p.peek(modeExpr); a.Kind == tAssign {
			if !isAssignable(first) {
				p.fail("InvalidLeftHandSide", MsgAssignmentNotValid, first.Extent().Start, first.Extent().End, false)
			}
			p.pos = a.End
			p.skipNewlines()
			vt := p.peek(modeExpr)
			if endsStatement(vt) {
				p.fail("ExpectedValueExpression", fmt.Sprintf(msgExpectedValueExpression, a.Val), vt.Pos, vt.Pos, vt.Kind == tEOF || vt.Kind == tNewline)
			}
			val := p.parseStatement()
			return &AssignAst{NodeBase{p.ext(start.Pos, p.pos)}, first, a.Val, val}
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
			p.fail("ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.", el.Extent().Start, el.Extent().End, false)
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
		r := &Redirection{Op: t.Val}
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
	case t.Kind == tWord:
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
			c.Name = &StringConstAst{NodeBase{p.ext(t.Pos, t.End)}, "%", true}
		} else {
			c.Name = &StringConstAst{NodeBase{p.ext(t.Pos, t.End)}, unescapeBareword(p.tokText(t)), true}
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
			arg := CommandArg{Param: t.Val, Colon: t.Colon, ParamExt: p.ext(t.Pos, t.End)}
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
			c.Args = append(c.Args, CommandArg{Splat: true, Value: &VariableAst{NodeBase{p.ext(t.Pos, t.End)}, t.Val, ""}})
		default:
			c.Args = append(c.Args, CommandArg{Value: p.parseCommandArgument()})
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
	arr.Ext = p.ext(first.Extent().Start, p.pos)
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
		return &StringConstAst{NodeBase{p.ext(t.Pos, t.End)}, t.Val, true}
	case tNumber:
		p.pos = t.End
		var n Node = &ConstAst{NodeBase{p.ext(t.Pos, t.End)}, t.Num}
		if nt := p.peek(modeExpr); nt.Kind == tDotDot && !nt.SpaceBefore {
			p.pos = nt.End
			r := p.parseUnary()
			n = &BinaryAst{NodeBase{p.ext(t.Pos, p.pos)}, "..", n, r, p.ext(nt.Pos, nt.End)}
		}
		return n
	case tParameter:
		p.pos = t.End
		return &StringConstAst{NodeBase{p.ext(t.Pos, t.End)}, p.tokText(t), true}
	}
	return p.parsePostfix(p.parsePrimary())
}
