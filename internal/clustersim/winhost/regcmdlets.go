package winhost

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/pwsh"
)

// The registry provider's cmdlets on HKLM:\. Each takes -Path (position 0, wildcards not
// expanded: see unconfirmed.go) or -LiteralPath (alias PSPath, from the pipeline by property
// name, so that Get-ChildItem ... | Get-ItemProperty works).

// pathParams: -Path takes pipeline input by property name, and by value where Microsoft's
// pages say so (Test-Path, Get-Item, Get-ChildItem, Remove-Item).
func pathParams(byValue bool, extra ...pwsh.Param) []pwsh.Param {
	return append([]pwsh.Param{
		{Name: "Path", Kind: pwsh.ParamStrings, Position: 0, FromPipeline: byValue, FromPipelineByPropertyName: true},
		{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Kind: pwsh.ParamStrings, Position: -1, FromPipelineByPropertyName: true},
	}, extra...)
}

// literalPaths returns the paths of a call, resolved but not expanded; an unresolvable one
// is written as an error and skipped, as providers do.
func literalPaths(c *pwsh.Call, cmdlet string) []regPath {
	raw, literal := c.Strings("LiteralPath"), true
	if raw == nil {
		raw, literal = c.Strings("Path"), false
	}
	var out []regPath
	for _, p := range raw {
		rp, err := parseRegPath(p)
		if err != nil {
			c.WriteError(errOutsideModel(cmdlet, err))
			continue
		}
		rp.Literal = literal
		out = append(out, rp)
	}
	return out
}

// paths is literalPaths with the wildcards of -Path expanded to the keys that exist (a
// pattern that matches nothing gives nothing, without an error, as in PowerShell).
func (n *Node) paths(c *pwsh.Call, cmdlet string) []regPath {
	var out []regPath
	for _, p := range literalPaths(c, cmdlet) {
		out = append(out, n.expand(p)...)
	}
	return out
}

