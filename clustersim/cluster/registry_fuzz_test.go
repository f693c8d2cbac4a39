package cluster

import (
	"strings"
	"testing"
)

// FuzzKeyPaths: whatever the path, creating a key makes it findable under any case, and its
// stored path round-trips.
func FuzzKeyPaths(f *testing.F) {
	for _, s := range []string{`SOFTWARE\Microsoft`, `a\\b\`, `\x`, ``, `Ä\ß\İ`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		root := &Key{Name: "HKLM"}
		k := root.create(path)
		if root.find(strings.ToUpper(path)) == nil && strings.ToUpper(path) == path {
			t.Fatalf("created %q not found", path)
		}
		if root.find(path) != k {
			t.Fatalf("find(%q) is not the created key", path)
		}
		stored, ok := root.storedPath(path)
		if !ok || root.find(stored) != k {
			t.Fatalf("stored path %q of %q", stored, path)
		}
		if _, ok := ParseValueType(path); ok && !strings.HasPrefix(strings.ToUpper(path), "REG_") {
			t.Fatalf("%q parsed as a value type", path)
		}
	})
}
