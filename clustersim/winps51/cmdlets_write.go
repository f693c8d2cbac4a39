package winps51

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Built-in cmdlets of the output and message streams.

func internals(c *Call) *cmdCall { return mustBe[*cmdCall](c.impl, "a built-in cmdlet's call") }

func builtinCmdlets() []*Cmdlet {
	var all []*Cmdlet
	all = append(all, writeCmdlets()...)
	all = append(all, objectCmdlets()...)
	all = append(all, jsonCmdlets()...)
	all = append(all, sessionCmdlets()...)
	for _, c := range all {
		c.builtin = true
	}
	return all
}

func inputParam() Param {
	return Param{Name: "InputObject", Kind: ParamObject, Position: -1, FromPipeline: true}
}

func writeCmdlets() []*Cmdlet {
	return []*Cmdlet{
		{
			Name: "Write-Output",
			Params: []Param{
				{Name: "InputObject", Kind: ParamObjects, Position: 0, Mandatory: true, FromPipeline: true, RemainingArguments: true, AllowNull: true},
				{Name: "NoEnumerate", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				if cc.pipe["InputObject"] {
					c.WriteObject(c.Input)
					return nil
				}
				v := c.Value("InputObject")
				if c.Switch("NoEnumerate") {
					if arr, ok := v.([]Value); ok && len(arr) == 1 {
						c.WriteObject(arr[0])
						return nil
					}
					c.WriteObject(v)
					return nil
				}
				for _, e := range asList(v) {
					emitUnrolled(e, c.WriteObject)
				}
				return nil
			},
		},
		{
			Name: "Write-Error",
			Params: []Param{
				{Name: "Message", Aliases: []string{"Msg"}, Kind: ParamString, Position: 0, FromPipeline: true},
				{Name: "Category", Kind: ParamString, Position: -1},
				{Name: "ErrorId", Kind: ParamString, Position: -1},
				{Name: "TargetObject", Kind: ParamObject, Position: -1},
				{Name: "Exception", Kind: ParamObject, Position: -1},
				{Name: "ErrorRecord", Kind: ParamObject, Position: -1},
				{Name: "RecommendedAction", Kind: ParamString, Position: -1},
				{Name: "CategoryReason", Kind: ParamString, Position: -1},
				{Name: "CategoryTargetName", Kind: ParamString, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				if er, ok := errorFromValue(c.Value("ErrorRecord")); ok {
					cc.reportError(er)
					return nil
				}
				msg := c.String("Message")
				exType := "Microsoft.PowerShell.Commands.WriteErrorException"
				if exc := c.Value("Exception"); exc != nil {
					if o, ok := exc.(*Object); ok && len(o.TypeNames) > 0 {
						exType = o.TypeNames[0]
						if m, ok := o.getProp("Message"); ok && msg == "" {
							msg = toStr(m)
						}
					}
				}
				fqid := "Microsoft.PowerShell.Commands.WriteErrorException"
				if id := c.String("ErrorId"); id != "" {
					fqid = id
				}
				cat := "NotSpecified"
				if cs := c.String("Category"); cs != "" {
					cat = cs
					for _, n := range errorCategories {
						if strings.EqualFold(n, cs) {
							cat = n
						}
					}
				}
				e := newError(msg, exType, fqid, cat, syntax.Extent{})
				e.rec.TargetObject = c.Value("TargetObject")
				e.cmd = "Write-Error"
				// The record carries the invocation of the caller: the function (named,
				// pointing at its call site) or, at top level, the whole -Command script.
				if inv := cc.sc.currentInvocation(); inv != nil {
					e.ext = inv.ext
					if inv.name != "" {
						e.cmd = inv.name
					} else {
						e.cmd = ""
						e.scriptText = inv.text
					}
				} else {
					e.cmd = ""
					e.scriptText = cc.s.scriptText
				}
				e.rec.FullyQualifiedErrorID = fqid
				cc.reportErrorActivity(e, "Write-Error")
				return nil
			},
		},
		{
			Name:   "Write-Warning",
			Params: []Param{{Name: "Message", Aliases: []string{"Msg"}, Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true}},
			Process: func(c *Call) error {
				c.WriteWarning(c.String("Message"))
				return nil
			},
		},
		{
			Name:   "Write-Verbose",
			Params: []Param{{Name: "Message", Aliases: []string{"Msg"}, Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true}},
			Process: func(c *Call) error {
				cc := internals(c)
				pref := strings.ToLower(toStr(cc.s.getVar(cc.sc, "VerbosePreference")))
				if cc.verbose || pref == "continue" {
					cc.s.writeVerboseLine(c.String("Message"))
				}
				return nil
			},
		},
		{
			Name:   "Write-Debug",
			Params: []Param{{Name: "Message", Aliases: []string{"Msg"}, Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true}},
			Process: func(c *Call) error {
				return nil
			},
		},
		{
			Name: "Write-Host",
			Params: []Param{
				{Name: "Object", Aliases: []string{"Msg", "Message"}, Kind: ParamObjects, Position: 0, FromPipeline: true, RemainingArguments: true},
				{Name: "NoNewline", Kind: ParamSwitch, Position: -1},
				{Name: "Separator", Kind: ParamObject, Position: -1},
				{Name: "ForegroundColor", Kind: ParamString, Position: -1},
				{Name: "BackgroundColor", Kind: ParamString, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				sep := " "
				if c.Bound("Separator") {
					sep = toStr(c.Value("Separator"))
				}
				var parts []string
				var vals []Value
				if cc.pipe["Object"] {
					vals = []Value{c.Input}
				} else {
					vals, _ = c.Value("Object").([]Value)
				}
				for _, v := range vals {
					for _, e := range asList(v) {
						parts = append(parts, toStr(e))
					}
				}
				cc.s.writeHostText(strings.Join(parts, sep), !c.Switch("NoNewline"))
				return nil
			},
		},
		{
			Name:    "Out-Null",
			Params:  []Param{inputParam()},
			Process: func(c *Call) error { return nil },
		},
		{
			Name:   "Out-Default",
			Params: []Param{inputParam()},
			Process: func(c *Call) error {
				if internals(c).pipe["InputObject"] {
					internals(c).s.out.write(c.Input)
				}
				return nil
			},
		},
		{
			Name:   "Out-Host",
			Params: []Param{inputParam()},
			Process: func(c *Call) error {
				if internals(c).pipe["InputObject"] {
					internals(c).s.out.write(c.Input)
				}
				return nil
			},
			End: func(c *Call) error { internals(c).s.out.flush(); return nil },
		},
		outStringCmdlet(),
		formatCmdlet("Format-Table"),
		formatCmdlet("Format-List"),
	}
}

// reportErrorActivity reports an error whose CategoryInfo activity is a given command.
func (cc *cmdCall) reportErrorActivity(e *psError, activity string) {
	e.activity = activity
	cc.reportError(e)
}

func outStringCmdlet() *Cmdlet {
	return &Cmdlet{
		Name: "Out-String",
		Params: []Param{
			inputParam(),
			{Name: "Stream", Kind: ParamSwitch, Position: -1},
			{Name: "Width", Kind: ParamInt, Position: -1},
		},
		Process: func(c *Call) error {
			if internals(c).pipe["InputObject"] {
				*items(c) = append(*items(c), c.Input)
			} else if c.Bound("InputObject") {
				*items(c) = append(*items(c), c.Value("InputObject"))
			}
			return nil
		},
		End: func(c *Call) error {
			cc := internals(c)
			var b strings.Builder
			f := newStringFormatter(cc.s, &b)
			for _, it := range *items(c) {
				f.write(it)
			}
			f.flush()
			text := strings.ReplaceAll(b.String(), "\r\n", "\n")
			text = strings.ReplaceAll(text, "\n", "\r\n")
			if c.Switch("Stream") {
				for _, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
					c.WriteObject(l)
				}
				return nil
			}
			c.WriteObject(text)
			return nil
		},
	}
}

func formatCmdlet(name string) *Cmdlet {
	return &Cmdlet{
		Name: name,
		Params: []Param{
			inputParam(),
			{Name: "Property", Kind: ParamObjects, Position: 0},
			{Name: "AutoSize", Kind: ParamSwitch, Position: -1},
			{Name: "Wrap", Kind: ParamSwitch, Position: -1},
		},
		Process: func(c *Call) error {
			if internals(c).pipe["InputObject"] {
				*items(c) = append(*items(c), c.Input)
			}
			return nil
		},
		End: func(c *Call) error {
			var objs []*Object
			var cols []string
			for _, it := range *items(c) {
				o, ok := it.(*Object)
				if !ok {
					continue
				}
				if cols == nil {
					cols = displayColumns(o)
					if props, ok := c.Value("Property").([]Value); ok {
						cols = nil
						for _, p := range props {
							pat := toStr(p)
							if !strings.ContainsAny(pat, "*?[") {
								cols = append(cols, pat)
								continue
							}
							for _, n := range propertyNames(o) {
								if wildcardMatch(pat, n, true) {
									cols = append(cols, n)
								}
							}
						}
					}
				}
				objs = append(objs, o)
			}
			if len(objs) == 0 {
				return nil
			}
			if name == "Format-List" {
				c.WriteObject(&formattedText{text: renderList(objs, cols)})
				return nil
			}
			c.WriteObject(&formattedText{text: renderTable(objs, cols)})
			return nil
		},
	}
}
