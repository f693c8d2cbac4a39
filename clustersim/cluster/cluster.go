package cluster

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Cluster is the whole simulated cluster. All methods are safe for concurrent use.
type Cluster struct {
	mu  sync.Mutex
	st  *state
	now func() time.Time
	// listed counts the registry checkpoints Checkpoints has returned: the work of reading
	// checkpoints, which tests and benchmarks compare across cluster sizes.
	listed atomic.Int64
}

// state is everything that Save writes and Load reads.
type state struct {
	Config    Config           `json:"config"`
	ID        string           `json:"id"`
	Nodes     []*nodeState     `json:"nodes"`
	Groups    []*groupState    `json:"groups"`
	Resources []*resourceState `json:"resources"`
	// LogGeneration is the Exchange transaction log generation on the shared disk: it
	// moves with the Exchange group, unlike the registry.
	LogGeneration uint32 `json:"log_generation"`
}

type nodeState struct {
	Name     string       `json:"name"`
	ID       int          `json:"id"`
	State    NodeState    `json:"state"`
	Registry *Key         `json:"registry"`
	EventLog []EventEntry `json:"event_log,omitempty"`
}

type groupState struct {
	Name        string `json:"name"`
	ID          string `json:"id"`
	Owner       string `json:"owner"`
	Description string `json:"description,omitempty"`
}

type resourceState struct {
	Name        string        `json:"name"`
	ID          string        `json:"id"`
	Type        string        `json:"type"`
	Group       string        `json:"group"`
	Description string        `json:"description,omitempty"`
	State       ResourceState `json:"state"`
	DependsOn   []string      `json:"depends_on,omitempty"`
	Checkpoints []*checkpoint `json:"checkpoints,omitempty"`
	// CryptoCheckpoints are recorded, not replicated.
	CryptoCheckpoints []CryptoCheckpoint `json:"crypto_checkpoints,omitempty"`
	// Stranded: the resource was online when the last node that could host it stopped; it
	// comes online again when a node starts.
	Stranded bool `json:"stranded,omitempty"`
}

// checkpoint is one registry checkpoint and the copy of its subtree the Cluster service holds
// in the cluster database (nil until first saved).
type checkpoint struct {
	Key   string `json:"key"`
	Saved *Key   `json:"saved,omitempty"`
}

// New builds a cluster from cfg: every node up, every group on its owner, resources online
// unless configured offline, checkpoints saved from the owner.
func New(cfg Config) *Cluster {
	c := &Cluster{now: time.Now}
	st := &state{Config: cfg, ID: guidFor(cfg.Name, "cluster"), LogGeneration: 0x40}
	for i, n := range cfg.Nodes {
		reg := baseRegistry(cfg, n)
		st.Nodes = append(st.Nodes, &nodeState{Name: n, ID: i + 1, State: NodeUp, Registry: reg})
	}
	for _, g := range cfg.Groups {
		owner := g.Owner
		if owner == "" && len(cfg.Nodes) > 0 {
			owner = cfg.Nodes[0]
		}
		st.Groups = append(st.Groups, &groupState{Name: g.Name, ID: guidFor(cfg.Name, "group", g.Name),
			Owner: owner, Description: g.Description})
		for _, r := range g.Resources {
			rs := &resourceState{Name: r.Name, ID: guidFor(cfg.Name, "resource", r.Name), Type: r.Type,
				Group: g.Name, Description: r.Description, State: ResourceOffline,
				DependsOn: append([]string(nil), r.DependsOn...)}
			for _, k := range r.Checkpoints {
				rs.Checkpoints = append(rs.Checkpoints, &checkpoint{Key: k})
			}
			st.Resources = append(st.Resources, rs)
		}
	}
	c.st = st
	for _, g := range cfg.Groups {
		for _, r := range g.Resources {
			if !r.Offline {
				_ = c.bringOnline(c.resource(r.Name))
			}
		}
	}
	c.syncClusterHive()
	return c
}

// SetClock replaces the clock (tests; event log and backup times).
func (c *Cluster) SetClock(now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

// guidFor derives a stable GUID from names, so that a cluster built twice from one Config
// has the same ids (reproducible tests and demos); the format is a version-5-style GUID.
func guidFor(parts ...string) string {
	h := sha1.Sum([]byte(strings.ToUpper(strings.Join(parts, "\x00"))))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// lookups (callers hold c.mu)

func (c *Cluster) node(name string) *nodeState {
	for _, n := range c.st.Nodes {
		if strings.EqualFold(n.Name, name) {
			return n
		}
	}
	return nil
}

func (c *Cluster) group(name string) *groupState {
	for _, g := range c.st.Groups {
		if strings.EqualFold(g.Name, name) {
			return g
		}
	}
	return nil
}

func (c *Cluster) resource(name string) *resourceState {
	for _, r := range c.st.Resources {
		if strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

func (c *Cluster) groupResources(g *groupState) []*resourceState {
	var out []*resourceState
	for _, r := range c.st.Resources {
		if strings.EqualFold(r.Group, g.Name) {
			out = append(out, r)
		}
	}
	return out
}

func (c *Cluster) ownerOf(r *resourceState) *nodeState {
	if g := c.group(r.Group); g != nil {
		return c.node(g.Owner)
	}
	return nil
}

func (c *Cluster) groupState(g *groupState) GroupState {
	rs := c.groupResources(g)
	online, offline := 0, 0
	for _, r := range rs {
		switch r.State {
		case ResourceOnline:
			online++
		case ResourceOffline:
			offline++
		case ResourceFailed:
			return GroupFailed
		default:
			return GroupPending
		}
	}
	switch {
	case online == len(rs) && online > 0:
		return GroupOnline
	case offline == len(rs):
		return GroupOffline
	}
	return GroupPartialOnline
}
