package cluster

// The cluster hive: HKLM\Cluster holds the cluster database on every node. The model keeps
// the part a reader would look at in step with the configuration: one key per resource
// (Name, Type, RegSync with the checkpoint names) and per group, and the node list.

import "strconv"

const clusterHiveKey = "Cluster"

// syncClusterHive rewrites HKLM\Cluster on every node (callers hold c.mu or own c).
func (c *Cluster) syncClusterHive() {
	hive := c.buildClusterHive()
	for _, n := range c.st.Nodes {
		n.Registry.remove(clusterHiveKey)
		n.Registry.Subkeys = append(n.Registry.Subkeys, hive.clone())
	}
}

// syncRegSync rewrites only the RegSync key of r in HKLM\Cluster on every node, after a
// checkpoint of r was added or removed: the Cluster service writes the one resource's
// checkpoint list (domain.md section 2), so the cost of a change does not grow with every
// other resource's checkpoints (rebuilding the whole hive per change made an apply of n
// checkpoints cost O(n^2) in the simulator alone). A node whose hive is missing the
// resource gets the whole hive rebuilt (callers hold c.mu).
func (c *Cluster) syncRegSync(r *resourceState) {
	values := make([]Value, len(r.Checkpoints))
	for i, cp := range r.Checkpoints {
		values[i] = SZ(regSyncValueName(i), cp.Key)
	}
	for _, n := range c.st.Nodes {
		res := n.Registry.find(clusterHiveKey + `\Resources\` + r.ID)
		if res == nil {
			c.syncClusterHive()
			return
		}
		if len(values) == 0 {
			res.remove("RegSync")
			continue
		}
		res.create("RegSync").Values = append([]Value(nil), values...)
	}
}

// syncRegSyncAdded writes r's last checkpoint, just added, into its RegSync key on every
// node: one value, as syncRegSync writes one resource's list rather than the hive, so that
// an apply of n checkpoints on one resource does not rewrite its growing list n times. A
// RegSync key that does not hold the list as the model last wrote it (changed through the
// registry since) is rewritten whole by syncRegSync (callers hold c.mu).
func (c *Cluster) syncRegSyncAdded(r *resourceState) {
	last := len(r.Checkpoints) - 1
	if last < 0 {
		return
	}
	v := SZ(regSyncValueName(last), r.Checkpoints[last].Key)
	var keys []*Key
	for _, n := range c.st.Nodes {
		res := n.Registry.find(clusterHiveKey + `\Resources\` + r.ID)
		if res == nil {
			c.syncRegSync(r)
			return
		}
		rs := res.create("RegSync")
		if len(rs.Values) != last || (last > 0 && rs.Values[last-1].Name != regSyncValueName(last-1)) {
			c.syncRegSync(r)
			return
		}
		keys = append(keys, rs)
	}
	for _, rs := range keys {
		rs.Values = append(rs.Values, v.clone())
	}
}

func (c *Cluster) buildClusterHive() *Key {
	hive := &Key{Name: clusterHiveKey}
	hive.setValue(SZ("ClusterName", c.st.Config.Name))
	hive.setValue(SZ("ClusterInstanceID", c.st.ID))
	nodes := hive.create("Nodes")
	for _, n := range c.st.Nodes {
		k := nodes.create(strconv.Itoa(n.ID))
		k.setValue(SZ("NodeName", n.Name))
	}
	groups := hive.create("Groups")
	for _, g := range c.st.Groups {
		k := groups.create(g.ID)
		k.setValue(SZ("Name", g.Name))
		var contains []string
		for _, r := range c.groupResources(g) {
			contains = append(contains, r.ID)
		}
		k.setValue(MultiSZ("Contains", contains...))
	}
	resources := hive.create("Resources")
	for _, r := range c.st.Resources {
		k := resources.create(r.ID)
		k.setValue(SZ("Name", r.Name))
		k.setValue(SZ("Type", r.Type))
		var deps []string
		for _, d := range r.DependsOn {
			if dr := c.resource(d); dr != nil {
				deps = append(deps, dr.ID)
			}
		}
		if len(deps) > 0 {
			k.setValue(MultiSZ("Dependencies", deps...))
		}
		if len(r.Checkpoints) > 0 {
			sync := k.create("RegSync")
			// The names are distinct by construction: appended, not looked up (setValue
			// would make each checkpoint add cost the square of the cluster's checkpoints).
			sync.Values = make([]Value, 0, len(r.Checkpoints))
			for i, cp := range r.Checkpoints {
				sync.Values = append(sync.Values, SZ(regSyncValueName(i), cp.Key))
			}
		}
	}
	return hive
}
