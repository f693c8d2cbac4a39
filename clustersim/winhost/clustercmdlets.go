package winhost

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// The FailoverClusters module: the cmdlets Microsoft documents (docset winserver2022-ps/
// failoverclusters), with their parameters, positions and pipeline input.

const fcModule = "FailoverClusters"

var (
	paramCluster     = winps51.Param{Name: "Cluster", Kind: winps51.ParamString, Position: -1}
	paramInputObject = winps51.Param{Name: "InputObject", Kind: winps51.ParamObject, Position: -1, FromPipeline: true}
	paramWait        = winps51.Param{Name: "Wait", Kind: winps51.ParamInt, Position: -1}
	paramIgnoreLock  = winps51.Param{Name: "IgnoreLocked", Kind: winps51.ParamSwitch, Position: -1}
)

func fcCmdlet(name string, process func(c *winps51.Call) error, params ...winps51.Param) *winps51.Cmdlet {
	return &winps51.Cmdlet{Name: name, Module: fcModule, TypeName: fcCommandClass(name), Params: params, Process: process}
}

func (n *Node) clusterCmdlets() []*winps51.Cmdlet {
	return []*winps51.Cmdlet{
		n.getCluster(), n.getClusterNode(), n.getClusterGroup(), n.getClusterResource(),
		n.getClusterCheckpoint(), n.addClusterCheckpoint(), n.removeClusterCheckpoint(),
		n.moveClusterGroup(), n.startClusterResource(), n.stopClusterResource(),
		n.startClusterNode(), n.stopClusterNode(),
	}
}

func (n *Node) getCluster() *winps51.Cmdlet {
	const name = "Get-Cluster"
	return fcCmdlet(name, func(c *winps51.Call) error {
		target := c.String("Name")
		if kind, _ := objectKind(inputObject(c)); kind != "" {
			target = "" // any module object names this cluster
		} else if c.Bound("Domain") && !c.Bound("Name") {
			c.WriteObject(n.clusterObject()) // the clusters of the domain: this one
			return nil
		}
		if err := n.connect(c, name, target); err != nil {
			return err
		}
		c.WriteObject(n.clusterObject())
		return nil
	},
		winps51.Param{Name: "Name", Kind: winps51.ParamString, Position: 0},
		winps51.Param{Name: "Domain", Kind: winps51.ParamString, Position: -1},
		paramInputObject,
	)
}

func (n *Node) getClusterNode() *winps51.Cmdlet {
	const name = "Get-ClusterNode"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		if in := inputObject(c); in != nil {
			if kind, _ := objectKind(in); kind != "cluster" {
				return errBadInput(name, in)
			}
		}
		nodes, missing := matchNames(n.c.Nodes(), func(x cluster.NodeInfo) string { return x.Name }, c.Strings("Name"))
		for _, m := range missing {
			c.WriteError(errNotFound(name, "node", m, &cluster.Error{Code: cluster.ErrorClusterNodeNotFound, Message: "The cluster node was not found."}))
		}
		for _, nd := range nodes {
			c.WriteObject(n.nodeObject(nd))
		}
		return nil
	},
		winps51.Param{Name: "Name", Kind: winps51.ParamStrings, Position: 0},
		paramInputObject, paramCluster,
	)
}

func (n *Node) getClusterGroup() *winps51.Cmdlet {
	const name = "Get-ClusterGroup"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		groups := n.c.Groups()
		if in := inputObject(c); in != nil {
			kind, o := objectKind(in)
			switch kind {
			case "cluster":
			case "node":
				groups = filter(groups, func(g cluster.GroupInfo) bool { return strings.EqualFold(g.OwnerNode, propString(o, "Name")) })
			case "resource":
				groups = filter(groups, func(g cluster.GroupInfo) bool { return strings.EqualFold(g.Name, propString(o, "OwnerGroup")) })
			case "group":
				groups = filter(groups, func(g cluster.GroupInfo) bool { return strings.EqualFold(g.Name, propString(o, "Name")) })
			default:
				return errBadInput(name, in)
			}
		}
		groups, missing := matchNames(groups, func(x cluster.GroupInfo) string { return x.Name }, c.Strings("Name"))
		for _, m := range missing {
			c.WriteError(errNotFound(name, "group", m, &cluster.Error{Code: cluster.ErrorGroupNotFound, Message: "The cluster group could not be found."}))
		}
		for _, g := range groups {
			c.WriteObject(n.groupObject(g))
		}
		return nil
	},
		winps51.Param{Name: "Name", Kind: winps51.ParamStrings, Position: 0},
		winps51.Param{Name: "VMId", Kind: winps51.ParamString, Position: -1, FromPipelineByPropertyName: true},
		paramInputObject, paramCluster,
	)
}

func (n *Node) getClusterResource() *winps51.Cmdlet {
	const name = "Get-ClusterResource"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		resources, err := n.resourcesFor(c, name)
		if err != nil {
			return err
		}
		resources, missing := matchNames(resources, func(x cluster.ResourceInfo) string { return x.Name }, c.Strings("Name"))
		for _, m := range missing {
			c.WriteError(errNotFound(name, "resource", m, &cluster.Error{Code: cluster.ErrorResourceNotFound, Message: "The cluster resource could not be found."}))
		}
		for _, r := range resources {
			c.WriteObject(n.resourceObject(r))
		}
		return nil
	},
		winps51.Param{Name: "Name", Aliases: getClusterResourceAliases, Kind: winps51.ParamStrings, Position: 0},
		winps51.Param{Name: "VMId", Kind: winps51.ParamString, Position: -1, FromPipelineByPropertyName: true},
		paramInputObject, paramCluster,
	)
}

// resourcesFor: the resources an -InputObject designates (all for none or a cluster).
func (n *Node) resourcesFor(c *winps51.Call, cmdlet string) ([]cluster.ResourceInfo, error) {
	all := n.c.Resources()
	in := inputObject(c)
	if in == nil {
		return all, nil
	}
	kind, o := objectKind(in)
	switch kind {
	case "cluster":
		return all, nil
	case "node":
		return filter(all, func(r cluster.ResourceInfo) bool { return strings.EqualFold(r.OwnerNode, propString(o, "Name")) }), nil
	case "group":
		return filter(all, func(r cluster.ResourceInfo) bool { return strings.EqualFold(r.OwnerGroup, propString(o, "Name")) }), nil
	case "resource":
		return filter(all, func(r cluster.ResourceInfo) bool { return strings.EqualFold(r.Name, propString(o, "Name")) }), nil
	}
	return nil, errBadInput(cmdlet, in)
}

func filter[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// targetResource is the one resource a checkpoint or state cmdlet acts on: -ResourceName /
// -Name, or a ClusterResource from the pipeline. A failure is an error record for the
// caller to write (a non-terminating error).
func (n *Node) targetResource(c *winps51.Call, cmdlet, nameParam string) (cluster.ResourceInfo, bool, *winps51.ErrorRecord) {
	name := c.String(nameParam)
	if name == "" {
		if in := inputObject(c); in != nil {
			kind, o := objectKind(in)
			switch kind {
			case "resource":
				name = propString(o, "Name")
			case "checkpoint", "cryptocheckpoint":
				name = propString(o, "Resource")
			case "cluster":
				return cluster.ResourceInfo{}, false, nil
			default:
				return cluster.ResourceInfo{}, false, errBadInput(cmdlet, in)
			}
		}
	}
	if name == "" {
		return cluster.ResourceInfo{}, false, nil
	}
	r, err := n.c.Resource(name)
	if err != nil {
		return r, false, errNotFound(cmdlet, "resource", name, err)
	}
	return r, true, nil
}
