package clustersim

import (
	"context"
	"testing"
)

// BenchmarkRunOverWinRM measures one masterzen/winrm Run (Create, Command, Send, Receive,
// Signal, Delete) against a node, with no latency model.
func BenchmarkRunOverWinRM(b *testing.B) {
	for _, bc := range []struct{ name, command string }{
		{"hostname", "hostname"},
		// The script is quoted: unquoted, cmd.exe would take | as its own pipe.
		{"powershell", `powershell -NoProfile -NonInteractive -Command "Get-ClusterResource -Name 'Microsoft Exchange System Attendant' | ConvertTo-Json -Compress"`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := Start(Options{Username: testUser, Password: testPassword, AllowUnencrypted: true})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			c := client(b, s.URL("NODE1"), nil, testPassword)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, errOut, code, err := c.RunWithContextWithString(context.Background(), bc.command, ""); err != nil || code != 0 {
					b.Fatalf("%v %d %s", err, code, errOut)
				}
			}
			b.StopTimer()
			st := s.Stats()
			b.ReportMetric(float64(st.HTTPRequests)/float64(b.N), "requests/op")
		})
	}
}
