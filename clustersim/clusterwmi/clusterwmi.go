// Package clusterwmi is the root\MSCluster WMI namespace of one node of the simulated
// cluster: the classes MSCluster_Cluster, MSCluster_Node, MSCluster_ResourceGroup and
// MSCluster_Resource with its methods AddRegistryCheckpoint and RemoveRegistryCheckpoint,
// read from and applied to the same cluster model as the FailoverClusters cmdlets
// (package winhost), so a change made one way is seen the other. Package wsman serves it
// over WS-Management as the WinRM WMI plug-in does.
//
// Sources: ClusWMI reference (learn.microsoft.com, MSCluster_Resource and its
// AddRegistryCheckpoint / RemoveRegistryCheckpoint pages: CheckpointName relative to
// HKEY_LOCAL_MACHINE); domain.md section 8. The property sets are partial: see
// unconfirmed.go.
package clusterwmi

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Namespace is the cluster's WMI namespace as resource URIs spell it.
const Namespace = "root/mscluster"

// cimv2 is Windows' own namespace, where Win32_ComputerSystem tells which computer answers.
const cimv2 = "root/cimv2"

// Provider is the WMI of one node. It is safe for concurrent use.
type Provider struct {
	c    *cluster.Cluster
	node string
	// unregistered: root\MSCluster is not registered on this node (the Failover
	// Clustering feature's WMI provider is missing), so every request gets
	// WBEM_E_INVALID_NAMESPACE.
	unregistered atomic.Bool
	// before2012: the classes as Windows Server 2008 R2 has them, without the properties
	// ClusWMI documents from Windows Server 2012 (Without2012Properties).
	before2012 bool
}

var _ wsman.WMIProvider = (*Provider)(nil)

// New is the WMI of node in c.
func New(c *cluster.Cluster, node string) *Provider { return &Provider{c: c, node: node} }

// Without2012Properties makes the classes those of Windows Server 2008 R2: ClusWMI's class
// pages give Windows Server 2012 as the minimum for MSCluster_Resource.OwnerGroup,
// OwnerNode and Id, MSCluster_Cluster.Fqdn and MSCluster_ResourceGroup.GroupType and IsCore,
// so a 2008 R2 node has none of them (its resources reach their group and node only through
// the association classes). Call it before serving.
func (p *Provider) Without2012Properties() { p.before2012 = true }

// since2012 drops the properties named in names when the node predates Windows Server 2012.
func (p *Provider) since2012(in wsman.Instance, names ...string) wsman.Instance {
	if !p.before2012 {
		return in
	}
	out := wsman.Instance{Class: in.Class}
	for _, prop := range in.Properties {
		drop := false
		for _, n := range names {
			drop = drop || strings.EqualFold(prop.Name, n)
		}
		if !drop {
			out.Properties = append(out.Properties, prop)
		}
	}
	return out
}

// SetRegistered registers root\MSCluster (true, the default) or removes it (false), as
// installing the Failover Clustering feature without its WMI provider would leave it.
func (p *Provider) SetRegistered(on bool) { p.unregistered.Store(!on) }

// HasNamespace implements wsman.WMIProvider: root\MSCluster (when registered) and
// root\cimv2, which every Windows has (it serves Win32_ComputerSystem here).
func (p *Provider) HasNamespace(ns string) bool {
	switch strings.ToLower(strings.Trim(ns, "/")) {
	case Namespace:
		return !p.unregistered.Load()
	case cimv2:
		return true
	}
	return false
}

// Instances implements wsman.WMIProvider.
func (p *Provider) Instances(ns, class string) ([]wsman.Instance, error) {
	if strings.EqualFold(strings.Trim(ns, "/"), cimv2) && strings.EqualFold(class, "Win32_ComputerSystem") {
		return []wsman.Instance{p.computerInstance()}, nil
	}
	if !strings.EqualFold(strings.Trim(ns, "/"), Namespace) || !p.HasNamespace(ns) {
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidClass, Message: msgInvalidClass}
	}
	switch strings.ToLower(class) {
	case "mscluster_cluster":
		return []wsman.Instance{p.since2012(p.clusterInstance(), "Fqdn")}, nil
	case "mscluster_node":
		var out []wsman.Instance
		for _, n := range p.c.Nodes() {
			out = append(out, nodeInstance(n))
		}
		return out, nil
	case "mscluster_resourcegroup":
		var out []wsman.Instance
		for _, g := range p.c.Groups() {
			out = append(out, p.since2012(groupInstance(g), "GroupType", "IsCore"))
		}
		return out, nil
	case "mscluster_resource":
		var out []wsman.Instance
		for _, r := range p.c.Resources() {
			out = append(out, p.since2012(resourceInstance(r, p.cryptoNames(r.Name)), "OwnerGroup", "OwnerNode", "Id"))
		}
		return out, nil
	}
	return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidClass, Message: msgInvalidClass}
}

