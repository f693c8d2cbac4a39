package winps51

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// emitter receives the objects a statement writes to its pipeline.
type emitter func(Value)

// emitUnrolled writes a value the way an expression statement does: arrays are enumerated.
func emitUnrolled(v Value, out emitter) {
	switch x := v.(type) {
	case []Value:
		for _, e := range x {
			out(e)
		}
	case []string:
		for _, e := range x {
			out(e)
		}
	case []byte:
		for _, e := range x {
			out(int(e))
		}
	default:
		out(v)
	}
}

func (s *runspaceState) execStatements(stmts []syntax.Node, sc *scope, out emitter) {
	for _, st := range stmts {
		s.execStatement(st, sc, out)
	}
}

// tryDepth counts the try blocks (and other catchers) the running code is inside: there a
// statement-terminating error goes on up to the catch instead of being reported.
func (s *runspaceState) execStatement(n syntax.Node, sc *scope, out emitter) {
	s.checkCancel()
	failedBefore := s.stmtFailed
	s.stmtFailed = false
	defer func() {
		if r := recover(); r != nil {
			t, ok := r.(*psThrow)
			if !ok {
				// break, continue, return and exit are not failures.
				s.lastFailed = s.stmtFailed
				s.stmtFailed = s.stmtFailed || failedBefore
				panic(r)
			}
			if t.script || s.tryDepth > 0 {
				s.lastFailed = true
				panic(r)
			}
			s.stmtFailed = true
			s.reportStatementError(t.err, sc)
		}
		s.lastFailed = s.stmtFailed
		s.stmtFailed = s.stmtFailed || failedBefore
	}()
	s.execStatementInner(n, sc, out)
}

// reportStatementError handles a statement-terminating error that nothing catches: with
// $ErrorActionPreference Stop it ends the script; otherwise it is written (or silenced) and
// the script goes on with the next statement.
func (s *runspaceState) reportStatementError(e *psError, sc *scope) {
	switch strings.ToLower(toStr(s.getVar(sc, "ErrorActionPreference"))) {
	case "stop":
		panic(&psThrow{err: e, script: true})
	case "silentlycontinue":
		s.recordError(e)
	case "ignore":
	default:
		s.recordError(e)
		s.writeErrorRecord(e)
	}
}

func (s *runspaceState) execStatementInner(n syntax.Node, sc *scope, out emitter) {
	switch x := n.(type) {
	case *syntax.PipelineAst:
		s.runPipeline(x, sc, out)
	case *syntax.AssignAst:
		s.assign(x, sc)
	case *syntax.IfAst:
		for _, c := range x.Clauses {
			if toBool(s.evalCondition(c.Cond, sc)) {
				s.execStatements(c.Body.Stmts, sc, out)
				return
			}
		}
		if x.Else != nil {
			s.execStatements(x.Else.Stmts, sc, out)
		}
	case *syntax.WhileAst:
		s.loop(x.Label, sc, out, nil, func() bool { return toBool(s.evalCondition(x.Cond, sc)) }, x.Body, nil)
	case *syntax.DoLoopAst:
		first := true
		s.loop(x.Label, sc, out, nil, func() bool {
			if first {
				first = false
				return true
			}
			c := toBool(s.evalCondition(x.Cond, sc))
			return c != x.Until
		}, x.Body, nil)
	case *syntax.ForAst:
		init := func() {
			if x.Init != nil {
				s.execStatement(x.Init, sc, out)
			}
		}
		cond := func() bool { return x.Cond == nil || toBool(s.evalCondition(x.Cond, sc)) }
		step := func() {
			if x.Step != nil {
				s.execStatement(x.Step, sc, func(Value) {})
			}
		}
		s.loop(x.Label, sc, out, init, cond, x.Body, step)
	case *syntax.ForeachAst:
		s.execForeach(x, sc, out)
	case *syntax.SwitchAst:
		s.execSwitch(x, sc, out)
	case *syntax.TryAst:
		s.execTry(x, sc, out)
	case *syntax.FunctionAst:
		sc.funcs[strings.ToLower(x.Name)] = &funcDef{name: x.Name, body: x.Body, filter: x.Filter}
	case *syntax.ReturnAst:
		if x.Value != nil {
			s.execStatement(x.Value, sc, out)
		}
		panic(&flowReturn{})
	case *syntax.ThrowAst:
		s.execThrow(x, sc)
	case *syntax.ExitAst:
		code := 0
		if x.Value != nil {
			v := s.collectValue(x.Value, sc)
			if n, ok := toNumber(v); ok {
				code = int(toInt64(n))
			}
		}
		panic(&flowExit{code: code})
	case *syntax.BreakAst:
		panic(&flowBreak{label: x.Label, cont: x.Continue})
	case *syntax.UnaryAst:
		v := s.eval(n, sc)
		switch x.Op {
		case "++", "--", "post++", "post--":
			// An increment used as a statement writes nothing.
		default:
			emitUnrolled(v, out)
		}
	default:
		emitUnrolled(s.eval(n, sc), out)
	}
}

