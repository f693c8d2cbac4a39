package cluster

// Read-only views of the model. They are copies: changing them changes nothing.

// ClusterInfo describes the cluster (Get-Cluster).
type ClusterInfo struct {
	Name   string `json:"name"`
	ID     string `json:"id"`
	Domain string `json:"domain"`
}

// NodeInfo describes a node (Get-ClusterNode).
type NodeInfo struct {
	Name  string    `json:"name"`
	ID    int       `json:"id"`
	State NodeState `json:"state"`
}

// GroupInfo describes a group (Get-ClusterGroup).
type GroupInfo struct {
	Name          string     `json:"name"`
	ID            string     `json:"id"`
	OwnerNode     string     `json:"owner_node"`
	State         GroupState `json:"state"`
	Description   string     `json:"description,omitempty"`
	IsCoreGroup   bool       `json:"is_core_group"`
	GroupType     int        `json:"group_type"` // CLUSGROUP_TYPE (GroupTypeCoreCluster, ...)
	ResourceNames []string   `json:"resources"`
}

// ResourceInfo describes a resource (Get-ClusterResource).
type ResourceInfo struct {
	Name           string        `json:"name"`
	ID             string        `json:"id"`
	Type           string        `json:"type"`
	OwnerGroup     string        `json:"owner_group"`
	OwnerNode      string        `json:"owner_node"`
	State          ResourceState `json:"state"`
	Description    string        `json:"description,omitempty"`
	IsCoreResource bool          `json:"is_core_resource"`
	DependsOn      []string      `json:"depends_on,omitempty"`
	Checkpoints    []string      `json:"checkpoints,omitempty"`
}

// Info describes the cluster.
func (c *Cluster) Info() ClusterInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ClusterInfo{Name: c.st.Config.Name, ID: c.st.ID, Domain: c.st.Config.Domain}
}

// Nodes lists the nodes in id order.
func (c *Cluster) Nodes() []NodeInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []NodeInfo
	for _, n := range c.st.Nodes {
		out = append(out, NodeInfo{Name: n.Name, ID: n.ID, State: n.State})
	}
	return out
}

// Node describes one node (ERROR_CLUSTER_NODE_NOT_FOUND when unknown).
func (c *Cluster) Node(name string) (NodeInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(name)
	if n == nil {
		return NodeInfo{}, newError(ErrorClusterNodeNotFound, name)
	}
	return NodeInfo{Name: n.Name, ID: n.ID, State: n.State}, nil
}

// Groups lists the groups.
func (c *Cluster) Groups() []GroupInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []GroupInfo
	for _, g := range c.st.Groups {
		out = append(out, c.groupInfo(g))
	}
	return out
}

// Group describes one group (ERROR_GROUP_NOT_FOUND when unknown).
func (c *Cluster) Group(name string) (GroupInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.group(name)
	if g == nil {
		return GroupInfo{}, newError(ErrorGroupNotFound, name)
	}
	return c.groupInfo(g), nil
}

func (c *Cluster) groupInfo(g *groupState) GroupInfo {
	gi := GroupInfo{Name: g.Name, ID: g.ID, OwnerNode: g.Owner, State: c.groupState(g),
		Description: g.Description, IsCoreGroup: g.Name == CoreGroupName, GroupType: groupTypeOf(g.Name)}
	for _, r := range c.groupResources(g) {
		gi.ResourceNames = append(gi.ResourceNames, r.Name)
	}
	return gi
}

// Resources lists all resources.
func (c *Cluster) Resources() []ResourceInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []ResourceInfo
	for _, r := range c.st.Resources {
		out = append(out, c.resourceInfo(r))
	}
	return out
}

// Resource describes one resource (ERROR_RESOURCE_NOT_FOUND when unknown).
func (c *Cluster) Resource(name string) (ResourceInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(name)
	if r == nil {
		return ResourceInfo{}, newError(ErrorResourceNotFound, name)
	}
	return c.resourceInfo(r), nil
}

func (c *Cluster) resourceInfo(r *resourceState) ResourceInfo {
	ri := ResourceInfo{Name: r.Name, ID: r.ID, Type: r.Type, OwnerGroup: r.Group, State: r.State,
		Description: r.Description, IsCoreResource: r.Group == CoreGroupName,
		DependsOn: append([]string(nil), r.DependsOn...)}
	if g := c.group(r.Group); g != nil {
		ri.OwnerNode = g.Owner
	}
	for _, cp := range r.Checkpoints {
		ri.Checkpoints = append(ri.Checkpoints, cp.Key)
	}
	return ri
}
