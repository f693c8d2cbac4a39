package winps51

import (
	"fmt"
	"sort"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Built-in cmdlets that work on pipeline objects.

func objectCmdlets() []*Cmdlet {
	return []*Cmdlet{selectObject(), whereObject(), forEachObject(), sortObject(), measureObject()}
}

// propertyOf reads a property (or hashtable key) of any value, as $_.Name does.
func (s *runspaceState) propertyOf(v Value, name string) Value {
	return s.getMember(v, name)
}

// calcProperty is a Select-Object property: a name, a wildcard or a calculated one.
type calcProperty struct {
	name string
	expr Value // string (property name) or *ScriptBlock
	desc *bool // Sort-Object's per-key Descending / Ascending
}

func (cc *cmdCall) calcProperties(spec []Value) []calcProperty {
	var out []calcProperty
	for _, p := range spec {
		switch x := p.(type) {
		case *Hashtable:
			var cp calcProperty
			for i, k := range x.keys {
				kn := strings.ToLower(toStr(k))
				switch {
				case kn == "n" || kn == "l" || strings.HasPrefix("name", kn) || strings.HasPrefix("label", kn):
					cp.name = toStr(x.vals[i])
				case kn == "e" || strings.HasPrefix("expression", kn):
					cp.expr = x.vals[i]
				case strings.HasPrefix("descending", kn):
					d := toBool(x.vals[i])
					cp.desc = &d
				case strings.HasPrefix("ascending", kn):
					d := !toBool(x.vals[i])
					cp.desc = &d
				default:
					fail(cc.plainError(fmt.Sprintf("The %s key is not valid.", toStr(k)), "IllegalKey", "InvalidArgument", "System.NotSupportedException"))
				}
			}
			if cp.expr == nil {
				fail(cc.plainError(msgCalcPropertyMissingExpression, "DictionaryKeyMissing", "InvalidArgument", "System.NotSupportedException"))
			}
			if cp.name == "" {
				cp.name = toStr(cp.expr)
				if sb, ok := cp.expr.(*ScriptBlock); ok {
					cp.name = sb.Text
				}
			}
			out = append(out, cp)
		case *ScriptBlock:
			out = append(out, calcProperty{name: x.Text, expr: x})
		default:
			out = append(out, calcProperty{name: toStr(p), expr: toStr(p)})
		}
	}
	return out
}

func (cc *cmdCall) plainError(msg, id, cat, exType string) *psError {
	e := newError(msg, exType, id+","+cc.cmd.className(), cat, cc.ext)
	e.cmd = cc.cmd.Name
	return e
}

func (cc *cmdCall) evalCalc(cp calcProperty, item Value) Value {
	if sb, ok := cp.expr.(*ScriptBlock); ok {
		var out []Value
		cc.s.invokeWithItem(sb, cc.sc, item, func(v Value) { out = append(out, v) })
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	}
	return cc.s.propertyOf(item, toStr(cp.expr))
}

// propertyNames lists an object's property names (for wildcards).
func propertyNames(v Value) []string {
	switch x := v.(type) {
	case *Object:
		names := make([]string, len(x.Props))
		for i, p := range x.Props {
			names[i] = p.Name
		}
		return names
	case *Hashtable:
		return []string{"IsReadOnly", "IsFixedSize", "IsSynchronized", "Keys", "Values", "SyncRoot", "Count"}
	case string:
		return []string{"Length"}
	}
	return nil
}

type selectState struct {
	seen  int
	last  []Value
	uniq  []Value
	props []calcProperty
}

func selectObject() *Cmdlet {
	return &Cmdlet{
		Name: "Select-Object",
		Params: []Param{
			inputParam(),
			{Name: "Property", Kind: ParamObjects, Position: 0},
			{Name: "ExpandProperty", Kind: ParamString, Position: -1},
			{Name: "First", Kind: ParamInt, Position: -1},
			{Name: "Last", Kind: ParamInt, Position: -1},
			{Name: "Skip", Kind: ParamInt, Position: -1},
			{Name: "Unique", Kind: ParamSwitch, Position: -1},
			{Name: "ExcludeProperty", Kind: ParamStrings, Position: -1},
			{Name: "Index", Kind: ParamObjects, Position: -1},
		},
		Begin: func(c *Call) error {
			cc := internals(c)
			st := &selectState{}
			if props, ok := c.Value("Property").([]Value); ok {
				st.props = cc.calcProperties(props)
			}
			cc.state = st
			return nil
		},
		Process: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*selectState](cc.state, "Select-Object's state")
			if !cc.pipe["InputObject"] {
				if !c.Bound("InputObject") {
					return nil
				}
				c.Input = c.Value("InputObject")
			}
			st.seen++
			if skip, _ := c.Value("Skip").(int); st.seen <= skip {
				return nil
			}
			if idx, ok := c.Value("Index").([]Value); ok {
				keep := false
				for _, i := range idx {
					if n, ok := toNumber(i); ok && toInt64(n) == int64(st.seen-1) {
						keep = true
					}
				}
				if !keep {
					return nil
				}
			}
			item := cc.selectOne(st, c.Input)
			if item == nil && c.Bound("ExpandProperty") {
				return nil
			}
			if c.Switch("Unique") {
				for _, u := range st.uniq {
					if compareEq(u, item, false) {
						return nil
					}
				}
				st.uniq = append(st.uniq, item)
			}
			if c.Bound("Last") {
				st.last = append(st.last, item)
				return nil
			}
			if c.Bound("First") {
				skip, _ := c.Value("Skip").(int)
				if first, _ := c.Value("First").(int); st.seen-skip > first {
					return nil
				}
			}
			cc.emitSelected(c, item)
			return nil
		},
		End: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*selectState](cc.state, "Select-Object's state")
			if c.Bound("Last") {
				n, _ := c.Value("Last").(int)
				items := st.last
				if len(items) > n {
					items = items[len(items)-n:]
				}
				for _, it := range items {
					cc.emitSelected(c, it)
				}
			}
			return nil
		},
	}
}

