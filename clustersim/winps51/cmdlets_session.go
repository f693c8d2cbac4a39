package winps51

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Built-in cmdlets about the session: modules, commands, strict mode, sleeping.

// coreModules are the modules 5.1 always has; Import-Module accepts them.
var coreModules = []string{"Microsoft.PowerShell.Management", "Microsoft.PowerShell.Utility",
	"Microsoft.PowerShell.Security", "Microsoft.PowerShell.Core"}

func (s *runspaceState) knownModule(name string) (string, bool) {
	for _, m := range coreModules {
		if strings.EqualFold(m, name) {
			return m, true
		}
	}
	for _, c := range s.opts.Cmdlets {
		if c.Module != "" && strings.EqualFold(c.Module, name) {
			return c.Module, true
		}
	}
	return "", false
}

func sessionCmdlets() []*Cmdlet {
	return []*Cmdlet{
		{
			Name: "Import-Module",
			Params: []Param{
				{Name: "Name", Kind: ParamStrings, Position: 0, Mandatory: true, FromPipeline: true},
				{Name: "Force", Kind: ParamSwitch, Position: -1},
				{Name: "PassThru", Kind: ParamSwitch, Position: -1},
				{Name: "Global", Kind: ParamSwitch, Position: -1},
				{Name: "DisableNameChecking", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				for _, n := range c.Strings("Name") {
					m, ok := cc.s.knownModule(n)
					if !ok {
						e := cc.plainError(fmt.Sprintf("The specified module '%s' was not loaded because no valid module file was found in any module directory.", n),
							"Modules_ModuleNotFound", "ResourceUnavailable", "System.IO.FileNotFoundException")
						e.rec.TargetObject = n
						cc.reportError(e)
						continue
					}
					cc.s.loadModule(m)
					if c.Switch("PassThru") {
						c.WriteObject(moduleInfo(m))
					}
				}
				return nil
			},
		},
		{
			Name:   "Get-Module",
			Params: []Param{{Name: "Name", Kind: ParamStrings, Position: 0}, {Name: "ListAvailable", Kind: ParamSwitch, Position: -1}},
			Process: func(c *Call) error {
				cc := internals(c)
				var names []string
				seen := map[string]bool{}
				for _, cm := range cc.s.opts.Cmdlets {
					if cm.Module != "" && !seen[strings.ToLower(cm.Module)] && (c.Switch("ListAvailable") || cc.s.loaded[strings.ToLower(cm.Module)]) {
						seen[strings.ToLower(cm.Module)] = true
						names = append(names, cm.Module)
					}
				}
				sort.Strings(names)
				for _, n := range names {
					if pats := c.Strings("Name"); len(pats) > 0 && !matchesAny(pats, n) {
						continue
					}
					c.WriteObject(moduleInfo(n))
				}
				return nil
			},
		},
		{
			Name: "Get-Command",
			Params: []Param{
				{Name: "Name", Kind: ParamStrings, Position: 0, FromPipeline: true},
				{Name: "Module", Kind: ParamStrings, Position: -1},
				{Name: "CommandType", Kind: ParamString, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				names := c.Strings("Name")
				if len(names) == 0 {
					names = []string{"*"}
				}
				for _, n := range names {
					found := false
					for _, ci := range cc.s.commandInfos(cc.sc) {
						name, _ := ci.getProp("Name")
						src, _ := ci.getProp("Source")
						if !wildcardMatch(n, toStr(name), true) {
							continue
						}
						if mods := c.Strings("Module"); len(mods) > 0 && !matchesAny(mods, toStr(src)) {
							continue
						}
						found = true
						c.WriteObject(ci)
					}
					if !found && !strings.ContainsAny(n, "*?[") {
						e := cc.plainError("The term '"+n+"' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
							"CommandNotFoundException", "ObjectNotFound", "System.Management.Automation.CommandNotFoundException")
						e.rec.TargetObject = n
						cc.reportError(e)
					}
				}
				return nil
			},
		},
		{
			Name: "Set-StrictMode",
			Params: []Param{
				{Name: "Version", Kind: ParamString, Position: -1},
				{Name: "Off", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error {
				internals(c).s.strict = !c.Switch("Off")
				return nil
			},
		},
		{
			Name: "Invoke-Expression",
			Params: []Param{
				{Name: "Command", Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				text := c.String("Command")
				sb, perr := parseScript(text)
				if perr != nil {
					return &psErrorCarrier{e: parseErrorToPS(perr, syntax.NewSource(text))}
				}
				body := append(append(append([]syntax.Node{}, sb.Begin...), sb.Process...), sb.End...)
				cc.s.execStatements(body, cc.sc, c.WriteObject)
				return nil
			},
		},
		{
			Name: "New-Object",
			Params: []Param{
				{Name: "TypeName", Kind: ParamString, Position: 0, Mandatory: true},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Kind: ParamObjects, Position: 1},
				{Name: "Property", Kind: ParamObject, Position: -1},
			},
			Process: func(c *Call) error {
				cc := internals(c)
				name := c.String("TypeName")
				full, ok := canonicalType(name)
				var o Value
				switch {
				case ok && (full == "System.Management.Automation.PSObject" || full == "System.Management.Automation.PSCustomObject" || full == "System.Object"):
					o = &Object{}
				case ok && full == "System.Collections.Hashtable":
					o = NewHashtable(false)
				default:
					e := cc.plainError(fmt.Sprintf("Cannot find type [%s]: verify that the assembly containing this type is loaded.", name), "TypeNotFound", "InvalidType", "System.Management.Automation.PSArgumentException")
					e.rec.TargetObject = nil
					return &psErrorCarrier{e: e}
				}
				if props, ok := c.Value("Property").(*Hashtable); ok {
					for i, k := range props.keys {
						switch x := o.(type) {
						case *Object:
							x.setProp(toStr(k), props.vals[i])
						case *Hashtable:
							x.Set(k, props.vals[i])
						}
					}
				}
				c.WriteObject(o)
				return nil
			},
		},
		{
			Name: "Get-Date",
			Params: []Param{
				{Name: "Date", Kind: ParamObject, Position: 0, FromPipeline: true},
				{Name: "Format", Kind: ParamString, Position: -1},
				{Name: "UFormat", Kind: ParamString, Position: -1},
			},
			Process: func(c *Call) error {
				t := time.Now()
				if d, ok := c.Value("Date").(time.Time); ok {
					t = d
				} else if c.Bound("Date") {
					cv, ok := convertValue(c.Value("Date"), "System.DateTime")
					ct, isTime := cv.(time.Time)
					if !ok || !isTime {
						cc := internals(c)
						cc.bindingError(fmt.Sprintf("Cannot bind parameter 'Date'. Cannot convert value \"%s\" to type \"System.DateTime\". Error: \"String was not recognized as a valid DateTime.\"", toStr(c.Value("Date"))), "CannotConvertArgumentNoMessage", cc.ext)
					}
					t = ct
				}
				if f := c.String("Format"); f != "" {
					c.WriteObject(dotnetDateFormat(t, f))
					return nil
				}
				c.WriteObject(t)
				return nil
			},
		},
		{
			Name: "Start-Sleep",
			Params: []Param{
				{Name: "Seconds", Aliases: []string{"s"}, Kind: ParamInt, Position: 0},
				{Name: "Milliseconds", Aliases: []string{"ms"}, Kind: ParamInt, Position: -1},
			},
			Process: func(c *Call) error {
				d := time.Duration(0)
				if v, ok := c.Value("Seconds").(int); ok {
					d += time.Duration(v) * time.Second
				}
				if v, ok := c.Value("Milliseconds").(int); ok {
					d += time.Duration(v) * time.Millisecond
				}
				if c.Ctx == nil {
					time.Sleep(d)
					return nil
				}
				select {
				case <-time.After(d):
				case <-c.Ctx.Done():
					panic(&flowExit{code: 1})
				}
				return nil
			},
		},
	}
}

func moduleInfo(name string) *Object {
	o := NewObject("System.Management.Automation.PSModuleInfo", "ModuleType", "Manifest", "Version", "2.0.0.0", "Name", name, "ExportedCommands", nil)
	o.DefaultDisplay = []string{"ModuleType", "Version", "Name", "ExportedCommands"}
	o.Str = func() string { return name }
	return o
}

// commandInfos lists the session's commands as Get-Command shows them.
func (s *runspaceState) commandInfos(sc *scope) []*Object {
	var out []*Object
	seen := map[string]bool{}
	for cur := sc; cur != nil; cur = cur.parent {
		for k, f := range cur.funcs {
			if seen[k] {
				continue
			}
			seen[k] = true
			o := NewObject("System.Management.Automation.FunctionInfo", "CommandType", "Function", "Name", f.name, "Version", "", "Source", "")
			o.DefaultDisplay = []string{"CommandType", "Name", "Version", "Source"}
			o.Str = func() string { return f.name }
			out = append(out, o)
		}
	}
	var names []string
	for k := range s.cmdlets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		cm := s.cmdlets[k]
		src := cm.Module
		ver := "2.0.0.0"
		if src == "" {
			src = "Microsoft.PowerShell.Utility"
			ver = "3.1.0.0"
		}
		name := cm.Name
		o := NewObject("System.Management.Automation.CmdletInfo", "CommandType", "Cmdlet", "Name", name, "Version", ver, "Source", src)
		o.DefaultDisplay = []string{"CommandType", "Name", "Version", "Source"}
		o.Str = func() string { return name }
		out = append(out, o)
	}
	return out
}
