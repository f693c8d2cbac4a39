package cluster

import (
	"strings"
	"testing"
)

func TestCreateKeyRefusesNamesOver255Characters(t *testing.T) {
	c := New(DefaultConfig())
	reg, err := c.Registry("NODE1")
	if err != nil {
		t.Fatal(err)
	}
	ok := `SOFTWARE\` + strings.Repeat("k", 255)
	if _, err := reg.CreateKey(ok); err != nil {
		t.Fatalf("a 255-character key name: %v", err)
	}
	long := `SOFTWARE\` + strings.Repeat("k", 256) + `\child`
	_, err = reg.CreateKey(long)
	if Code(err) != ErrorInvalidParameter {
		t.Fatalf("a 256-character key name: err %v, want code %d", err, ErrorInvalidParameter)
	}
	if reg.KeyExists(`SOFTWARE\` + strings.Repeat("k", 256)) {
		t.Fatal("the refused key was created anyway")
	}
}
