package winps51

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// FuzzParseErrorView: whatever parse error a script has, powershell.exe's rendering of it
// (the line, ~ under the extent) never fails.
func FuzzParseErrorView(f *testing.F) {
	for _, s := range []string{"$(", "@{", "{", "'", "\"", "[", "(", "<#", "$x.", "1 +", "a | ", "\r\n(", "if ($a) {\n\t\t", "@'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		if _, perr := parseScript(script); perr != nil {
			_ = parseErrorToPS(perr, syntax.NewSource(script)).consoleText()
		}
	})
}

// FuzzRun: running arbitrary (short) scripts never panics the host and ends.
func FuzzRun(f *testing.F) {
	for _, s := range []string{"1..3 | % { $_ }", "$a = @{}; $a.b.c = 1", "[int]'x'", "throw $null", "'a' * 3", "1/0", "$x[0][1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		if len(script) > 200 || strings.Contains(script, "..") || strings.Contains(script, "while") || strings.Contains(script, "for") || strings.Contains(script, "sleep") || strings.Contains(script, "*") {
			return
		}
		_, errOut, _ := run(t, script)
		if strings.Contains(errOut, engineFailureText) {
			t.Fatalf("engine failure on %q: %s", script, errOut)
		}
	})
}

// TestSelfContainingValuesDoNotOverflow: Go cannot recover from a stack overflow, so
// cyclic values must be bounded everywhere the engine walks them.
func TestSelfContainingValuesDoNotOverflow(t *testing.T) {
	for _, script := range []string{
		`$a = @(1); $a[0] = $a; "$a".Length -gt 0; if ($a) { 'truthy' }; $a.Foo; $a | ConvertTo-Json -Depth 5 | Out-Null`,
		`$o = [pscustomobject]@{a=1}; $o.a = $o; "$o".Length -gt 0; $o | ConvertTo-Json -Depth 100 -Compress | Out-Null; $o`,
		`$h = @{}; $h.self = $h; $h | ConvertTo-Json -Depth 100 | Out-Null; $h`,
	} {
		_, errOut, _ := run(t, script)
		if strings.Contains(errOut, engineFailureText) {
			t.Errorf("%s: %s", script, errOut)
		}
	}
}
