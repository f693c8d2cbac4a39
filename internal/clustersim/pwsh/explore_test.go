package pwsh

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestExplore prints what scripts in $PWSH_EXPLORE (separated by lines of "----") give.
func TestExplore(t *testing.T) {
	f := os.Getenv("PWSH_EXPLORE")
	if f == "" {
		t.Skip("set PWSH_EXPLORE to a file of scripts")
	}
	data, _ := os.ReadFile(f)
	for _, sc := range strings.Split(string(data), "\n----\n") {
		out, errOut, code := run(t, sc, func(o *Options) { o.Cmdlets = testHostCmdlets() })
		fmt.Printf("=== %s\n--- out:\n%s--- err:\n%s--- code: %d\n", sc, out, errOut, code)
	}
}
