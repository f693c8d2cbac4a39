package winhost

// The registry provider's reading cmdlets.

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

func (n *Node) testPath() *winps51.Cmdlet {
	const name = "Test-Path"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(true,
			winps51.Param{Name: "PathType", Aliases: []string{"Type"}, Kind: winps51.ParamString, Position: -1},
			winps51.Param{Name: "IsValid", Kind: winps51.ParamSwitch, Position: -1},
		),
		Process: func(c *winps51.Call) error {
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

func (n *Node) getItem() *winps51.Cmdlet {
	const name = "Get-Item"
	return &winps51.Cmdlet{Name: name, Params: pathParams(true, winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1}),
		Process: func(c *winps51.Call) error {
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

func (n *Node) getChildItem() *winps51.Cmdlet {
	const name = "Get-ChildItem"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(true,
			winps51.Param{Name: "Recurse", Aliases: []string{"s"}, Kind: winps51.ParamSwitch, Position: -1},
			winps51.Param{Name: "Depth", Kind: winps51.ParamInt, Position: -1},
			winps51.Param{Name: "Name", Kind: winps51.ParamSwitch, Position: -1},
			winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		),
		Process: func(c *winps51.Call) error {
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
func (n *Node) writeChildren(c *winps51.Call, p regPath, key, relName string, tree *cluster.Key, depth int) {
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

func (n *Node) getItemProperty() *winps51.Cmdlet {
	const name = "Get-ItemProperty"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(false, winps51.Param{Name: "Name", Aliases: []string{"PSProperty"}, Kind: winps51.ParamStrings, Position: 1}),
		Process: func(c *winps51.Call) error {
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

func (n *Node) getItemPropertyValue() *winps51.Cmdlet {
	const name = "Get-ItemPropertyValue"
	return &winps51.Cmdlet{Name: name,
		Params: pathParams(false, winps51.Param{Name: "Name", Kind: winps51.ParamStrings, Position: 1, Mandatory: true}),
		Process: func(c *winps51.Call) error {
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