func (cc *cmdCall) emitSelected(c *Call, item Value) {
	if c.Bound("ExpandProperty") {
		emitUnrolled(item, c.WriteObject)
		return
	}
	c.WriteObject(item)
}

// selectOne applies -Property / -ExpandProperty to one object.
func (cc *cmdCall) selectOne(st *selectState, item Value) Value {
	c := cc.call
	if c.Bound("ExpandProperty") {
		name := c.String("ExpandProperty")
		if !propertyExists(item, name) {
			e := cc.plainError(fmt.Sprintf("Property \"%s\" cannot be found.", name), "ExpandPropertyNotFound", "InvalidArgument", "System.Management.Automation.PSArgumentException")
			e.rec.TargetObject = item
			cc.reportError(e)
			return nil
		}
		return cc.s.propertyOf(item, name)
	}
	if len(st.props) == 0 {
		return item
	}
	o := &Object{}
	if item != nil {
		o.TypeNames = []string{"Selected." + psTypeName(item)}
	}
	exclude := c.Strings("ExcludeProperty")
	for _, cp := range st.props {
		if pat, ok := cp.expr.(string); ok && strings.ContainsAny(pat, "*?[") {
			for _, n := range propertyNames(item) {
				if wildcardMatch(pat, n, true) && !matchesAny(exclude, n) {
					o.setProp(n, cc.s.propertyOf(item, n))
				}
			}
			continue
		}
		o.setProp(cp.name, cc.evalCalc(cp, item))
	}
	return o
}

func matchesAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if wildcardMatch(p, name, true) {
			return true
		}
	}
	return false
}

func propertyExists(v Value, name string) bool {
	switch x := v.(type) {
	case *Object:
		_, ok := x.getProp(name)
		return ok
	case *Hashtable:
		_, ok := x.Get(name)
		if !ok {
			for _, n := range propertyNames(x) {
				if strings.EqualFold(n, name) {
					return true
				}
			}
		}
		return ok
	case string:
		return strings.EqualFold(name, "Length")
	case []Value:
		return strings.EqualFold(name, "Length") || strings.EqualFold(name, "Count")
	}
	return false
}