// expand resolves wildcard components of a -Path against the registry.
func (n *Node) expand(p regPath) []regPath {
	if p.Literal || !hasWildcard(p.Key) {
		return []regPath{p}
	}
	reg := n.registry()
	prefixes := []string{""}
	for _, comp := range splitKey(p.Key) {
		var next []string
		for _, prefix := range prefixes {
			if !hasWildcard(comp) {
				next = append(next, joinKey(prefix, comp))
				continue
			}
			info, err := reg.Key(prefix)
			if err != nil {
				continue
			}
			for _, sub := range info.SubkeyNames {
				if wildcardMatch(comp, sub) {
					next = append(next, joinKey(prefix, sub))
				}
			}
		}
		prefixes = next
	}
	var out []regPath
	for _, key := range prefixes {
		if !reg.KeyExists(key) {
			continue
		}
		typed := "Registry::" + nativeName(key)
		if p.ViaDrive {
			typed = `HKLM:\` + key
		}
		out = append(out, regPath{Key: key, Typed: typed, ViaDrive: p.ViaDrive})
	}
	return out
}

func (n *Node) registryCmdlets() []*pwsh.Cmdlet {
	return []*pwsh.Cmdlet{
		n.testPath(), n.getItem(), n.getChildItem(), n.getItemProperty(), n.getItemPropertyValue(),
		n.newItem(), n.newItemProperty(), n.setItemProperty(), n.removeItem(), n.removeItemProperty(),
	}
}

func (n *Node) testPath() *pwsh.Cmdlet {
	const name = "Test-Path"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(true,
			pwsh.Param{Name: "PathType", Aliases: []string{"Type"}, Kind: pwsh.ParamString, Position: -1},
			pwsh.Param{Name: "IsValid", Kind: pwsh.ParamSwitch, Position: -1},
		),
		Process: func(c *pwsh.Call) error {
			pathType := strings.ToLower(c.String("PathType"))
			for _, p := range literalPaths(c, name) {
				if c.Switch("IsValid") {
					c.WriteObject(true)
					continue
				}
				exists := false
				for _, e := range n.expand(p) {
					exists = exists || n.registry().KeyExists(e.Key)
				}
				// Registry keys are containers; values are not items, so Leaf is never true.
				c.WriteObject(exists && pathType != "leaf")
			}
			return nil
		}}
}

func (n *Node) getItem() *pwsh.Cmdlet {
	const name = "Get-Item"
	return &pwsh.Cmdlet{Name: name, Params: pathParams(true, pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1}),
		Process: func(c *pwsh.Call) error {
			for _, p := range n.paths(c, name) {
				info, err := n.registry().Key(p.Key)
				if err != nil {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				c.WriteObject(n.keyObject(p.Key, info, p.ViaDrive))
			}
			return nil
		}}
}

func (n *Node) getChildItem() *pwsh.Cmdlet {
	const name = "Get-ChildItem"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(true,
			pwsh.Param{Name: "Recurse", Aliases: []string{"s"}, Kind: pwsh.ParamSwitch, Position: -1},
			pwsh.Param{Name: "Depth", Kind: pwsh.ParamInt, Position: -1},
			pwsh.Param{Name: "Name", Kind: pwsh.ParamSwitch, Position: -1},
			pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		),
		Process: func(c *pwsh.Call) error {
			depth := -1
			if c.Bound("Depth") {
				depth, _ = c.Value("Depth").(int)
			} else if !c.Switch("Recurse") {
				depth = 0
			}
			for _, p := range n.paths(c, name) {
				tree, err := n.registry().Tree(p.Key)
				if err != nil {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				n.writeChildren(c, p, p.Key, "", tree, depth)
			}
			return nil
		}}
}

// writeChildren writes the subkeys of tree (whose path is key), sorted as RegEnumKeyEx
// returns them, descending while depth allows (-1: no limit).
func (n *Node) writeChildren(c *pwsh.Call, p regPath, key, relName string, tree *cluster.Key, depth int) {
	for _, sub := range sortedKeys(tree.Subkeys) {
		subKey := joinKey(key, sub.Name)
		rel := joinKey(relName, sub.Name)
		if c.Switch("Name") {
			c.WriteObject(rel)
		} else {
			c.WriteObject(n.keyObject(subKey, infoOf(sub), p.ViaDrive))
		}
		if depth != 0 {
			n.writeChildren(c, p, subKey, rel, sub, depth-1)
		}
	}
}

func (n *Node) getItemProperty() *pwsh.Cmdlet {
	const name = "Get-ItemProperty"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(false, pwsh.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: pwsh.ParamStrings, Position: 1}),
		Process: func(c *pwsh.Call) error {
			for _, p := range n.paths(c, name) {
				info, err := n.registry().Key(p.Key)
				if err != nil {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				values := info.Values
				if c.Bound("Name") {
					values = nil
					for _, want := range c.Strings("Name") {
						matched := false
						for _, v := range info.Values {
							if wildcardMatch(want, psValueName(v.Name)) {
								values = append(values, v)
								matched = true
							}
						}
						if !matched && !hasWildcard(want) {
							c.WriteError(errPropertyNotFound(name, want, p.Key))
						}
					}
				}
				if len(values) == 0 {
					continue // a key without (matching) values gives no object
				}
				c.WriteObject(n.propertiesObject(p.Key, values, p.ViaDrive))
			}
			return nil
		}}
}

func (n *Node) getItemPropertyValue() *pwsh.Cmdlet {
	const name = "Get-ItemPropertyValue"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(false, pwsh.Param{Name: "Name", Kind: pwsh.ParamStrings, Position: 1, Mandatory: true}),
		Process: func(c *pwsh.Call) error {
			for _, p := range n.paths(c, name) {
				if !n.registry().KeyExists(p.Key) {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				for _, want := range c.Strings("Name") {
					v, err := n.registry().GetValue(p.Key, regValueName(want))
					if err != nil {
						c.WriteError(errPropertyNotFound(name, want, p.Key))
						continue
					}
					c.WriteObject(n.toPS(v))
				}
			}
			return nil
		}}
}

func (n *Node) newItem() *pwsh.Cmdlet {
	const name = "New-Item"
	return &pwsh.Cmdlet{Name: name,
		Params: []pwsh.Param{
			{Name: "Path", Kind: pwsh.ParamStrings, Position: 0, FromPipelineByPropertyName: true},
			{Name: "Name", Kind: pwsh.ParamString, Position: -1, FromPipelineByPropertyName: true},
			{Name: "ItemType", Aliases: []string{"Type"}, Kind: pwsh.ParamString, Position: -1},
			{Name: "Value", Kind: pwsh.ParamObject, Position: -1, FromPipeline: true},
			{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		},
		SupportsShouldProcess: true,
		Process: func(c *pwsh.Call) error {
			for _, p := range literalPaths(c, name) { // New-Item takes no wildcards
				if c.Bound("Name") {
					p.Key = cleanKey(joinKey(p.Key, c.String("Name")))
					p.Typed = strings.TrimRight(p.Typed, `\/`) + `\` + c.String("Name")
				}
				n.newKey(c, name, p)
			}
			return nil
		}}
}

func (n *Node) newKey(c *pwsh.Call, cmdlet string, p regPath) {
	reg := n.registry()
	parent, _ := parentKey(p.Key)
	force := c.Switch("Force")
	if reg.KeyExists(p.Key) && !force {
		c.WriteError(errIO(cmdlet, "A key at this path already exists.", "ResourceExists", p.displayPath()))
		return
	}
	if !reg.KeyExists(parent) && !force {
		parentTyped, _ := parentKey(p.Typed)
		c.WriteError(errPathNotFound(cmdlet, parentTyped))
		return
	}
	if ok, err := c.ShouldProcess("Item: "+nativeName(p.Key)+" ItemType: Key", "New Item"); err != nil || !ok {
		if err != nil {
			c.WriteError(&pwsh.ErrorRecord{Message: err.Error(), Category: "InvalidOperation"})
		}
		return
	}
	if reg.KeyExists(p.Key) {
		// -Force on an existing key recreates it empty: the registry provider deletes the
		// key with its values and subkeys first (PowerShell/PowerShell issue 5444).
		_ = reg.DeleteKey(p.Key, true)
	}
	if _, err := reg.CreateKey(p.Key); err != nil {
		c.WriteError(errIO(cmdlet, err.Error(), "WriteError", p.displayPath()))
		return
	}
	if c.Bound("Value") && c.Value("Value") != nil {
		_ = reg.SetValue(p.Key, cluster.SZ("", psString(c.Value("Value"))))
	}
	info, _ := reg.Key(p.Key)
	c.WriteObject(n.keyObject(p.Key, info, p.ViaDrive))
}

func (n *Node) newItemProperty() *pwsh.Cmdlet {
	const name = "New-ItemProperty"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(false,
			pwsh.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: pwsh.ParamString, Position: 1, Mandatory: true, FromPipelineByPropertyName: true},
			pwsh.Param{Name: "PropertyType", Aliases: []string{"Type"}, Kind: pwsh.ParamString, Position: -1},
			pwsh.Param{Name: "Value", Kind: pwsh.ParamObject, Position: -1, FromPipelineByPropertyName: true},
			pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *pwsh.Call) error {
			propName := c.String("Name")
			for _, p := range n.paths(c, name) {
				reg := n.registry()
				if !reg.KeyExists(p.Key) {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				if _, err := reg.GetValue(p.Key, regValueName(propName)); err == nil && !c.Switch("Force") {
					c.WriteError(errIO(name, "The property already exists.", "ResourceExists", nativeName(p.Key)))
					continue
				}
				kind := cluster.RegSZ
				if c.Bound("PropertyType") {
					k, ok := parseKind(c.String("PropertyType"))
					if !ok {
						return errInvalidArgument(name, unknownKindMessage(c.String("PropertyType")), c.String("PropertyType"))
					}
					kind = k
				} else if c.Bound("Value") {
					kind = newPropertyDefaultKind(c.Value("Value"))
				}
				v, err := fromPS(regValueName(propName), kind, c.Value("Value"))
				if err != nil {
					c.WriteError(errInvalidArgument(name, err.Error(), c.Value("Value")))
					continue
				}
				if ok, err := c.ShouldProcess("Item: "+nativeName(p.Key)+" Property: "+propName, "New Property"); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				_ = reg.SetValue(p.Key, v)
				c.WriteObject(n.propertiesObject(p.Key, []cluster.Value{v}, p.ViaDrive))
			}
			return nil
		}}
}

func (n *Node) setItemProperty() *pwsh.Cmdlet {
	const name = "Set-ItemProperty"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(false,
			pwsh.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: pwsh.ParamString, Position: 1, FromPipelineByPropertyName: true},
			pwsh.Param{Name: "Value", Kind: pwsh.ParamObject, Position: 2, FromPipelineByPropertyName: true},
			pwsh.Param{Name: "Type", Kind: pwsh.ParamString, Position: -1},
			pwsh.Param{Name: "PassThru", Kind: pwsh.ParamSwitch, Position: -1},
			pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *pwsh.Call) error {
			propName := c.String("Name")
			for _, p := range n.paths(c, name) {
				reg := n.registry()
				if !reg.KeyExists(p.Key) {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				var kind cluster.ValueType
				switch old, err := reg.GetValue(p.Key, regValueName(propName)); {
				case c.Bound("Type"):
					k, ok := parseKind(c.String("Type"))
					if !ok {
						return errInvalidArgument(name, unknownKindMessage(c.String("Type")), c.String("Type"))
					}
					kind = k
				case err == nil:
					kind = old.Type // an existing value keeps its type
				default:
					kind = inferKind(c.Value("Value"))
				}
				v, err := fromPS(regValueName(propName), kind, c.Value("Value"))
				if err != nil {
					c.WriteError(errInvalidArgument(name, err.Error(), c.Value("Value")))
					continue
				}
				if ok, err := c.ShouldProcess("Item: "+nativeName(p.Key)+" Property: "+propName, "Set Property"); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				_ = reg.SetValue(p.Key, v)
				if c.Switch("PassThru") {
					c.WriteObject(n.propertiesObject(p.Key, []cluster.Value{v}, p.ViaDrive))
				}
			}
			return nil
		}}
}

func (n *Node) removeItem() *pwsh.Cmdlet {
	const name = "Remove-Item"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(true,
			pwsh.Param{Name: "Recurse", Aliases: []string{"r"}, Kind: pwsh.ParamSwitch, Position: -1},
			pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *pwsh.Call) error {
			for _, p := range n.paths(c, name) {
				reg := n.registry()
				info, err := reg.Key(p.Key)
				if err != nil {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				if len(info.SubkeyNames) > 0 && !c.Switch("Recurse") {
					// PowerShell asks "The item at ... has children and the Recurse parameter
					// was not specified..." (ShouldContinue); without a console it cannot.
					c.WriteError(errNeedsRecurse(name, p.displayPath()))
					continue
				}
				if ok, err := c.ShouldProcess("Item: "+nativeName(p.Key), "Remove Key"); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				if err := reg.DeleteKey(p.Key, true); err != nil {
					c.WriteError(errIO(name, err.Error(), "PermissionDenied", p.displayPath()))
				}
			}
			return nil
		}}
}

func (n *Node) removeItemProperty() *pwsh.Cmdlet {
	const name = "Remove-ItemProperty"
	return &pwsh.Cmdlet{Name: name,
		Params: pathParams(false,
			pwsh.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: pwsh.ParamStrings, Position: 1, Mandatory: true, FromPipelineByPropertyName: true},
			pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *pwsh.Call) error {
			for _, p := range n.paths(c, name) {
				reg := n.registry()
				if !reg.KeyExists(p.Key) {
					c.WriteError(errPathNotFound(name, p.displayPath()))
					continue
				}
				for _, prop := range c.Strings("Name") {
					if _, err := reg.GetValue(p.Key, regValueName(prop)); err != nil {
						c.WriteError(errPropertyNotFound(name, prop, p.Key))
						continue
					}
					if ok, err := c.ShouldProcess("Item: "+nativeName(p.Key)+" Property: "+prop, "Remove Property"); err != nil || !ok {
						if err != nil {
							return err
						}
						continue
					}
					_ = reg.DeleteValue(p.Key, regValueName(prop))
				}
			}
			return nil
		}}
}

func infoOf(k *cluster.Key) cluster.KeyInfo {
	ki := cluster.KeyInfo{Name: k.Name, Values: k.Values}
	for _, s := range k.Subkeys {
		ki.SubkeyNames = append(ki.SubkeyNames, s.Name)
	}
	return ki
}

func sortedKeys(keys []*cluster.Key) []*cluster.Key {
	out := append([]*cluster.Key(nil), keys...)
	sortFold(out, func(k *cluster.Key) string { return k.Name })
	return out
}
