package winclient

import (
	"strings"
	"testing"

	"github.com/masterzen/winrm"
)

func TestCommandRequestOptionsAndEscaping(t *testing.T) {
	params := winrm.NewParameters("PT20S", "en-US", 153600)
	tests := []struct {
		name string
		o    commandOptions
		want []string
	}{
		{"pipe mode through cmd.exe", commandOptions{}, []string{
			`<w:Option Name="WINRS_CONSOLEMODE_STDIN">FALSE</w:Option>`, `<w:Option Name="WINRS_SKIP_CMD_SHELL">FALSE</w:Option>`}},
		{"console mode without cmd.exe", commandOptions{consoleModeStdin: true, skipCmdShell: true}, []string{
			`<w:Option Name="WINRS_CONSOLEMODE_STDIN">TRUE</w:Option>`, `<w:Option Name="WINRS_SKIP_CMD_SHELL">TRUE</w:Option>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xml := newCommandRequest("http://h:5985/wsman", "S1", `a&b<c]]>`, []string{`"x" & y`}, params, tt.o).String()
			for _, w := range append(tt.want,
				`<rsp:Command>a&amp;b&lt;c]]&gt;</rsp:Command>`,
				`<rsp:Arguments>&#34;x&#34; &amp; y</rsp:Arguments>`,
				`<w:Selector Name="ShellId">S1</w:Selector>`,
				`http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command</a:Action>`) {
				if !strings.Contains(xml, w) {
					t.Errorf("request lacks %s:\n%s", w, xml)
				}
			}
		})
	}
}

func TestEncodedCommandRoundTrips(t *testing.T) {
	line := "try { 'é€😀' } finally { '" + endMarker + "ab' }"
	prog, args := encodedCommand(line)
	if prog != powershellPath || args[len(args)-2] != "-EncodedCommand" {
		t.Fatalf("%s %v", prog, args)
	}
	if got, ok := decodeUTF16Base64(args[len(args)-1]); !ok || got != line {
		t.Errorf("decoded %q, want %q", got, line)
	}
	if n := commandLineLength(prog, args); n != len(prog)+len(strings.Join(args, " "))+1 {
		t.Errorf("length %d", n)
	}
}
