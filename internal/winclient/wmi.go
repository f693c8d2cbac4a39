package winclient

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// wmiTransport reads and changes checkpoints through WMI's root\MSCluster over
// WS-Management: no shell, no powershell.exe, no FailoverClusters module, and no second
// hop (the cluster's WMI provider runs on the node and talks to its own Cluster service).
// A snapshot is two enumerations (MSCluster_Cluster, cached for the client's life, and
// MSCluster_Resource with every resource's RegistryCheckpoints); an add or a remove is one
// Invoke of MSCluster_Resource.AddRegistryCheckpoint / RemoveRegistryCheckpoint on the
// instance named by its key, Name.
type wmiTransport struct {
	w *wire

	mu    sync.Mutex
	name  string // MSCluster_Cluster.Name once read
	fqdn  string
	nodes []string // MSCluster_Node names, once needed
}

// run performs one attempt of a script operation (opSnapshot, opAdd, opRemove) with the
// same inputs and answers as the PowerShell scripts. sent is true once a request may have
// reached the server.
func (t *wmiTransport) run(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, bool, error) {
	for _, f := range [][2]string{{"cluster", in.Cluster}, {"resource_name", in.Resource}, {"key", in.Key}} {
		if r, bad := firstNonXMLChar(f[1]); bad {
			return nil, false, &Error{Kind: KindInvalidArgument, Op: op, Message: fmt.Sprintf(
				"%s holds the character %U, which XML 1.0 cannot carry, so it cannot travel over WMI (nor be typed in Windows' tools)", f[0], r)}
		}
	}
	name, err := t.clusterName(ctx, op, in.Cluster)
	if err != nil {
		return nil, false, err
	}
	switch scriptOp {
	case opSnapshot:
		items, err := t.w.enumerate(ctx, wmiClusterNS, "MSCluster_Resource")
		if err != nil {
			return nil, true, t.fail(op, in, err)
		}
		data := &clusterData{Cluster: name, Resources: make(rowList, 0, len(items))}
		for _, it := range items {
			data.Resources = append(data.Resources, resourceRowOf(it))
		}
		return data, true, nil
	case opDescribe:
		facts, err := t.describe(ctx, op, in)
		if err != nil {
			return nil, true, err
		}
		return &clusterData{Cluster: name, Facts: facts}, true, nil
	case opAdd, opRemove:
		method := "AddRegistryCheckpoint"
		if scriptOp == opRemove {
			method = "RemoveRegistryCheckpoint"
		}
		err := t.w.invoke(ctx, "MSCluster_Resource", in.Resource, method, [][2]string{{"CheckpointName", in.Key}})
		if err != nil {
			return &clusterData{Cluster: name}, true, t.fail(op, in, err)
		}
		return &clusterData{Cluster: name}, true, nil
	}
	return nil, false, &Error{Kind: KindInvalidArgument, Op: op, Message: "unknown operation " + scriptOp}
}

// clusterName is the name of the node's cluster (one enumeration, then cached), checked
// against requested when it is not empty. WMI on a node reaches only its own cluster, which
// requested may name by its name or a node's, alone or with the cluster's DNS domain, in any
// case (as the PowerShell scripts accept); the nodes are enumerated only for a name that is
// not the cluster's. Any other name is KindOtherCluster.
func (t *wmiTransport) clusterName(ctx context.Context, op, requested string) (string, error) {
	t.mu.Lock()
	name, fqdn, nodes := t.name, t.fqdn, t.nodes
	t.mu.Unlock()
	if name == "" {
		items, err := t.w.enumerate(ctx, wmiClusterNS, "MSCluster_Cluster")
		if err != nil {
			return "", t.fail(op, scriptInput{Cluster: requested}, err)
		}
		if len(items) == 0 {
			return "", &Error{Kind: KindClusterNotFound, Op: op, Message: "the host is not a node of a failover cluster (MSCluster_Cluster has no instance)"}
		}
		name, fqdn = items[0].first("Name"), items[0].first("Fqdn")
		t.mu.Lock()
		t.name, t.fqdn = name, fqdn
		t.mu.Unlock()
	}
	if requested == "" || namesCluster(requested, name, fqdn) {
		return name, nil
	}
	if nodes == nil {
		items, err := t.w.enumerate(ctx, wmiClusterNS, "MSCluster_Node")
		if err != nil {
			return "", t.fail(op, scriptInput{Cluster: requested}, err)
		}
		nodes = []string{}
		for _, it := range items {
			nodes = append(nodes, it.first("Name"))
		}
		t.mu.Lock()
		t.nodes = nodes
		t.mu.Unlock()
	}
	domain := domainOf(name, fqdn)
	for _, n := range nodes {
		if n != "" && namesCluster(requested, n, n+"."+domain) {
			return name, nil
		}
	}
	return "", &Error{Kind: KindOtherCluster, Op: op, Message: "the host belongs to cluster " + quote(name) +
		", not " + quote(requested) + "; WMI on a node reaches only its own cluster: set host to a node of " + quote(requested) +
		" (one provider configuration, with an alias, per cluster), or leave cluster empty"}
}

// domainOf is the DNS domain of a cluster whose FQDN is fqdn: "" when fqdn is not name
// followed by a domain.
func domainOf(name, fqdn string) string {
	if len(fqdn) > len(name)+1 && strings.EqualFold(fqdn[:len(name)+1], name+".") {
		return fqdn[len(name)+1:]
	}
	return ""
}

