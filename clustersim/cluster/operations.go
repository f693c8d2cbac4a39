package cluster

import "strings"

// StartResource brings a resource online on its group's owner, first bringing online the
// resources it depends on, as the Cluster service does.
func (c *Cluster) StartResource(name string) (ResourceInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(name)
	if r == nil {
		return ResourceInfo{}, newError(ErrorResourceNotFound, name)
	}
	err := c.bringOnline(r)
	return c.resourceInfo(r), err
}

// StopResource takes a resource offline, first taking offline the resources that depend on
// it. Its checkpoints are saved from the owner before it goes offline.
func (c *Cluster) StopResource(name string) (ResourceInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(name)
	if r == nil {
		return ResourceInfo{}, newError(ErrorResourceNotFound, name)
	}
	c.takeOffline(r)
	return c.resourceInfo(r), nil
}

// bringOnline: dependencies first, then the checkpoints are restored on the owner, then the
// resource is online. The owner must be up.
func (c *Cluster) bringOnline(r *resourceState) error {
	if r.State == ResourceOnline {
		return nil
	}
	owner := c.ownerOf(r)
	if owner == nil || owner.State != NodeUp {
		return newError(ErrorHostNodeNotAvailable, r.Name)
	}
	for _, dep := range r.DependsOn {
		if d := c.resource(dep); d != nil {
			if err := c.bringOnline(d); err != nil {
				return err
			}
		}
	}
	c.restoreCheckpoints(r, owner)
	r.State = ResourceOnline
	// What the owner holds while the resource is online is what the cluster saves; a
	// checkpoint never saved before takes the owner's subtree now.
	for _, cp := range r.Checkpoints {
		if cp.Saved == nil {
			c.saveCheckpoint(cp, owner)
		}
	}
	return nil
}

// takeOffline: dependents first, then the checkpoints are saved, then the resource is offline.
func (c *Cluster) takeOffline(r *resourceState) {
	if r.State == ResourceOffline {
		return
	}
	for _, d := range c.dependents(r) {
		c.takeOffline(d)
	}
	if owner := c.ownerOf(r); owner != nil && r.State == ResourceOnline {
		c.saveCheckpoints(r, owner)
	}
	r.State = ResourceOffline
}

func (c *Cluster) dependents(r *resourceState) []*resourceState {
	var out []*resourceState
	for _, o := range c.st.Resources {
		for _, dep := range o.DependsOn {
			if strings.EqualFold(dep, r.Name) {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// MoveGroup moves a group to node ("" picks the next node that is up), as Move-ClusterGroup
// does: the resources that were online go offline in dependency order (their checkpoints
// saved on the old owner), the owner changes, and they come online again on the new owner
// (their checkpoints restored there first).
func (c *Cluster) MoveGroup(group, node string) (GroupInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.group(group)
	if g == nil {
		return GroupInfo{}, newError(ErrorGroupNotFound, group)
	}
	var target *nodeState
	if node == "" {
		target = c.nextUpNode(g.Owner)
		if target == nil {
			return c.groupInfo(g), newError(ErrorHostNodeNotAvailable, group)
		}
	} else {
		if target = c.node(node); target == nil {
			return c.groupInfo(g), newError(ErrorClusterNodeNotFound, node)
		}
		if target.State != NodeUp {
			return c.groupInfo(g), newError(ErrorClusterNodeDown, target.Name)
		}
	}
	if strings.EqualFold(target.Name, g.Owner) {
		return c.groupInfo(g), nil // already there: nothing goes offline
	}
	err := c.moveGroup(g, target)
	return c.groupInfo(g), err
}

func (c *Cluster) moveGroup(g *groupState, target *nodeState) error {
	rs := c.groupResources(g)
	wasOnline := map[*resourceState]bool{}
	for _, r := range rs {
		wasOnline[r] = r.State == ResourceOnline
	}
	for _, r := range rs {
		c.takeOffline(r)
	}
	g.Owner = target.Name
	var firstErr error
	for _, r := range rs {
		if wasOnline[r] {
			if err := c.bringOnline(r); err != nil && firstErr == nil {
				firstErr = err
			}
		}
	}
	return firstErr
}

// nextUpNode is the first node after current (in id order, wrapping) that is up.
func (c *Cluster) nextUpNode(current string) *nodeState {
	start := 0
	for i, n := range c.st.Nodes {
		if strings.EqualFold(n.Name, current) {
			start = i + 1
		}
	}
	for i := 0; i < len(c.st.Nodes); i++ {
		n := c.st.Nodes[(start+i)%len(c.st.Nodes)]
		if n.State == NodeUp && !strings.EqualFold(n.Name, current) {
			return n
		}
	}
	return nil
}

// StopNode stops the Cluster service on a node (Stop-ClusterNode). Its groups fail over to
// the next node that is up; with none, they go offline and wait for a node to start. The
// machine itself stays reachable: only its cluster service is down.
func (c *Cluster) StopNode(node string) (NodeInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(node)
	if n == nil {
		return NodeInfo{}, newError(ErrorClusterNodeNotFound, node)
	}
	if n.State == NodeDown {
		return NodeInfo{Name: n.Name, ID: n.ID, State: n.State}, nil
	}
	for _, g := range c.st.Groups {
		if !strings.EqualFold(g.Owner, n.Name) {
			continue
		}
		if target := c.nextUpNode(n.Name); target != nil {
			_ = c.moveGroup(g, target)
			continue
		}
		// No node to fail over to: remember what was online for when a node starts.
		rs := c.groupResources(g)
		for _, r := range rs {
			r.Stranded = r.State == ResourceOnline
		}
		for _, r := range rs {
			c.takeOffline(r)
		}
	}
	n.State = NodeDown
	return NodeInfo{Name: n.Name, ID: n.ID, State: n.State}, nil
}

// StartNode starts the Cluster service on a node (Start-ClusterNode). Groups stranded
// offline on nodes that are down come online on it.
func (c *Cluster) StartNode(node string) (NodeInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(node)
	if n == nil {
		return NodeInfo{}, newError(ErrorClusterNodeNotFound, node)
	}
	n.State = NodeUp
	for _, g := range c.st.Groups {
		owner := c.node(g.Owner)
		if owner != nil && owner.State == NodeUp && owner != n {
			continue
		}
		g.Owner = n.Name
		for _, r := range c.groupResources(g) {
			if r.Stranded {
				r.Stranded = false
				_ = c.bringOnline(r)
			}
		}
	}
	return NodeInfo{Name: n.Name, ID: n.ID, State: n.State}, nil
}

// DeleteResource removes a resource (Remove-ClusterResource): it must be offline; its
// checkpoints go with it and other resources stop depending on it.
func (c *Cluster) DeleteResource(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(name)
	if r == nil {
		return newError(ErrorResourceNotFound, name)
	}
	if r.State == ResourceOnline {
		return newError(ErrorResourceOnline, r.Name)
	}
	for i, o := range c.st.Resources {
		if o == r {
			c.st.Resources = append(c.st.Resources[:i], c.st.Resources[i+1:]...)
			break
		}
	}
	for _, o := range c.st.Resources {
		kept := o.DependsOn[:0]
		for _, d := range o.DependsOn {
			if !strings.EqualFold(d, r.Name) {
				kept = append(kept, d)
			}
		}
		o.DependsOn = kept
	}
	c.syncClusterHive()
	return nil
}