// whereOperators are Where-Object's simple-syntax switches and the operator each means.
var whereOperators = []string{"EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike", "Match", "NotMatch",
	"Contains", "NotContains", "In", "NotIn", "CEQ", "CNE", "CGT", "CGE", "CLT", "CLE", "CLike", "CNotLike",
	"CMatch", "CNotMatch", "CContains", "CNotContains", "CIn", "CNotIn", "Is", "IsNot"}

func whereObject() *Cmdlet {
	params := []Param{
		inputParam(),
		// Position 0 is FilterScript or, in the simple syntax, Property (one parameter
		// here, told apart by its value).
		{Name: "FilterScript", Aliases: []string{"Property"}, Kind: ParamObject, Position: 0},
		{Name: "Value", Kind: ParamObject, Position: 1},
	}
	for _, op := range whereOperators {
		params = append(params, Param{Name: op, Kind: ParamSwitch, Position: -1})
	}
	return &Cmdlet{
		Name:   "Where-Object",
		Params: params,
		Begin: func(c *Call) error {
			if !c.Bound("FilterScript") {
				cc := internals(c)
				cc.bindingError(msgWhereObjectMissingFilter, "MissingMandatoryParameter", cc.ext)
			}
			return nil
		},
		Process: func(c *Call) error {
			cc := internals(c)
			if !cc.pipe["InputObject"] {
				return nil
			}
			item := c.Input
			switch f := c.Value("FilterScript").(type) {
			case *ScriptBlock:
				var out []Value
				cc.s.invokeWithItem(f, cc.sc, item, func(v Value) { out = append(out, v) })
				if toBool(collapse(out)) {
					c.WriteObject(item)
				}
			default:
				prop := toStr(f)
				pv := cc.s.propertyOf(item, prop)
				op := ""
				for _, o := range whereOperators {
					if c.Switch(o) {
						op = "-" + strings.ToLower(o)
					}
				}
				if op == "" {
					if toBool(pv) {
						c.WriteObject(item)
					}
					return nil
				}
				rhs := c.Value("Value")
				if rhs == nil && !c.Bound("Value") {
					rhs = true
				}
				b := &syntax.BinaryAst{Op: op, Left: &syntax.ConstAst{Value: pv}, Right: &syntax.ConstAst{Value: rhs}}
				if op == "-is" || op == "-isnot" {
					b.Right = &syntax.ConstAst{Value: &typeValue{FullName: cc.s.resolveType(toStr(rhs), cc.ext)}}
				}
				if toBool(cc.s.evalBinary(b, cc.sc)) {
					c.WriteObject(item)
				}
			}
			return nil
		},
	}
}

