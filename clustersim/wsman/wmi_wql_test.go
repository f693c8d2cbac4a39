package wsman

import (
	"errors"
	"testing"
)

func TestParseWQL(t *testing.T) {
	for _, tc := range []struct {
		q     string
		class string
		n     int
		ok    bool
	}{
		{"SELECT * FROM MSCluster_Resource", "MSCluster_Resource", 0, true},
		{"select * from mscluster_resource where Name = 'A \\'b\\''", "mscluster_resource", 1, true},
		{`SELECT * FROM X WHERE Name = "a" AND State <> 2`, "X", 2, true},
		{"SELECT Name FROM X", "X", 0, true},
		{"SELECT Name, Type, RegistryCheckpoints FROM MSCluster_Resource WHERE Name = 'a'", "MSCluster_Resource", 1, true},
		{"SELECT Name, FROM X", "", 0, false},
		{"SELECT Name Type FROM X", "", 0, false},
		{"SELECT , FROM X", "", 0, false},
		{"SELECT FROM X", "", 0, false},
		{"SELECT * FROM X WHERE Name = 'a' OR Name = 'b'", "", 0, false},
		{"SELECT * FROM X WHERE Name LIKE 'a%'", "", 0, false},
		{"SELECT * FROM X WHERE Name = 'unterminated", "", 0, false},
		{"", "", 0, false},
	} {
		q, err := parseWQL(tc.q)
		if (err == nil) != tc.ok || q.class != tc.class || len(q.where) != tc.n {
			t.Errorf("%q: %+v %v", tc.q, q, err)
		}
		var we *WMIError
		if err != nil && (!errors.As(err, &we) || we.HResult != WBEMErrInvalidQuery) {
			t.Errorf("%q: error %v is not WBEM_E_INVALID_QUERY", tc.q, err)
		}
	}
	if q, _ := parseWQL("SELECT Name, Type FROM X"); len(q.selected) != 2 || q.selected[1] != "Type" {
		t.Fatalf("projection: %+v", q)
	}
	in := Instance{Class: "X", Properties: []Property{{Name: "Name", Values: []string{"a"}}, {Name: "State", Values: []string{"2"}}, {Name: "Type", Values: []string{"t"}}}}
	if got, err := projectWQL(in, []string{"type", "name"}); err != nil || len(got.Properties) != 2 || got.Properties[0].Name != "Name" || got.Properties[1].Name != "Type" {
		t.Fatalf("projected: %+v %v", got, err)
	}
	var we *WMIError
	if _, err := projectWQL(in, []string{"Name", "OwnerGroup"}); !errors.As(err, &we) || we.HResult != WBEMErrInvalidQuery {
		t.Fatalf("a property the class lacks: %v", err)
	}
	q, _ := parseWQL(`SELECT * FROM X WHERE Name = 'a\\b\'c'`)
	if q.where[0].value != `a\b'c` {
		t.Fatalf("escapes: %q", q.where[0].value)
	}
}

// FuzzParseWQL: any text parses or fails with WBEM_E_INVALID_QUERY, never panics.
func FuzzParseWQL(f *testing.F) {
	for _, s := range []string{"SELECT * FROM A", "select * from a where b = 'c' and d <> 1", `SELECT * FROM A WHERE B = "\"`, "SELECT * FROM A WHERE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := parseWQL(q); err != nil {
			var we *WMIError
			if !errors.As(err, &we) || we.HResult != WBEMErrInvalidQuery {
				t.Fatalf("%q: %v", q, err)
			}
		}
	})
}

func TestDecodeMethodInput(t *testing.T) {
	in := []byte(`<p:AddRegistryCheckpoint_INPUT xmlns:p="u"><p:CheckpointName>SOFTWARE\a&amp;b&lt;</p:CheckpointName><p:Other xsi:nil="true" xmlns:xsi="x"/></p:AddRegistryCheckpoint_INPUT>`)
	got, err := decodeMethodInput(in, "AddRegistryCheckpoint")
	if err != nil || got["CheckpointName"] != `SOFTWARE\a&b<` || len(got) != 1 {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := decodeMethodInput(in, "RemoveRegistryCheckpoint"); err == nil {
		t.Fatal("the input of another method was taken")
	}
}
