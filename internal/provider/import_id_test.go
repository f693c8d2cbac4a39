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
		{id: sa + `|` + regkey.Default, want: parsedImportID{resource: sa, key: regkey.Default}},
		{id: `EXCLUS|` + sa + `|` + regkey.Default, want: parsedImportID{cluster: "EXCLUS", resource: sa, key: regkey.Default}},
		{id: `exclus.contoso.com|EVS1 System Attendant|HKLM:\SOFTWARE\X\`, want: parsedImportID{cluster: "exclus.contoso.com", resource: "EVS1 System Attendant", key: `HKLM:\SOFTWARE\X\`}},
		{id: ``, wantErr: "1 parts"},
		{id: regkey.Default, wantErr: "1 parts"},
		{id: `a|b|c|d`, wantErr: "4 parts"},
		{id: `|` + regkey.Default, wantErr: "resource name part"},
		{id: `  |` + regkey.Default, wantErr: "resource name part"},
		{id: `|` + sa + `|` + regkey.Default, wantErr: "cluster part"},
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

func TestImportIDRoundTrip(t *testing.T) {
	id := importID("EXCLUS", defaultResourceName, `HKLM\`+regkey.Default+`\`)
	if id != "EXCLUS|"+defaultResourceName+"|"+regkey.Default {
		t.Fatalf("importID = %q", id)
	}
	p, err := parseImportID(id)
	if err != nil || p.cluster != "EXCLUS" || p.resource != defaultResourceName || p.key != regkey.Default {
		t.Fatalf("parseImportID(importID(...)) = %+v, %v", p, err)
	}
}

func TestImportCommandSurvivesAShell(t *testing.T) {
	got := importCommand("EXCLUS", "Bob's System Attendant", regkey.Default)
	want := `terraform import exchange_cluster_checkpoint.<NAME> 'EXCLUS|Bob'\''s System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'`
	if got != want {
		t.Fatalf("importCommand =\n%s\nwant\n%s", got, want)
	}
	block := importBlock("EXCLUS", defaultResourceName, regkey.Default)
	if !strings.Contains(block, `id = "EXCLUS|Microsoft Exchange System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation"`) {
		t.Fatalf("importBlock does not escape backslashes for HCL:\n%s", block)
	}
}

func FuzzParseImportID(f *testing.F) {
	for _, s := range []string{
		defaultResourceName + "|" + regkey.Default, "C|R|" + regkey.Default, "||", "|", "a|b|c|d", "C|R|HKCU\\x", "C|R\x00|K",
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
		}
		again, err := parseImportID(importID(cluster, p.resource, p.key))
		if err != nil || again.resource != p.resource || !regkey.Equal(again.key, p.key) {
			t.Fatalf("importID does not round-trip %q: %+v, %v", id, again, err)
		}
	})
}
