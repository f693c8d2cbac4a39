package syntax

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// tokens scans a whole input in one mode and describes each token as kind:value.
func tokens(t *testing.T, src string, mode lexMode) string {
	t.Helper()
	lx := lexer{src: []rune(src)}
	var parts []string
	for pos := 0; ; {
		tok, err := lx.scan(pos, mode)
		if err != nil {
			return "error:" + err.ID
		}
		if tok.Kind == tEOF {
			break
		}
		desc := fmt.Sprint(tok.Kind)
		switch tok.Kind {
		case tNumber:
			desc = fmt.Sprintf("num:%v(%T)", tok.Num, tok.Num)
		case tString, tExpandString, tWord, tOperator, tParameter, tRedirect, tSplat, tAssign:
			desc = fmt.Sprintf("%s:%s", tok.Kind, tok.Val)
		case tVariable:
			desc = "var:" + tok.Scope + ":" + tok.Val
		}
		if tok.Kind == tParameter && tok.Colon {
			desc += ":"
		}
		parts = append(parts, desc)
		pos = tok.End
	}
	return strings.Join(parts, " ")
}

func TestLexer(t *testing.T) {
	cases := []struct {
		src  string
		mode lexMode
		want string
	}{
		{"42 0x1F 1.5 2kb 10l 1e3", modeExpr, "num:42(int) num:31(int) num:1.5(float64) num:2048(int) num:10(int64) num:1000(float64)"},
		{"3000000000", modeExpr, "num:3000000000(int64)"},
		{"'it''s' \u2018x\u2019", modeExpr, "String:it's String:x"},
		{`"a $b" $c $env:PATH ${x y} $_ $?`, modeExpr, "ExpandString:a $b var::c var:env:PATH var::x y var::_ var::?"},
		{"-eq -iLike -CMATCH -f", modeExpr, "Operator:eq Operator:ilike Operator:cmatch Operator:f"},
		{"\u2013eq", modeExpr, "Operator:eq"},
		{"Get-Item -Path:x -Force C:\\a\\b.txt 1 -1 a,b", modeCommand, "Word:Get-Item Parameter:Path: Word:x Parameter:Force Word:C:\\a\\b.txt num:1(int) num:-1(int) Word:a , Word:b"},
		{"@splat 2>&1 >$null", modeCommand, "Splat:splat Redirect:2>&1 Redirect:> var::null"},
		{"# comment\n<# block #> 1 `\n 2", modeExpr, "Newline num:1(int) num:2(int)"},
		{"@'\nraw $x\n'@", modeExpr, "String:raw $x"},
		{"'open", modeExpr, "error:TerminatorExpectedAtEndOfString"},
		{"<# open", modeExpr, "error:MissingTerminatorMultiLineComment"},
		{"+= -= *= /= %= =", modeExpr, "Assign:+= Assign:-= Assign:*= Assign:/= Assign:%= Assign:="},
		{"&& ||", modeExpr, "&& ||"},
	}
	for _, c := range cases {
		if got := tokens(t, c.src, c.mode); got != c.want {
			t.Errorf("%q: got %s, want %s", c.src, got, c.want)
		}
	}
}

func TestParserShapes(t *testing.T) {
	// describe renders a tree as S-expressions to check precedence and structure.
	var describe func(n Node) string
	describe = func(n Node) string {
		switch x := n.(type) {
		case *BinaryAst:
			return "(" + x.Op + " " + describe(x.Left) + " " + describe(x.Right) + ")"
		case *UnaryAst:
			return "(" + x.Op + " " + describe(x.Operand) + ")"
		case *ConstAst:
			return fmt.Sprint(x.Value)
		case *StringConstAst:
			return "'" + x.Value + "'"
		case *VariableAst:
			return "$" + x.Name
		case *ArrayLiteralAst:
			var parts []string
			for _, e := range x.Elems {
				parts = append(parts, describe(e))
			}
			return "[" + strings.Join(parts, " ") + "]"
		case *ConvertAst:
			return "[" + x.Type + "]" + describe(x.Operand)
		case *MemberAst:
			return describe(x.Target) + "." + describe(x.Name)
		case *InvokeAst:
			var parts []string
			for _, a := range x.Args {
				parts = append(parts, describe(a))
			}
			return describe(x.Target) + "." + describe(x.Name) + "(" + strings.Join(parts, ",") + ")"
		case *IndexAst:
			return describe(x.Target) + "[" + describe(x.Index) + "]"
		case *AssignAst:
			return describe(x.Target) + x.Op + describe(x.Value)
		case *ParenAst:
			return "(" + describe(x.Inner) + ")"
		case *PipelineAst:
			var parts []string
			for _, e := range x.Elements {
				parts = append(parts, describe(e))
			}
			return strings.Join(parts, " | ")
		case *CommandAst:
			s := "cmd:" + describe(x.Name)
			for _, a := range x.Args {
				if a.Param != "" {
					s += " -" + a.Param
				}
				if a.Value != nil {
					s += " " + describe(a.Value)
				}
			}
			return s
		}
		return fmt.Sprintf("%T", n)
	}
	cases := map[string]string{
		"1 + 2 * 3":               "(+ 1 (* 2 3))",
		"1, 2 + 3":                "(+ [1 2] 3)",
		"-not $a -eq $b":          "(-eq (-not $a) $b)",
		"$a -and $b -or $c":       "(-or (-and $a $b) $c)",
		"1..3 -join ','":          "(-join (.. 1 3) ',')",
		"'{0}' -f 1 + 2":          "(+ (-f '{0}' 1) 2)",
		"[int]$x.Count":           "[int]$x.'Count'",
		"$a.b.c(1, 2)[0]":         "$a.'b'.'c'(1,2)[0]",
		"$x = 1, 2":               "$x=[1 2]",
		"-1 - -2":                 "(- -1 -2)",
		"Get-X -A 1 b | Select-Y": "cmd:'Get-X' -A 1 'b' | cmd:'Select-Y'",
		"(1 + 2) * 3":             "(* ((+ 1 2)) 3)",
	}
	for src, want := range cases {
		sb, perr := parseScript(src)
		if perr != nil {
			t.Errorf("%q: %s", src, perr.Message)
			continue
		}
		if got := describe(sb.End[0]); got != want {
			t.Errorf("%q: got %s, want %s", src, got, want)
		}
	}
}

func TestParseErrorPositions(t *testing.T) {
	cases := []struct {
		src, id   string
		line, col int
	}{
		{"if ($true) {", "MissingEndCurlyBrace", 1, 12},
		{"$x = 1\n$y = (2 +", "ExpectedValueExpression", 2, 10},
		{"'a'\n  'b' 'c'", "UnexpectedToken", 2, 7},
		{"foreach ($a $b) {}", "MissingInInForeach", 1, 13},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		var perr *ParseError
		if !errors.As(err, &perr) || perr.ID != c.id {
			t.Errorf("%q: got %v, want %s", c.src, err, c.id)
			continue
		}
		if perr.Line != c.line || perr.Col != c.col {
			t.Errorf("%q: at %d:%d, want %d:%d", c.src, perr.Line, perr.Col, c.line, c.col)
		}
		if want := fmt.Sprintf("%d:%d: %s", c.line, c.col, perr.Message); err.Error() != want {
			t.Errorf("%q: Error() = %q, want %q", c.src, err.Error(), want)
		}
	}
}
