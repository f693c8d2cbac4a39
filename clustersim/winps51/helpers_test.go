package winps51

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// run runs a script in a fresh runspace and returns stdout, stderr (CR LF turned into LF)
// and the exit code.
func run(t *testing.T, script string, opts ...func(*Options)) (string, string, int) {
	t.Helper()
	o := Options{NonInteractive: true, ComputerName: "NODE1"}
	for _, f := range opts {
		f(&o)
	}
	rs := NewRunspace(o)
	var out, errb bytes.Buffer
	code := rs.RunScript(context.Background(), script, &out, &errb)
	return strings.ReplaceAll(out.String(), "\r\n", "\n"), strings.ReplaceAll(errb.String(), "\r\n", "\n"), code
}

type scriptCase struct {
	name   string
	script string
	out    string
	err    string // substring expected in stderr ("" means stderr must be empty)
	code   int
}

func runCases(t *testing.T, cases []scriptCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, c.script, func(o *Options) { o.Cmdlets = testHostCmdlets() })
			if out != c.out {
				t.Errorf("stdout:\n got %q\nwant %q", out, c.out)
			}
			if c.err == "" && errOut != "" {
				t.Errorf("unexpected stderr: %q", errOut)
			}
			if c.err != "" && !strings.Contains(errOut, c.err) {
				t.Errorf("stderr %q does not contain %q", errOut, c.err)
			}
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, errOut)
			}
		})
	}
}
