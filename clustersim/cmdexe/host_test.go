package cmdexe

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// testHost has a program "args" that prints its argv one per line, and "fail" that exits 3.
func testHost() *Host {
	return &Host{
		ComputerName: "NODE1",
		Programs: map[string]Program{
			"args": func(_ context.Context, argv []string, _ io.Reader, stdout, _ io.Writer) int {
				for _, a := range argv[1:] {
					fmt.Fprintf(stdout, "[%s]\r\n", a)
				}
				return 0
			},
			"fail": func(_ context.Context, _ []string, _ io.Reader, _, stderr io.Writer) int {
				fmt.Fprint(stderr, "failed\r\n")
				return 3
			},
			"upper": func(_ context.Context, _ []string, stdin io.Reader, stdout, _ io.Writer) int {
				b, _ := io.ReadAll(stdin)
				fmt.Fprint(stdout, strings.ToUpper(string(b)))
				return 0
			},
		},
	}
}

func run(t *testing.T, h *Host, cmd wsman.Command) (stdout, stderr string, code int) {
	t.Helper()
	if cmd.User == "" {
		cmd.User = `EXCH\admin`
	}
	var o, e bytes.Buffer
	code = h.Execute(context.Background(), cmd, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

func TestCmdShell(t *testing.T) {
	const notRecognized = "'nosuch' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"
	tests := []struct {
		name, command string
		args          []string
		stdout        string
		stderr        string
		code          int
	}{
		{"hostname", "hostname", nil, "NODE1\r\n", "", 0},
		{"hostname.exe with path", `C:\Windows\system32\HOSTNAME.EXE`, nil, "NODE1\r\n", "", 0},
		{"echo", "echo", []string{"hello", "world"}, "hello world\r\n", "", 0},
		{"echo keeps spaces before &", "echo a  & echo b", nil, "a  \r\nb\r\n", "", 0},
		{"echo.", "echo.", nil, "\r\n", "", 0},
		{"echo.text", "echo.text", nil, "text\r\n", "", 0},
		{"echo alone", "echo", nil, "ECHO is on.\r\n", "", 0},
		{"echo quotes kept", `echo "a & b"`, nil, "\"a & b\"\r\n", "", 0},
		{"caret escapes", `echo a ^& b ^| c ^^`, nil, "a & b | c ^\r\n", "", 0},
		{"exit /b", "exit /b 7", nil, "", "", 7},
		{"exit", "exit 42", nil, "", "", 42},
		{"exit stops the line", "exit 2 & echo no", nil, "", "", 2},
		{"exit alone keeps errorlevel", "fail & exit", nil, "", "failed\r\n", 3},
		{"and", "fail && echo no", nil, "", "failed\r\n", 3},
		{"or", "fail || echo yes", nil, "yes\r\n", "failed\r\n", 0},
		{"and ok", "echo a&&echo b", nil, "a\r\nb\r\n", "", 0},
		{"percent", "echo %COMPUTERNAME% %username% %USERDOMAIN%", nil, "NODE1 admin EXCH\r\n", "", 0},
		{"undefined percent stays", "echo %NOPE% 100%", nil, "%NOPE% 100%\r\n", "", 0},
		{"set is expanded too late", "set X=1 & echo %X%", nil, "%X%\r\n", "", 0},
		{"set then child sees it", "set X=1& cmd /c echo %X%", nil, "1\r\n", "", 0},
		{"set shows", "set COMPUTERNAME", nil, "COMPUTERNAME=NODE1\r\n", "", 0},
		{"set undefined", "set NOPE_", nil, "", "Environment variable NOPE_ not defined\r\n", 1},
		{"unknown", "nosuch", []string{"a"}, "", notRecognized, 1},
		{"unknown then or", "nosuch || echo %ERRORLEVEL%", nil, "0\r\n", notRecognized, 0},
		{"program argv", "args", []string{`a "b c" d\"e`}, "[a]\r\n[b c]\r\n[d\"e]\r\n", "", 0},
		{"program exit code", "fail", nil, "", "failed\r\n", 3},
		{"redirect nul", "fail 2>nul", nil, "", "", 3},
		{"redirect 2>&1", "fail 2>&1", nil, "failed\r\n", "", 3},
		{"pipe", "echo hi | upper", nil, "HI \r\n", "", 0},
		{"outer quotes stripped", `"echo a & echo b"`, nil, "a \r\nb\r\n", "", 0},
		{"nested cmd", `cmd /c "echo x&& exit /b 4"`, nil, "x\r\n", "", 4},
		{"syntax", "& echo x", nil, "", "& was unexpected at this time.\r\n", 255},
		{"file redirect is not simulated", "echo x > out.txt", nil, "", "clustersim: redirection 1>out.txt is not simulated (only nul, 2>&1 and 1>&2)\r\n", 1},
		{"rem", "rem anything & echo", nil, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, e, code := run(t, testHost(), wsman.Command{Command: tt.command, Arguments: tt.args})
			if o != tt.stdout || e != tt.stderr || code != tt.code {
				t.Errorf("got stdout %q stderr %q code %d; want %q %q %d", o, e, code, tt.stdout, tt.stderr, tt.code)
			}
		})
	}
}

func TestLineLimit(t *testing.T) {
	h := testHost()
	ok := "echo " + strings.Repeat("x", maxCmdLine-len("echo "))
	if o, _, code := run(t, h, wsman.Command{Command: ok}); code != 0 || len(o) != maxCmdLine-5+2 {
		t.Fatalf("8191 characters: code %d, %d bytes out", code, len(o))
	}
	o, e, code := run(t, h, wsman.Command{Command: ok + "x"})
	if o != "" || e != "The command line is too long.\r\n" || code != exitLineTooLong {
		t.Fatalf("8192 characters: %q %q %d", o, e, code)
	}
	// The limit applies after %VAR% expansion too.
	h.Env = map[string]string{"BIG": strings.Repeat("z", 5000)}
	if _, e, code := run(t, h, wsman.Command{Command: "echo %BIG%%BIG%"}); code != exitLineTooLong || e != "The command line is too long.\r\n" {
		t.Fatalf("expanded line over the limit: %q %d", e, code)
	}
	// Without cmd.exe there is no such limit.
	if _, _, code := run(t, h, wsman.Command{Command: "args " + strings.Repeat("y", 10000), SkipCmdShell: true}); code != 0 {
		t.Fatalf("skip cmd shell: code %d", code)
	}
}

func TestSkipCmdShell(t *testing.T) {
	h := testHost()
	// No cmd.exe: & and %VAR% reach the program as they are.
	o, _, code := run(t, h, wsman.Command{Command: "args", Arguments: []string{"a&b", "%COMPUTERNAME%"}, SkipCmdShell: true})
	if o != "[a&b]\r\n[%COMPUTERNAME%]\r\n" || code != 0 {
		t.Fatalf("got %q %d", o, code)
	}
	_, e, code := run(t, h, wsman.Command{Command: "echo", Arguments: []string{"x"}, SkipCmdShell: true})
	if code != exitNotRecognized || !strings.Contains(e, "'echo' is not recognized") {
		t.Fatalf("echo is a cmd.exe builtin, not a program: %q %d", e, code)
	}
}

func TestPowerShellStart(t *testing.T) {
	h := testHost()
	h.Counters = &simstats.Counters{}
	h.PSStartCost = 20 * time.Millisecond
	var got Invocation
	var gotStdin string
	h.PowerShell = func(_ context.Context, inv Invocation, stdin io.Reader, stdout, _ io.Writer) int {
		got = inv
		b, _ := io.ReadAll(stdin)
		gotStdin = string(b)
		fmt.Fprint(stdout, "ran\r\n")
		return 5
	}
	script := "Write-Output 'héllo' ; \"x\" | % { $_ }"
	start := time.Now()
	var o, e bytes.Buffer
	code := h.Execute(context.Background(), wsman.Command{
		User: "admin", Command: "powershell.exe",
		Arguments: []string{"-NoProfile", "-NonInteractive", "-EncodedCommand", EncodeCommand(script)},
	}, strings.NewReader("in"), &o, &e)
	if time.Since(start) < h.PSStartCost {
		t.Error("the start cost was not paid")
	}
	if code != 5 || o.String() != "ran\r\n" || e.Len() != 0 {
		t.Fatalf("code %d stdout %q stderr %q", code, o.String(), e.String())
	}
	if got.Script != script || !got.Encoded || !got.NoProfile || !got.NonInteractive || !got.CLIXMLErrors() || got.ComputerName != "NODE1" || gotStdin != "in" {
		t.Fatalf("invocation %+v stdin %q", got, gotStdin)
	}
	if n := h.Counters.PowerShellStarts.Load(); n != 1 {
		t.Fatalf("PowerShellStarts = %d", n)
	}

	// A cancelled start stops during the start cost.
	h.PSStartCost = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if code := h.Execute(ctx, wsman.Command{Command: "powershell -c 1"}, strings.NewReader(""), io.Discard, io.Discard); code != exitTerminated {
		t.Fatalf("cancelled start: code %d", code)
	}
	if n := h.Counters.PowerShellStarts.Load(); n != 2 {
		t.Fatalf("PowerShellStarts = %d", n)
	}
}

func TestPowerShellByPathAndStdin(t *testing.T) {
	h := testHost()
	var got Invocation
	h.PowerShell = func(_ context.Context, inv Invocation, _ io.Reader, _, _ io.Writer) int {
		got = inv
		return 0
	}
	for _, line := range []string{
		`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoProfile -NonInteractive -Command -`,
		`"C:\Windows\System32\WindowsPowerShell\v1.0\PowerShell.EXE" -nop -noni -c -`,
		`powershell -NoProfile -NonInteractive -Command - 2>&1`,
	} {
		got = Invocation{}
		if _, e, code := run(t, h, wsman.Command{Command: line}); code != 0 || e != "" {
			t.Fatalf("%s: %q %d", line, e, code)
		}
		if !got.ScriptFromStdin || !got.NoProfile || !got.NonInteractive || got.Script != "" {
			t.Errorf("%s: %+v", line, got)
		}
	}
}

func TestPowerShellBadSwitch(t *testing.T) {
	h := testHost()
	h.PowerShell = func(context.Context, Invocation, io.Reader, io.Writer, io.Writer) int {
		t.Fatal("the engine must not run after a command-line error")
		return 0
	}
	_, e, code := run(t, h, wsman.Command{Command: "powershell -NoProfile -EncodedCommand @@notbase64"})
	if code != exitPowerShellBadParameter || e != psBadCommandValue+"\r\n" {
		t.Fatalf("got %q %d", e, code)
	}
}

func TestConsoleCodePage(t *testing.T) {
	h := testHost()
	for _, tt := range []struct {
		codepage int
		want     string
	}{
		{65001, "é€\r\n"},
		{437, "\x82?\r\n"}, // é is 0x82 in CP437, which has no euro sign
		{1252, "\xe9\x80\r\n"},
	} {
		o, _, _ := run(t, h, wsman.Command{Command: "echo é€", Codepage: tt.codepage})
		if o != tt.want {
			t.Errorf("code page %d: %q, want %q", tt.codepage, o, tt.want)
		}
	}
	// stdin in code page 437 reaches the program as text.
	var o bytes.Buffer
	h.Execute(context.Background(), wsman.Command{Command: "upper", Codepage: 437}, strings.NewReader("\x82"), &o, io.Discard)
	if o.String() != "\x90" { // É in CP437
		t.Errorf("stdin through CP437: %q", o.String())
	}
}
