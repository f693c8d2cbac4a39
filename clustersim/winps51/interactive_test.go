package winps51

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestInteractiveRunsEachLineAndSurvivesErrors(t *testing.T) {
	rs := NewRunspace(Options{NonInteractive: true})
	in := strings.NewReader("$x = 2\n$x * 3\nthrow 'bad'\n\"still $x\"\nif ($true) {\n'inside'\n}\n\n'after'\nexit 4\n'never'\n")
	var out, errb bytes.Buffer
	code := rs.RunInteractive(context.Background(), in, &out, &errb)
	if code != 4 {
		t.Errorf("exit code %d, want 4", code)
	}
	want := "6\r\nstill 2\r\ninside\r\nafter\r\n"
	if out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
	if !strings.Contains(errb.String(), "bad") {
		t.Errorf("stderr %q lacks the thrown error", errb.String())
	}
}

// TestInteractiveFlushesPerStatement checks that the output of a line is written before
// the next line is read (the Windows client reads up to a marker line).
func TestInteractiveFlushesPerStatement(t *testing.T) {
	rs := NewRunspace(Options{NonInteractive: true})
	pr, pw := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		done <- rs.RunInteractive(context.Background(), pr, outW, io.Discard)
		outW.Close()
	}()
	if _, err := io.WriteString(pw, "'marker-1'\n"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	deadline := time.After(2 * time.Second)
	got := make(chan string)
	go func() {
		n, _ := outR.Read(buf)
		got <- string(buf[:n])
	}()
	select {
	case s := <-got:
		if s != "marker-1\r\n" {
			t.Errorf("first output %q", s)
		}
	case <-deadline:
		t.Fatal("no output before the next line was sent")
	}
	pw.Close()
	go func() {
		// Drain the rest so the runspace can finish; what it says after the marker is not checked.
		_, _ = io.Copy(io.Discard, outR)
	}()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestInteractiveStopsOnCancel(t *testing.T) {
	rs := NewRunspace(Options{NonInteractive: true})
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- rs.RunInteractive(ctx, pr, io.Discard, io.Discard) }()
	if _, err := io.WriteString(pw, "while ($true) { }\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("the engine did not stop on cancellation")
	}
}

func runInteractive(t *testing.T, input string) (string, string, int) {
	t.Helper()
	rs := NewRunspace(Options{NonInteractive: true})
	var out, errb bytes.Buffer
	code := rs.RunInteractive(context.Background(), strings.NewReader(input), &out, &errb)
	return strings.ReplaceAll(out.String(), "\r\n", "\n"), strings.ReplaceAll(errb.String(), "\r\n", "\n"), code
}

func TestInteractiveQuirksOf51(t *testing.T) {
	cases := []struct {
		name, input, out, err string
		code                  int
	}{
		// PowerShell/PowerShell#3223: a multi-line statement needs an empty line; the
		// lines after it join it, and what is pending at the end is not run.
		{"multi-line without empty line swallows the rest", "\"first\"\n\"hi\" |\n  % { \"$_ there\" }\n\"last\"\n", "first\n", "", 0},
		{"empty line ends it", "\"first\"\n\"hi\" |\n  % { \"$_ there\" }\n\n\"last\"\n", "first\nhi there\nlast\n", "", 0},
		// PowerShell/PowerShell#2068: a brace on the next line does not continue a function.
		{"brace on next line", "function foo\n{\n  'body'\n}\n\nfoo\n", "\n  'body'\n\n", "Missing function body in function declaration.", 1},
		{"variables persist", "$a = 1\n$a += 1\n$a\n", "2\n", "", 0},
		{"error does not stop the reading", "$ErrorActionPreference = 'Stop'\nWrite-Error 'e1'\n'next'\n", "next\n", "e1", 0},
		{"parse error keeps exit code", "'ok'\n'a' 'b'\n", "ok\n", "Unexpected token", 0},
		{"last statement failing", "'ok'\nthrow 'x'\n", "ok\n", "x", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runInteractive(t, c.input)
			if out != c.out {
				t.Errorf("stdout %q, want %q", out, c.out)
			}
			if (c.err == "") != (errOut == "") || !strings.Contains(errOut, c.err) {
				t.Errorf("stderr %q, want it to contain %q", errOut, c.err)
			}
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
		})
	}
}

func TestRunScriptCallsShareTheRunspace(t *testing.T) {
	rs := NewRunspace(Options{NonInteractive: true})
	var out bytes.Buffer
	rs.RunScript(context.Background(), "$kept = 41; function Get-Kept { $kept + 1 }", &out, io.Discard)
	if code := rs.RunScript(context.Background(), "Get-Kept", &out, io.Discard); code != 0 || out.String() != "42\r\n" {
		t.Errorf("second run: code %d, output %q", code, out.String())
	}
}
