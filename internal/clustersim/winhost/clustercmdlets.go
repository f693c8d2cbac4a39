package winhost

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/pwsh"
)

// The FailoverClusters module: the cmdlets Microsoft documents (docset winserver2022-ps/
// failoverclusters), with their parameters, positions and pipeline input.

const fcModule = "FailoverClusters"

var (
	paramCluster     = pwsh.Param{Name: "Cluster", Kind: pwsh.ParamString, Position: -1}
	paramInputObject = pwsh.Param{Name: "InputObject", Kind: pwsh.ParamObject, Position: -1, FromPipeline: true}
	paramWait        = pwsh.Param{Name: "Wait", Kind: pwsh.ParamInt, Position: -1}
	paramIgnoreLock  = pwsh.Param{Name: "IgnoreLocked", Kind: pwsh.ParamSwitch, Position: -1}
)

func fcCmdlet(name string, process func(c *pwsh.Call) error, params ...pwsh.Param) *pwsh.Cmdlet {
	return &pwsh.Cmdlet{Name: name, Module: fcModule, TypeName: fcCommandClass(name), Params: params, Process: process}
}

func (n *Node) clusterCmdlets() []*pwsh.Cmdlet {
	return []*pwsh.Cmdlet{
		n.getCluster(), n.getClusterNode(), n.getClusterGroup(), n.getClusterResource(),
		n.getClusterCheckpoint(), n.addClusterCheckpoint(), n.removeClusterCheckpoint(),
		n.moveClusterGroup(), n.startClusterResource(), n.stopClusterResource(),
		n.startClusterNode(), n.stopClusterNode(),
	}
}

func (n *Node) getCluster() *pwsh.Cmdlet {
	const name = "Get-Cluster"
	return fcCmdlet(name, func(c *pwsh.Call) error {
		target := c.String("Name")
		if kind, _ := objectKind(inputObject(c)); kind != "" {
			target = "" // any module object names this cluster
		} else if c.Bound("Domain") && !c.Bound("Name") {
			c.WriteObject(n.clusterObject()) // the clusters of the domain: this one
			return nil
		}
		if err := n.connect(name, target); err != nil {
			return err
		}
		c.WriteObject(n.clusterObject())
		return nil
	},
		pwsh.Param{Name: "Name", Kind: pwsh.ParamString, Position: 0},
		pwsh.Param{Name: "Domain", Kind: pwsh.ParamString, Position: -1},
		paramInputObject,
	)
}