// Invoke implements wsman.WMIProvider: MSCluster_Resource.AddRegistryCheckpoint and
// RemoveRegistryCheckpoint, each with the input parameter CheckpointName.
func (p *Provider) Invoke(ns, class, method string, keys, in map[string]string) ([]wsman.Property, error) {
	// Only MSCluster_Resource has methods. Its class is checked without building its
	// instances, which hold every checkpoint of the cluster: built on every Invoke, they
	// made each add cost the number of checkpoints, a cost of the simulator's making. For
	// any other class Instances tells a class that is not there (InvalidClass) from one
	// without methods.
	if !strings.EqualFold(class, "MSCluster_Resource") || !strings.EqualFold(strings.Trim(ns, "/"), Namespace) || !p.HasNamespace(ns) {
		if _, err := p.Instances(ns, class); err != nil {
			return nil, err
		}
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidMethod, Message: msgInvalidMethod}
	}
	var add bool
	switch strings.ToLower(method) {
	case "addregistrycheckpoint":
		add = true
	case "removeregistrycheckpoint":
	default:
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidMethod, Message: msgInvalidMethod}
	}
	name, ok := lookup(keys, "Name")
	if !ok || len(keys) != 1 {
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidParameter, Message: msgInvalidParameter}
	}
	if _, err := p.c.Resource(name); err != nil {
		// The object path MSCluster_Resource.Name="..." names no instance.
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrNotFound, Message: msgNotFound}
	}
	key, ok := lookup(in, "CheckpointName")
	if !ok {
		return nil, &wsman.WMIError{HResult: wsman.WBEMErrInvalidParameter, Message: msgInvalidParameter}
	}
	var err error
	if add {
		_, err = p.c.AddCheckpoint(name, key)
	} else {
		_, err = p.c.RemoveCheckpoint(name, key)
	}
	if err != nil {
		return nil, win32Error(err)
	}
	return nil, nil
}

// win32Error passes a cluster API failure on as WMI's cluster provider does: the Win32
// error as an HRESULT (HRESULT_FROM_WIN32), with its text.
func win32Error(err error) error {
	var ce *cluster.Error
	if errors.As(err, &ce) {
		return &wsman.WMIError{HResult: wsman.HResultFromWin32(ce.Code), Message: ce.Message}
	}
	return &wsman.WMIError{HResult: wsman.WBEMErrFailed, Message: err.Error()}
}

func lookup(m map[string]string, name string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func (p *Provider) clusterInstance() wsman.Instance {
	info := p.c.Info()
	fqdn := info.Name
	if info.Domain != "" {
		fqdn += "." + info.Domain
	}
	return wsman.Instance{Class: "MSCluster_Cluster", Properties: []wsman.Property{
		str("Fqdn", fqdn), str("Id", info.ID), str("Name", info.Name),
	}}
}

func nodeInstance(n cluster.NodeInfo) wsman.Instance {
	return wsman.Instance{Class: "MSCluster_Node", Properties: []wsman.Property{
		str("Name", n.Name), str("NodeHighestVersion", "0"), uint32Prop("State", int(n.State)),
	}}
}

// groupInstance: GroupType (uint32, CLUSGROUP_TYPE) and IsCore are in the class's MOF on
// Windows Server 2012 and later (ClusWMI, MSCluster_ResourceGroup).
func groupInstance(g cluster.GroupInfo) wsman.Instance {
	return wsman.Instance{Class: "MSCluster_ResourceGroup", Properties: []wsman.Property{
		str("Description", g.Description), uint32Prop("GroupType", g.GroupType), str("Id", g.ID),
		{Name: "IsCore", Values: []string{strconv.FormatBool(g.IsCoreGroup)}, CIMType: "boolean"},
		str("Name", g.Name), str("OwnerNode", g.OwnerNode), uint32Prop("State", int(g.State)),
	}}
}

// computerInstance is root\cimv2's Win32_ComputerSystem of this node: Name is the computer's
// NetBIOS name, Domain the domain it belongs to (Win32_ComputerSystem class page).
func (p *Provider) computerInstance() wsman.Instance {
	domain := p.c.Info().Domain
	return wsman.Instance{Class: "Win32_ComputerSystem", Properties: []wsman.Property{
		str("DNSHostName", p.node), str("Domain", domain), str("Name", p.node),
		{Name: "PartOfDomain", Values: []string{strconv.FormatBool(domain != "")}, CIMType: "boolean"},
	}}
}

func resourceInstance(r cluster.ResourceInfo, crypto []string) wsman.Instance {
	return wsman.Instance{Class: "MSCluster_Resource", Properties: []wsman.Property{
		{Name: "CoreResource", Values: []string{strconv.FormatBool(r.IsCoreResource)}, CIMType: "boolean"},
		{Name: "CryptoCheckpoints", Values: crypto, Array: true, CIMType: "string"},
		str("Description", r.Description),
		str("Id", r.ID),
		str("Name", r.Name),
		str("OwnerGroup", r.OwnerGroup),
		str("OwnerNode", r.OwnerNode),
		{Name: "RegistryCheckpoints", Values: append([]string(nil), r.Checkpoints...), Array: true, CIMType: "string"},
		uint32Prop("State", int(r.State)),
		str("Type", r.Type),
	}}
}

func (p *Provider) cryptoNames(resource string) []string {
	cps, err := p.c.CryptoCheckpoints(resource)
	if err != nil {
		return nil
	}
	var out []string
	for _, cp := range cps {
		out = append(out, cp.Key)
	}
	return out
}

// str is a string property; "" is null, as WMI returns unset strings.
func str(name, v string) wsman.Property {
	if v == "" {
		return wsman.Property{Name: name, Null: true, CIMType: "string"}
	}
	return wsman.Property{Name: name, Values: []string{v}, CIMType: "string"}
}

// uint32Prop writes an enum as WMI's uint32 does: -1 (Unknown) as 4294967295.
func uint32Prop(name string, v int) wsman.Property {
	return wsman.Property{Name: name, Values: []string{strconv.FormatUint(uint64(uint32(int32(v))), 10)}, CIMType: "uint32"} //nolint:gosec // enum values fit in 32 bits
}

// WMI's texts for its errors (WMI Error Constants, learn.microsoft.com).
const (
	msgInvalidClass     = "Invalid class "
	msgInvalidMethod    = "Invalid method "
	msgInvalidParameter = "Invalid parameter "
	msgNotFound         = "Not found "
)
