package provider

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

func TestParseImportID(t *testing.T) {
	sa := defaultResourceName
	cases := []struct {
		id      string
		want    parsedImportID
		wantErr string // fragment of the error; "" when the ID is good
	}{
		// The plain form, as earlier versions wrote it: same text, same meaning.
		{id: sa + `|` + regkey.Default, want: parsedImportID{resource: sa, key: regkey.Default}},
		{id: `EXCLUS|` + sa + `|` + regkey.Default, want: parsedImportID{cluster: "EXCLUS", resource: sa, key: regkey.Default}},
		{id: `exclus.contoso.com|EVS1 System Attendant|HKLM:\SOFTWARE\X\`, want: parsedImportID{cluster: "exclus.contoso.com", resource: "EVS1 System Attendant", key: `HKLM:\SOFTWARE\X\`}},
		// "%" means itself in a plain ID, as it always did.
		{id: `EXCLUS|100%25 Attendant|SOFTWARE\100%7C`, want: parsedImportID{cluster: "EXCLUS", resource: "100%25 Attendant", key: `SOFTWARE\100%7C`}},
		// The escaped form.
		{id: `|EXCLUS|EVS1 System Attendant|SOFTWARE\Vendor%7CApp`, want: parsedImportID{cluster: "EXCLUS", resource: "EVS1 System Attendant", key: `SOFTWARE\Vendor|App`}},
		{id: `|A%7cB|SOFTWARE\100%25`, want: parsedImportID{resource: "A|B", key: `SOFTWARE\100%`}},
		{id: `|` + sa + `|` + regkey.Default, want: parsedImportID{resource: sa, key: regkey.Default}},
		{id: `|%7C|%7C%7C|SOFTWARE\%7C`, wantErr: "cluster part"},
		{id: `|EXCLUS|%7C|SOFTWARE\%7C`, want: parsedImportID{cluster: "EXCLUS", resource: "|", key: `SOFTWARE\|`}},
		{id: `|EXCLUS|R|SOFTWARE\100%`, wantErr: `write "%" as %25`},
		{id: `|EXCLUS|R|SOFTWARE\%7`, wantErr: `has "%7"`},
		{id: `|EXCLUS|R%41|SOFTWARE\X`, wantErr: `has "%41"`},
		{id: `||` + sa + `|` + regkey.Default, wantErr: "cluster part"},
		{id: `|`, wantErr: "1 parts"},
		// Bad plain IDs.
		{id: ``, wantErr: "1 parts"},
		{id: regkey.Default, wantErr: "1 parts"},
		{id: `a|b|c|d`, wantErr: "4 parts"},
		{id: `  |` + regkey.Default, wantErr: "resource name part"},
		{id: ` |` + sa + `|` + regkey.Default, wantErr: "cluster part"},
		{id: sa + `|`, wantErr: "key part"},
		{id: sa + `|HKCU\Software\X`, wantErr: "HKEY_CURRENT_USER"},
		{id: sa + `|\SOFTWARE\X`, wantErr: "starts with a backslash"},
		{id: sa + `|SOFTWARE\\X`, wantErr: "doubled backslash"},
	}
	for _, c := range cases {
		got, err := parseImportID(c.id)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("parseImportID(%q) error = %v, want one saying %q", c.id, err, c.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "CLUSTER|RESOURCE_NAME|KEY") {
				t.Errorf("parseImportID(%q) error %q does not give the accepted forms", c.id, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseImportID(%q) = %+v, %v; want %+v", c.id, got, err, c.want)
		}
	}
}

func TestImportIDForms(t *testing.T) {
	cases := []struct{ cluster, resource, key, want string }{
		// No "|" in any part: the plain form, byte for byte what earlier versions wrote.
		{"EXCLUS", defaultResourceName, `HKLM\` + regkey.Default + `\`, "EXCLUS|" + defaultResourceName + "|" + regkey.Default},
		{"EXCLUS", "100% Attendant", `SOFTWARE\X`, `EXCLUS|100% Attendant|SOFTWARE\X`},
		// A "|" anywhere: the escaped form, every part escaped.
		{"EXCLUS", "EVS1 System Attendant", `SOFTWARE\Vendor|App`, `|EXCLUS|EVS1 System Attendant|SOFTWARE\Vendor%7CApp`},
		{"EXCLUS", "A|B 100%", `SOFTWARE\50%`, `|EXCLUS|A%7CB 100%25|SOFTWARE\50%25`},
	}
	for _, c := range cases {
		if got := importID(c.cluster, c.resource, c.key); got != c.want {
			t.Errorf("importID(%q, %q, %q) = %q, want %q", c.cluster, c.resource, c.key, got, c.want)
		}
	}
	if got := checkpointsID("EXCLUS", "A|B"); got != "|EXCLUS|A%7CB" {
		t.Errorf("checkpointsID = %q", got)
	}
	if got := checkpointsID("EXCLUS", defaultResourceName); got != "EXCLUS|"+defaultResourceName {
		t.Errorf("checkpointsID = %q", got)
	}
}

func TestImportHowToSurvivesAShellAndHCL(t *testing.T) {
	got := importHowTo("exchange_cluster_checkpoint", importID("EXCLUS", "Bob's System Attendant", regkey.Default))
	wantCommand := `  terraform import exchange_cluster_checkpoint.<NAME> 'EXCLUS|Bob'\''s System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'` + "\n"
	if !strings.HasPrefix(got, wantCommand) {
		t.Fatalf("importHowTo =\n%s\nwant it to begin with\n%s", got, wantCommand)
	}
	wantBlock := "import {\n  to = exchange_cluster_checkpoint.<NAME>\n" +
		`  id = "EXCLUS|Bob's System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation"` + "\n}"
	if !strings.Contains(got, wantBlock) {
		t.Fatalf("importHowTo has no import block with the backslashes escaped for HCL:\n%s\nwant\n%s", got, wantBlock)
	}
}

// FuzzImportIDRoundTrip: every legal cluster, resource and key name survives importID and
// parseImportID unchanged (the key in its normal form), and so does the set's ID.
func FuzzImportIDRoundTrip(f *testing.F) {
	f.Add("EXCLUS", defaultResourceName, regkey.Default)
	f.Add("EXCLUS", "A|B", `SOFTWARE\x|y`)
	f.Add("C", "|", `SOFTWARE\|`)
	f.Add("C", "%7C", `SOFTWARE\%25|`)
	f.Add("C", "R%", `SOFTWARE\%`)
	f.Add("C", "||", `SOFTWARE\||%`)
	f.Fuzz(func(t *testing.T, cluster, resource, key string) {
		normal, err := regkey.Normalize(key)
		if checkClusterName(cluster) != "" || checkName(resource, 0) != "" || err != nil {
			return // not a legal name: nothing to round-trip
		}
		id := importID(cluster, resource, key)
		p, err := parseImportID(id)
		if err != nil {
			t.Fatalf("importID(%q, %q, %q) = %q does not parse: %v", cluster, resource, key, id, err)
		}
		if p.cluster != cluster || p.resource != resource || p.key != normal {
			t.Fatalf("importID(%q, %q, %q) = %q parses as %+v", cluster, resource, key, id, p)
		}
		setID := checkpointsID(cluster, resource)
		c2, r2, err := parseCheckpointsImportID(setID)
		if err != nil || c2 != cluster || r2 != resource {
			t.Fatalf("checkpointsID(%q, %q) = %q parses as %q, %q, %v", cluster, resource, setID, c2, r2, err)
		}
	})
}

// FuzzParseImportID: whatever an ID says, what it is accepted as is legal, and writing it
// again names the same checkpoint.
func FuzzParseImportID(f *testing.F) {
	for _, s := range []string{
		defaultResourceName + "|" + regkey.Default, "C|R|" + regkey.Default, "||", "|", "a|b|c|d", "C|R|HKCU\\x", "C|R\x00|K",
		"|C|R%7C|SOFTWARE\\%25", "|R|K%", "|R|K%7", "|%7c|k",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		p, err := parseImportID(id)
		if err != nil {
			return
		}
		if _, kerr := regkey.Normalize(p.key); kerr != nil {
			t.Fatalf("accepted %q with an invalid key: %v", id, kerr)
		}
		if checkName(p.resource, 0) != "" {
			t.Fatalf("accepted %q with an invalid resource name %q", id, p.resource)
		}
		cluster := p.cluster
		if cluster == "" {
			cluster = "HOST"
		} else if checkClusterName(cluster) != "" {
			t.Fatalf("accepted %q with an invalid cluster name %q", id, cluster)
		}
		again, err := parseImportID(importID(cluster, p.resource, p.key))
		if err != nil || again.resource != p.resource || !regkey.Equal(again.key, p.key) {
			t.Fatalf("importID does not round-trip %q: %+v, %v", id, again, err)
		}
		// A plain ID (no leading "|") means what earlier versions read: its parts split on "|".
		if !strings.HasPrefix(id, "|") {
			parts := strings.Split(id, "|")
			if parts[len(parts)-1] != p.key || parts[len(parts)-2] != p.resource {
				t.Fatalf("the plain ID %q parsed as %+v", id, p)
			}
		}
	})
}
