package winps51

import (
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// cmdletStage runs a Cmdlet (built-in or host) in a pipeline, binding its parameters as
// PowerShell's parameter binder does.
type cmdletStage struct {
	call     *cmdCall
	args     []argument
	hasInput bool
	began    bool
}

// cmdCall implements Call for one invocation.
type cmdCall struct {
	s         *runspaceState
	cmd       *Cmdlet
	name      string // as invoked
	ext       syntax.Extent
	sc        *scope
	out       emitter
	boundVals map[string]Value // by parameter Name (declared case)
	pipe      map[string]bool  // bound from the current pipeline object
	params    []Param
	errPref   string
	warnPref  string
	verbose   bool
	whatIf    bool
	confirm   *bool
	errVar    string
	cmdAst    *syntax.CommandAst
	call      *Call
	state     any // a built-in cmdlet's per-invocation state

	// While a host's function runs, the engine never unwinds it with a panic (it may hold
	// locks): its output is buffered and a stop (ErrorAction Stop) is deferred until it
	// returns; what it wrote after the stop is dropped, as PowerShell would have stopped it.
	inHost   bool
	buffer   []Value
	deferred *psThrow
}

// items is the per-invocation list a collecting built-in cmdlet keeps.
func items(c *Call) *[]Value {
	cc := internals(c)
	if cc.state == nil {
		cc.state = &[]Value{}
	}
	return mustBe[*[]Value](cc.state, "a collecting cmdlet's state")
}

func (s *runspaceState) newCmdletStage(cm *Cmdlet, c *syntax.CommandAst, args []argument, sc *scope, out emitter, hasInput bool) *cmdletStage {
	cc := &cmdCall{s: s, cmd: cm, name: cm.Name, ext: c.Ext, sc: sc, out: out, boundVals: map[string]Value{}, cmdAst: c}
	cc.call = &Call{Ctx: s.ctx, Host: s.opts.Host, impl: cc}
	cc.params = append([]Param{}, cm.Params...)
	st := &cmdletStage{call: cc, args: args, hasInput: hasInput}
	return st
}

// className is the .NET class of a cmdlet, the suffix of its FullyQualifiedErrorIds.
func (cm *Cmdlet) className() string {
	if cm.TypeName != "" {
		return cm.TypeName
	}
	noun := strings.ReplaceAll(cm.Name, "-", "")
	switch strings.ToLower(cm.Module) {
	case "":
		return "Microsoft.PowerShell.Commands." + noun + "Command"
	case "failoverclusters":
		return "Microsoft.FailoverClusters.PowerShell." + noun + "Command"
	}
	return cm.Module + "." + noun + "Command"
}

func (cc *cmdCall) bindingError(msg, id string, ext syntax.Extent) {
	e := newError(msg, "System.Management.Automation.ParameterBindingException", id+","+cc.cmd.className(), "InvalidArgument", ext)
	e.cmd = cc.cmd.Name
	fail(e)
}

type paramRef struct {
	p      *Param
	common string
}

// allNames lists parameter names and aliases for prefix matching.
func (cc *cmdCall) match(name string, ext syntax.Extent) paramRef {
	ln := strings.ToLower(name)
	extra := []string{}
	if cc.cmd.SupportsShouldProcess {
		extra = append(extra, "WhatIf", "Confirm")
	}
	commons := append(append([]string{}, commonParams...), extra...)
	for i := range cc.params {
		p := &cc.params[i]
		if strings.ToLower(p.Name) == ln {
			return paramRef{p: p}
		}
		for _, a := range p.Aliases {
			if strings.ToLower(a) == ln {
				return paramRef{p: p}
			}
		}
	}
	for _, c := range commons {
		if strings.ToLower(c) == ln {
			return paramRef{common: c}
		}
	}
	if c, ok := commonAliases[ln]; ok {
		return paramRef{common: c}
	}
	if ln == "wi" && cc.cmd.SupportsShouldProcess {
		return paramRef{common: "WhatIf"}
	}
	if ln == "cf" && cc.cmd.SupportsShouldProcess {
		return paramRef{common: "Confirm"}
	}
	var found []paramRef
	var names []string
	for i := range cc.params {
		p := &cc.params[i]
		if strings.HasPrefix(strings.ToLower(p.Name), ln) {
			found = append(found, paramRef{p: p})
			names = append(names, "-"+p.Name)
		}
	}
	for _, c := range commons {
		if strings.HasPrefix(strings.ToLower(c), ln) {
			found = append(found, paramRef{common: c})
			names = append(names, "-"+c)
		}
	}
	switch len(found) {
	case 0:
		cc.bindingError(fmt.Sprintf("A parameter cannot be found that matches parameter name '%s'.", name), "NamedParameterNotFound", ext)
	case 1:
		return found[0]
	}
	cc.bindingError(fmt.Sprintf("Parameter cannot be processed because the parameter name '%s' is ambiguous. Possible matches include: %s.", name, strings.Join(names, " ")), "AmbiguousParameter", ext)
	return paramRef{}
}

func kindTypeName(k ParamKind) string {
	switch k {
	case ParamString:
		return "System.String"
	case ParamStrings:
		return "System.String[]"
	case ParamSwitch:
		return "System.Management.Automation.SwitchParameter"
	case ParamInt:
		return "System.Int32"
	case ParamBool:
		return "System.Boolean"
	case ParamObjects:
		return "System.Object[]"
	}
	return "System.Object"
}

// convertArg converts an argument to a parameter's kind; ok is false when it cannot.
func convertArg(p *Param, v Value) (Value, string, bool) {
	switch p.Kind {
	case ParamString:
		switch x := v.(type) {
		case []Value:
			if len(x) == 1 {
				return toStr(x[0]), "", true
			}
			return nil, fmt.Sprintf("Cannot convert '%s' to the type 'System.String' required by parameter '%s'. Specified method is not supported.", "System.Object[]", p.Name), false
		case nil:
			return "", "", true
		}
		return toStr(v), "", true
	case ParamStrings:
		if v == nil {
			return nil, "", true
		}
		list := asList(v)
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = toStr(e)
		}
		return out, "", true
	case ParamSwitch, ParamBool:
		switch x := v.(type) {
		case bool:
			return x, "", true
		case *switchValue:
			return x.IsPresent, "", true
		case int, int64, float64:
			return toBool(x), "", true
		}
		return nil, fmt.Sprintf("Cannot convert value \"%s\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.", psTypeName(v)), false
	case ParamInt:
		r, ok := convertValue(v, "System.Int32")
		if !ok {
			if str, isStr := v.(string); isStr {
				return nil, fmt.Sprintf("Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", str), false
			}
			return nil, fmt.Sprintf("Cannot convert the \"%s\" value of type \"%s\" to type \"System.Int32\".", toStr(v), psTypeName(v)), false
		}
		return r, "", true
	case ParamObjects:
		if arr, ok := v.([]Value); ok {
			return arr, "", true
		}
		return []Value{v}, "", true
	}
	return v, "", true
}

