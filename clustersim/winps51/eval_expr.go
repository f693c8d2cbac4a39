package winps51

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

func (s *runspaceState) eval(n syntax.Node, sc *scope) Value {
	switch x := n.(type) {
	case *syntax.ConstAst:
		return x.Value
	case *syntax.StringConstAst:
		return x.Value
	case *syntax.ExpandStringAst:
		var b strings.Builder
		for _, p := range x.Parts {
			switch pp := p.(type) {
			case *syntax.StringConstAst:
				b.WriteString(pp.Value)
			case *syntax.SubExprAst:
				vals := s.collectStatements(pp.Stmts, sc)
				b.WriteString(s.joinOFS(vals, sc))
			default:
				v := s.eval(p, sc)
				if arr, ok := v.([]Value); ok {
					b.WriteString(s.joinOFS(arr, sc))
				} else {
					b.WriteString(toStr(v))
				}
			}
		}
		return b.String()
	case *syntax.VariableAst:
		if s.strict {
			return s.getVarStrict(sc, x)
		}
		return s.getVarScoped(sc, x.Name, x.Scope)
	case *syntax.ArrayLiteralAst:
		arr := make([]Value, len(x.Elems))
		for i, e := range x.Elems {
			arr[i] = s.eval(e, sc)
		}
		return arr
	case *syntax.ArrayExprAst:
		return s.collectStatements(x.Stmts, sc)
	case *syntax.SubExprAst:
		vals := s.collectStatements(x.Stmts, sc)
		switch len(vals) {
		case 0:
			return nil
		case 1:
			return vals[0]
		}
		return vals
	case *syntax.ParenAst:
		return s.collectValue(x.Inner, sc)
	case *syntax.HashAst:
		return s.evalHash(x, sc, false)
	case *syntax.ScriptBlockExprAst:
		return &ScriptBlock{Ast: x.Block, Text: scriptBlockText(x.Block)}
	case *syntax.TypeAst:
		full := s.resolveType(x.Name, x.Ext)
		return &typeValue{FullName: full}
	case *syntax.ConvertAst:
		if strings.EqualFold(x.Type, "ordered") {
			h, ok := x.Operand.(*syntax.HashAst)
			if !ok {
				failf(x.Ext, "OrderedAttributeOnlyOnHashLiteralNode", "InvalidOperation", "The ordered attribute can be specified only on a hash literal node.")
			}
			return s.evalHash(h, sc, true)
		}
		if strings.EqualFold(x.Type, "pscustomobject") {
			if h, ok := x.Operand.(*syntax.HashAst); ok {
				ht := s.evalHash(h, sc, true)
				o := &Object{}
				for i, k := range ht.keys {
					o.Props = append(o.Props, Property{Name: toStr(k), Value: ht.vals[i]})
				}
				return o
			}
		}
		v := s.eval(x.Operand, sc)
		return s.convertTo(v, x.Type, x.Ext)
	case *syntax.UnaryAst:
		return s.evalUnary(x, sc)
	case *syntax.BinaryAst:
		return s.evalBinary(x, sc)
	case *syntax.MemberAst:
		target := s.eval(x.Target, sc)
		name := toStr(s.eval(x.Name, sc))
		if x.Static {
			tv, ok := target.(*typeValue)
			if !ok {
				failf(x.Ext, "StaticMemberOnNonType", "InvalidOperation", "Unable to find type [%s].", toStr(target))
			}
			return s.staticProperty(tv, name)
		}
		return s.getMember(target, name)
	case *syntax.InvokeAst:
		return s.evalInvoke(x, sc)
	case *syntax.IndexAst:
		target := s.eval(x.Target, sc)
		idx := s.eval(x.Index, sc)
		return s.index(target, idx, x.Ext)
	case *syntax.PipelineAst, *syntax.AssignAst:
		return s.collectValue(n, sc)
	case *syntax.CommandAst:
		return s.collectValue(&syntax.PipelineAst{NodeBase: x.NodeBase, Elements: []syntax.Node{x}}, sc)
	}
	failf(n.Extent(), "NotSupported", "NotImplemented", "This construct is outside the simulated PowerShell subset.")
	return nil
}

func scriptBlockText(b *syntax.ScriptBlockAst) string {
	t := b.Ext.Text()
	if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		return t[1 : len(t)-1]
	}
	return t
}

