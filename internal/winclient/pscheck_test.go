package winclient

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The scripts as sent (assembled, comments dropped) and the invocation lines parse with a
// real PowerShell grammar (tools/pscheck: tree-sitter-powershell), like the .ps1 files that
// `make pscheck` checks.
func TestAssembledScriptsParse(t *testing.T) {
	checker, err := filepath.Abs("../../tools/pscheck/pscheck.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(checker), "node_modules")); err != nil {
		t.Skip("tools/pscheck is not installed (make pscheck installs it): ", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: ", err)
	}
	dir := t.TempDir()
	var files []string
	for _, op := range scriptOps {
		for name, text := range map[string]string{
			op + ".ps1":      script(op),
			op + "-line.ps1": invocationLine(op, scriptInput{Cluster: "c'l", Resource: "r\"s", Key: `SOFTWARE\k`}, newNonce()),
		} {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
	}
	out, err := exec.Command(node, append([]string{checker}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("pscheck: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