func (cc *cmdCall) bindValue(p *Param, v Value, ext syntax.Extent) {
	r, msg, ok := convertArg(p, v)
	if !ok {
		e := newError(fmt.Sprintf("Cannot bind parameter '%s'. %s", p.Name, msg), "System.Management.Automation.ParameterBindingException",
			"CannotConvertArgumentNoMessage,"+cc.cmd.className(), "InvalidArgument", ext)
		if p.Kind == ParamString {
			e.rec.Message = fmt.Sprintf("Cannot convert '%s' to the type 'System.String' required by parameter '%s'. Specified method is not supported.", psTypeName(v), p.Name)
			e.rec.FullyQualifiedErrorID = "CannotConvertArgument," + cc.cmd.className()
		}
		e.cmd = cc.cmd.Name
		fail(e)
	}
	if p.Mandatory {
		// Mandatory parameters refuse $null and, for strings, "" (5.1's validation).
		id, what := "", ""
		switch {
		case v == nil && !p.AllowNull:
			id, what = "ParameterArgumentValidationErrorNullNotAllowed", "null"
		case p.Kind == ParamString && r == "" && v != nil && !p.AllowEmptyString:
			id, what = "ParameterArgumentValidationErrorEmptyStringNotAllowed", "an empty string"
		}
		if id != "" {
			e := newError(fmt.Sprintf("Cannot bind argument to parameter '%s' because it is %s.", p.Name, what),
				"System.Management.Automation.ParameterBindingValidationException", id+","+cc.cmd.className(), "InvalidData", ext)
			e.cmd = cc.cmd.Name
			fail(e)
		}
	}
	cc.boundVals[p.Name] = r
}

