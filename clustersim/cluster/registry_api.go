package cluster

import "strings"

// Registry is HKEY_LOCAL_MACHINE of one node. Paths are relative to HKLM ("SOFTWARE\X";
// "" is HKLM itself), names compare case-insensitively and keep the case they were created
// with. Every change goes through the cluster, so that checkpoints stay in step.
type Registry struct {
	c    *Cluster
	node string
}

// Registry returns the registry of a node (ERROR_CLUSTER_NODE_NOT_FOUND when unknown). The
// registry is there whether the node's cluster service runs or not.
func (c *Cluster) Registry(node string) (*Registry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(node)
	if n == nil {
		return nil, newError(ErrorClusterNodeNotFound, node)
	}
	return &Registry{c: c, node: n.Name}, nil
}

// Node is the name of the node this registry belongs to.
func (r *Registry) Node() string { return r.node }

func (r *Registry) lock() *nodeState {
	r.c.mu.Lock()
	return r.c.node(r.node)
}

func keyNotFound(path string) error { return newError(ErrorFileNotFound, path) }

// KeyExists reports whether the key exists.
func (r *Registry) KeyExists(path string) bool {
	n := r.lock()
	defer r.c.mu.Unlock()
	return n.Registry.find(path) != nil
}

// Key returns a copy of one key: its stored path, values and sorted subkey names.
func (r *Registry) Key(path string) (KeyInfo, error) {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return KeyInfo{}, keyNotFound(path)
	}
	stored, _ := n.Registry.storedPath(path)
	return k.info(stored), nil
}

// Tree returns a deep copy of the subtree at path (for recursive listings).
func (r *Registry) Tree(path string) (*Key, error) {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return nil, keyNotFound(path)
	}
	return k.clone(), nil
}

// GetValue returns one value ("" is the default value). ERROR_FILE_NOT_FOUND when the key
// or the value is missing.
func (r *Registry) GetValue(path, name string) (Value, error) {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return Value{}, keyNotFound(path)
	}
	v, ok := k.value(name)
	if !ok {
		return Value{}, newError(ErrorFileNotFound, name)
	}
	return v.clone(), nil
}

// CreateKey creates the key and any missing parents; created is false when it existed.
func (r *Registry) CreateKey(path string) (created bool, err error) {
	parts := splitKeyPath(path)
	if len(parts) == 0 {
		return false, nil
	}
	for _, p := range parts {
		// Registry element size limits: a key name is at most 255 characters.
		if len([]rune(p)) > maxKeyNameLength {
			return false, newError(keyNameTooLongError, path)
		}
	}
	n := r.lock()
	defer r.c.mu.Unlock()
	existed := n.Registry.find(path) != nil
	n.Registry.create(path)
	if !existed {
		r.c.afterRegistryWrite(n, path)
	}
	return !existed, nil
}

// DeleteKey deletes a key. Without recursive, a key with subkeys is refused
// (ERROR_ACCESS_DENIED, as RegDeleteKey answers). HKLM itself and its top keys cannot be
// deleted.
func (r *Registry) DeleteKey(path string, recursive bool) error {
	parts := splitKeyPath(path)
	if len(parts) < 2 {
		return newError(ErrorAccessDenied, path)
	}
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return keyNotFound(path)
	}
	if len(k.Subkeys) > 0 && !recursive {
		return newError(ErrorAccessDenied, path)
	}
	parent := n.Registry.find(strings.Join(parts[:len(parts)-1], `\`))
	parent.remove(parts[len(parts)-1])
	r.c.afterRegistryWrite(n, path)
	return nil
}

// SetValue creates or replaces a value in an existing key.
func (r *Registry) SetValue(path string, v Value) error {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return keyNotFound(path)
	}
	k.setValue(v)
	r.c.afterRegistryWrite(n, path)
	return nil
}

// DeleteValue deletes a value (ERROR_FILE_NOT_FOUND when the key or the value is missing).
func (r *Registry) DeleteValue(path, name string) error {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return keyNotFound(path)
	}
	if !k.deleteValue(name) {
		return newError(ErrorFileNotFound, name)
	}
	r.c.afterRegistryWrite(n, path)
	return nil
}

// RenameValue renames a value (Rename-ItemProperty); the target name must be free.
func (r *Registry) RenameValue(path, oldName, newName string) error {
	n := r.lock()
	defer r.c.mu.Unlock()
	k := n.Registry.find(path)
	if k == nil {
		return keyNotFound(path)
	}
	v, ok := k.value(oldName)
	if !ok {
		return newError(ErrorFileNotFound, oldName)
	}
	if _, taken := k.value(newName); taken && !strings.EqualFold(oldName, newName) {
		return newError(ErrorAlreadyExists, newName)
	}
	k.deleteValue(oldName)
	v.Name = newName
	k.setValue(v)
	r.c.afterRegistryWrite(n, path)
	return nil
}