// evalCondition evaluates an if/while condition (a pipeline or an expression).
func (s *runspaceState) evalCondition(n syntax.Node, sc *scope) Value {
	return s.collectValue(n, sc)
}

// collectValue runs a statement and returns its output as a value: nothing is $null, one
// object is itself, more are an array. An expression gives its value as is.
func (s *runspaceState) collectValue(n syntax.Node, sc *scope) Value {
	switch n.(type) {
	case *syntax.PipelineAst, *syntax.IfAst, *syntax.ForeachAst, *syntax.ForAst, *syntax.WhileAst, *syntax.DoLoopAst, *syntax.SwitchAst, *syntax.TryAst, *syntax.AssignAst:
		vals := s.collect(n, sc)
		switch len(vals) {
		case 0:
			return nil
		case 1:
			return vals[0]
		}
		return vals
	}
	return s.eval(n, sc)
}

// collect runs a statement and gathers its output objects.
func (s *runspaceState) collect(n syntax.Node, sc *scope) []Value {
	var vals []Value
	s.execStatementInner(n, sc, func(v Value) { vals = append(vals, v) })
	return vals
}

// collectStatements runs statements ($( ), @( )) and gathers their output.
func (s *runspaceState) collectStatements(stmts []syntax.Node, sc *scope) []Value {
	vals := []Value{}
	s.execStatements(stmts, sc, func(v Value) { vals = append(vals, v) })
	return vals
}

// loop runs a loop body with break/continue handling (labels included).
func (s *runspaceState) loop(label string, sc *scope, out emitter, init func(), cond func() bool, body *syntax.BlockAst, step func()) {
	if init != nil {
		init()
	}
	for cond() {
		s.checkCancel()
		if s.runLoopBody(label, body.Stmts, sc, out) {
			return
		}
		if step != nil {
			step()
		}
	}
}

// runLoopBody runs one iteration; it reports true when the loop must end (break).
func (s *runspaceState) runLoopBody(label string, stmts []syntax.Node, sc *scope, out emitter) (stop bool) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(*flowBreak)
			if !ok || (b.label != "" && !strings.EqualFold(b.label, label)) {
				panic(r)
			}
			stop = !b.cont
		}
	}()
	s.execStatements(stmts, sc, out)
	return false
}

func (s *runspaceState) execForeach(x *syntax.ForeachAst, sc *scope, out emitter) {
	coll := s.collectValue(x.Coll, sc)
	var items []Value
	switch c := coll.(type) {
	case nil:
		// PowerShell 3+ does not enter the loop for $null.
		return
	case []Value:
		items = c
	case []string:
		for _, e := range c {
			items = append(items, e)
		}
	case []byte:
		for _, e := range c {
			items = append(items, int(e))
		}
	default:
		items = []Value{coll}
	}
	for _, it := range items {
		s.checkCancel()
		s.setVar(sc, x.Var.Name, x.Var.Scope, it, x.Var.Ext)
		if s.runLoopBody(x.Label, x.Body.Stmts, sc, out) {
			return
		}
	}
}

func (s *runspaceState) execSwitch(x *syntax.SwitchAst, sc *scope, out emitter) {
	v := s.collectValue(x.Cond, sc)
	var items []Value
	if arr, ok := v.([]Value); ok {
		items = arr
	} else {
		items = []Value{v}
	}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(*flowBreak)
			if !ok || b.cont || (b.label != "" && !strings.EqualFold(b.label, x.Label)) {
				panic(r)
			}
		}
	}()
	for _, it := range items {
		s.checkCancel()
		matched := false
		s.withPipelineItem(sc, it, func() {
			for _, cl := range x.Clauses {
				if cl.Default {
					continue
				}
				if s.switchMatches(x, cl.Cond, it, sc) {
					matched = true
					if s.runSwitchBody(cl.Body.Stmts, sc, out) {
						return
					}
				}
			}
			if !matched {
				for _, cl := range x.Clauses {
					if cl.Default {
						s.runSwitchBody(cl.Body.Stmts, sc, out)
					}
				}
			}
		})
	}
}

// runSwitchBody runs a clause; continue ends the clause processing for this item.
func (s *runspaceState) runSwitchBody(stmts []syntax.Node, sc *scope, out emitter) (skipRest bool) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(*flowBreak)
			if !ok || !b.cont || b.label != "" {
				panic(r)
			}
			skipRest = true
		}
	}()
	s.execStatements(stmts, sc, out)
	return false
}

