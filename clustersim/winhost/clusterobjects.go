package winhost

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// The objects of the FailoverClusters module. OwnerGroup, OwnerNode, ResourceType and
// Cluster are objects whose string form is their name, as in the module.

const fcNS = "Microsoft.FailoverClusters.PowerShell."

// Type names of the module's objects.
const (
	typeCluster            = fcNS + "Cluster"
	typeClusterNode        = fcNS + "ClusterNode"
	typeClusterGroup       = fcNS + "ClusterGroup"
	typeClusterResource    = fcNS + "ClusterResource"
	typeClusterResType     = fcNS + "ClusterResourceType"
	typeRegistryCheckpoint = fcNS + "ClusterRegistryCheckpoint"
)

func named(o *winps51.Object, name string) *winps51.Object {
	o.Str = func() string { return name }
	return o
}

func resourceStateEnum(s cluster.ResourceState) winps51.Enum {
	return winps51.Enum{Type: fcNS + "ClusterResourceState", Name: s.String(), Value: int64(s)}
}

func groupStateEnum(s cluster.GroupState) winps51.Enum {
	return winps51.Enum{Type: fcNS + "ClusterGroupState", Name: s.String(), Value: int64(s)}
}

func nodeStateEnum(s cluster.NodeState) winps51.Enum {
	return winps51.Enum{Type: fcNS + "ClusterNodeState", Name: s.String(), Value: int64(s)}
}

func (n *Node) clusterObject() *winps51.Object {
	info := n.c.Info()
	o := winps51.NewObject(typeCluster,
		"Name", info.Name,
		"Id", info.ID,
		"Domain", info.Domain,
		"Description", "",
		"FixQuorum", 0,
		"QuorumType", "NodeAndDiskMajority",
	)
	o.DefaultDisplay = clusterColumns
	return named(o, info.Name)
}

func (n *Node) nodeObject(info cluster.NodeInfo) *winps51.Object {
	o := winps51.NewObject(typeClusterNode,
		"Name", info.Name,
		"Id", itoa(info.ID),
		"State", nodeStateEnum(info.State),
		"NodeName", info.Name,
		"NodeInstanceId", "",
		"Cluster", n.clusterObject(),
		"Description", "",
		"DrainStatus", winps51.Enum{Type: fcNS + "ClusterNodeDrainStatus", Name: "NotInitiated", Value: 0},
		"DynamicWeight", 1,
		"NodeWeight", 1,
	)
	o.DefaultDisplay = nodeColumns
	return named(o, info.Name)
}

func (n *Node) nodeObjectByName(name string) *winps51.Object {
	info, err := n.c.Node(name)
	if err != nil {
		return nil
	}
	return n.nodeObject(info)
}

func (n *Node) groupObject(info cluster.GroupInfo) *winps51.Object {
	o := winps51.NewObject(typeClusterGroup,
		"Name", info.Name,
		"OwnerNode", n.nodeObjectByName(info.OwnerNode),
		"State", groupStateEnum(info.State),
		"Cluster", n.clusterObject(),
		"Id", info.ID,
		"IsCoreGroup", info.IsCoreGroup,
		"Description", info.Description,
		"GroupType", groupType(info),
		"Priority", 2000,
		"PersistentState", 1,
	)
	o.DefaultDisplay = groupColumns
	return named(o, info.Name)
}

func (n *Node) groupObjectByName(name string) *winps51.Object {
	info, err := n.c.Group(name)
	if err != nil {
		return nil
	}
	return n.groupObject(info)
}

func resourceTypeObject(name string) *winps51.Object {
	o := winps51.NewObject(typeClusterResType, "Name", name, "DisplayName", name, "DllName", resourceTypeDLL(name))
	return named(o, name)
}

func (n *Node) resourceObject(info cluster.ResourceInfo) *winps51.Object {
	o := winps51.NewObject(typeClusterResource,
		"Name", info.Name,
		"State", resourceStateEnum(info.State),
		"OwnerGroup", n.groupObjectByName(info.OwnerGroup),
		"ResourceType", resourceTypeObject(info.Type),
		"OwnerNode", n.nodeObjectByName(info.OwnerNode),
		"Cluster", n.clusterObject(),
		"Id", info.ID,
		"Description", info.Description,
		"IsCoreResource", info.IsCoreResource,
		"Characteristics", 0,
		"RestartDelay", 500,
		"PersistentState", 1,
	)
	o.DefaultDisplay = resourceColumns
	return named(o, info.Name)
}

func (n *Node) checkpointObject(cp cluster.Checkpoint) *winps51.Object {
	return registryCheckpointObject(cp, n.checkpointResource(cp.Resource))
}

// checkpointResource is the value of a checkpoint object's Resource property: the
// resource's ClusterResource object, or its name when the cluster no longer has it.
func (n *Node) checkpointResource(resource string) winps51.Value {
	info, err := n.c.Resource(resource)
	if err != nil {
		return resource
	}
	return n.resourceObject(info)
}

func registryCheckpointObject(cp cluster.Checkpoint, resource winps51.Value) *winps51.Object {
	// No view of its own: with two properties the console shows a table of both, and in a
	// mixed pipeline the row joins the table the first object opened (Microsoft's
	// Get-ClusterCheckpoint example).
	o := winps51.NewObject(typeRegistryCheckpoint, "Resource", resource, "Name", cp.Key)
	return named(o, cp.Key)
}

// copyHostValue returns a deep copy of a value the host built (an object of the module with
// its nested objects, or a plain value, which needs no copy): every checkpoint a cmdlet
// writes gets a Resource object of its own, as when it was built from the cluster for each,
// without asking the cluster again, and a script that changes one object's properties does
// not see the change in another's. The host's objects hold no slice or map values.
func copyHostValue(v winps51.Value) winps51.Value {
	o, ok := v.(*winps51.Object)
	if !ok || o == nil {
		return v
	}
	c := *o
	c.TypeNames = append([]string(nil), o.TypeNames...)
	c.Props = make([]winps51.Property, len(o.Props))
	for i, p := range o.Props {
		c.Props[i] = winps51.Property{Name: p.Name, Value: copyHostValue(p.Value)}
	}
	return &c
}

const typeCryptoCheckpoint = fcNS + "ClusterCryptoCheckpoint"

func (n *Node) cryptoCheckpointObject(cp cluster.CryptoCheckpoint) *winps51.Object {
	info, err := n.c.Resource(cp.Resource)
	var res winps51.Value = cp.Resource
	if err == nil {
		res = n.resourceObject(info)
	}
	// Properties of ClusterCryptoCheckpoint (FailoverClusterDsc tests/Unit/Stubs, generated
	// from the module): Resource, Key, CryptoType, Name.
	o := winps51.NewObject(typeCryptoCheckpoint, "Resource", res, "Key", cp.Key, "CryptoType", cp.Type, "Name", cp.Name)
	return named(o, cp.Name)
}
