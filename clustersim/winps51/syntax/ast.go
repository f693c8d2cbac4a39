package syntax

// The syntax tree. Every node knows its extent (rune offsets into its script), so that a
// runtime error can show PowerShell's "At line:L char:C" message with ~~~ under it.

// Extent is a span of a script.
type Extent struct {
	Start, End int
	Src        *Source
}

// Source is one parsed script text, with its line starts for positions. Offsets into it
// count runes.
type Source struct {
	text       []rune
	lineStarts []int
}

// NewSource indexes the lines of a script text.
func NewSource(text string) *Source {
	s := &Source{text: []rune(text), lineStarts: []int{0}}
	for i, r := range s.text {
		if r == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

// Len is the length of the text in runes: the largest offset an extent may hold.
func (s *Source) Len() int { return len(s.text) }

// LineCol gives the 1-based line and column of a rune offset.
func (s *Source) LineCol(off int) (line, col int) {
	line = 0
	for i, st := range s.lineStarts {
		if st <= off {
			line = i
		} else {
			break
		}
	}
	return line + 1, off - s.lineStarts[line] + 1
}

// LineText is the text of a 1-based line without its line break.
func (s *Source) LineText(line int) string {
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

// Node is any tree node. Only this package makes node types (the unexported method), so
// that a type switch over them in the evaluator can be complete.
type Node interface {
	Extent() Extent
	node()
}

// NodeBase is embedded in every node: its extent.
type NodeBase struct{ Ext Extent }

// Extent is the node's span of its script.
func (n *NodeBase) Extent() Extent { return n.Ext }

func (*NodeBase) node() {}

// ---- statements ----

// ScriptBlockAst is a script or the body of { }: optional param() and named blocks.
type ScriptBlockAst struct {
	NodeBase
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
	NodeBase
	Name      string
	Type      string // "" when unconstrained
	Default   Node
	Mandatory bool
	Position  int
	FromPipe  bool
	Switch    bool
}

type PipelineAst struct {
	NodeBase
	Elements []Node // *CommandAst or an expression (first element only)
	Redirs   []*Redirection
}

type Redirection struct {
	Op     string // "2>&1", ">", "2>" ...
	Target Node   // nil for merges
}

type AssignAst struct {
	NodeBase
	Target Node
	Op     string
	Value  Node // a statement (pipeline or expression)
}

type IfClause struct {
	Cond Node
	Body *BlockAst
}

type IfAst struct {
	NodeBase
	Clauses []IfClause
	Else    *BlockAst
}

// BlockAst is a statement block { ... } of a statement (not a scriptblock value).
type BlockAst struct {
	NodeBase
	Stmts []Node
}

type WhileAst struct {
	NodeBase
	Label string
	Cond  Node
	Body  *BlockAst
}

type DoLoopAst struct {
	NodeBase
	Label string
	Body  *BlockAst
	Cond  Node
	Until bool
}

type ForAst struct {
	NodeBase
	Label            string
	Init, Cond, Step Node
	Body             *BlockAst
}

type ForeachAst struct {
	NodeBase
	Label string
	Var   *VariableAst
	Coll  Node
	Body  *BlockAst
}

type SwitchClause struct {
	Cond    Node // nil for default
	Default bool
	Body    *BlockAst
}

type SwitchAst struct {
	NodeBase
	Label    string
	Cond     Node
	Clauses  []SwitchClause
	Wildcard bool
	Regex    bool
	Exact    bool
	CaseSens bool
}

type CatchClause struct {
	Types []string
	Body  *BlockAst
	Ext   Extent
}

type TryAst struct {
	NodeBase
	Body    *BlockAst
	Catches []CatchClause
	Finally *BlockAst
}

type FunctionAst struct {
	NodeBase
	Name   string
	Body   *ScriptBlockAst
	Filter bool
}

type ReturnAst struct {
	NodeBase
	Value Node // may be nil
}

type ThrowAst struct {
	NodeBase
	Value Node
}

type ExitAst struct {
	NodeBase
	Value Node
}

type BreakAst struct {
	NodeBase
	Continue bool
	Label    string
}

// ---- commands ----

type CommandArg struct {
	Param    string // parameter name without the dash, "" for a positional argument
	Colon    bool   // -Name:value
	Value    Node   // nil for a switch without a value
	Splat    bool   // @name
	ParamExt Extent
}

type CommandAst struct {
	NodeBase
	Invoke string // "", "&" or "."
	Name   Node   // *StringConstAst for a bareword name, else an expression
	Args   []CommandArg
	Redirs []*Redirection // 2>&1, >$null ... written after this command
}

// ---- expressions ----

// ConstAst is a number literal (int, int64 or float64, as the lexer reads it) or, in a
// parameter attribute written without a value ([Parameter(Mandatory)]), true.
type ConstAst struct {
	NodeBase
	Value any
}

type StringConstAst struct {
	NodeBase
	Value    string
	Bareword bool
}

type ExpandStringAst struct {
	NodeBase
	Parts []Node // *StringConstAst, *VariableAst, *SubExprAst
}

type VariableAst struct {
	NodeBase
	Name  string
	Scope string
}

type ArrayLiteralAst struct {
	NodeBase
	Elems []Node
}

// ArrayExprAst is @( statements ).
type ArrayExprAst struct {
	NodeBase
	Stmts []Node
}

// SubExprAst is $( statements ).
type SubExprAst struct {
	NodeBase
	Stmts []Node
}

// ParenAst is ( pipeline ).
type ParenAst struct {
	NodeBase
	Inner Node
}

type HashAst struct {
	NodeBase
	Keys   []Node
	Values []Node
}

type ScriptBlockExprAst struct {
	NodeBase
	Block *ScriptBlockAst
}

type TypeAst struct {
	NodeBase
	Name string
}

type ConvertAst struct {
	NodeBase
	Type    string
	Operand Node
}

type UnaryAst struct {
	NodeBase
	Op      string // "-not" "!" "-" "+" "-bnot" "-split" "-join" "++" "--" "post++" "post--" ","
	Operand Node
}

type BinaryAst struct {
	NodeBase
	Op          string // lower case: "+", "-eq", "-and", "..", "-f", ...
	Left, Right Node
	OpExt       Extent
}

type MemberAst struct {
	NodeBase
	Target Node
	Name   Node // *StringConstAst usually
	Static bool
}

type InvokeAst struct {
	NodeBase
	Target Node
	Name   Node
	Args   []Node
	Static bool
}

type IndexAst struct {
	NodeBase
	Target Node
	Index  Node
}

// AttributedAst is an expression statement's attribute, like [void] in front of an
// assignment: handled as ConvertAst.