// clusterNodeStates maps CLUSTER_NODE_STATE (MSCluster_Node.State) to the names of
// FailoverClusters' ClusterNodeState, as the PowerShell path reports them.
var clusterNodeStates = map[int]string{-1: "Unknown", 0: "Up", 1: "Down", 2: "Paused", 3: "Joining"}

// coreGroupType is MSCluster_ResourceGroup.GroupType of the core cluster group
// (CLUSGROUP_TYPE ClusGroupTypeCoreCluster).
const coreGroupType = "1"

// describe reads first contact's facts over WMI (the cluster's name is already read and
// checked): the computer from root\cimv2's Win32_ComputerSystem, the nodes from
// MSCluster_Node and the core group's owner from MSCluster_ResourceGroup. PowerShell's
// facts stay empty: this path does not start it.
func (t *wmiTransport) describe(ctx context.Context, op string, in scriptInput) (*clusterFacts, error) {
	t.mu.Lock()
	facts := &clusterFacts{Domain: domainOf(t.name, t.fqdn), Nodes: nodeList{}, transport: TransportWMI}
	t.mu.Unlock()
	computers, err := t.w.enumerate(ctx, wmiCIMv2NS, "Win32_ComputerSystem")
	if err != nil {
		return nil, t.fail(op, in, err)
	}
	if len(computers) > 0 {
		facts.Node = computers[0].first("Name")
	}
	nodes, err := t.w.enumerate(ctx, wmiClusterNS, "MSCluster_Node")
	if err != nil {
		return nil, t.fail(op, in, err)
	}
	for _, n := range nodes {
		facts.Nodes = append(facts.Nodes, nodeRow{Name: n.first("Name"), State: enumName(clusterNodeStates, n.first("State"))})
	}
	groups, err := t.w.enumerate(ctx, wmiClusterNS, "MSCluster_ResourceGroup")
	if err != nil {
		return nil, t.fail(op, in, err)
	}
	facts.CoreGroupOwner = coreGroupOwner(groups)
	return facts, nil
}

// coreGroupOwner is the owner of the group of GroupType 1 or, where groups have no
// GroupType (Windows Server 2008 R2), of the group the cluster names "Cluster Group".
func coreGroupOwner(groups []wmiInstance) string {
	for _, g := range groups {
		if g.first("GroupType") == coreGroupType {
			return g.first("OwnerNode")
		}
	}
	for _, g := range groups {
		if g.first("GroupType") == "" && strings.EqualFold(g.first("Name"), "Cluster Group") {
			return g.first("OwnerNode")
		}
	}
	return ""
}

// enumName is the name of a uint32 enum's value in names (4294967295 is -1), or the number
// itself when names has none.
func enumName(names map[int]string, value string) string {
	n, err := strconv.ParseUint(value, 10, 32)
	if err != nil {
		return value
	}
	v := int(int32(uint32(n))) //nolint:gosec // a uint32 enum read back as the signed value it holds
	if name, ok := names[v]; ok {
		return name
	}
	return strconv.Itoa(v)
}

// namesCluster: requested is name or fqdn, without regard to case.
func namesCluster(requested, name, fqdn string) bool {
	return strings.EqualFold(requested, name) || (fqdn != "" && !strings.HasSuffix(fqdn, ".") && strings.EqualFold(requested, fqdn))
}

// fail classifies a WMI failure, with the names the caller knows in the message.
func (t *wmiTransport) fail(op string, in scriptInput, err error) error {
	if f, ok := pluginMissing(err); ok {
		return &Error{Kind: KindWMIUnavailable, Op: op, Message: "the WinRM service serves no WMI on this host: " + f.Reason, Err: err}
	}
	e := classify(op, err)
	switch e.Kind {
	case KindResourceNotFound:
		e.Message = "the cluster resource " + quote(in.Resource) + " does not exist (" + e.Message + ")"
	case KindAlreadyExists:
		e.Message = "the resource " + quote(in.Resource) + " already checkpoints " + quote(in.Key) + " (" + e.Message + ")"
	case KindCheckpointNotFound:
		e.Message = "the resource " + quote(in.Resource) + " has no checkpoint " + quote(in.Key) + " (" + e.Message + ")"
	case KindWMIUnavailable:
		e.Message = "root\\MSCluster cannot be used over WMI on this host (" + e.Message + "); the Failover Clustering feature's WMI provider is missing"
	}
	return e
}

// firstNonXMLChar finds a character outside XML 1.0's Char production (control characters
// other than tab, LF and CR; U+FFFE, U+FFFF): no escape can carry it in a WS-Management
// message.
func firstNonXMLChar(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == 0x9 || r == 0xA || r == 0xD:
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return r, true
		}
	}
	return 0, false
}

// resourceRowOf reads an MSCluster_Resource instance. State is the uint32 of
// CLUSTER_RESOURCE_STATE (4294967295 is -1, Unknown).
func resourceRowOf(in wmiInstance) resourceRow {
	row := resourceRow{
		Name:        in.first("Name"),
		Type:        in.first("Type"),
		OwnerGroup:  in.first("OwnerGroup"),
		OwnerNode:   in.first("OwnerNode"),
		Checkpoints: stringList(append([]string{}, in.Props["RegistryCheckpoints"]...)),
	}
	if s := in.first("State"); s != "" {
		row.State = stateValue(enumName(clusterResourceStates, s))
	}
	return row
}
