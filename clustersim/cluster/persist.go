package cluster

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Summary is the state dump: what an operator wants to see (nodes, groups, resources with
// their checkpoints, the Backupinformation key of each node), without whole registries.
type Summary struct {
	Cluster   ClusterInfo         `json:"cluster"`
	Nodes     []NodeSummary       `json:"nodes"`
	Groups    []GroupInfo         `json:"groups"`
	Resources []ResourceInfo      `json:"resources"`
	Backup    map[string][]Value  `json:"backup_information"`
	Events    map[string][]string `json:"recent_events"`
}

// NodeSummary is one node in the dump.
type NodeSummary struct {
	NodeInfo
	HasBackupInformation bool `json:"has_backup_information"`
}

// Summary builds the dump.
func (c *Cluster) Summary() Summary {
	s := Summary{Cluster: c.Info(), Groups: c.Groups(), Resources: c.Resources(),
		Backup: map[string][]Value{}, Events: map[string][]string{}}
	for _, n := range c.Nodes() {
		reg, _ := c.Registry(n.Name)
		ki, err := reg.Key(backupInformationKey)
		s.Nodes = append(s.Nodes, NodeSummary{NodeInfo: n, HasBackupInformation: err == nil})
		if err == nil {
			s.Backup[n.Name] = ki.Values
		}
		events, _ := c.Events(n.Name)
		for i, e := range events {
			if i == 5 {
				break
			}
			s.Events[n.Name] = append(s.Events[n.Name],
				fmt.Sprintf("%d %s %s %s %d", e.Index, e.Time.UTC().Format(time.RFC3339), e.EntryType, e.Source, e.EventID))
		}
	}
	return s
}

// DumpJSON is the Summary as indented JSON.
func (c *Cluster) DumpJSON() []byte {
	b, _ := json.MarshalIndent(c.Summary(), "", "  ")
	return b
}

// MarshalState is the whole model (configuration, states, registries, checkpoint copies,
// event logs) as JSON: what Save writes.
func (c *Cluster) MarshalState() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return json.MarshalIndent(c.st, "", " ")
}

// UnmarshalState replaces the whole model with one MarshalState wrote.
func (c *Cluster) UnmarshalState(data []byte) error {
	st := &state{}
	if err := json.Unmarshal(data, st); err != nil {
		return fmt.Errorf("cluster state: %w", err)
	}
	if err := st.validate(); err != nil {
		return fmt.Errorf("cluster state: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st = st
	return nil
}

func (st *state) validate() error {
	if len(st.Nodes) == 0 {
		return fmt.Errorf("no nodes")
	}
	for _, n := range st.Nodes {
		if n.Registry == nil {
			return fmt.Errorf("node %s has no registry", n.Name)
		}
	}
	return nil
}

// Save writes the whole model to path (atomically: a temporary file renamed over it).
func (c *Cluster) Save(path string) error {
	data, err := c.MarshalState()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clusterstate-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Load reads a model Save wrote.
func Load(path string) (*Cluster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &Cluster{now: time.Now}
	if err := c.UnmarshalState(data); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadOrNew loads path when it exists and otherwise builds a new cluster from cfg (the
// simulator's --state FILE).
func LoadOrNew(path string, cfg Config) (*Cluster, error) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return New(cfg), nil
	}
	return Load(path)
}
