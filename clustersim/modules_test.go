package clustersim

import (
	"context"
	"strings"
	"testing"
)

// A node without the FailoverClusters module: its cmdlets are not recognized, with 5.1's
// CommandNotFoundException; the rest of PowerShell works.
func TestWithoutFailoverClustersModule(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, WithoutModules: []string{"failoverclusters"}})
	c := client(t, s.URL("NODE1"), nil, testPassword)
	script := "Get-ClusterResource\r\n"
	_, errOut, _, err := c.RunWithContextWithString(context.Background(), "powershell -NoProfile -NonInteractive -Command -", script)
	if err != nil {
		t.Fatal(err)
	}
	want := "The term 'Get-ClusterResource' is not recognized as the name of a cmdlet, function, script file, or operable program."
	if !strings.Contains(errOut, want) || !strings.Contains(errOut, "FullyQualifiedErrorId : CommandNotFoundException") {
		t.Fatalf("stderr = %q, want 5.1's CommandNotFoundException", errOut)
	}
	script = "$null -eq (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue)\r\n@(Get-Module -ListAvailable -Name FailoverClusters).Count\r\n(Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion').CurrentVersion -ne $null\r\n"
	out, errOut, _, err := c.RunWithContextWithString(context.Background(), "powershell -NoProfile -NonInteractive -Command -", script)
	if err != nil || out != "True\r\n0\r\nTrue\r\n" || errOut != "" {
		t.Fatalf("lookups without the module: %q %q %v", out, errOut, err)
	}

	if _, err := Start(Options{Username: testUser, Password: testPassword, WithoutModules: []string{"NoSuchModule"}}); err == nil ||
		!strings.Contains(err.Error(), "NoSuchModule") || !strings.Contains(err.Error(), "FailoverClusters") {
		t.Fatalf("an unknown module: %v", err)
	}
}

// Options.UTF8BOM: stdout of a command in a shell of code page 65001 begins with a BOM.
func TestUTF8BOMOption(t *testing.T) {
	for _, bom := range []bool{false, true} {
		s := startSim(t, Options{AllowUnencrypted: true, UTF8BOM: bom})
		out, _, code := runCmd(t, client(t, s.URL("NODE1"), nil, testPassword), "hostname")
		want := "NODE1\r\n"
		if bom {
			want = "\ufeff" + want
		}
		if out != want || code != 0 {
			t.Errorf("UTF8BOM %v: stdout %q, want %q", bom, out, want)
		}
	}
}