func (s *runspaceState) switchMatches(x *syntax.SwitchAst, cond syntax.Node, item Value, sc *scope) bool {
	if sbe, ok := cond.(*syntax.ScriptBlockExprAst); ok {
		return toBool(s.collectValue(&syntax.PipelineAst{Elements: []syntax.Node{&syntax.CommandAst{Invoke: ".", Name: sbe}}}, sc))
	}
	cv := s.eval(cond, sc)
	switch {
	case x.Regex:
		return s.regexMatch(toStr(item), toStr(cv), !x.CaseSens, sc, cond.Extent())
	case x.Wildcard:
		return wildcardMatch(toStr(cv), toStr(item), !x.CaseSens)
	}
	return compareEq(item, cv, !x.CaseSens)
}

// withPipelineItem sets $_ and $PSItem for fn and restores them.
func (s *runspaceState) withPipelineItem(sc *scope, item Value, fn func()) {
	old1, had1 := sc.vars["_"]
	old2, had2 := sc.vars["psitem"]
	sc.vars["_"] = &psVar{name: "_", value: item}
	sc.vars["psitem"] = &psVar{name: "PSItem", value: item}
	defer func() {
		if had1 {
			sc.vars["_"] = old1
		} else {
			delete(sc.vars, "_")
		}
		if had2 {
			sc.vars["psitem"] = old2
		} else {
			delete(sc.vars, "psitem")
		}
	}()
	fn()
}

func (s *runspaceState) execTry(x *syntax.TryAst, sc *scope, out emitter) {
	if x.Finally != nil {
		defer func() {
			r := recover()
			s.execStatements(x.Finally.Stmts, sc, out)
			if r != nil {
				panic(r)
			}
		}()
	}
	caught := s.runTryBody(x, sc, out)
	if caught == nil {
		return
	}
	for _, cc := range x.Catches {
		for _, t := range cc.Types {
			if _, known := canonicalType(t); !known && !strings.Contains(t, ".") {
				// A short name PowerShell cannot resolve fails when the catch is tried.
				failf(cc.Ext, "TypeNotFound", "InvalidOperation", "Unable to find type [%s].", t)
			}
		}
		if !catchMatches(cc, caught.err) {
			continue
		}
		s.stmtFailed = false
		s.withPipelineItem(sc, caught.err.psView(), func() {
			s.execStatements(cc.Body.Stmts, sc, out)
		})
		return
	}
	panic(caught)
}

func catchMatches(cc syntax.CatchClause, e *psError) bool {
	if len(cc.Types) == 0 {
		return true
	}
	exType := e.rec.ExceptionType
	if exType == "" {
		exType = "System.Management.Automation.RuntimeException"
	}
	for _, t := range cc.Types {
		full, ok := canonicalType(t)
		if !ok {
			full = t
		}
		if exceptionIs(exType, full) || (e.stop && exceptionIs("System.Management.Automation.ActionPreferenceStopException", full)) {
			return true
		}
	}
	return false
}

// runTryBody runs the try block and returns the terminating error it raised, if any.
func (s *runspaceState) runTryBody(x *syntax.TryAst, sc *scope, out emitter) (caught *psThrow) {
	s.tryDepth++
	defer func() {
		s.tryDepth--
		if r := recover(); r != nil {
			t, ok := r.(*psThrow)
			if !ok {
				panic(r)
			}
			s.recordError(t.err)
			caught = t
		}
	}()
	s.execStatements(x.Body.Stmts, sc, out)
	return nil
}

func (s *runspaceState) execThrow(x *syntax.ThrowAst, sc *scope) {
	var v Value
	if x.Value != nil {
		v = s.collectValue(x.Value, sc)
	}
	if e, ok := errorFromValue(v); ok {
		panic(&psThrow{err: e, script: true})
	}
	msg := "ScriptHalted"
	fqid := "ScriptHalted"
	if v != nil {
		msg = toStr(v)
		fqid = msg
	}
	exType := "System.Management.Automation.RuntimeException"
	if o, ok := v.(*Object); ok && !o.isPSCustomObject() && len(o.TypeNames) > 0 && strings.HasSuffix(o.TypeNames[0], "Exception") {
		// throw $_.Exception: the exception keeps its type and message.
		if m, ok := o.getProp("Message"); ok {
			msg = toStr(m)
			fqid = msg
		}
		exType = o.TypeNames[0]
	}
	e := newError(msg, exType, fqid, "OperationStopped", x.Ext)
	e.rec.TargetObject = v
	e.thrown = v
	if v == nil {
		e.rec.TargetObject = nil
	}
	panic(&psThrow{err: e, script: true})
}