func (s *runspaceState) joinOFS(vals []Value, sc *scope) string {
	sep := " "
	if v, ok := sc.lookup("OFS"); ok && v.value != nil {
		sep = toStr(v.value)
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = toStr(v)
	}
	return strings.Join(parts, sep)
}

func (s *runspaceState) evalHash(x *syntax.HashAst, sc *scope, ordered bool) *Hashtable {
	h := NewHashtable(ordered)
	for i, k := range x.Keys {
		key := s.eval(k, sc)
		if _, dup := h.Get(key); dup {
			failf(k.Extent(), "DuplicateKeyInHashLiteral", "InvalidOperation", "Duplicate keys '%s' are not allowed in hash literals.", toStr(key))
		}
		h.Set(key, s.collectValue(x.Values[i], sc))
	}
	return h
}

// ---- variables ----

func (s *runspaceState) getVar(sc *scope, name string) Value {
	return s.getVarScoped(sc, name, "")
}

func (s *runspaceState) getVarScoped(sc *scope, name, scopeName string) Value {
	switch scopeName {
	case "env":
		if v, ok := s.env[strings.ToLower(name)]; ok {
			return v
		}
		return nil
	case "global", "script":
		sc = s.global
	case "local", "private", "":
	case "variable":
	default:
		failf(syntax.Extent{}, "DriveNotFound", "ObjectNotFound", "Cannot find drive. A drive with the name '%s' does not exist.", scopeName)
	}
	switch strings.ToLower(name) {
	case "null":
		return nil
	case "true":
		return true
	case "false":
		return false
	case "?":
		return !s.lastFailed
	case "error":
		return append([]Value{}, s.errors...)
	case "pid":
	}
	if v, ok := sc.lookup(name); ok {
		return v.value
	}
	if s.strict {
		e := runtimeError(syntax.Extent{}, "VariableIsUndefined", "InvalidOperation", "The variable '$%s' cannot be retrieved because it has not been set.", name)
		e.rec.TargetObject = name
		fail(e)
	}
	return nil
}

// setVar assigns a variable (in the current scope unless a scope prefix says otherwise),
// honouring a type constraint set earlier.
func (s *runspaceState) setVar(sc *scope, name, scopeName string, v Value, ext syntax.Extent) {
	switch scopeName {
	case "env":
		if v == nil || toStr(v) == "" {
			delete(s.env, strings.ToLower(name))
		} else {
			s.env[strings.ToLower(name)] = toStr(v)
		}
		return
	case "global", "script":
		sc = s.global
	}
	switch strings.ToLower(name) {
	case "null":
		return
	case "true", "false", "?":
		failf(ext, "VariableNotWritable", "WriteError", "Cannot overwrite variable %s because it is read-only or constant.", name)
	}
	if pv, ok := sc.vars[strings.ToLower(name)]; ok && pv.typ != "" {
		v = s.convertTo(v, pv.typ, ext)
	}
	sc.setLocal(name, v)
}

// ---- assignment ----

func (s *runspaceState) assign(x *syntax.AssignAst, sc *scope) {
	var rhs Value
	switch v := x.Value.(type) {
	case *syntax.PipelineAst, *syntax.IfAst, *syntax.ForeachAst, *syntax.ForAst, *syntax.WhileAst, *syntax.DoLoopAst, *syntax.SwitchAst, *syntax.TryAst, *syntax.CommandAst:
		rhs = s.collectValue(x.Value, sc)
	case *syntax.AssignAst:
		s.assign(v, sc)
		rhs = s.eval(v.Target, sc)
	default:
		rhs = s.eval(x.Value, sc)
	}
	if x.Op != "=" {
		cur := s.eval(x.Target, sc)
		op := x.Op[:1]
		rhs = s.arith(op, cur, rhs, x.Ext)
	}
	s.assignTo(x.Target, rhs, sc, x.Ext)
}