func collapse(out []Value) Value {
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

type forEachState struct {
	begin, process, end *ScriptBlock
	member              string
	args                []Value
}

func forEachObject() *Cmdlet {
	return &Cmdlet{
		Name: "ForEach-Object",
		Params: []Param{
			inputParam(),
			{Name: "Process", Aliases: []string{"MemberName"}, Kind: ParamObjects, Position: 0, RemainingArguments: true},
			{Name: "Begin", Kind: ParamObject, Position: -1},
			{Name: "End", Kind: ParamObject, Position: -1},
			{Name: "ArgumentList", Aliases: []string{"Args"}, Kind: ParamObjects, Position: -1},
		},
		Begin: func(c *Call) error {
			cc := internals(c)
			st := &forEachState{}
			cc.state = st
			procs, _ := c.Value("Process").([]Value)
			if len(procs) > 0 {
				if name, ok := procs[0].(string); ok {
					st.member = name
					st.args = procs[1:]
					if a, ok := c.Value("ArgumentList").([]Value); ok {
						st.args = append(st.args, a...)
					}
				} else {
					var blocks []*ScriptBlock
					for _, p := range procs {
						sb, ok := p.(*ScriptBlock)
						if !ok {
							cc.bindingError(fmt.Sprintf("Cannot bind parameter 'Process'. Cannot convert the \"%s\" value of type \"%s\" to type \"System.Management.Automation.ScriptBlock\".", toStr(p), psTypeName(p)), "CannotConvertArgumentNoMessage", cc.ext)
						}
						blocks = append(blocks, sb)
					}
					switch len(blocks) {
					case 1:
						st.process = blocks[0]
					case 2:
						st.begin, st.process = blocks[0], blocks[1]
					default:
						st.begin, st.process, st.end = blocks[0], blocks[1], blocks[len(blocks)-1]
					}
				}
			}
			if b, ok := c.Value("Begin").(*ScriptBlock); ok {
				st.begin = b
			}
			if e, ok := c.Value("End").(*ScriptBlock); ok {
				st.end = e
			}
			if st.begin != nil {
				cc.s.invokeWithItem(st.begin, cc.sc, nil, c.WriteObject)
			}
			return nil
		},
		Process: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*forEachState](cc.state, "ForEach-Object's state")
			item := c.Input
			if !cc.pipe["InputObject"] {
				if c.Bound("InputObject") {
					item = c.Value("InputObject")
				} else {
					item = nil
				}
			}
			switch {
			case st.member != "":
				if item == nil {
					return nil
				}
				if len(st.args) > 0 || !propertyExists(item, st.member) && hasMethod(cc.s, item, st.member) {
					emitUnrolled(cc.s.callMethod(item, st.member, st.args, cc.ext), c.WriteObject)
					return nil
				}
				if !propertyExists(item, st.member) {
					if _, isObj := item.(*Object); !isObj {
						e := cc.plainError(fmt.Sprintf("ForEach-Object : Input name \"%s\" cannot be resolved to a member.", st.member), "PropertyOrMethodNotFound", "InvalidArgument", "System.Management.Automation.PSArgumentException")
						e.rec.Message = fmt.Sprintf("Input name \"%s\" cannot be resolved to a member.", st.member)
						e.rec.TargetObject = item
						cc.reportError(e)
						return nil
					}
				}
				emitUnrolled(cc.s.propertyOf(item, st.member), c.WriteObject)
			case st.process != nil:
				cc.s.invokeWithItem(st.process, cc.sc, item, c.WriteObject)
			}
			return nil
		},
		End: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*forEachState](cc.state, "ForEach-Object's state")
			if st.end != nil {
				cc.s.invokeWithItem(st.end, cc.sc, nil, c.WriteObject)
			}
			return nil
		},
	}
}

// hasMethod reports whether a method call would resolve (used by ForEach-Object -MemberName).
func hasMethod(s *runspaceState, v Value, name string) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	switch strings.ToLower(name) {
	case "toupper", "tolower", "trim", "tostring", "gettype", "trimstart", "trimend", "tochararray":
		s.callMethod(v, name, nil, syntax.Extent{})
		return true
	}
	return false
}

func sortObject() *Cmdlet {
	return &Cmdlet{
		Name: "Sort-Object",
		Params: []Param{
			inputParam(),
			{Name: "Property", Kind: ParamObjects, Position: 0},
			{Name: "Descending", Kind: ParamSwitch, Position: -1},
			{Name: "Unique", Kind: ParamSwitch, Position: -1},
			{Name: "CaseSensitive", Kind: ParamSwitch, Position: -1},
		},
		Process: func(c *Call) error {
			if internals(c).pipe["InputObject"] {
				*items(c) = append(*items(c), c.Input)
			}
			return nil
		},
		End: func(c *Call) error {
			cc := internals(c)
			list := append([]Value{}, *items(c)...)
			var props []calcProperty
			if p, ok := c.Value("Property").([]Value); ok {
				props = cc.calcProperties(p)
			}
			ci := !c.Switch("CaseSensitive")
			key := func(v Value) []Value {
				if len(props) == 0 {
					return []Value{v}
				}
				ks := make([]Value, len(props))
				for i, p := range props {
					ks[i] = cc.evalCalc(p, v)
				}
				return ks
			}
			keys := make([][]Value, len(list))
			for i, v := range list {
				keys[i] = key(v)
			}
			idx := make([]int, len(list))
			for i := range idx {
				idx[i] = i
			}
			desc := c.Switch("Descending")
			sort.SliceStable(idx, func(a, b int) bool {
				ka, kb := keys[idx[a]], keys[idx[b]]
				for i := range ka {
					r, ok := compareOrder(ka[i], kb[i], ci)
					if !ok {
						r = compareStringsCI(toStr(ka[i]), toStr(kb[i]))
					}
					if r != 0 {
						d := desc
						if props != nil && props[i].desc != nil {
							d = *props[i].desc
						}
						if d {
							return r > 0
						}
						return r < 0
					}
				}
				return false
			})
			var prev []Value
			for n, i := range idx {
				if c.Switch("Unique") && n > 0 {
					same := true
					for k := range prev {
						if !compareEq(prev[k], keys[i][k], ci) {
							same = false
						}
					}
					if same {
						continue
					}
				}
				prev = keys[i]
				c.WriteObject(list[i])
			}
			return nil
		},
	}
}

