package syntax

import (
	"fmt"
	"strings"
)

// Expressions, by PowerShell's precedence: logical, bitwise, comparison, additive,
// multiplicative, -f, range; then comma lists, unary operators and casts, postfix member
// access, invocation and indexing; primaries; expandable strings.

var binaryPrecedence = map[string]int{
	"and": 1, "or": 1, "xor": 1,
	"band": 2, "bor": 2, "bxor": 2,
	"+": 4, "-": 4,
	"*": 5, "/": 5, "%": 5,
	"f":  6,
	"..": 7,
}

func binaryOp(t token) (string, int) {
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
		left = &BinaryAst{NodeBase{p.ext(left.Extent().Start, right.Extent().End)}, op, left, right, p.ext(t.Pos, t.End)}
	}
}

func canStartExpression(t token) bool {
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
	arr.Ext = p.ext(first.Extent().Start, p.pos)
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
			return &ConstAst{NodeBase{p.ext(t.Pos, p.pos)}, -n}
		case int64:
			return &ConstAst{NodeBase{p.ext(t.Pos, p.pos)}, -n}
		case float64:
			return &ConstAst{NodeBase{p.ext(t.Pos, p.pos)}, -n}
		}
	}
	return &UnaryAst{NodeBase{p.ext(t.Pos, p.pos)}, op, operand}
}

// parseTypeOrCast parses [type] as a type literal (with static members) or a cast.
func (p *parser) parseTypeOrCast(open token) Node {
	p.pos = open.End
	nt := p.peek(modeExpr)
	if nt.Kind == tWord && p.lx.at(nt.End) == '(' {
		p.fail("UnexpectedAttribute", fmt.Sprintf(msgUnexpectedAttribute, nt.Val), nt.Pos, nt.End, false)
	}
	name := p.parseTypeNameRest(open)
	typ := &TypeAst{NodeBase{p.ext(open.Pos, p.pos)}, name}
	next := p.peek(modeExpr)
	if next.Kind == tColonColon || (next.Kind == tDot && !next.SpaceBefore) {
		return p.parsePostfix(typ)
	}
	if canStartCastOperand(next) {
		operand := p.parseUnary()
		return &ConvertAst{NodeBase{p.ext(open.Pos, p.pos)}, name, operand}
	}
	return typ
}

func canStartCastOperand(t token) bool {
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
		return &ConstAst{NodeBase{e}, t.Num}
	case tString:
		p.pos = t.End
		return &StringConstAst{NodeBase{e}, t.Val, false}
	case tExpandString:
		p.pos = t.End
		return p.parseExpandable(t.Val, t.Inner, t.Pos, t.End)
	case tVariable:
		p.pos = t.End
		return &VariableAst{NodeBase{e}, t.Val, t.Scope}
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
		return &ParenAst{NodeBase{p.ext(t.Pos, end.End)}, inner}
	case tDollarParen, tAtParen:
		p.pos = t.End
		stmts := p.parseStatements(tRParen)
		end := p.peek(modeExpr)
		if end.Kind != tRParen {
			p.fail("MissingEndParenthesisInSubexpression", msgMissingEndParenSubexpr, t.Pos, t.End, true)
		}
		p.pos = end.End
		if t.Kind == tAtParen {
			return &ArrayExprAst{NodeBase{p.ext(t.Pos, end.End)}, stmts}
		}
		return &SubExprAst{NodeBase{p.ext(t.Pos, end.End)}, stmts}
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
		return &ScriptBlockExprAst{NodeBase{body.Ext}, body}
	case tLBracket:
		return p.parseTypeOrCast(t)
	case tEOF:
		p.fail("ExpectedExpression", msgExpressionExpectedAtEnd, t.Pos, t.Pos, true)
	}
	p.unexpected(t)
	return nil
}

func (p *parser) parseHash(open token) Node {
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
		switch t.Kind {
		case tWord:
			kt := p.next(modeCommand)
			end := kt.Pos
			for end < len(p.lx.src) && !isWordEnd(p.lx.src[end]) && p.lx.src[end] != '=' {
				end++
			}
			p.pos = end
			key = &StringConstAst{NodeBase{p.ext(kt.Pos, end)}, string(p.lx.src[kt.Pos:end]), true}
		case tAssign:
			p.fail("MissingKeyInHashLiteral", msgMissingKeyInHash, t.Pos, t.End, false)
		default:
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
				n = &InvokeAst{NodeBase{p.ext(n.Extent().Start, p.pos)}, n, name, args, static}
			} else {
				n = &MemberAst{NodeBase{p.ext(n.Extent().Start, p.pos)}, n, name, static}
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
			n = &IndexAst{NodeBase{p.ext(n.Extent().Start, p.pos)}, n, idx}
		case tPlusPlus, tMinusMinus:
			p.pos = t.End
			n = &UnaryAst{NodeBase{p.ext(n.Extent().Start, p.pos)}, "post" + p.tokText(t), n}
		default:
			return n
		}
	}
}

func (p *parser) parseMemberName(dot token) Node {
	start := p.pos
	i := start
	for isIdentRune(p.lx.at(i)) {
		i++
	}
	if i > start {
		p.pos = i
		return &StringConstAst{NodeBase{p.ext(start, i)}, string(p.lx.src[start:i]), true}
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

func (p *parser) parseMethodArgs(open token) []Node {
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
			parts = append(parts, &SubExprAst{NodeBase{p.ext(contentPos+i, end.End)}, stmts})
			i = end.End - contentPos - 1
			p.pos = save
		case r == '$':
			t, err := p.lx.scanVariable(token{Pos: contentPos + i}, contentPos+i)
			if err != nil || t.End > contentPos+len(rs) {
				lit.WriteRune(r)
				continue
			}
			flush()
			parts = append(parts, &VariableAst{NodeBase{p.ext(t.Pos, t.End)}, t.Val, t.Scope})
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
		return &StringConstAst{NodeBase{p.ext(tokStart, tokEnd)}, "", false}
	}
	return &ExpandStringAst{NodeBase{p.ext(tokStart, tokEnd)}, parts}
}
