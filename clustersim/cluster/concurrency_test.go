package cluster

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// Many writers, failovers and readers at once: run with -race; the model must stay
// consistent (every group on exactly one up node, online).
func TestConcurrentUse(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.AddCheckpoint(SystemAttendant, `SOFTWARE\Contoso`)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				node := []string{"NODE1", "NODE2"}[i%2]
				reg, _ := c.Registry(node)
				_, _ = reg.CreateKey(fmt.Sprintf(`SOFTWARE\Contoso\W%d`, w))
				_ = reg.SetValue(fmt.Sprintf(`SOFTWARE\Contoso\W%d`, w), Dword("I", uint32(i)))
				if w == 0 {
					_, _ = c.MoveGroup(DefaultExchangeGroup, node)
				}
				_ = c.Resources()
				_, _ = c.Checkpoints("")
				_ = c.DumpJSON()
			}
		}(w)
	}
	wg.Wait()
	for _, g := range c.Groups() {
		if g.State != GroupOnline {
			t.Errorf("%s is %s", g.Name, g.State)
		}
	}
}

func TestLoadOrNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	c, err := LoadOrNew(path, DefaultConfig())
	if err != nil || c.Info().Name != DefaultClusterName {
		t.Fatalf("new: %v", err)
	}
	_, _ = c.MoveGroup(DefaultExchangeGroup, "NODE2")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	d, err := LoadOrNew(path, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := d.Group(DefaultExchangeGroup); g.OwnerNode != "NODE2" {
		t.Errorf("loaded owner %s", g.OwnerNode)
	}
	if err := d.UnmarshalState([]byte(`{"nodes":[]}`)); err == nil {
		t.Error("a state without nodes was accepted")
	}
}
