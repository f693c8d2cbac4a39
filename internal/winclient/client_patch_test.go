package winclient

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

// A snapshot patched write after write indexes its checkpoints as one indexed afresh, and
// the snapshot it was patched from is left as it was.
func TestPatchSnapshotKeepsTheIndex(t *testing.T) {
	keys := []string{`SOFTWARE\A`, `software\a`, `HKLM\SOFTWARE\A`, `SOFTWARE\B`, `SOFTWARE\C\D`, `SOFTWARE\c\d\`, `\bad`}
	rng := rand.New(rand.NewSource(1))
	d := &clusterData{Cluster: "C", Resources: rowList{{Name: "R"}, {Name: "Other", Checkpoints: stringList{`SOFTWARE\X`}}}}
	d.indexCheckpoints()
	for step := 0; step < 400; step++ {
		key, added := keys[rng.Intn(len(keys))], rng.Intn(2) == 0
		before := fmt.Sprint(d.Resources[0].Checkpoints, d.Resources[0].ids)
		next, ok := patchSnapshot(d, "r", key, added)
		if !ok {
			t.Fatal("resource not found")
		}
		if fmt.Sprint(d.Resources[0].Checkpoints, d.Resources[0].ids) != before {
			t.Fatalf("step %d changed the snapshot it patched", step)
		}
		fresh := resourceRow{Checkpoints: next.Resources[0].Checkpoints}
		fresh.indexCheckpoints()
		if !reflect.DeepEqual(fresh.ids, next.Resources[0].ids) || !reflect.DeepEqual(fresh.idCount, next.Resources[0].idCount) {
			t.Fatalf("step %d (%q added=%v): patched %v %v, fresh %v %v", step, key, added,
				next.Resources[0].ids, next.Resources[0].idCount, fresh.ids, fresh.idCount)
		}
		d = next
	}
}
