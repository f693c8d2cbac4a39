package cluster

import "strings"

// Checkpoint is one registry checkpoint of a resource (Get-ClusterCheckpoint).
type Checkpoint struct {
	Resource string `json:"resource"`
	Key      string `json:"key"`
}

// Checkpoints lists the registry checkpoints of one resource, or of all resources when
// resource is "".
func (c *Cluster) Checkpoints(resource string) ([]Checkpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var rs []*resourceState
	if resource == "" {
		rs = c.st.Resources
	} else {
		r := c.resource(resource)
		if r == nil {
			return nil, newError(ErrorResourceNotFound, resource)
		}
		rs = []*resourceState{r}
	}
	var out []Checkpoint
	for _, r := range rs {
		for _, cp := range r.Checkpoints {
			out = append(out, Checkpoint{Resource: r.Name, Key: cp.Key})
		}
	}
	c.listed.Add(int64(len(out)))
	return out, nil
}

// CheckpointsListed is how many registry checkpoints Checkpoints has returned since the
// cluster was built: what the cluster's readers read, whatever their number of calls.
func (c *Cluster) CheckpointsListed() int64 { return c.listed.Load() }

// AddCheckpoint adds a registry checkpoint (CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT). key is
// relative to HKEY_LOCAL_MACHINE, with no hive prefix and no leading backslash. When the
// resource is online its subtree is saved from the owner at once.
func (c *Cluster) AddCheckpoint(resource, key string) (Checkpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(resource)
	if r == nil {
		return Checkpoint{}, newError(ErrorResourceNotFound, resource)
	}
	if err := validateCheckpointKey(key); err != nil {
		return Checkpoint{}, err
	}
	if findCheckpoint(r, key) >= 0 {
		return Checkpoint{}, &Error{Code: ErrorAlreadyExists, Message: msgCheckpointExists, Subject: key}
	}
	cp := &checkpoint{Key: key}
	r.Checkpoints = append(r.Checkpoints, cp)
	if owner := c.ownerOf(r); owner != nil && r.State == ResourceOnline {
		c.saveCheckpoint(cp, owner)
	}
	c.syncRegSyncAdded(r)
	return Checkpoint{Resource: r.Name, Key: key}, nil
}

// RemoveCheckpoint removes a registry checkpoint (CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT)
// and the copy the cluster database held. The registry of the nodes is left as it is.
func (c *Cluster) RemoveCheckpoint(resource, key string) (Checkpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(resource)
	if r == nil {
		return Checkpoint{}, newError(ErrorResourceNotFound, resource)
	}
	i := findCheckpoint(r, key)
	if i < 0 {
		return Checkpoint{}, &Error{Code: ErrorFileNotFound, Message: win32Message(ErrorFileNotFound), Subject: key}
	}
	removed := Checkpoint{Resource: r.Name, Key: r.Checkpoints[i].Key}
	r.Checkpoints = append(r.Checkpoints[:i], r.Checkpoints[i+1:]...)
	c.syncRegSync(r)
	return removed, nil
}

// validateCheckpointKey applies the documented rule: a key relative to HKLM, without a
// leading backslash.
func validateCheckpointKey(key string) error {
	if strings.TrimSpace(key) == "" || strings.HasPrefix(key, `\`) {
		return &Error{Code: ErrorInvalidParameter, Message: win32Message(ErrorInvalidParameter), Subject: key}
	}
	return nil
}

func findCheckpoint(r *resourceState, key string) int {
	for i, cp := range r.Checkpoints {
		if checkpointNamesEqual(cp.Key, key) {
			return i
		}
	}
	return -1
}

// saveCheckpoints copies the subtrees of all of r's checkpoints from node into the cluster
// database (callers hold c.mu).
func (c *Cluster) saveCheckpoints(r *resourceState, node *nodeState) {
	for _, cp := range r.Checkpoints {
		c.saveCheckpoint(cp, node)
	}
}

func (c *Cluster) saveCheckpoint(cp *checkpoint, node *nodeState) {
	k := node.Registry.find(cp.Key)
	if k == nil {
		saveMissingSubtree(cp)
		return
	}
	cp.Saved = k.clone()
}

// restoreCheckpoints writes the saved subtrees onto node, replacing what is there: the
// registry of the node about to host r becomes what the cluster database holds.
func (c *Cluster) restoreCheckpoints(r *resourceState, node *nodeState) {
	for _, cp := range r.Checkpoints {
		if cp.Saved == nil {
			restoreNeverSaved(cp, node.Registry)
			continue
		}
		parts := splitKeyPath(cp.Key)
		parentPath := strings.Join(parts[:len(parts)-1], `\`)
		parent := node.Registry.create(parentPath)
		restored := cp.Saved.clone()
		if existing := parent.subkey(parts[len(parts)-1]); existing != nil {
			restored.Name = existing.Name
			*existing = *restored
		} else {
			parent.Subkeys = append(parent.Subkeys, restored)
		}
	}
}

// afterRegistryWrite keeps the cluster database in step with a change under path on node:
// the checkpoints of resources online on that node that overlap path are saved again, as the
// Cluster service does on its registry change notification (callers hold c.mu).
func (c *Cluster) afterRegistryWrite(node *nodeState, path string) {
	for _, r := range c.st.Resources {
		if r.State != ResourceOnline || len(r.Checkpoints) == 0 || c.ownerOf(r) != node {
			continue
		}
		for _, cp := range r.Checkpoints {
			if pathsOverlap(cp.Key, path) {
				c.saveCheckpoint(cp, node)
			}
		}
	}
}

// pathsOverlap: one path is the other or lies under it (component-wise, case-insensitive).
func pathsOverlap(a, b string) bool {
	pa, pb := splitKeyPath(a), splitKeyPath(b)
	n := min(len(pa), len(pb))
	for i := 0; i < n; i++ {
		if !strings.EqualFold(pa[i], pb[i]) {
			return false
		}
	}
	return true
}
