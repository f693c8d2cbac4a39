package winhost

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// runPS runs a script on the node as powershell.exe -NonInteractive would, with errors as
// text, and returns stdout, stderr and the exit code.
func runPS(t *testing.T, n *Node, script string) (string, string, int) {
	t.Helper()
	rs := winps51.NewRunspace(winps51.Options{
		NonInteractive: true,
		ErrorFormat:    winps51.ErrorsText,
		Cmdlets:        n.Cmdlets(),
		Programs:       n.NativePrograms(),
		ComputerName:   n.Name(),
		Host:           n,
	})
	var out, errb bytes.Buffer
	code := rs.RunScript(context.Background(), script, &out, &errb)
	return out.String(), errb.String(), code
}

// mustPS runs a script that must succeed.
func mustPS(t *testing.T, n *Node, script string) string {
	t.Helper()
	out, errs, code := runPS(t, n, script)
	if code != 0 || errs != "" {
		t.Fatalf("script failed (exit %d)\nscript: %s\nstderr: %s\nstdout: %s", code, script, errs, out)
	}
	return out
}

var spaces = regexp.MustCompile(`[ \t]+`)

// tableLines normalises console output for comparison with Microsoft's pages: runs of
// blanks become one, trailing blanks and empty lines go (column widths depend on the
// console; the columns, their order and the cells must not).
func tableLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func assertTable(t *testing.T, got string, want ...string) {
	t.Helper()
	lines := tableLines(got)
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant (blanks normalised):\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