// bindArguments binds named arguments, then positional ones in Position order.
func (cc *cmdCall) bindArguments(args []argument) {
	var positional []argument
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a.name == "" {
			positional = append(positional, a)
			continue
		}
		ref := cc.match(a.name, a.ext)
		if ref.common != "" {
			val := a.value
			switch ref.common {
			case "Verbose", "Debug", "WhatIf", "Confirm":
				if !a.hasValue {
					val = true
				}
			default:
				if !a.hasValue {
					if i+1 < len(args) && args[i+1].name == "" {
						i++
						val = args[i].value
					} else {
						cc.bindingError(fmt.Sprintf("Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.", ref.common, commonParamType(ref.common)), "MissingArgument", a.ext)
					}
				}
			}
			cc.setCommon(ref.common, val, a.ext)
			continue
		}
		p := ref.p
		if _, dup := cc.boundVals[p.Name]; dup {
			cc.bindingError(fmt.Sprintf("Cannot bind parameter because parameter '%s' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".", p.Name), "ParameterAlreadyBound", a.ext)
		}
		if p.Kind == ParamSwitch {
			val := a.value
			if !a.hasValue {
				val = true
			}
			cc.bindValue(p, val, a.ext)
			continue
		}
		if !a.hasValue {
			if i+1 < len(args) && args[i+1].name == "" {
				i++
				cc.bindValue(p, args[i].value, args[i].ext)
				continue
			}
			cc.bindingError(fmt.Sprintf("Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.", p.Name, kindTypeName(p.Kind)), "MissingArgument", a.ext)
		}
		cc.bindValue(p, a.value, a.ext)
	}
	var byPos []*Param
	for i := range cc.params {
		if cc.params[i].Position >= 0 && cc.params[i].Kind != ParamSwitch {
			byPos = append(byPos, &cc.params[i])
		}
	}
	for i := 1; i < len(byPos); i++ {
		for j := i; j > 0 && byPos[j].Position < byPos[j-1].Position; j-- {
			byPos[j], byPos[j-1] = byPos[j-1], byPos[j]
		}
	}
	for _, a := range positional {
		var target *Param
		for _, p := range byPos {
			if _, done := cc.boundVals[p.Name]; !done {
				target = p
				break
			}
		}
		if target == nil {
			if rest := cc.remainingParam(); rest != nil {
				cur, _ := cc.boundVals[rest.Name].([]Value)
				if _, isList := cc.boundVals[rest.Name]; isList && cur == nil {
					cur = []Value{cc.boundVals[rest.Name]}
				}
				cc.boundVals[rest.Name] = append(cur, a.value)
				continue
			}
			cc.bindingError(fmt.Sprintf("A positional parameter cannot be found that accepts argument '%s'.", toStr(a.value)), "PositionalParameterNotFound", cc.ext)
		}
		cc.bindValue(target, a.value, a.ext)
	}
}

func (cc *cmdCall) remainingParam() *Param {
	for i := range cc.params {
		if cc.params[i].RemainingArguments {
			return &cc.params[i]
		}
	}
	return nil
}

func commonParamType(name string) string {
	switch name {
	case "ErrorAction", "WarningAction", "InformationAction":
		return "System.Management.Automation.ActionPreference"
	case "OutBuffer":
		return "System.Int32"
	}
	return "System.String"
}

func (cc *cmdCall) setCommon(name string, v Value, ext syntax.Extent) {
	switch name {
	case "ErrorAction":
		cc.errPref = cc.s.actionPreference(v, name, ext)
	case "WarningAction":
		cc.warnPref = cc.s.actionPreference(v, name, ext)
	case "Verbose":
		cc.verbose = toBool(v)
	case "WhatIf":
		cc.whatIf = toBool(v)
	case "Confirm":
		b := toBool(v)
		cc.confirm = &b
	case "ErrorVariable":
		cc.errVar = toStr(v)
		cc.sc.setLocal(strings.TrimPrefix(cc.errVar, "+"), []Value{})
	}
}

func (st *cmdletStage) begin() {
	cc := st.call
	cc.bindArguments(st.args)
	var missing []string
	for _, p := range cc.params {
		if !p.Mandatory {
			continue
		}
		if _, ok := cc.boundVals[p.Name]; ok {
			continue
		}
		if st.hasInput && (p.FromPipeline || p.FromPipelineByPropertyName) {
			continue
		}
		missing = append(missing, p.Name)
	}
	if len(missing) > 0 {
		cc.bindingError("Cannot process command because of one or more missing mandatory parameters: "+strings.Join(missing, " ")+".", "MissingMandatoryParameter", cc.ext)
	}
	st.began = true
	if cc.cmd.Begin != nil {
		cc.invoke(cc.cmd.Begin)
	}
}

// invoke runs a cmdlet phase; a returned error is a terminating error of the cmdlet.
func (cc *cmdCall) invoke(fn func(*Call) error) {
	var err error
	if cc.cmd.builtin {
		err = fn(cc.call)
	} else {
		cc.inHost, cc.buffer, cc.deferred = true, nil, nil
		err = fn(cc.call)
		cc.inHost = false
		buffered, deferred := cc.buffer, cc.deferred
		cc.buffer, cc.deferred = nil, nil
		for _, v := range buffered {
			cc.out(v)
		}
		if deferred != nil {
			panic(deferred)
		}
	}
	if err == nil {
		return
	}
	e := cc.errorFrom(err)
	if cc.effectiveErrPref() == "Stop" && !e.stop {
		e.stop = true
	}
	fail(e)
}

// errorFrom wraps a cmdlet's error as the record PowerShell would show.
func (cc *cmdCall) errorFrom(err error) *psError {
	if t, ok := err.(*psErrorCarrier); ok {
		return t.e
	}
	rec, ok := err.(*ErrorRecord)
	if !ok {
		rec = &ErrorRecord{Message: err.Error(), ExceptionType: "System.Management.Automation.RuntimeException", FullyQualifiedErrorID: "System.Exception", Category: "NotSpecified"}
	}
	r := *rec
	if r.ExceptionType == "" {
		r.ExceptionType = "System.Exception"
	}
	if r.FullyQualifiedErrorID == "" {
		r.FullyQualifiedErrorID = shortTypeName(r.ExceptionType)
	}
	if !strings.Contains(r.FullyQualifiedErrorID, ",") {
		r.FullyQualifiedErrorID += "," + cc.cmd.className()
	}
	if r.Category == "" {
		r.Category = "NotSpecified"
	}
	return &psError{rec: &r, ext: cc.ext, cmd: cc.cmd.Name}
}

// psErrorCarrier lets built-in cmdlets return a ready psError.
type psErrorCarrier struct{ e *psError }

func (c *psErrorCarrier) Error() string { return c.e.rec.Message }

func (st *cmdletStage) processNoInput() {
	cc := st.call
	cc.call.Input = nil
	cc.s.checkCancel()
	if cc.cmd.Process != nil {
		cc.invoke(cc.cmd.Process)
	}
}

func (st *cmdletStage) process(v Value) {
	cc := st.call
	cc.s.checkCancel()
	// Undo the previous object's pipeline bindings.
	for n := range cc.pipe {
		delete(cc.boundVals, n)
	}
	cc.pipe = map[string]bool{}
	cc.call.Input = v
	if !cc.bindPipeline(v) {
		e := newError("The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
			"System.Management.Automation.ParameterBindingException", "InputObjectNotBound,"+cc.cmd.className(), "InvalidArgument", cc.ext)
		e.cmd = cc.cmd.Name
		e.rec.TargetObject = v
		cc.reportError(e)
		return
	}
	var missing []string
	for _, p := range cc.params {
		if _, ok := cc.boundVals[p.Name]; p.Mandatory && !ok {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		cc.bindingError("Cannot process command because of one or more missing mandatory parameters: "+strings.Join(missing, " ")+".", "MissingMandatoryParameter", cc.ext)
	}
	if cc.cmd.Process != nil {
		cc.invoke(cc.cmd.Process)
	}
}

// bindPipeline binds one input object as PowerShell's binder does: by value without
// coercion, then by property name, then by value with coercion.
func (cc *cmdCall) bindPipeline(v Value) bool {
	takesInput := false
	bind := func(p *Param, r Value) {
		cc.boundVals[p.Name] = r
		cc.pipe[p.Name] = true
	}
	free := func(p *Param) bool { _, done := cc.boundVals[p.Name]; return !done }
	for i := range cc.params {
		p := &cc.params[i]
		if p.FromPipeline || p.FromPipelineByPropertyName {
			takesInput = true
		}
		if p.FromPipeline && free(p) && exactKind(p, v) {
			r, _, _ := convertArg(p, v)
			bind(p, r)
			return true
		}
	}
	bound := false
	if o, ok := v.(*Object); ok {
		for i := range cc.params {
			p := &cc.params[i]
			if !p.FromPipelineByPropertyName || !free(p) {
				continue
			}
			for _, n := range append([]string{p.Name}, p.Aliases...) {
				if pv, has := o.getProp(n); has {
					if r, _, ok := convertArg(p, pv); ok {
						bind(p, r)
						bound = true
					}
					break
				}
			}
		}
	}
	if bound {
		return true
	}
	for i := range cc.params {
		p := &cc.params[i]
		if p.FromPipeline && free(p) {
			if r, _, ok := convertArg(p, v); ok {
				bind(p, r)
				return true
			}
		}
	}
	if !takesInput {
		return cc.cmd.acceptsAnyInput()
	}
	return false
}

// exactKind reports whether a value already has a parameter's type (no coercion needed).
func exactKind(p *Param, v Value) bool {
	switch p.Kind {
	case ParamObject, ParamObjects:
		return true
	case ParamString:
		_, ok := v.(string)
		return ok
	case ParamStrings:
		switch v.(type) {
		case string, []string:
			return true
		}
	case ParamInt:
		_, ok := v.(int)
		return ok
	case ParamBool, ParamSwitch:
		_, ok := v.(bool)
		return ok
	}
	return false
}

// acceptsAnyInput: built-in cmdlets that read Call.Input directly declare no parameter
// for it; they are marked with an InputObject parameter.
func (cm *Cmdlet) acceptsAnyInput() bool { return false }

func (st *cmdletStage) end() {
	cc := st.call
	if cc.cmd.End != nil {
		cc.call.Input = nil
		cc.invoke(cc.cmd.End)
	}
}

// ---- callImpl ----

func (cc *cmdCall) bound(name string) (Value, bool) {
	for n, v := range cc.boundVals {
		if strings.EqualFold(n, name) {
			return v, true
		}
	}
	return nil, false
}

func (cc *cmdCall) writeObject(v Value) {
	v = normalizeHost(v)
	if cc.inHost {
		if cc.deferred == nil {
			cc.buffer = append(cc.buffer, v)
		}
		return
	}
	cc.out(v)
}

// guardHost runs fn, turning an engine panic raised while a host's function runs into a
// deferred stop (only the first counts).
func (cc *cmdCall) guardHost(fn func()) {
	if !cc.inHost {
		fn()
		return
	}
	defer func() {
		if r := recover(); r != nil {
			t, ok := r.(*psThrow)
			if !ok {
				panic(r)
			}
			if cc.deferred == nil {
				cc.deferred = t
			}
		}
	}()
	fn()
}

func (cc *cmdCall) effectiveErrPref() string {
	if cc.errPref != "" {
		return cc.errPref
	}
	p := toStr(cc.s.getVar(cc.sc, "ErrorActionPreference"))
	for _, n := range []string{"SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore"} {
		if strings.EqualFold(n, p) {
			return n
		}
	}
	return "Continue"
}

func (cc *cmdCall) writeError(rec *ErrorRecord) {
	cc.reportError(cc.errorFrom(rec))
}

// reportError handles a non-terminating error per the command's ErrorAction.
func (cc *cmdCall) reportError(e *psError) {
	cc.s.stmtFailed = true
	if cc.errVar != "" {
		name := strings.TrimPrefix(cc.errVar, "+")
		cur, _ := cc.s.getVar(cc.sc, name).([]Value)
		cc.sc.setLocal(name, append(cur, e.psView()))
	}
	cc.guardHost(func() { cc.s.nonTerminating(e, cc.effectiveErrPref()) })
}

// nonTerminating writes a non-terminating error according to an action preference.
func (s *runspaceState) nonTerminating(e *psError, pref string) {
	switch strings.ToLower(pref) {
	case "stop":
		e.stop = true
		panic(&psThrow{err: e, script: true})
	case "ignore":
		return
	case "silentlycontinue":
		s.recordError(e)
		return
	}
	s.recordError(e)
	if s.errRedirect != nil {
		s.errRedirect(e)
		return
	}
	s.writeErrorRecord(e)
}

func (cc *cmdCall) writeWarning(msg string) {
	pref := cc.warnPref
	if pref == "" {
		pref = toStr(cc.s.getVar(cc.sc, "WarningPreference"))
	}
	cc.guardHost(func() { cc.s.warning(msg, pref) })
}

// warning writes to the warning stream according to a preference.
func (s *runspaceState) warning(msg, pref string) {
	switch strings.ToLower(pref) {
	case "silentlycontinue", "ignore":
		return
	case "stop":
		e := newError("The running command stopped because the preference variable \"WarningPreference\" or common parameter is set to Stop: "+msg,
			"System.Management.Automation.ActionPreferenceStopException", "ActionPreferenceStop", "OperationStopped", syntax.Extent{})
		panic(&psThrow{err: e, script: true})
	}
	if s.warnRedirect != nil {
		s.warnRedirect(msg)
		return
	}
	s.writeWarningLine(msg)
}

var impactLevel = map[string]int{"none": 0, "low": 1, "medium": 2, "high": 3}

func (cc *cmdCall) shouldContinue(query, caption string) (bool, error) {
	return false, &ErrorRecord{Message: confirmNonInteractiveMessage, ExceptionType: confirmNonInteractiveType,
		FullyQualifiedErrorID: confirmNonInteractiveID + "," + cc.cmd.className(), Category: confirmNonInteractiveCat}
}

func (cc *cmdCall) shouldProcess(target, action string) (bool, error) {
	whatIf := cc.whatIf || toBool(cc.s.getVar(cc.sc, "WhatIfPreference"))
	if whatIf {
		cc.s.writeHostText(fmt.Sprintf("What if: Performing the operation \"%s\" on target \"%s\".", action, target), true)
		return false, nil
	}
	need := false
	if cc.confirm != nil {
		need = *cc.confirm
	} else {
		impact := cc.cmd.ConfirmImpact
		if impact == "" {
			impact = "Medium"
		}
		pref := strings.ToLower(toStr(cc.s.getVar(cc.sc, "ConfirmPreference")))
		if lvl, ok := impactLevel[pref]; ok && lvl > 0 && impactLevel[strings.ToLower(impact)] >= lvl {
			need = true
		}
		if force, ok := cc.bound("Force"); ok && toBool(force) {
			need = false
		}
	}
	if !need {
		return true, nil
	}
	return false, &ErrorRecord{Message: confirmNonInteractiveMessage, ExceptionType: confirmNonInteractiveType,
		FullyQualifiedErrorID: confirmNonInteractiveID + "," + cc.cmd.className(), Category: confirmNonInteractiveCat}
}
