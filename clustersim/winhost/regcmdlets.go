package winhost

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// The registry provider's cmdlets on HKLM:\ (regread.go, regwrite.go). Each takes -Path
// (position 0, wildcards expanded against existing keys) or -LiteralPath (alias PSPath, from
// the pipeline by property name, so that Get-ChildItem ... | Get-ItemProperty works).

// pathParams: -Path takes pipeline input by property name, and by value where Microsoft's
// pages say so (Test-Path, Get-Item, Get-ChildItem, Remove-Item).
func pathParams(byValue bool, extra ...winps51.Param) []winps51.Param {
	return append([]winps51.Param{
		{Name: "Path", Kind: winps51.ParamStrings, Position: 0, FromPipeline: byValue, FromPipelineByPropertyName: true},
		{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Kind: winps51.ParamStrings, Position: -1, FromPipelineByPropertyName: true},
	}, extra...)
}

// literalPaths returns the paths of a call, resolved but not expanded; an unresolvable one
// is written as an error and skipped, as providers do.
func literalPaths(c *winps51.Call, cmdlet string) []regPath {
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
func (n *Node) paths(c *winps51.Call, cmdlet string) []regPath {
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

func (n *Node) registryCmdlets() []*winps51.Cmdlet {
	return []*winps51.Cmdlet{
		n.testPath(), n.getItem(), n.getChildItem(), n.getItemProperty(), n.getItemPropertyValue(),
		n.newItem(), n.newItemProperty(), n.setItemProperty(), n.removeItem(), n.removeItemProperty(),
	}
}
