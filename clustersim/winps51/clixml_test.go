package winps51

import (
	"strings"
	"testing"
)

func clixmlMode(o *Options) { o.ErrorFormat = ErrorsCLIXML }

// TestCLIXMLWriteErrorMatchesCapture compares with what powershell.exe -EncodedCommand wrote
// for a top-level Write-Error (a public capture: the script text, " : ", the message).
func TestCLIXMLWriteErrorMatchesCapture(t *testing.T) {
	_, errOut, code := run(t, `Write-Error "boom test error"; exit 1`, clixmlMode)
	want := "#< CLIXML\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">" +
		progressPreparingModules +
		"<S S=\"Error\">Write-Error \"boom test error\"; exit 1 : boom test error_x000D__x000A_</S>" +
		"<S S=\"Error\">    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException_x000D__x000A_</S>" +
		"<S S=\"Error\">    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException_x000D__x000A_</S>" +
		"<S S=\"Error\"> _x000D__x000A_</S></Objs>"
	if errOut != want {
		t.Errorf("stderr:\n got %q\nwant %q", errOut, want)
	}
	if code != 1 {
		t.Errorf("exit code %d", code)
	}
}

// TestCLIXMLMultiLineScriptWriteError compares with a capture of a three-line script sent
// with -EncodedCommand: every line of the script text is its own record.
func TestCLIXMLMultiLineScriptWriteError(t *testing.T) {
	_, errOut, _ := run(t, "$ProgressPreference = 'SilentlyContinue'\r\nWrite-Error 'the thing is not there & more'\r\nexit 0\r\n", clixmlMode)
	want := `<S S="Error">$ProgressPreference = 'SilentlyContinue'_x000D__x000A_</S>` +
		`<S S="Error">Write-Error 'the thing is not there &amp; more'_x000D__x000A_</S>` +
		`<S S="Error">exit 0_x000D__x000A_</S>` +
		`<S S="Error"> : the thing is not there &amp; more_x000D__x000A_</S>` +
		`<S S="Error">    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException_x000D__x000A_</S>`
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr %q\nlacks %q", errOut, want)
	}
}

func TestCLIXMLEscapes(t *testing.T) {
	cases := map[string]string{
		"a\r\nb":  "a_x000D__x000A_b",
		"<&>":     "&lt;&amp;&gt;",
		"x_x0041": "x_x005F_x0041",
		"tab\t":   "tab_x0009_",
		"it's":    "it's",
		`"q"`:     `"q"`,
	}
	for in, want := range cases {
		if got := clixmlEscape(in); got != want {
			t.Errorf("clixmlEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCLIXMLWarningAndThrow(t *testing.T) {
	_, errOut, code := run(t, "Write-Warning 'careful'\nthrow 'boom'", clixmlMode)
	if !strings.HasPrefix(errOut, "#< CLIXML\n<Objs ") || !strings.HasSuffix(errOut, "</Objs>") {
		t.Fatalf("not one CLIXML document: %q", errOut)
	}
	for _, want := range []string{`<S S="warning">careful</S>`, `<S S="Error">boom_x000D__x000A_</S>`,
		`<S S="Error">At line:2 char:1_x000D__x000A_</S>`, `<S S="Error">+ throw 'boom'_x000D__x000A_</S>`,
		`<S S="Error">    + FullyQualifiedErrorId : boom_x000D__x000A_</S>`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Count(errOut, "#< CLIXML") != 1 {
		t.Errorf("header written more than once")
	}
	if code != 1 {
		t.Errorf("exit code %d", code)
	}
}

func TestCLIXMLProgressOnlyOnce(t *testing.T) {
	_, errOut, code := run(t, "Write-Output 'a' | Out-Null; Write-Output 'b' | Out-Null", clixmlMode)
	if errOut != "#< CLIXML\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"+progressPreparingModules+"</Objs>" {
		t.Errorf("stderr %q", errOut)
	}
	if code != 0 {
		t.Errorf("exit code %d", code)
	}
	if _, errOut, _ := run(t, "Write-Output 'a'"); errOut != "" {
		t.Errorf("text mode writes no progress: %q", errOut)
	}
}

// TestCLIXMLWrapsErrorLinesLikeTheRecording: a long message breaks at the last space before
// column 120, as in the recorded CLIXML of an unknown command (pywinrm
// tests/test_session.py); the short lines after it stay whole.
func TestCLIXMLWrapsErrorLinesLikeTheRecording(t *testing.T) {
	_, errOut, _ := run(t, "fake cmdlet", clixmlMode)
	want := `<S S="Error">fake : The term 'fake' is not recognized as the name of a cmdlet, function, script file, or operable program. Check _x000D__x000A_</S>` +
		`<S S="Error">the spelling of the name, or if a path was included, verify that the path is correct and try again._x000D__x000A_</S>` +
		`<S S="Error">At line:1 char:1_x000D__x000A_</S>` +
		`<S S="Error">+ fake cmdlet_x000D__x000A_</S>` +
		`<S S="Error">+ ~~~~_x000D__x000A_</S>` +
		`<S S="Error">    + CategoryInfo          : ObjectNotFound: (fake:String) [], CommandNotFoundException_x000D__x000A_</S>` +
		`<S S="Error">    + FullyQualifiedErrorId : CommandNotFoundException_x000D__x000A_</S>` +
		`<S S="Error"> _x000D__x000A_</S>`
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr:\n%q\nlacks the recorded lines\n%q", errOut, want)
	}
}

func TestWrapErrorText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{"aaaa bbbb cccc", "aaaa \nbbbb \ncccc"},
		{"abcdefghijk", "abcde\nfghij\nk"},
		{"ab cd\nef", "ab cd\nef"},
	}
	for _, tt := range tests {
		if got := wrapErrorText(tt.in, 5); got != tt.want {
			t.Errorf("wrapErrorText(%q, 5) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