func (n *Node) getClusterNode() *pwsh.Cmdlet {
	const name = "Get-ClusterNode"
	return fcCmdlet(name, func(c *pwsh.Call) error {
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
		pwsh.Param{Name: "Name", Kind: pwsh.ParamStrings, Position: 0},
		paramInputObject, paramCluster,
	)
}

func (n *Node) getClusterGroup() *pwsh.Cmdlet {
	const name = "Get-ClusterGroup"
	return fcCmdlet(name, func(c *pwsh.Call) error {
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
		pwsh.Param{Name: "Name", Kind: pwsh.ParamStrings, Position: 0},
		pwsh.Param{Name: "VMId", Kind: pwsh.ParamString, Position: -1, FromPipelineByPropertyName: true},
		paramInputObject, paramCluster,
	)
}

func (n *Node) getClusterResource() *pwsh.Cmdlet {
	const name = "Get-ClusterResource"
	return fcCmdlet(name, func(c *pwsh.Call) error {
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
		pwsh.Param{Name: "Name", Aliases: getClusterResourceAliases, Kind: pwsh.ParamStrings, Position: 0},
		pwsh.Param{Name: "VMId", Kind: pwsh.ParamString, Position: -1, FromPipelineByPropertyName: true},
		paramInputObject, paramCluster,
	)
}

// resourcesFor: the resources an -InputObject designates (all for none or a cluster).
func (n *Node) resourcesFor(c *pwsh.Call, cmdlet string) ([]cluster.ResourceInfo, error) {
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
// -Name, or a ClusterResource from the pipeline.
func (n *Node) targetResource(c *pwsh.Call, cmdlet, nameParam string) (cluster.ResourceInfo, bool, error) {
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

func (n *Node) getClusterCheckpoint() *pwsh.Cmdlet {
	const name = "Get-ClusterCheckpoint"
	return fcCmdlet(name, func(c *pwsh.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		wantRegistry, wantCrypto := checkpointKinds(c)
		var resources []string
		if names := c.Strings("ResourceName"); len(names) > 0 {
			for _, rn := range names {
				r, err := n.c.Resource(rn)
				if err != nil {
					c.WriteError(errNotFound(name, "resource", rn, err))
					continue
				}
				resources = append(resources, r.Name)
			}
		} else {
			rs, err := n.resourcesFor(c, name)
			if err != nil {
				return err
			}
			for _, r := range rs {
				resources = append(resources, r.Name)
			}
		}
		matches := func(cpName string) bool {
			return !c.Bound("CheckpointName") || wildcardMatch(c.String("CheckpointName"), cpName)
		}
		// Per resource, crypto checkpoints come first (the order of Microsoft's example).
		for _, rn := range resources {
			if wantCrypto {
				cps, _ := n.c.CryptoCheckpoints(rn)
				for _, cp := range cps {
					if matches(cp.Name) {
						c.WriteObject(n.cryptoCheckpointObject(cp))
					}
				}
			}
			if wantRegistry {
				cps, _ := n.c.Checkpoints(rn)
				for _, cp := range cps {
					if matches(cp.Key) {
						c.WriteObject(n.checkpointObject(cp))
					}
				}
			}
		}
		return nil
	},
		pwsh.Param{Name: "ResourceName", Kind: pwsh.ParamStrings, Position: 0},
		pwsh.Param{Name: "CheckpointName", Kind: pwsh.ParamString, Position: -1},
		pwsh.Param{Name: "RegistryCheckpoint", Kind: pwsh.ParamSwitch, Position: -1},
		pwsh.Param{Name: "CryptoCheckpoint", Kind: pwsh.ParamSwitch, Position: -1},
		paramInputObject, paramCluster,
	)
}

// checkpointKinds: -RegistryCheckpoint and -CryptoCheckpoint select kinds; neither means both.
func checkpointKinds(c *pwsh.Call) (registry, crypto bool) {
	registry, crypto = c.Switch("RegistryCheckpoint"), c.Switch("CryptoCheckpoint")
	if !registry && !crypto {
		return true, true
	}
	return registry, crypto
}

func (n *Node) addClusterCheckpoint() *pwsh.Cmdlet {
	const name = "Add-ClusterCheckpoint"
	return fcCmdlet(name, func(c *pwsh.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		r, ok, err := n.targetResource(c, name, "ResourceName")
		if err != nil {
			c.WriteError(err.(*pwsh.ErrorRecord))
			return nil
		}
		if !ok {
			return nil // nothing named to add to
		}
		if c.Bound("CryptoCheckpointName") || c.Bound("CryptoCheckpointType") || c.Bound("CryptoCheckpointKey") {
			cp, err := n.c.AddCryptoCheckpoint(r.Name, cluster.CryptoCheckpoint{
				Name: c.String("CryptoCheckpointName"), Type: c.String("CryptoCheckpointType"), Key: c.String("CryptoCheckpointKey")})
			if err != nil {
				c.WriteError(errOperation(name, "adding crypto checkpoint '"+c.String("CryptoCheckpointKey")+"' to resource '"+r.Name+"'", err, c.String("CryptoCheckpointKey")))
			} else {
				c.WriteObject(n.cryptoCheckpointObject(cp))
			}
		}
		if !c.Bound("RegistryCheckpoint") {
			return nil
		}
		key := c.String("RegistryCheckpoint")
		cp, err := n.c.AddCheckpoint(r.Name, key)
		if err != nil {
			c.WriteError(errOperation(name, "adding registry checkpoint '"+key+"' to resource '"+r.Name+"'", err, key))
			return nil
		}
		c.WriteObject(n.checkpointObject(cp))
		return nil
	},
		pwsh.Param{Name: "ResourceName", Kind: pwsh.ParamString, Position: 0},
		pwsh.Param{Name: "CryptoCheckpointName", Kind: pwsh.ParamString, Position: -1},
		pwsh.Param{Name: "CryptoCheckpointType", Kind: pwsh.ParamString, Position: -1},
		pwsh.Param{Name: "CryptoCheckpointKey", Kind: pwsh.ParamString, Position: -1},
		pwsh.Param{Name: "RegistryCheckpoint", Kind: pwsh.ParamString, Position: -1},
		paramInputObject, paramCluster,
	)
}

func (n *Node) removeClusterCheckpoint() *pwsh.Cmdlet {
	const name = "Remove-ClusterCheckpoint"
	cmd := fcCmdlet(name, func(c *pwsh.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		wantRegistry, wantCrypto := checkpointKinds(c)
		r, ok, err := n.targetResource(c, name, "ResourceName")
		if err != nil {
			c.WriteError(err.(*pwsh.ErrorRecord))
			return nil
		}
		var resource string
		if ok {
			resource = r.Name
		}
		if wantCrypto {
			if err := n.removeCryptoCheckpoints(c, name, resource); err != nil {
				return err
			}
		}
		if kind, _ := objectKind(inputObject(c)); !wantRegistry || kind == "cryptocheckpoint" {
			return nil
		}
		cps, _ := n.c.Checkpoints(resource)
		if kind, o := objectKind(inputObject(c)); kind == "checkpoint" && !c.Bound("CheckpointName") {
			cps = filter(cps, func(cp cluster.Checkpoint) bool { return strings.EqualFold(cp.Key, propString(o, "Name")) })
		}
		if c.Bound("CheckpointName") {
			want := c.String("CheckpointName")
			cps = filter(cps, func(cp cluster.Checkpoint) bool { return strings.EqualFold(cp.Key, want) })
			if len(cps) == 0 && !(wantCrypto && n.hasCrypto(resource, want)) {
				// Ask the model, so that the error is the one the control code gives.
				_, err := n.c.RemoveCheckpoint(resource, want)
				if resource == "" || err == nil {
					err = &cluster.Error{Code: cluster.ErrorFileNotFound, Message: "The system cannot find the file specified."}
				}
				c.WriteError(errOperation(name, "removing registry checkpoint '"+want+"'", err, want))
				return nil
			}
		}
		for _, cp := range cps {
			target := "registry checkpoint '" + cp.Key + "' on resource '" + cp.Resource + "'"
			proceed, err := c.ShouldProcess(target, "Remove-ClusterCheckpoint")
			if err != nil {
				return err
			}
			if !proceed {
				continue
			}
			if _, err := n.c.RemoveCheckpoint(cp.Resource, cp.Key); err != nil {
				c.WriteError(errOperation(name, "removing "+target, err, cp.Key))
			}
		}
		return nil
	},
		pwsh.Param{Name: "ResourceName", Kind: pwsh.ParamString, Position: 0},
		pwsh.Param{Name: "Force", Kind: pwsh.ParamSwitch, Position: -1},
		pwsh.Param{Name: "CheckpointName", Kind: pwsh.ParamString, Position: -1},
		pwsh.Param{Name: "RegistryCheckpoint", Kind: pwsh.ParamSwitch, Position: -1},
		pwsh.Param{Name: "CryptoCheckpoint", Kind: pwsh.ParamSwitch, Position: -1},
		paramInputObject, paramCluster,
	)
	// "Are you sure you want to remove registry checkpoint ...?" unless -Force.
	cmd.SupportsShouldProcess = true
	cmd.ConfirmImpact = "High"
	return cmd
}

func (n *Node) hasCrypto(resource, name string) bool {
	cps, _ := n.c.CryptoCheckpoints(resource)
	for _, cp := range cps {
		if strings.EqualFold(cp.Name, name) || strings.EqualFold(cp.Key, name) {
			return true
		}
	}
	return false
}

// removeCryptoCheckpoints removes the crypto checkpoints of resource ("" for all) that
// -CheckpointName (the provider name or the key container) or a piped object designate.
func (n *Node) removeCryptoCheckpoints(c *pwsh.Call, cmdlet, resource string) error {
	cps, _ := n.c.CryptoCheckpoints(resource)
	kind, o := objectKind(inputObject(c))
	for _, cp := range cps {
		if c.Bound("CheckpointName") && !strings.EqualFold(cp.Name, c.String("CheckpointName")) && !strings.EqualFold(cp.Key, c.String("CheckpointName")) {
			continue
		}
		if kind == "checkpoint" || (kind == "cryptocheckpoint" && !strings.EqualFold(cp.Key, propString(o, "Key"))) {
			continue
		}
		target := "crypto checkpoint '" + cp.Name + "' on resource '" + cp.Resource + "'"
		proceed, err := c.ShouldProcess(target, "Remove-ClusterCheckpoint")
		if err != nil {
			return err
		}
		if proceed {
			if err := n.c.RemoveCryptoCheckpoint(cp.Resource, cp); err != nil {
				c.WriteError(errOperation(cmdlet, "removing "+target, err, cp.Key))
			}
		}
	}
	return nil
}

func (n *Node) moveClusterGroup() *pwsh.Cmdlet {
	const name = "Move-ClusterGroup"
	return fcCmdlet(name, func(c *pwsh.Call) error {
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
		pwsh.Param{Name: "Name", Kind: pwsh.ParamString, Position: 0},
		pwsh.Param{Name: "Node", Kind: pwsh.ParamString, Position: 1},
		paramIgnoreLock, paramWait, paramInputObject, paramCluster,
	)
}

func (n *Node) resourceStateCmdlet(name, action string, op func(string) (cluster.ResourceInfo, error), extra ...pwsh.Param) *pwsh.Cmdlet {
	params := append([]pwsh.Param{
		{Name: "Name", Kind: pwsh.ParamString, Position: 0},
		paramIgnoreLock, paramWait, paramInputObject, paramCluster,
	}, extra...)
	return fcCmdlet(name, func(c *pwsh.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		r, ok, err := n.targetResource(c, name, "Name")
		if err != nil {
			c.WriteError(err.(*pwsh.ErrorRecord))
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

func (n *Node) startClusterResource() *pwsh.Cmdlet {
	return n.resourceStateCmdlet("Start-ClusterResource", "bringing online", n.c.StartResource,
		pwsh.Param{Name: "ChooseBestNode", Kind: pwsh.ParamSwitch, Position: -1})
}

func (n *Node) stopClusterResource() *pwsh.Cmdlet {
	return n.resourceStateCmdlet("Stop-ClusterResource", "taking offline", n.c.StopResource)
}

// nodeTargets: -Name, a ClusterNode from the pipeline, or this node.
func (n *Node) nodeTargets(c *pwsh.Call, cmdlet string) ([]string, error) {
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

func (n *Node) nodeStateCmdlet(name string, needsLocal bool, op func(string) (cluster.NodeInfo, error), extra ...pwsh.Param) *pwsh.Cmdlet {
	params := append([]pwsh.Param{
		{Name: "Name", Kind: pwsh.ParamStrings, Position: 0},
		paramWait, paramInputObject, paramCluster,
	}, extra...)
	return fcCmdlet(name, func(c *pwsh.Call) error {
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

func (n *Node) startClusterNode() *pwsh.Cmdlet {
	sw := func(name string) pwsh.Param { return pwsh.Param{Name: name, Kind: pwsh.ParamSwitch, Position: -1} }
	// Starting the Cluster service does not need it running locally.
	return n.nodeStateCmdlet("Start-ClusterNode", false, n.c.StartNode,
		sw("ClearQuarantine"), sw("FixQuorum"), sw("ForceQuorum"), sw("PreventQuorum"), sw("IgnorePersistentState"))
}

func (n *Node) stopClusterNode() *pwsh.Cmdlet {
	return n.nodeStateCmdlet("Stop-ClusterNode", true, n.c.StopNode)
}
