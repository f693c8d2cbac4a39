package cluster

import (
	"encoding/json"
	"fmt"
	"testing"
)

// Adding and removing checkpoints updates HKLM\Cluster on every node to what a full
// rebuild writes, although only the resource's RegSync key is rewritten (an add writes
// one value).
func TestRegSyncMatchesFullRebuild(t *testing.T) {
	c := New(DefaultConfig())
	for i := 0; i < 5; i++ {
		if _, err := c.AddCheckpoint(SystemAttendant, fmt.Sprintf(`SOFTWARE\K%d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{`SOFTWARE\K1`, `SOFTWARE\K4`} {
		if _, err := c.RemoveCheckpoint(SystemAttendant, k); err != nil {
			t.Fatal(err)
		}
	}
	// Adds after removals write one value each; one after a change made through the
	// registry (a value deleted on one node) rewrites the list.
	if _, err := c.AddCheckpoint(SystemAttendant, `SOFTWARE\K5`); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	r := c.resource(SystemAttendant)
	c.st.Nodes[1].Registry.find(clusterHiveKey + `\Resources\` + r.ID + `\RegSync`).deleteValue(regSyncValueName(0))
	c.mu.Unlock()
	if _, err := c.AddCheckpoint(SystemAttendant, `SOFTWARE\K6`); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	want, _ := json.Marshal(c.buildClusterHive())
	for _, n := range c.st.Nodes {
		got, _ := json.Marshal(n.Registry.find(clusterHiveKey))
		if string(got) != string(want) {
			t.Fatalf("node %s:\n got %s\nwant %s", n.Name, got, want)
		}
	}
}
