package winps51

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// stage is one command of a running pipeline.
type stage interface {
	begin()
	process(v Value) // one input object
	processNoInput() // the command is first in its pipeline
	end()
}

// runPipeline streams objects through the commands of a pipeline: begin of every command,
// then each input object through process, then end, as PowerShell does.
func (s *runspaceState) runPipeline(pl *syntax.PipelineAst, sc *scope, out emitter) {
	out, restore := s.applyRedirections(pl, out)
	defer restore()
	elems := pl.Elements
	var first syntax.Node
	cmds := elems
	if _, isCommand := elems[0].(*syntax.CommandAst); !isCommand {
		first, cmds = elems[0], elems[1:]
	}
	stages := make([]stage, len(cmds))
	next := out
	for i := len(cmds) - 1; i >= 0; i-- {
		c := mustBe[*syntax.CommandAst](cmds[i], "a pipeline element after the first")
		var st stage
		if len(c.Redirs) > 0 {
			t := s.resolveRedirections(c.Redirs, next)
			st = &redirStage{s: s, inner: s.newStage(c, sc, t.out, i > 0 || first != nil), t: t}
		} else {
			st = s.newStage(c, sc, next, i > 0 || first != nil)
		}
		stages[i] = st
		next = st.process
	}
	for _, st := range stages {
		st.begin()
	}
	if first != nil {
		v := s.eval(first, sc)
		if len(stages) == 0 {
			emitUnrolled(v, out)
		} else {
			emitUnrolled(v, stages[0].process)
		}
	} else if len(stages) > 0 {
		stages[0].processNoInput()
	}
	for _, st := range stages {
		st.end()
	}
}

// redirTargets is what a list of redirections does: where output, errors and warnings go.
type redirTargets struct {
	out  emitter
	err  func(*psError)
	warn func(string)
}

// resolveRedirections handles 2>&1, 3>&1, *>&1, >$null, 2>$null, 3>$null and *>$null for
// a command whose output goes to out.
func (s *runspaceState) resolveRedirections(redirs []*syntax.Redirection, out emitter) redirTargets {
	t := redirTargets{out: out}
	for _, r := range redirs {
		src := "1"
		if len(r.Op) > 0 && (r.Op[0] >= '1' && r.Op[0] <= '6' || r.Op[0] == '*') {
			src = r.Op[:1]
		}
		if r.Target == nil {
			target := out
			switch src {
			case "2":
				t.err = func(e *psError) { target(e.psView()) }
			case "3":
				t.warn = func(msg string) { target(msg) }
			case "*":
				t.err = func(e *psError) { target(e.psView()) }
				t.warn = func(msg string) { target(msg) }
			}
			continue
		}
		v, isVar := r.Target.(*syntax.VariableAst)
		if !isVar || !strings.EqualFold(v.Name, "null") {
			failf(r.Target.Extent(), "RedirectionNotSupported", "NotImplemented", "Redirection to a file is outside the simulated PowerShell subset.")
		}
		switch src {
		case "1":
			t.out = func(Value) {}
		case "2":
			t.err = func(*psError) {}
		case "3":
			t.warn = func(string) {}
		case "*":
			t.out = func(Value) {}
			t.err = func(*psError) {}
			t.warn = func(string) {}
		}
	}
	return t
}

// withRedirects runs fn with the error and warning streams redirected.
func (s *runspaceState) withRedirects(t redirTargets, fn func()) {
	oldErr, oldWarn := s.errRedirect, s.warnRedirect
	if t.err != nil {
		s.errRedirect = t.err
	}
	if t.warn != nil {
		s.warnRedirect = t.warn
	}
	defer func() { s.errRedirect, s.warnRedirect = oldErr, oldWarn }()
	fn()
}

// applyRedirections applies an expression pipeline's redirections for its whole run.
func (s *runspaceState) applyRedirections(pl *syntax.PipelineAst, out emitter) (emitter, func()) {
	if len(pl.Redirs) == 0 {
		return out, func() {}
	}
	t := s.resolveRedirections(pl.Redirs, out)
	oldErr, oldWarn := s.errRedirect, s.warnRedirect
	if t.err != nil {
		s.errRedirect = t.err
	}
	if t.warn != nil {
		s.warnRedirect = t.warn
	}
	return t.out, func() { s.errRedirect, s.warnRedirect = oldErr, oldWarn }
}

// redirStage runs a command with its own redirections in force.
type redirStage struct {
	s     *runspaceState
	inner stage
	t     redirTargets
}

func (r *redirStage) begin()          { r.s.withRedirects(r.t, r.inner.begin) }
func (r *redirStage) process(v Value) { r.s.withRedirects(r.t, func() { r.inner.process(v) }) }
func (r *redirStage) processNoInput() { r.s.withRedirects(r.t, r.inner.processNoInput) }
func (r *redirStage) end()            { r.s.withRedirects(r.t, r.inner.end) }

// commandAliases are 5.1's built-in aliases for the commands the engine has.
var commandAliases = map[string]string{
	"%": "ForEach-Object", "foreach": "ForEach-Object", "?": "Where-Object", "where": "Where-Object",
	"select": "Select-Object", "sort": "Sort-Object", "measure": "Measure-Object", "echo": "Write-Output",
	"write": "Write-Output", "gcm": "Get-Command", "ipmo": "Import-Module", "ft": "Format-Table",
	"fl": "Format-List", "gi": "Get-Item", "gci": "Get-ChildItem", "dir": "Get-ChildItem", "ls": "Get-ChildItem",
	"gp": "Get-ItemProperty", "sp": "Set-ItemProperty", "ni": "New-Item", "ri": "Remove-Item", "rm": "Remove-Item",
	"del": "Remove-Item", "erase": "Remove-Item", "rp": "Remove-ItemProperty", "iex": "Invoke-Expression",
	"gv": "Get-Variable", "sv": "Set-Variable", "set": "Set-Variable", "oh": "Out-Host", "group": "Group-Object",
	"gm": "Get-Member", "tee": "Tee-Object", "gmo": "Get-Module",
}

