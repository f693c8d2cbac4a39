package cmdexe

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// FuzzExecute runs whole command lines through the cmd.exe layer: no panic, no hang, and
// output that ends lines with CRLF.
func FuzzExecute(f *testing.F) {
	for _, s := range []string{"echo a & echo b", "set X=1&& set X", "echo.|upper", "fail || exit /b 2", `cmd /c "echo x"`,
		"powershell -nop -ec abc", "args \"a\\\" b\" 2>&1", "rem & echo", "echo %COMPUTERNAME% ^& %x", "exit", "(echo x)", "|", "a 2>"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, line string, skip bool) {
		if len(line) > 10000 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		var o, e bytes.Buffer
		done := make(chan struct{})
		go func() {
			defer close(done)
			testHost().Execute(ctx, wsman.Command{Command: line, SkipCmdShell: skip, User: "u", Codepage: codepageUTF8}, strings.NewReader("in"), &o, &e)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%q hangs", line)
		}
		if utf8.ValidString(line) && !strings.Contains(line, "\n") && !strings.Contains(line, "\r") {
			for _, out := range []string{o.String(), e.String()} {
				if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
					t.Fatalf("%q: a line without CR in %q", line, out)
				}
			}
		}
	})
}
