package cmdexe

import (
	"reflect"
	"testing"
)

// Cases from Microsoft's "Parsing C command-line arguments" table and CommandLineToArgvW page.
func TestCommandLineToArgv(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{`prog "abc" d e`, []string{"prog", "abc", "d", "e"}},
		{`prog a\\b d"e f"g h`, []string{"prog", `a\\b`, "de fg", "h"}},
		{`prog a\\\"b c d`, []string{"prog", `a\"b`, "c", "d"}},
		{`prog a\\\\"b c" d e`, []string{"prog", `a\\b c`, "d", "e"}},
		{`prog a"b"" c d`, []string{"prog", `ab"`, "c", "d"}},
		{`"C:\Program Files\x.exe" -a`, []string{`C:\Program Files\x.exe`, "-a"}},
		{`C:\dir\prog.exe "C:\temp\" x`, []string{`C:\dir\prog.exe`, `C:\temp" x`}},
		{`prog  a	 b  `, []string{"prog", "a", "b"}},
		{` prog a`, []string{"", "prog", "a"}},
		{`prog ""`, []string{"prog", ""}},
		{`prog`, []string{"prog"}},
		{`pro"g x"y z`, []string{"prog xy", "z"}},
	}
	for _, tt := range tests {
		if got := CommandLineToArgv(tt.line); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CommandLineToArgv(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestQuoteArgRoundTrip(t *testing.T) {
	args := []string{"", "a b", `a"b`, `a\`, `a\\" b`, `C:\Program Files\`, "tab\there", `\\server\share`, `"`}
	line := "prog"
	for _, a := range args {
		line += " " + QuoteArg(a)
	}
	got := CommandLineToArgv(line)
	if !reflect.DeepEqual(got[1:], args) {
		t.Fatalf("round trip of %q through %q gave %q", args, line, got[1:])
	}
}

func FuzzCommandLineToArgv(f *testing.F) {
	for _, s := range []string{`a "b c" d`, `a\\\"b`, `"x""y"`, `\\"`, "", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		argv := CommandLineToArgv(s)
		if len(argv) == 0 {
			t.Fatal("argv is never empty")
		}
		// Re-quoting the arguments must give them back (argv[0] has its own rules).
		line := "p"
		for _, a := range argv[1:] {
			line += " " + QuoteArg(a)
		}
		if back := CommandLineToArgv(line); !reflect.DeepEqual(back[1:], argv[1:]) && len(argv) > 1 {
			t.Fatalf("%q -> %q -> %q -> %q", s, argv[1:], line, back[1:])
		}
	})
}