// newStage resolves a command (function, cmdlet, scriptblock) and prepares its stage.
func (s *runspaceState) newStage(c *syntax.CommandAst, sc *scope, out emitter, hasInput bool) stage {
	args := s.evalArgs(c, sc)
	var name string
	var nameExt syntax.Extent
	if c.Invoke != "" {
		v := s.eval(c.Name, sc)
		if sb, ok := v.(*ScriptBlock); ok {
			return s.newScriptStage(sb.Ast, "", c, args, sc, out, c.Invoke == ".", false)
		}
		name = toStr(v)
		nameExt = c.Name.Extent()
	} else {
		name = mustBe[*syntax.StringConstAst](c.Name, "a command name not invoked with & or .").Value
		nameExt = c.Name.Extent()
	}
	if f, ok := sc.lookupFunc(name); ok {
		return s.newScriptStage(f.body, f.name, c, args, sc, out, c.Invoke == ".", f.filter)
	}
	lookup := name
	if i := strings.LastIndexByte(lookup, '\\'); i > 0 {
		module := lookup[:i]
		lookup = lookup[i+1:]
		if cm, ok := s.cmdlets[strings.ToLower(lookup)]; !ok || (!strings.EqualFold(cm.Module, module) && (cm.Module != "" || !strings.HasPrefix(strings.ToLower(module), "microsoft.powershell"))) {
			if prog, isProg := s.nativeProgram(name); isProg {
				return s.newNativeStage(prog, name, c, args, sc, out)
			}
			s.commandNotFound(name, nameExt)
		}
	}
	if a, ok := commandAliases[strings.ToLower(lookup)]; ok {
		if _, has := s.cmdlets[strings.ToLower(a)]; has {
			lookup = a
		}
	}
	cm, ok := s.cmdlets[strings.ToLower(lookup)]
	if !ok {
		if prog, isProg := s.nativeProgram(name); isProg {
			return s.newNativeStage(prog, name, c, args, sc, out)
		}
		s.commandNotFound(name, nameExt)
	}
	if cm.Module != "" && !s.loaded[strings.ToLower(cm.Module)] {
		s.loadModule(cm.Module)
	}
	if cm.Module == "" && utilityCmdlets[strings.ToLower(cm.Name)] {
		// Microsoft.PowerShell.Utility is not loaded in a fresh process: its first
		// command autoloads it.
		s.noteModuleLoad()
	}
	return s.newCmdletStage(cm, c, args, sc, out, hasInput)
}

func (s *runspaceState) commandNotFound(name string, ext syntax.Extent) {
	e := newError("The term '"+name+"' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
		"System.Management.Automation.CommandNotFoundException", "CommandNotFoundException", "ObjectNotFound", ext)
	e.rec.TargetObject = name
	e.cmd = name
	e.noActivity = true
	fail(e)
}

// loadModule imports a module (autoloading does the same on first use).
func (s *runspaceState) loadModule(name string) {
	s.loaded[strings.ToLower(name)] = true
	s.noteModuleLoad()
}

// utilityCmdlets are the built-in cmdlets of Microsoft.PowerShell.Utility (the others used
// here are in Microsoft.PowerShell.Core, always loaded).
var utilityCmdlets = map[string]bool{
	"write-output": true, "write-error": true, "write-warning": true, "write-verbose": true,
	"write-debug": true, "write-host": true, "out-string": true, "format-table": true,
	"format-list": true, "select-object": true, "sort-object": true, "measure-object": true,
	"convertto-json": true, "convertfrom-json": true, "invoke-expression": true, "start-sleep": true,
	"new-object": true, "get-date": true,
}

// argument is one evaluated command argument.
type argument struct {
	name      string // parameter name without dash; "" for positional
	value     Value
	hasValue  bool
	colon     bool
	ext       syntax.Extent // the parameter token (named) or the value
	fromSplat bool
}

func (s *runspaceState) evalArgs(c *syntax.CommandAst, sc *scope) []argument {
	var out []argument
	for _, a := range c.Args {
		switch {
		case a.Splat:
			va := mustBe[*syntax.VariableAst](a.Value, "a splatted argument")
			v := s.getVar(sc, va.Name)
			switch x := v.(type) {
			case *Hashtable:
				for i, k := range x.keys {
					out = append(out, argument{name: toStr(k), value: x.vals[i], hasValue: true, colon: true, ext: va.Ext, fromSplat: true})
				}
			case []Value:
				for _, e := range x {
					out = append(out, argument{value: e, hasValue: true, ext: va.Ext})
				}
			case nil:
			default:
				out = append(out, argument{value: v, hasValue: true, ext: va.Ext})
			}
		case a.Param != "":
			arg := argument{name: a.Param, colon: a.Colon, ext: a.ParamExt}
			if a.Value != nil {
				arg.value = s.eval(a.Value, sc)
				arg.hasValue = true
			}
			out = append(out, arg)
		default:
			out = append(out, argument{value: s.evalArgValue(a.Value, sc), hasValue: true, ext: a.Value.Extent()})
		}
	}
	return out
}

// evalArgValue evaluates a positional argument: a bareword is a string.
func (s *runspaceState) evalArgValue(n syntax.Node, sc *scope) Value {
	return s.eval(n, sc)
}
