package winps51

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// The engine's language tests are script files (testdata/README.md says how to read them
// and how to replay them on a real Windows PowerShell 5.1): testdata/lang holds scripts
// with the output they must give, testdata/errors scripts that must fail to parse.

var update = flag.Bool("update", false, "rewrite testdata/errors/*.err from the parser (review the diff)")

// scriptFile is one script of testdata and the expectations beside it.
type scriptFile struct {
	name string // the path under testdata, without .ps1
	path string // the path without .ps1
	text string // the script
}

func scriptFiles(t *testing.T, dir string) []scriptFile {
	t.Helper()
	var files []scriptFile
	root := filepath.Join("testdata", dir)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".ps1" {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		base := strings.TrimSuffix(path, ".ps1")
		// The script is the file's text without its final line break, as a text file ends.
		script := strings.TrimSuffix(strings.TrimSuffix(string(text), "\n"), "\r")
		files = append(files, scriptFile{name: filepath.ToSlash(strings.TrimSuffix(rel, ".ps1")), path: base, text: script})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no scripts under %s: the table would prove nothing", root)
	}
	return files
}

// expectation reads NAME.ext; a missing file gives ok false.
func expectation(t *testing.T, base, ext string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(base + ext)
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), true
}

func TestScripts(t *testing.T) {
	t.Run("lang", func(t *testing.T) {
		for _, f := range scriptFiles(t, "lang") {
			t.Run(f.name, func(t *testing.T) {
				t.Parallel()
				wantOut, ok := expectation(t, f.path, ".out")
				if !ok {
					t.Fatalf("%s.ps1 has no %s.out", f.name, f.name)
				}
				wantErr, _ := expectation(t, f.path, ".err")
				wantErr = strings.TrimSuffix(wantErr, "\n")
				wantCode := 0
				if s, ok := expectation(t, f.path, ".exit"); ok {
					n, err := strconv.Atoi(strings.TrimSpace(s))
					if err != nil {
						t.Fatalf("%s.exit: %v", f.name, err)
					}
					wantCode = n
				}
				out, errOut, code := run(t, f.text)
				if out != wantOut {
					t.Errorf("stdout:\n got %q\nwant %q", out, wantOut)
				}
				if wantErr == "" && errOut != "" {
					t.Errorf("unexpected stderr: %q", errOut)
				}
				if wantErr != "" && !strings.Contains(errOut, wantErr) {
					t.Errorf("stderr %q does not contain %q", errOut, wantErr)
				}
				if code != wantCode {
					t.Errorf("exit code %d, want %d (stderr %q)", code, wantCode, errOut)
				}
			})
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, f := range scriptFiles(t, "errors") {
			t.Run(f.name, func(t *testing.T) {
				t.Parallel()
				_, err := syntax.Parse(f.text)
				if err == nil {
					t.Fatalf("%s.ps1 parses; it belongs under testdata/lang", f.name)
				}
				var perr *syntax.ParseError
				if !errors.As(err, &perr) {
					t.Fatalf("Parse gave a %T, not a *syntax.ParseError: %v", err, err)
				}
				if *update {
					if werr := os.WriteFile(f.path+".err", []byte(err.Error()+"\n"), 0o644); werr != nil {
						t.Fatal(werr)
					}
				}
				want, ok := expectation(t, f.path, ".err")
				if !ok {
					t.Fatalf("%s.ps1 has no %s.err (go test -run TestScripts -update writes it)", f.name, f.name)
				}
				if got := err.Error(); got != strings.TrimSuffix(want, "\n") {
					t.Errorf("parse error:\n got %q\nwant %q", got, want)
				}
				// powershell.exe runs nothing of a script that does not parse, reports the
				// error (at line:col, with ~ under it) and exits 1.
				out, errOut, code := run(t, f.text)
				if out != "" || code != 1 {
					t.Errorf("ran: stdout %q, exit code %d", out, code)
				}
				at := "At line:" + strconv.Itoa(perr.Line) + " char:" + strconv.Itoa(perr.Col) + "\n"
				if !strings.Contains(errOut, at) || !strings.Contains(errOut, perr.Message) {
					t.Errorf("stderr %q does not show %q at %q", errOut, perr.Message, at)
				}
			})
		}
	})
}
