package winclient

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
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

// The index holds stored names as the cluster resolves them: a key finds a stored name only
// when regkey.Names says it is that key's checkpoint, so a stored hive prefix is another key.
func TestIndexComparesStoredNamesAsStored(t *testing.T) {
	r := resourceRow{Checkpoints: stringList{`HKLM\SOFTWARE\X`, `software\y`, `SOFTWARE\Z\`}}
	r.indexCheckpoints()
	cases := []struct {
		key, want string
	}{
		{key: `SOFTWARE\X`},           // HKLM\SOFTWARE\X is HKLM\HKLM\SOFTWARE\X
		{key: `HKLM\HKLM\SOFTWARE\X`}, // the key it really names is refused as configuration
		{key: `HKEY_LOCAL_MACHINE\SOFTWARE\Y\`, want: `software\y`},
		{key: `SOFTWARE\Z`}, // a trailing backslash is stored, not resolved
	}
	for _, tc := range cases {
		id, err := regkey.Identity(tc.key)
		if err != nil {
			if tc.want != "" {
				t.Errorf("%q: %v", tc.key, err)
			}
			continue
		}
		if got := r.ids[id]; got != tc.want {
			t.Errorf("lookup of %q = %q, want %q", tc.key, got, tc.want)
		}
		if found := tc.want != ""; found != regkey.Names(r.ids[id], tc.key) && found {
			t.Errorf("the index and regkey.Names disagree on %q", tc.key)
		}
	}
}
