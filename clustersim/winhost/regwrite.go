package winhost

// The registry provider's writing cmdlets.

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

func (n *Node) newItem() *winps51.Cmdlet {
	const name = "New-Item"
	return &winps51.Cmdlet{Name: name,
		Params: []winps51.Param{
			{Name: "Path", Kind: winps51.ParamStrings, Position: 0, FromPipelineByPropertyName: true},
			{Name: "Name", Kind: winps51.ParamString, Position: -1, FromPipelineByPropertyName: true},
			{Name: "ItemType", Aliases: []string{"Type"}, Kind: winps51.ParamString, Position: -1},
			{Name: "Value", Kind: winps51.ParamObject, Position: -1, FromPipeline: true},
			{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		},
		SupportsShouldProcess: true,
		Process: func(c *winps51.Call) error {
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

func (n *Node) newKey(c *winps51.Call, cmdlet string, p regPath) {
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
			c.WriteError(&winps51.ErrorRecord{Message: err.Error(), Category: "InvalidOperation"})
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
		_ = reg.SetValue(p.Key, cluster.SZ("", winps51.ToString(c.Value("Value"))))
	}
	info, _ := reg.Key(p.Key)
	c.WriteObject(n.keyObject(p.Key, info, p.ViaDrive))
}

func (n *Node) newItemProperty() *winps51.Cmdlet {
	const name = "New-ItemProperty"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(false,
			winps51.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: winps51.ParamString, Position: 1, Mandatory: true, FromPipelineByPropertyName: true},
			winps51.Param{Name: "PropertyType", Aliases: []string{"Type"}, Kind: winps51.ParamString, Position: -1},
			winps51.Param{Name: "Value", Kind: winps51.ParamObject, Position: -1, FromPipelineByPropertyName: true},
			winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *winps51.Call) error {
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

func (n *Node) setItemProperty() *winps51.Cmdlet {
	const name = "Set-ItemProperty"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(false,
			winps51.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: winps51.ParamString, Position: 1, FromPipelineByPropertyName: true},
			winps51.Param{Name: "Value", Kind: winps51.ParamObject, Position: 2, FromPipelineByPropertyName: true},
			winps51.Param{Name: "Type", Kind: winps51.ParamString, Position: -1},
			winps51.Param{Name: "PassThru", Kind: winps51.ParamSwitch, Position: -1},
			winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *winps51.Call) error {
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

func (n *Node) removeItem() *winps51.Cmdlet {
	const name = "Remove-Item"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(true,
			winps51.Param{Name: "Recurse", Aliases: []string{"r"}, Kind: winps51.ParamSwitch, Position: -1},
			winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *winps51.Call) error {
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

func (n *Node) removeItemProperty() *winps51.Cmdlet {
	const name = "Remove-ItemProperty"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(false,
			winps51.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: winps51.ParamStrings, Position: 1, Mandatory: true, FromPipelineByPropertyName: true},
			winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		),
		SupportsShouldProcess: true,
		Process: func(c *winps51.Call) error {
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
