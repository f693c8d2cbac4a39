package winps51

import (
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// scriptStage runs a function or a scriptblock as a pipeline command.
type scriptStage struct {
	s       *runspaceState
	body    *syntax.ScriptBlockAst
	name    string
	cmd     *syntax.CommandAst
	args    []argument
	caller  *scope
	sc      *scope
	out     emitter
	dot     bool
	filter  bool
	input   []Value
	pipePrm *syntax.ParamAst
}

func (s *runspaceState) newScriptStage(body *syntax.ScriptBlockAst, name string, c *syntax.CommandAst, args []argument, caller *scope, out emitter, dot, filter bool) *scriptStage {
	return &scriptStage{s: s, body: body, name: name, cmd: c, args: args, caller: caller, out: out, dot: dot, filter: filter}
}

func (st *scriptStage) begin() {
	s := st.s
	s.callDepth++
	if s.callDepth > maxCallDepth {
		s.callDepth = 0
		e := runtimeError(st.cmd.Ext, "CallDepthOverflow", "InvalidOperation", "The script failed due to call depth overflow.")
		panic(&psThrow{err: e, script: true})
	}
	if st.dot {
		st.sc = st.caller
	} else {
		st.sc = newScope(st.caller)
		st.sc.inv = &invocation{name: st.name, text: scriptBlockText(st.body), ext: st.cmd.Ext}
	}
	st.bindParams()
	st.run(st.body.Begin, nil, false)
}

func (st *scriptStage) process(v Value) {
	if st.filter {
		st.run(st.body.End, v, true)
		return
	}
	if len(st.body.Process) > 0 {
		st.run(st.body.Process, v, true)
		return
	}
	st.input = append(st.input, v)
}

func (st *scriptStage) processNoInput() {
	if st.filter {
		st.run(st.body.End, nil, true)
		return
	}
	if len(st.body.Process) > 0 {
		st.run(st.body.Process, nil, false)
	}
}

func (st *scriptStage) end() {
	defer func() { st.s.callDepth-- }()
	if st.filter {
		return
	}
	st.sc.setLocal("input", append([]Value{}, st.input...))
	st.run(st.body.End, nil, false)
}

// run executes one block of the scriptblock; return ends the block.
func (st *scriptStage) run(stmts []syntax.Node, item Value, withItem bool) {
	if len(stmts) == 0 {
		return
	}
	exec := func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*flowReturn); !ok {
					panic(r)
				}
			}
		}()
		st.s.execStatements(stmts, st.sc, st.out)
	}
	if withItem {
		if st.pipePrm != nil {
			st.sc.setLocal(st.pipePrm.Name, st.s.convertParam(st.pipePrm, item, st.cmd))
		}
		st.s.withPipelineItem(st.sc, item, exec)
		return
	}
	exec()
}

// commonParams are the parameters [CmdletBinding()] functions and cmdlets accept.
var commonParams = []string{"Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction",
	"ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable"}

var commonAliases = map[string]string{"vb": "Verbose", "db": "Debug", "ea": "ErrorAction", "wa": "WarningAction",
	"infa": "InformationAction", "ev": "ErrorVariable", "wv": "WarningVariable", "iv": "InformationVariable",
	"ov": "OutVariable", "ob": "OutBuffer", "pv": "PipelineVariable"}

func (st *scriptStage) invocationName() string {
	if st.name != "" {
		return st.name
	}
	return ""
}

func (st *scriptStage) bindingError(msg, id string, ext syntax.Extent) {
	e := newError(msg, "System.Management.Automation.ParameterBindingException", id, "InvalidArgument", ext)
	e.cmd = st.invocationName()
	if e.rec.FullyQualifiedErrorID != "" && st.name != "" {
		e.rec.FullyQualifiedErrorID = id + "," + st.name
	}
	fail(e)
}

