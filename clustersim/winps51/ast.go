package winps51

// The syntax tree. Every node knows its extent (rune offsets into its script), so that a
// runtime error can show PowerShell's "At line:L char:C" message with ~~~ under it.

// Extent is a span of a script.
type Extent struct {
	Start, End int
	Src        *source
}

// source is one parsed script text, with its line starts for positions.
type source struct {
	text       []rune
	lineStarts []int
}

func newSource(text string) *source {
	s := &source{text: []rune(text), lineStarts: []int{0}}
	for i, r := range s.text {
		if r == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

// lineCol gives the 1-based line and column of a rune offset.
func (s *source) lineCol(off int) (int, int) {
	line := 0
	for i, st := range s.lineStarts {
		if st <= off {
			line = i
		} else {
			break
		}
	}
	return line + 1, off - s.lineStarts[line] + 1
}

// lineText is the text of a 1-based line without its line break.
func (s *source) lineText(line int) string {
	start := s.lineStarts[line-1]
	end := len(s.text)
	if line < len(s.lineStarts) {
		end = s.lineStarts[line] - 1
	}
	if end > start && end <= len(s.text) && s.text[end-1] == '\r' {
		end--
	}
	if end < start {
		end = start
	}
	return string(s.text[start:end])
}

// Text is the source text of the extent.
func (e Extent) Text() string {
	if e.Src == nil || e.Start < 0 || e.End > len(e.Src.text) || e.Start > e.End {
		return ""
	}
	return string(e.Src.text[e.Start:e.End])
}

// Node is any tree node.
type Node interface{ extent() Extent }

type nodeBase struct{ Ext Extent }

func (n *nodeBase) extent() Extent { return n.Ext }

// ---- statements ----

// ScriptBlockAst is a script or the body of { }: optional param() and named blocks.
type ScriptBlockAst struct {
	nodeBase
	Params     []*ParamAst
	HasParam   bool
	Begin      []Node
	Process    []Node
	End        []Node // the body when no named blocks are used
	NamedBlock bool
	CmdletBind bool
}

// ParamAst is one parameter of a param() block.
type ParamAst struct {
	nodeBase
	Name      string
	Type      string // "" when unconstrained
	Default   Node
	Mandatory bool
	Position  int
	FromPipe  bool
	Switch    bool
}

type PipelineAst struct {
	nodeBase
	Elements []Node // *CommandAst or an expression (first element only)
	Redirs   []*redirection
}

type redirection struct {
	Op     string // "2>&1", ">", "2>" ...
	Target Node   // nil for merges
}

type AssignAst struct {
	nodeBase
	Target Node
	Op     string
	Value  Node // a statement (pipeline or expression)
}

type ifClause struct {
	Cond Node
	Body *BlockAst
}

type IfAst struct {
	nodeBase
	Clauses []ifClause
	Else    *BlockAst
}

// BlockAst is a statement block { ... } of a statement (not a scriptblock value).
type BlockAst struct {
	nodeBase
	Stmts []Node
}

type WhileAst struct {
	nodeBase
	Label string
	Cond  Node
	Body  *BlockAst
}

type DoLoopAst struct {
	nodeBase
	Label string
	Body  *BlockAst
	Cond  Node
	Until bool
}

type ForAst struct {
	nodeBase
	Label            string
	Init, Cond, Step Node
	Body             *BlockAst
}

type ForeachAst struct {
	nodeBase
	Label string
	Var   *VariableAst
	Coll  Node
	Body  *BlockAst
}

type switchClause struct {
	Cond    Node // nil for default
	Default bool
	Body    *BlockAst
}

type SwitchAst struct {
	nodeBase
	Label    string
	Cond     Node
	Clauses  []switchClause
	Wildcard bool
	Regex    bool
	Exact    bool
	CaseSens bool
}

type catchClause struct {
	Types []string
	Body  *BlockAst
	Ext   Extent
}

type TryAst struct {
	nodeBase
	Body    *BlockAst
	Catches []catchClause
	Finally *BlockAst
}

type FunctionAst struct {
	nodeBase
	Name   string
	Body   *ScriptBlockAst
	Filter bool
}

type ReturnAst struct {
	nodeBase
	Value Node // may be nil
}

type ThrowAst struct {
	nodeBase
	Value Node
}

type ExitAst struct {
	nodeBase
	Value Node
}

type BreakAst struct {
	nodeBase
	Continue bool
	Label    string
}

// ---- commands ----

type commandArg struct {
	Param    string // parameter name without the dash, "" for a positional argument
	Colon    bool   // -Name:value
	Value    Node   // nil for a switch without a value
	Splat    bool   // @name
	ParamExt Extent
}

type CommandAst struct {
	nodeBase
	Invoke string // "", "&" or "."
	Name   Node   // *StringConstAst for a bareword name, else an expression
	Args   []commandArg
	Redirs []*redirection // 2>&1, >$null ... written after this command
}

// ---- expressions ----

type ConstAst struct {
	nodeBase
	Value Value
}

type StringConstAst struct {
	nodeBase
	Value    string
	Bareword bool
}

type ExpandStringAst struct {
	nodeBase
	Parts []Node // *StringConstAst, *VariableAst, *SubExprAst
}

type VariableAst struct {
	nodeBase
	Name  string
	Scope string
}

type ArrayLiteralAst struct {
	nodeBase
	Elems []Node
}

// ArrayExprAst is @( statements ).
type ArrayExprAst struct {
	nodeBase
	Stmts []Node
}

// SubExprAst is $( statements ).
type SubExprAst struct {
	nodeBase
	Stmts []Node
}

// ParenAst is ( pipeline ).
type ParenAst struct {
	nodeBase
	Inner Node
}

type HashAst struct {
	nodeBase
	Keys   []Node
	Values []Node
}

type ScriptBlockExprAst struct {
	nodeBase
	Block *ScriptBlockAst
}

type TypeAst struct {
	nodeBase
	Name string
}

type ConvertAst struct {
	nodeBase
	Type    string
	Operand Node
}

type UnaryAst struct {
	nodeBase
	Op      string // "-not" "!" "-" "+" "-bnot" "-split" "-join" "++" "--" "post++" "post--" ","
	Operand Node
}

type BinaryAst struct {
	nodeBase
	Op          string // lower case: "+", "-eq", "-and", "..", "-f", ...
	Left, Right Node
	OpExt       Extent
}

type MemberAst struct {
	nodeBase
	Target Node
	Name   Node // *StringConstAst usually
	Static bool
}

type InvokeAst struct {
	nodeBase
	Target Node
	Name   Node
	Args   []Node
	Static bool
}

type IndexAst struct {
	nodeBase
	Target Node
	Index  Node
}

// AttributedAst is an expression statement's attribute, like [void] in front of an
// assignment: handled as ConvertAst.
