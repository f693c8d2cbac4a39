package syntax

import "strconv"

// Tokens of the PowerShell language subset (see SUBSET.md). The scanner is modal, as
// PowerShell's tokenizer is: in expression mode "-eq" is an operator and "a-b" is not a
// word; in command mode "-Name" is a parameter and barewords are arguments.

// tokKind is the kind of a token.
type tokKind int

const (
	tEOF          tokKind = iota
	tNewline              // a line break (statement separator)
	tSemi                 // ;
	tLParen               // (
	tRParen               // )
	tLBrace               // {
	tRBrace               // }
	tLBracket             // [
	tRBracket             // ]
	tAtParen              // @(
	tAtBrace              // @{
	tDollarParen          // $(
	tPipe                 // |
	tAmp                  // &
	tDot                  // .
	tDotDot               // ..
	tColonColon           // ::
	tComma                // ,
	tAssign               // = += -= *= /= %=
	tPlus                 // +
	tMinus                // -
	tStar                 // *
	tSlash                // /
	tPercent              // %
	tExcl                 // !
	tPlusPlus             // ++
	tMinusMinus           // --
	tOperator             // -eq -and ... (Val: lower-case name without the dash)
	tVariable             // $name (Val: name, Scope: scope)
	tSplat                // @name
	tNumber               // 1 0x1F 1.5 1kb (Num: value)
	tString               // '...' and @'...'@ (Val: value)
	tExpandString         // "..." and @"..."@ (Val: raw content; the parser splits it)
	tWord                 // a bareword: command name, keyword or command argument
	tParameter            // -Name or -Name: in command mode (Val: name; Colon)
	tRedirect             // 2>&1 >$null ... (Val: the operator text)
	tAndAnd               // && (not in 5.1)
	tOrOr                 // || (not in 5.1)
)

// token is one lexeme with its place in the source (rune offsets).
type token struct {
	Kind        tokKind
	Text        string // the source text of the token
	Val         string
	Scope       string
	Num         any
	Colon       bool // -Name: (the argument follows the colon)
	Pos, End    int
	SpaceBefore bool // whitespace (or a comment) right before the token
	Braced      bool // ${name}
	Inner       int  // strings: the offset where the content (Val) starts
}

// lexMode selects how ambiguous characters are read.
type lexMode int

const (
	modeExpr lexMode = iota
	modeCommand
)

// operator names recognised after a dash in expression mode; the value says whether it is
// unary-capable only (-not, -bnot), binary, or both (-split, -join).
var dashOperators = map[string]bool{
	"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true,
	"ieq": true, "ine": true, "igt": true, "ige": true, "ilt": true, "ile": true,
	"ceq": true, "cne": true, "cgt": true, "cge": true, "clt": true, "cle": true,
	"like": true, "notlike": true, "ilike": true, "inotlike": true, "clike": true, "cnotlike": true,
	"match": true, "notmatch": true, "imatch": true, "inotmatch": true, "cmatch": true, "cnotmatch": true,
	"replace": true, "ireplace": true, "creplace": true,
	"contains": true, "notcontains": true, "icontains": true, "inotcontains": true, "ccontains": true, "cnotcontains": true,
	"in": true, "notin": true, "iin": true, "inotin": true, "cin": true, "cnotin": true,
	"split": true, "isplit": true, "csplit": true, "join": true,
	"is": true, "isnot": true, "as": true,
	"and": true, "or": true, "xor": true, "not": true,
	"band": true, "bor": true, "bxor": true, "bnot": true, "shl": true, "shr": true,
	"f": true,
}

// isDash reports the characters PowerShell reads as a dash (hyphen and typographic dashes).
func isDash(r rune) bool { return r == '-' || r == '\u2013' || r == '\u2014' || r == '\u2015' }

// isSingleQuote: PowerShell reads U+2018..U+201B as single quotes too.
func isSingleQuote(r rune) bool { return r == '\'' || (r >= '\u2018' && r <= '\u201b') }

// isDoubleQuote: PowerShell reads U+201C..U+201E as double quotes too.
func isDoubleQuote(r rune) bool { return r == '"' || r == '\u201c' || r == '\u201d' || r == '\u201e' }

var tokKindNames = [...]string{
	tEOF: "EOF", tNewline: "Newline", tSemi: ";", tLParen: "(", tRParen: ")", tLBrace: "{",
	tRBrace: "}", tLBracket: "[", tRBracket: "]", tAtParen: "@(", tAtBrace: "@{", tDollarParen: "$(",
	tPipe: "|", tAmp: "&", tDot: ".", tDotDot: "..", tColonColon: "::", tComma: ",", tAssign: "Assign",
	tPlus: "+", tMinus: "-", tStar: "*", tSlash: "/", tPercent: "%", tExcl: "!", tPlusPlus: "++",
	tMinusMinus: "--", tOperator: "Operator", tVariable: "Variable", tSplat: "Splat", tNumber: "Number",
	tString: "String", tExpandString: "ExpandString", tWord: "Word", tParameter: "Parameter",
	tRedirect: "Redirect", tAndAnd: "&&", tOrOr: "||",
}

func (k tokKind) String() string {
	if int(k) < len(tokKindNames) && tokKindNames[k] != "" {
		return tokKindNames[k]
	}
	return "tokKind(" + strconv.Itoa(int(k)) + ")"
}