// bindParams binds arguments to the param() block (or to $args when there is none).
func (st *scriptStage) bindParams() {
	s, sc, body := st.s, st.sc, st.body
	bound := NewHashtable(false)
	var rest []Value
	if !body.HasParam {
		for _, a := range st.args {
			if a.name != "" {
				if a.fromSplat {
					rest = append(rest, "-"+a.name+":", a.value)
					continue
				}
				name := "-" + a.name
				if a.colon {
					name += ":"
				}
				rest = append(rest, name)
			}
			if a.hasValue {
				rest = append(rest, a.value)
			}
		}
		sc.setLocal("args", rest)
		sc.setLocal("PSBoundParameters", bound)
		return
	}
	params := body.Params
	set := map[*syntax.ParamAst]bool{}
	var positional []argument
	for i := 0; i < len(st.args); i++ {
		a := st.args[i]
		if a.name == "" {
			positional = append(positional, a)
			continue
		}
		p, common := st.matchParam(a)
		if common != "" {
			val := a.value
			if !a.hasValue {
				if strings.EqualFold(common, "Verbose") || strings.EqualFold(common, "Debug") {
					val = true
				} else if i+1 < len(st.args) && st.args[i+1].name == "" {
					i++
					val = st.args[i].value
				} else {
					st.bindingError(fmt.Sprintf("Missing an argument for parameter '%s'. Specify a parameter of type 'System.Management.Automation.ActionPreference' and try again.", common), "MissingArgument", a.ext)
				}
			}
			switch common {
			case "ErrorAction":
				sc.setLocal("ErrorActionPreference", s.actionPreference(val, common, a.ext))
			case "WarningAction":
				sc.setLocal("WarningPreference", s.actionPreference(val, common, a.ext))
			case "Verbose":
				if toBool(val) {
					sc.setLocal("VerbosePreference", "Continue")
				}
			}
			bound.Set(common, val)
			continue
		}
		if p == nil {
			st.bindingError(fmt.Sprintf("A parameter cannot be found that matches parameter name '%s'.", a.name), "NamedParameterNotFound", a.ext)
		}
		if set[p] {
			st.bindingError(fmt.Sprintf("Cannot bind parameter because parameter '%s' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".", p.Name), "ParameterAlreadyBound", a.ext)
		}
		val := a.value
		if p.Switch {
			if !a.hasValue {
				val = true
			}
			val = &switchValue{IsPresent: toBool(val)}
		} else if !a.hasValue {
			if i+1 < len(st.args) && st.args[i+1].name == "" {
				i++
				val = st.args[i].value
			} else {
				typ := p.Type
				if typ == "" {
					typ = "System.Object"
				} else if full, ok := canonicalType(typ); ok {
					typ = full
				}
				st.bindingError(fmt.Sprintf("Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.", p.Name, typ), "MissingArgument", a.ext)
			}
		}
		raw := val
		if !p.Switch {
			val = s.convertParam(p, val, st.cmd)
			st.checkMandatoryValue(p, raw, val, a.ext)
		}
		sc.setLocal(p.Name, val)
		if p.Type != "" && !p.Switch {
			sc.vars[strings.ToLower(p.Name)].typ = p.Type
		}
		bound.Set(p.Name, val)
		set[p] = true
	}
	// Positional arguments in Position order.
	var byPos []*syntax.ParamAst
	for _, p := range params {
		if p.Position >= 0 && !p.Switch {
			byPos = append(byPos, p)
		}
	}
	for i := 1; i < len(byPos); i++ {
		for j := i; j > 0 && byPos[j].Position < byPos[j-1].Position; j-- {
			byPos[j], byPos[j-1] = byPos[j-1], byPos[j]
		}
	}
	for _, a := range positional {
		var target *syntax.ParamAst
		for _, p := range byPos {
			if !set[p] {
				target = p
				break
			}
		}
		if target == nil {
			if body.CmdletBind {
				st.bindingError(fmt.Sprintf("A positional parameter cannot be found that accepts argument '%s'.", toStr(a.value)), "PositionalParameterNotFound", st.cmd.Ext)
			}
			rest = append(rest, a.value)
			continue
		}
		val := s.convertParam(target, a.value, st.cmd)
		st.checkMandatoryValue(target, a.value, val, a.ext)
		sc.setLocal(target.Name, val)
		if target.Type != "" {
			sc.vars[strings.ToLower(target.Name)].typ = target.Type
		}
		bound.Set(target.Name, val)
		set[target] = true
	}
	// Pipeline-bound parameter, defaults, mandatory check.
	var missing []string
	for _, p := range params {
		if set[p] {
			continue
		}
		if p.FromPipe && st.pipePrm == nil {
			st.pipePrm = p
		}
		switch {
		case p.Switch:
			sc.setLocal(p.Name, &switchValue{})
		case p.Default != nil:
			v := s.eval(p.Default, sc)
			if p.Type != "" {
				v = s.convertParam(p, v, st.cmd)
			}
			sc.setLocal(p.Name, v)
		default:
			var zero Value
			if p.Type != "" {
				if full, ok := canonicalType(p.Type); ok {
					switch full {
					case "System.Int32", "System.Int64", "System.Double":
						zero, _ = convertValue(nil, full)
					case "System.String":
						zero = ""
					case "System.Boolean":
						zero = false
					}
				}
			}
			sc.setLocal(p.Name, zero)
		}
		if p.Type != "" && !p.Switch {
			sc.vars[strings.ToLower(p.Name)].typ = p.Type
		}
		if p.Mandatory && !p.FromPipe {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		st.bindingError("Cannot process command because of one or more missing mandatory parameters: "+strings.Join(missing, " ")+".", "MissingMandatoryParameter", st.cmd.Ext)
	}
	sc.setLocal("args", rest)
	if rest == nil {
		sc.setLocal("args", []Value{})
	}
	sc.setLocal("PSBoundParameters", bound)
	sc.setLocal("MyInvocation", NewObject("System.Management.Automation.InvocationInfo", "MyCommand", st.name, "InvocationName", st.name, "BoundParameters", bound, "Line", st.cmd.Ext.Text()))
}

// matchParam finds the declared parameter a named argument means (exact, then prefix).
func (st *scriptStage) matchParam(a argument) (*syntax.ParamAst, string) {
	for _, p := range st.body.Params {
		if strings.EqualFold(p.Name, a.name) {
			return p, ""
		}
	}
	if st.body.CmdletBind {
		for _, c := range commonParams {
			if strings.EqualFold(c, a.name) {
				return nil, c
			}
		}
		if c, ok := commonAliases[strings.ToLower(a.name)]; ok {
			return nil, c
		}
	}
	var matches []*syntax.ParamAst
	for _, p := range st.body.Params {
		if strings.HasPrefix(strings.ToLower(p.Name), strings.ToLower(a.name)) {
			matches = append(matches, p)
		}
	}
	var commonMatches []string
	if st.body.CmdletBind {
		for _, c := range commonParams {
			if strings.HasPrefix(strings.ToLower(c), strings.ToLower(a.name)) {
				commonMatches = append(commonMatches, c)
			}
		}
	}
	if len(matches)+len(commonMatches) > 1 {
		var names []string
		for _, m := range matches {
			names = append(names, "-"+m.Name)
		}
		for _, c := range commonMatches {
			names = append(names, "-"+c)
		}
		st.bindingError(fmt.Sprintf("Parameter cannot be processed because the parameter name '%s' is ambiguous. Possible matches include: %s.", a.name, strings.Join(names, " ")), "AmbiguousParameter", a.ext)
	}
	if len(matches) == 1 {
		return matches[0], ""
	}
	if len(commonMatches) == 1 {
		return nil, commonMatches[0]
	}
	return nil, ""
}

// convertParam applies a parameter's type constraint.
func (s *runspaceState) convertParam(p *syntax.ParamAst, v Value, c *syntax.CommandAst) Value {
	if p.Type == "" {
		return v
	}
	full, ok := canonicalType(p.Type)
	if !ok {
		s.resolveType(p.Type, p.Ext)
	}
	r, ok := convertValue(v, full)
	if !ok {
		inner := fmt.Sprintf("Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".", toStr(v), psTypeName(v), full)
		if str, isStr := v.(string); isStr && (full == "System.Int32" || full == "System.Int64" || full == "System.Double") {
			inner = fmt.Sprintf("Cannot convert value \"%s\" to type \"%s\". Error: \"Input string was not in a correct format.\"", str, full)
		}
		e := newError(fmt.Sprintf("Cannot process argument transformation on parameter '%s'. %s", p.Name, inner),
			"System.Management.Automation.ParameterBindingException", "ParameterArgumentTransformationError", "InvalidData", c.Ext)
		fail(e)
	}
	return r
}

// actionPreference validates an -ErrorAction / -WarningAction value.
func (s *runspaceState) actionPreference(v Value, param string, ext syntax.Extent) string {
	str := toStr(v)
	if e, ok := v.(Enum); ok {
		str = e.Name
	}
	for _, n := range []string{"SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend"} {
		if strings.EqualFold(n, str) {
			return n
		}
	}
	e := newError(fmt.Sprintf("Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again:\nSilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend\"", param, str, str),
		"System.Management.Automation.ParameterBindingException", "CannotConvertArgumentNoMessage", "InvalidArgument", ext)
	fail(e)
	return ""
}

// invokeScriptBlockValues runs a scriptblock with positional arguments and returns its
// output ($sb.Invoke(...)).
func (s *runspaceState) invokeScriptBlockValues(sb *ScriptBlock, args []Value, ext syntax.Extent) []Value {
	c := &syntax.CommandAst{NodeBase: syntax.NodeBase{Ext: ext}}
	var as []argument
	for _, a := range args {
		as = append(as, argument{value: a, hasValue: true, ext: ext})
	}
	out := []Value{}
	st := s.newScriptStage(sb.Ast, "", c, as, s.global, func(v Value) { out = append(out, v) }, false, false)
	st.begin()
	st.processNoInput()
	st.end()
	return out
}

// invokeWithItem runs a scriptblock in the caller's scope with $_ set, as ForEach-Object and
// Where-Object do (their assignments are visible to the caller).
func (s *runspaceState) invokeWithItem(sb *ScriptBlock, sc *scope, item Value, out emitter) {
	child := sc
	s.withPipelineItem(child, item, func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*flowReturn); !ok {
					panic(r)
				}
			}
		}()
		body := append(append(append([]syntax.Node{}, sb.Ast.Begin...), sb.Ast.Process...), sb.Ast.End...)
		s.execStatements(body, child, out)
	})
}

// checkMandatoryValue refuses $null and "" for a Mandatory parameter, as the binder does
// for functions as for cmdlets.
func (st *scriptStage) checkMandatoryValue(p *syntax.ParamAst, raw, val Value, ext syntax.Extent) {
	if !p.Mandatory {
		return
	}
	id, what := "", ""
	switch {
	case raw == nil:
		id, what = "ParameterArgumentValidationErrorNullNotAllowed", "null"
	case val == "":
		id, what = "ParameterArgumentValidationErrorEmptyStringNotAllowed", "an empty string"
	}
	if id == "" {
		return
	}
	e := newError(fmt.Sprintf("Cannot bind argument to parameter '%s' because it is %s.", p.Name, what),
		"System.Management.Automation.ParameterBindingValidationException", id, "InvalidData", ext)
	e.cmd = st.invocationName()
	if st.name != "" {
		e.rec.FullyQualifiedErrorID = id + "," + st.name
	}
	fail(e)
}
