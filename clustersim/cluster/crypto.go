package cluster

import "strings"

// CryptoCheckpoint is a cryptographic key checkpoint (CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT):
// a CSP name, its provider type and a key container. The model records them so that the
// FailoverClusters cmdlets can list them; it does not replicate key containers.
type CryptoCheckpoint struct {
	Resource string `json:"resource,omitempty"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Key      string `json:"key"`
}

// CryptoCheckpoints lists the crypto checkpoints of one resource, or of all when "".
func (c *Cluster) CryptoCheckpoints(resource string) ([]CryptoCheckpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rs := c.st.Resources
	if resource != "" {
		r := c.resource(resource)
		if r == nil {
			return nil, newError(ErrorResourceNotFound, resource)
		}
		rs = []*resourceState{r}
	}
	var out []CryptoCheckpoint
	for _, r := range rs {
		for _, cp := range r.CryptoCheckpoints {
			cp.Resource = r.Name
			out = append(out, cp)
		}
	}
	return out, nil
}

// AddCryptoCheckpoint adds one; the same provider, type and container twice fails with
// ERROR_ALREADY_EXISTS.
func (c *Cluster) AddCryptoCheckpoint(resource string, cp CryptoCheckpoint) (CryptoCheckpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(resource)
	if r == nil {
		return CryptoCheckpoint{}, newError(ErrorResourceNotFound, resource)
	}
	if cp.Name == "" || cp.Key == "" {
		return CryptoCheckpoint{}, newError(ErrorInvalidParameter, cp.Name)
	}
	for _, old := range r.CryptoCheckpoints {
		if sameCrypto(old, cp) {
			return CryptoCheckpoint{}, newError(ErrorAlreadyExists, cp.Key)
		}
	}
	cp.Resource = ""
	r.CryptoCheckpoints = append(r.CryptoCheckpoints, cp)
	cp.Resource = r.Name
	return cp, nil
}

// RemoveCryptoCheckpoint removes one (ERROR_FILE_NOT_FOUND when absent).
func (c *Cluster) RemoveCryptoCheckpoint(resource string, cp CryptoCheckpoint) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resource(resource)
	if r == nil {
		return newError(ErrorResourceNotFound, resource)
	}
	for i, old := range r.CryptoCheckpoints {
		if sameCrypto(old, cp) {
			r.CryptoCheckpoints = append(r.CryptoCheckpoints[:i], r.CryptoCheckpoints[i+1:]...)
			return nil
		}
	}
	return newError(ErrorFileNotFound, cp.Key)
}

func sameCrypto(a, b CryptoCheckpoint) bool {
	return strings.EqualFold(a.Name, b.Name) && a.Type == b.Type && strings.EqualFold(a.Key, b.Key)
}
