package clustersim

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pywinrmPython finds a python3 on PATH that can import pywinrm (Debian's python3-winrm).
func pywinrmPython() string {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		python := filepath.Join(dir, "python3")
		if _, err := os.Stat(python); err == nil && exec.Command(python, "-c", "import winrm.protocol").Run() == nil {
			return python
		}
	}
	return ""
}

// pywinrmScript is our own small client script on pywinrm's Protocol (an independent WinRM
// client): it runs a PowerShell command line that writes with Write-Host and Write-Output
// and prints the raw bytes of stdout, as repr.
const pywinrmScript = `
import os, sys
from winrm.protocol import Protocol
p = Protocol(endpoint=sys.argv[1], transport="plaintext", username=sys.argv[2], password=os.environ["SIM_PASSWORD"])
shell = p.open_shell(codepage=65001)
cmd = p.run_command(shell, "powershell.exe", ["-NoProfile", "-Command", "Write-Host hi; Write-Output x"])
out, err, code = p.get_command_output(shell, cmd)
p.cleanup_command(shell, cmd)
p.close_shell(shell)
print(repr(out), code)
`

// TestPywinrmSeesRecordedLineEnds: through pywinrm, Write-Host ends a line with LF and
// Write-Output with CR LF, as the recordings of Windows show (fidelity_test.go).
func TestPywinrmSeesRecordedLineEnds(t *testing.T) {
	python := pywinrmPython()
	if python == "" {
		t.Skip("pywinrm is not installed (Debian package python3-winrm)")
	}
	s := startSim(t, Options{AllowUnencrypted: true})
	cmd := exec.Command(python, "-c", pywinrmScript, s.URL(s.Nodes()[0]), testUser)
	cmd.Env = append(os.Environ(), "SIM_PASSWORD="+testPassword)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pywinrm: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != `b'hi\nx\r\n' 0` {
		t.Errorf("pywinrm saw %s", got)
	}
}
