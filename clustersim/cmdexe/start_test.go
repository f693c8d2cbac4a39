package cmdexe

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

func TestCheckStart(t *testing.T) {
	h := &Host{ComputerName: "NODE1"}
	long := strings.Repeat("a", maxProcessCommandLine)
	tests := []struct {
		name string
		cmd  wsman.Command
		want uint32 // 0: starts
	}{
		{"cmd.exe line", wsman.Command{Command: "powershell.exe -NoProfile -Command -"}, 0},
		{"cmd.exe line past cmd's own limit still starts cmd.exe", wsman.Command{Command: "echo " + strings.Repeat("a", 9000)}, 0},
		{"past the process limit with cmd.exe", wsman.Command{Command: "echo", Arguments: []string{long}}, wsman.CodeFilenameTooLong},
		{"bare program without cmd.exe", wsman.Command{Command: "powershell.exe", Arguments: []string{"Write-Host", "hi"}, SkipCmdShell: true}, wsman.CodeFileNotFound},
		{"full path without cmd.exe", wsman.Command{Command: `C:\Windows\system32\WindowsPowerShell\v1.0\powershell.exe`, Arguments: []string{"Write-Host", "hi"}, SkipCmdShell: true}, 0},
		{"quoted full path without cmd.exe", wsman.Command{Command: `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile`, SkipCmdShell: true}, 0},
		{"unknown program by path", wsman.Command{Command: `C:\tools\nothere.exe`, SkipCmdShell: true}, wsman.CodeFileNotFound},
		{"past the process limit without cmd.exe", wsman.Command{Command: `C:\Windows\System32\hostname.exe`, Arguments: []string{long}, SkipCmdShell: true}, wsman.CodeFilenameTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := h.CheckStart(tt.cmd)
			switch {
			case tt.want == 0 && e != nil:
				t.Errorf("refused: %v", e)
			case tt.want != 0 && (e == nil || e.Code != tt.want):
				t.Errorf("got %v, want code %d", e, tt.want)
			}
		})
	}
}
