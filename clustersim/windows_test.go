package clustersim

import (
	"context"
	"strings"
	"testing"
)

// Each release answers as its documents say: root\MSCluster's 2012 properties only from
// 2012 R2, the in-box PowerShell's version, ConvertTo-Json only from 3.0, WinRM's quotas.
func TestWindowsReleases(t *testing.T) {
	for _, w := range WindowsReleases {
		t.Run(string(w), func(t *testing.T) {
			s := startSim(t, Options{AllowUnencrypted: true, Windows: w})
			url := s.URL("NODE1")
			pages := enumerateAll(t, url, uriResource, "", 50)
			has2012 := strings.Contains(pages[0], "<p:OwnerGroup>") && strings.Contains(pages[0], "<p:OwnerNode>")
			if has2012 != (w != Windows2008R2) {
				t.Errorf("OwnerGroup/OwnerNode present: %v", has2012)
			}
			cl := enumerateAll(t, url, wmiClassURIForTest("MSCluster_Cluster"), "", 50)
			if strings.Contains(cl[0], "<p:Fqdn>") != (w != Windows2008R2) {
				t.Errorf("MSCluster_Cluster.Fqdn: %s", cl[0])
			}
			c := client(t, url, nil, testPassword)
			out, _, _, err := c.RunWithContextWithString(context.Background(), `powershell -NoProfile -NonInteractive -Command "[string]$PSVersionTable.PSVersion.Major + ' ' + [string](Get-Command ConvertTo-Json -ErrorAction SilentlyContinue).Name"`, "")
			if err != nil {
				t.Fatal(err)
			}
			want := map[Windows]string{Windows2008R2: "2 ", Windows2012R2: "4 ConvertTo-Json"}[w]
			if want == "" {
				want = "5 ConvertTo-Json"
			}
			if got := strings.TrimSpace(out); got != strings.TrimSpace(want) {
				t.Errorf("PowerShell: %q, want %q", got, want)
			}
			// PowerShell 2.0's console wraps output at 80 columns, inside words too.
			long, _, _, err := c.RunWithContextWithString(context.Background(), `powershell -NoProfile -NonInteractive -Command "'x' * 90"`, "")
			if err != nil {
				t.Fatal(err)
			}
			if wrapped := strings.Contains(long, strings.Repeat("x", 80)+"\r\nxxxxxxxxxx"); wrapped != (w == Windows2008R2) {
				t.Errorf("90 characters came back as %q", long)
			}
			if got, want := s.opts.MaxShellsPerUser, map[Windows]int{Windows2008R2: 5}[w]; got != want {
				t.Errorf("MaxShellsPerUser %d, want %d", got, want)
			}
			if s.opts.StdinCommandHangs != (w == Windows2016) {
				t.Errorf("stdin hang: %v", s.opts.StdinCommandHangs)
			}
		})
	}
	if _, err := ParseWindows("2003"); err == nil {
		t.Error("an unknown release is taken")
	}
}

func wmiClassURIForTest(class string) string {
	return strings.TrimSuffix(uriResource, "MSCluster_Resource") + class
}