func (s *runspaceState) assignTo(target syntax.Node, v Value, sc *scope, ext syntax.Extent) {
	switch t := target.(type) {
	case *syntax.VariableAst:
		s.setVar(sc, t.Name, t.Scope, v, ext)
	case *syntax.ConvertAst:
		inner, ok := t.Operand.(*syntax.VariableAst)
		if !ok {
			s.assignTo(t.Operand, s.convertTo(v, t.Type, ext), sc, ext)
			return
		}
		cv := s.convertTo(v, t.Type, ext)
		target := sc
		if inner.Scope == "global" || inner.Scope == "script" {
			target = s.global
		}
		pv := target.setLocal(inner.Name, cv)
		pv.typ = t.Type
	case *syntax.MemberAst:
		obj := s.eval(t.Target, sc)
		name := toStr(s.eval(t.Name, sc))
		s.setMember(obj, name, v, t.Ext)
	case *syntax.IndexAst:
		obj := s.eval(t.Target, sc)
		idx := s.eval(t.Index, sc)
		switch o := obj.(type) {
		case *Hashtable:
			o.Set(idx, v)
		case []Value:
			n, ok := toNumber(idx)
			if !ok {
				failf(t.Ext, "InvalidCastFromStringToInteger", "InvalidArgument", "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", toStr(idx))
			}
			i := int(toInt64(n))
			if i < 0 {
				i += len(o)
			}
			if i < 0 || i >= len(o) {
				failf(t.Ext, "System.IndexOutOfRangeException", "OperationStopped", "Index was outside the bounds of the array.")
			}
			o[i] = v
		case *Object:
			s.setMember(o, toStr(idx), v, t.Ext)
		case nil:
			failf(t.Ext, "NullArray", "InvalidOperation", "Cannot index into a null array.")
		default:
			failf(t.Ext, "CannotIndex", "InvalidOperation", "Unable to index into an object of type %s.", psTypeName(obj))
		}
	case *syntax.ArrayLiteralAst:
		vals, ok := v.([]Value)
		if !ok {
			vals = []Value{v}
		}
		for i, e := range t.Elems {
			switch {
			case i == len(t.Elems)-1 && len(vals) > len(t.Elems):
				s.assignTo(e, append([]Value{}, vals[i:]...), sc, ext)
			case i < len(vals):
				s.assignTo(e, vals[i], sc, ext)
			default:
				s.assignTo(e, nil, sc, ext)
			}
		}
	default:
		failf(ext, "InvalidLeftHandSide", "ParserError", syntax.MsgAssignmentNotValid)
	}
}

// ---- unary ----

func (s *runspaceState) evalUnary(x *syntax.UnaryAst, sc *scope) Value {
	switch x.Op {
	case "++", "--", "post++", "post--":
		cur := s.eval(x.Operand, sc)
		op := "+"
		if strings.HasSuffix(x.Op, "--") {
			op = "-"
		}
		nv := s.arith(op, cur, 1, x.Ext)
		if cur == nil {
			nv = s.arith(op, 0, 1, x.Ext)
		}
		s.assignTo(x.Operand, nv, sc, x.Ext)
		if strings.HasPrefix(x.Op, "post") {
			if cur == nil {
				return 0
			}
			return cur
		}
		return nv
	}
	v := s.eval(x.Operand, sc)
	switch x.Op {
	case "!", "-not":
		return !toBool(v)
	case "-":
		return s.arith("-", 0, v, x.Ext)
	case "+":
		if n, ok := toNumber(v); ok {
			return n
		}
		return v
	case "-bnot":
		n, _ := toNumber(v)
		if i, ok := n.(int); ok {
			return ^i
		}
		return ^toInt64(n)
	case ",":
		return []Value{v}
	case "-split":
		parts := []Value{}
		for _, it := range asList(v) {
			for _, f := range strings.Fields(toStr(it)) {
				parts = append(parts, f)
			}
		}
		return parts
	case "-join":
		var b strings.Builder
		for _, it := range asList(v) {
			b.WriteString(toStr(it))
		}
		return b.String()
	}
	failf(x.Ext, "NotSupported", "NotImplemented", "Operator '%s' is outside the simulated PowerShell subset.", x.Op)
	return nil
}

// asList enumerates a value the way operators do: arrays element by element, $null as an
// empty list for -join, anything else as one element.
func asList(v Value) []Value {
	switch x := v.(type) {
	case []Value:
		return x
	case []string:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []byte:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = int(e)
		}
		return out
	case nil:
		return nil
	}
	return []Value{v}
}

func toInt64(v Value) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	case float64:
		return int64(roundHalfEven(x))
	}
	return 0
}

// getVarStrict reads a variable under Set-StrictMode, pointing an error at the reference.
func (s *runspaceState) getVarStrict(sc *scope, x *syntax.VariableAst) (v Value) {
	defer func() {
		if r := recover(); r != nil {
			if t, ok := r.(*psThrow); ok && t.err.ext.Src == nil {
				t.err.ext = x.Ext
			}
			panic(r)
		}
	}()
	return s.getVarScoped(sc, x.Name, x.Scope)
}
