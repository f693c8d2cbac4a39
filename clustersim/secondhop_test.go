package clustersim

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// A FailoverClusters cmdlet whose -Cluster is served by another node fails in a WinRM
// session whose logon cannot pass credentials on; without -Cluster, or naming this node, it
// works. NTLM (sealed) and Basic logons both hold no delegable credentials.
func TestSecondHopOverWinRM(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	ntlm := clientWith(t, s.URL("NODE1"), func(p *winrm.Parameters) {
		p.TransportDecorator = func() winrm.Transporter {
			enc, err := winrm.NewEncryption("ntlm")
			if err != nil {
				t.Fatal(err)
			}
			return enc
		}
	})
	basic := client(t, s.URL("NODE1"), nil, testPassword)
	name := s.Cluster().Info().Name
	if _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
	const denied = "You do not have administrative privileges on the cluster"
	cases := []struct {
		script string
		fails  bool
	}{
		{"(Get-ClusterResource).Count -gt 0", false},
		{"(Get-ClusterResource -Cluster .).Count -gt 0", false},
		{"(Get-ClusterResource -Cluster NODE1).Count -gt 0", false},
		{"(Get-ClusterResource -Cluster node1.contoso.com).Count -gt 0", false},
		{"(Get-ClusterResource -Cluster " + name + ").Count -gt 0", true},
		{"(Get-ClusterResource -Cluster NODE2).Count -gt 0", true},
		{"(Get-ClusterCheckpoint -Cluster " + strings.ToLower(name) + ").Count", true},
		{"(Get-Cluster -Name " + name + ").Name", true},
		{"(Get-Cluster).Name", false},
	}
	for _, via := range []struct {
		name string
		c    *winrm.Client
	}{{"ntlm", ntlm}, {"basic", basic}} {
		for _, tc := range cases {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			// -EncodedCommand, no stdin: masterzen/winrm's NTLM encryption is not safe with
			// input sent while it receives.
			out, errOut, code, err := via.c.RunPSWithContext(ctx, tc.script)
			cancel()
			if err != nil {
				t.Fatalf("%s: %s: %v", via.name, tc.script, err)
			}
			if tc.fails {
				if !strings.Contains(errOut, denied) || !strings.Contains(errOut, "Access is denied") {
					t.Errorf("%s: %s: want the access denied of a second hop, got %q %q %d", via.name, tc.script, out, errOut, code)
				}
				continue
			}
			if withoutProgress(errOut) != "" || strings.TrimSpace(out) == "" || strings.TrimSpace(out) == "False" {
				t.Errorf("%s: %s: %q %q %d", via.name, tc.script, out, errOut, code)
			}
		}
	}

	// With the core group back on the connected node, the cluster's name resolves to it.
	if _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, "NODE1"); err != nil {
		t.Fatal(err)
	}
	out, errOut, _, err := ntlm.RunPSWithContext(context.Background(), "(Get-Cluster -Name "+name+").Name")
	if err != nil || strings.TrimSpace(out) != name || withoutProgress(errOut) != "" {
		t.Fatalf("-Cluster naming the cluster whose core group is local: %q %q %v", out, errOut, err)
	}
}
