package winhost

// The cmdlets that change the cluster: Move-ClusterGroup, Start-/Stop-ClusterResource,
// Start-/Stop-ClusterNode.

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

func (n *Node) moveClusterGroup() *winps51.Cmdlet {
	const name = "Move-ClusterGroup"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		group := c.String("Name")
		if in := inputObject(c); in != nil && group == "" {
			kind, o := objectKind(in)
			if kind != "group" {
				return errBadInput(name, in)
			}
			group = propString(o, "Name")
		}
		if group == "" {
			return clusterCmdletError(name, "ClusterCmdletException", "InvalidArgument", "No cluster group was specified.", nil)
		}
		if _, err := n.c.Group(group); err != nil {
			c.WriteError(errNotFound(name, "group", group, err))
			return nil
		}
		info, err := n.c.MoveGroup(group, c.String("Node"))
		if err != nil {
			c.WriteError(errOperation(name, "moving group '"+group+"'", err, group))
			return nil
		}
		c.WriteObject(n.groupObject(info))
		return nil
	},
		winps51.Param{Name: "Name", Kind: winps51.ParamString, Position: 0},
		winps51.Param{Name: "Node", Kind: winps51.ParamString, Position: 1},
		paramIgnoreLock, paramWait, paramInputObject, paramCluster,
	)
}

func (n *Node) resourceStateCmdlet(name, action string, op func(string) (cluster.ResourceInfo, error), extra ...winps51.Param) *winps51.Cmdlet {
	params := append([]winps51.Param{
		{Name: "Name", Kind: winps51.ParamString, Position: 0},
		paramIgnoreLock, paramWait, paramInputObject, paramCluster,
	}, extra...)
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		r, ok, rec := n.targetResource(c, name, "Name")
		if rec != nil {
			c.WriteError(rec)
			return nil
		}
		if !ok {
			return clusterCmdletError(name, "ClusterCmdletException", "InvalidArgument", "No cluster resource was specified.", nil)
		}
		info, err := op(r.Name)
		if err != nil {
			c.WriteError(errOperation(name, action+" resource '"+r.Name+"'", err, r.Name))
			return nil
		}
		c.WriteObject(n.resourceObject(info))
		return nil
	}, params...)
}

func (n *Node) startClusterResource() *winps51.Cmdlet {
	return n.resourceStateCmdlet("Start-ClusterResource", "bringing online", n.c.StartResource,
		winps51.Param{Name: "ChooseBestNode", Kind: winps51.ParamSwitch, Position: -1})
}

func (n *Node) stopClusterResource() *winps51.Cmdlet {
	return n.resourceStateCmdlet("Stop-ClusterResource", "taking offline", n.c.StopResource)
}

// nodeTargets: -Name, a ClusterNode from the pipeline, or this node.
func (n *Node) nodeTargets(c *winps51.Call, cmdlet string) ([]string, error) {
	if names := c.Strings("Name"); len(names) > 0 {
		return names, nil
	}
	if in := inputObject(c); in != nil {
		kind, o := objectKind(in)
		if kind != "node" {
			return nil, errBadInput(cmdlet, in)
		}
		return []string{propString(o, "Name")}, nil
	}
	return []string{n.name}, nil
}

func (n *Node) nodeStateCmdlet(name string, needsLocal bool, op func(string) (cluster.NodeInfo, error), extra ...winps51.Param) *winps51.Cmdlet {
	params := append([]winps51.Param{
		{Name: "Name", Kind: winps51.ParamStrings, Position: 0},
		paramWait, paramInputObject, paramCluster,
	}, extra...)
	return fcCmdlet(name, func(c *winps51.Call) error {
		if needsLocal || c.Bound("Cluster") {
			if err := n.connectCall(c, name); err != nil {
				return err
			}
		}
		targets, err := n.nodeTargets(c, name)
		if err != nil {
			return err
		}
		for _, t := range targets {
			if _, err := n.c.Node(t); err != nil {
				c.WriteError(errNotFound(name, "node", t, err))
				continue
			}
			info, err := op(t)
			if err != nil {
				c.WriteError(errOperation(name, "changing the state of node '"+t+"'", err, t))
				continue
			}
			c.WriteObject(n.nodeObject(info))
		}
		return nil
	}, params...)
}

func (n *Node) startClusterNode() *winps51.Cmdlet {
	sw := func(name string) winps51.Param {
		return winps51.Param{Name: name, Kind: winps51.ParamSwitch, Position: -1}
	}
	// Starting the Cluster service does not need it running locally.
	return n.nodeStateCmdlet("Start-ClusterNode", false, n.c.StartNode,
		sw("ClearQuarantine"), sw("FixQuorum"), sw("ForceQuorum"), sw("PreventQuorum"), sw("IgnorePersistentState"))
}

func (n *Node) stopClusterNode() *winps51.Cmdlet {
	return n.nodeStateCmdlet("Stop-ClusterNode", true, n.c.StopNode)
}