type measureState struct {
	count    int
	sum      float64
	min, max Value
}

func measureObject() *Cmdlet {
	return &Cmdlet{
		Name: "Measure-Object",
		Params: []Param{
			inputParam(),
			{Name: "Property", Kind: ParamStrings, Position: 0},
			{Name: "Sum", Kind: ParamSwitch, Position: -1},
			{Name: "Average", Kind: ParamSwitch, Position: -1},
			{Name: "Maximum", Kind: ParamSwitch, Position: -1},
			{Name: "Minimum", Kind: ParamSwitch, Position: -1},
		},
		Begin: func(c *Call) error { internals(c).state = &measureState{}; return nil },
		Process: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*measureState](cc.state, "Measure-Object's state")
			if !cc.pipe["InputObject"] {
				return nil
			}
			v := c.Input
			if props := c.Strings("Property"); len(props) > 0 {
				if !propertyExists(v, props[0]) {
					e := cc.plainError(fmt.Sprintf("The property \"%s\" cannot be found in the input for any objects.", props[0]), "GenericMeasurePropertyNotFound", "InvalidArgument", "System.Management.Automation.PSArgumentException")
					cc.reportError(e)
					return nil
				}
				v = cc.s.propertyOf(v, props[0])
			}
			st.count++
			if c.Switch("Sum") || c.Switch("Average") || c.Switch("Maximum") || c.Switch("Minimum") {
				n, ok := toNumber(v)
				if !ok {
					e := cc.plainError(fmt.Sprintf("Input object \"%s\" is not numeric.", toStr(v)), "NonNumericInputObject", "InvalidType", "System.Management.Automation.PSInvalidOperationException")
					cc.reportError(e)
					return nil
				}
				st.sum += numToFloat(n)
				f := numToFloat(n)
				if st.min == nil || f < numToFloat(st.min) {
					st.min = f
				}
				if st.max == nil || f > numToFloat(st.max) {
					st.max = f
				}
			}
			return nil
		},
		End: func(c *Call) error {
			cc := internals(c)
			st := mustBe[*measureState](cc.state, "Measure-Object's state")
			o := NewObject("Microsoft.PowerShell.Commands.GenericMeasureInfo", "Count", st.count)
			var avg, sum, mx, mn Value
			if c.Switch("Average") && st.count > 0 {
				avg = st.sum / float64(st.count)
			}
			if c.Switch("Sum") {
				sum = st.sum
			}
			if c.Switch("Maximum") {
				mx = st.max
			}
			if c.Switch("Minimum") {
				mn = st.min
			}
			prop := ""
			if props := c.Strings("Property"); len(props) > 0 {
				prop = props[0]
			}
			o.Props = append(o.Props, Property{"Average", avg}, Property{"Sum", sum}, Property{"Maximum", mx}, Property{"Minimum", mn}, Property{"Property", nilIfEmpty(prop)})
			c.WriteObject(o)
			return nil
		},
	}
}

func nilIfEmpty(s string) Value {
	if s == "" {
		return nil
	}
	return s
}
