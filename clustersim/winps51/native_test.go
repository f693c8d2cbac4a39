package winps51

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

func withPrograms(o *Options) {
	o.Programs = map[string]NativeProgram{
		"ntbackup": func(_ context.Context, argv []string, _ io.Reader, stdout, stderr io.Writer) int {
			if strings.Join(argv[1:], " ") == `backup DS \\EXCHSRV IS \\EXCHSRV /t incremental` {
				fmt.Fprint(stderr, "line one\r\nline two\r\n")
				return 2
			}
			fmt.Fprintf(stdout, "ok %s\r\nsecond\r\n", strings.Join(argv, "|"))
			return 0
		},
		"upcase": func(_ context.Context, _ []string, stdin io.Reader, stdout, _ io.Writer) int {
			b, _ := io.ReadAll(stdin)
			fmt.Fprint(stdout, strings.ToUpper(string(b)))
			return 0
		},
	}
}

func TestNativeCommands(t *testing.T) {
	cases := []scriptCase{
		{"stdout lines are strings", `$o = ntbackup backup /t normal; $o.Count; $o[0]; $LASTEXITCODE`, "2\nok ntbackup|backup|/t|normal\n0\n", "", 0},
		{"exe suffix and path", `C:\Windows\System32\ntbackup.exe x`, "ok C:\\Windows\\System32\\ntbackup.exe|x\nsecond\n", "", 0},
		{"stderr as NativeCommandError", `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t incremental; "code $LASTEXITCODE"`, "code 2\n",
			"ntbackup.exe : line one\nAt line:1 char:1\n+ ntbackup backup DS \\\\EXCHSRV IS \\\\EXCHSRV /t incremental; \"code $LAST ...\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : NotSpecified: (line one:String) [], RemoteException\n    + FullyQualifiedErrorId : NativeCommandError\n \nline two\n", 0},
		{"failing exit code sets dollar question", `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t incremental 2>$null; $?`, "False\n", "", 0},
		{"stop preference makes stderr fatal (5.1)", "$ErrorActionPreference = 'Stop'\nntbackup backup DS \\\\EXCHSRV IS \\\\EXCHSRV /t incremental\n'not reached'", "", "line one", 1},
		{"pipeline input is stdin", `'a','b' | upcase`, "A\nB\n", "", 0},
		{"unknown program", `nothere.exe`, "", "The term 'nothere.exe' is not recognized", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, c.script, withPrograms)
			if out != c.out {
				t.Errorf("stdout %q, want %q", out, c.out)
			}
			if (c.err == "") != (errOut == "") || !strings.Contains(errOut, c.err) {
				t.Errorf("stderr %q, want %q", errOut, c.err)
			}
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
		})
	}
}
