package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// The walls of the house (shared/design.md), checked on the real import graph so that
// breaking one fails `make test` rather than waiting for a reviewer to notice.

const module = "github.com/exchange-tools/terraform-provider-exchange"

// goPackage is one entry of `go list -deps -test`: a package, or a test variant of one
// ("p [p.test]"), with every package it needs, directly or not.
type goPackage struct {
	ID      string   // as go list prints it, test variants with their bracket
	Path    string   // the import path alone
	Test    bool     // a test variant or a test main
	Imports []string // direct imports, as import paths
	Deps    []string // transitive imports, as import paths
}

// wall is one rule: no package that From matches may depend (transitively, or directly when
// Direct is set) on a package that To matches, unless Except says it may.
type wall struct {
	Name        string
	From        func(goPackage) bool
	To          func(path string) bool
	Direct      bool
	Except      func(goPackage) bool
	Explanation string
}

func under(prefix string) func(string) bool {
	return func(p string) bool { return p == prefix || strings.HasPrefix(p, prefix+"/") }
}

func product(p string) bool {
	return p == module || under(module+"/internal")(p)
}

var walls = []wall{
	{
		Name:        "the simulator never imports the product",
		From:        func(p goPackage) bool { return under(module + "/clustersim")(p.Path) },
		To:          product,
		Explanation: "clustersim models Windows, not this provider: a simulator that knows the product can bend to it",
	},
	{
		Name:        "the product never imports the simulator outside tests",
		From:        func(p goPackage) bool { return product(p.Path) && !p.Test },
		To:          under(module + "/clustersim"),
		Explanation: "the shipped provider must not carry the simulator",
	},
	{
		Name:   "only internal/winclient imports masterzen/winrm",
		From:   func(p goPackage) bool { return !p.Test && strings.HasPrefix(p.Path, module) },
		To:     under("github.com/masterzen/winrm"),
		Direct: true,
		Except: func(p goPackage) bool {
			// winclient is the Windows face; the bench's baseline is the public providers'
			// one-shot client, measured against ours, so it must be theirs.
			return under(module+"/internal/winclient")(p.Path) || p.Path == module+"/tools/bench/baseline"
		},
		Explanation: "one package owns the wire, so that it is logged, counted and retried once",
	},
	{
		Name: "internal/winclient never imports the plugin framework",
		From: func(p goPackage) bool { return under(module + "/internal/winclient")(p.Path) },
		To: func(p string) bool {
			return strings.HasPrefix(p, "github.com/hashicorp/terraform-plugin-")
		},
		Explanation: "the Windows client is usable and testable without Terraform",
	},
	{
		Name: "the wire package imports neither transport nor its parent",
		From: func(p goPackage) bool { return under(module + "/internal/winclient/wsman")(p.Path) },
		To: func(p string) bool {
			// The transports live in winclient itself; recording is the file format the wire
			// writes, and nothing of a transport.
			return under(module+"/internal/winclient")(p) && !under(module+"/internal/winclient/wsman")(p) &&
				p != module+"/internal/winclient/recording"
		},
		Explanation: "the wire posts envelopes whoever built them: a wire that knows WMI or PowerShell grows their rules, and the transports must use it through its exported API",
	},
	{
		Name: "the PowerShell engine's syntax package imports nothing of its runtime",
		From: func(p goPackage) bool { return under(module + "/clustersim/winps51/syntax")(p.Path) },
		To: func(p string) bool {
			return under(module+"/clustersim/winps51")(p) && !under(module+"/clustersim/winps51/syntax")(p)
		},
		Explanation: "the language is parsed the same whatever runs it, as go/parser and starlark-go's syntax are",
	},
}

// violations lists, for every wall, the edges that break it, as "from -> to".
func violations(pkgs []goPackage, walls []wall) map[string][]string {
	out := map[string][]string{}
	for _, w := range walls {
		seen := map[string]bool{}
		for _, p := range pkgs {
			if !w.From(p) || (w.Except != nil && w.Except(p)) {
				continue
			}
			targets := p.Deps
			if w.Direct {
				targets = p.Imports
			}
			for _, d := range targets {
				edge := p.Path + " -> " + d
				if w.To(d) && !seen[edge] {
					seen[edge] = true
					out[w.Name] = append(out[w.Name], edge)
				}
			}
		}
		sort.Strings(out[w.Name])
	}
	return out
}

// stripVariant turns "p [q.test]" into "p".
func stripVariant(id string) string {
	if i := strings.IndexByte(id, ' '); i >= 0 {
		return id[:i]
	}
	return id
}

func listPackages(t *testing.T) []goPackage {
	t.Helper()
	// The go command on PATH, as make test runs it.
	goBin := "go"
	cmd := exec.Command(goBin, "list", "-deps", "-test", "-f",
		"{{.ImportPath}}\t{{.ForTest}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []goPackage
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			t.Fatalf("unexpected go list line %q", sc.Text())
		}
		p := goPackage{ID: f[0], Path: stripVariant(f[0])}
		p.Test = f[1] != "" || strings.HasSuffix(p.Path, ".test") || strings.HasSuffix(p.Path, "_test")
		p.Path = strings.TrimSuffix(p.Path, ".test")
		for _, d := range strings.Fields(f[2]) {
			p.Imports = append(p.Imports, stripVariant(d))
		}
		for _, d := range strings.Fields(f[3]) {
			p.Deps = append(p.Deps, stripVariant(d))
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestWalls(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d packages: the wall check would prove nothing", len(pkgs))
	}
	for _, w := range walls {
		if len(violations(pkgs, []wall{w})[w.Name]) > 0 {
			continue
		}
		// A wall whose From matches nothing guards nothing: say so rather than pass.
		matched := false
		for _, p := range pkgs {
			if w.From(p) {
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("wall %q matches no package: its selector is wrong", w.Name)
		}
	}
	for name, edges := range violations(pkgs, walls) {
		var why string
		for _, w := range walls {
			if w.Name == name {
				why = w.Explanation
			}
		}
		t.Errorf("wall broken: %s (%s):\n  %s", name, why, strings.Join(edges, "\n  "))
	}
}

// TestWallsCatchABreach feeds the checker a graph with one breach of each wall, and the
// legitimate edges beside them, so that a checker that passes everything fails here.
func TestWallsCatchABreach(t *testing.T) {
	pkgs := []goPackage{
		{Path: module + "/clustersim/winhost", Deps: []string{module + "/internal/regkey"}},
		{Path: module + "/internal/provider", Deps: []string{module + "/clustersim"}},
		{Path: module + "/internal/provider", Test: true, Deps: []string{module + "/clustersim"}},
		{Path: module + "/internal/regkey", Imports: []string{"github.com/masterzen/winrm"}},
		{Path: module + "/internal/winclient", Imports: []string{"github.com/masterzen/winrm"},
			Deps: []string{"github.com/masterzen/winrm", "github.com/hashicorp/terraform-plugin-framework/resource"}},
		{Path: module + "/tools/bench/baseline", Imports: []string{"github.com/masterzen/winrm"}},
		{Path: module + "/clustersim/wsman", Test: true, Imports: []string{"github.com/masterzen/winrm"}},
		{Path: module + "/clustersim/winps51/syntax", Deps: []string{module + "/clustersim/winps51"}},
		{Path: module + "/clustersim/winps51", Deps: []string{module + "/clustersim/winps51/syntax"}},
		{Path: module + "/internal/winclient/wsman", Deps: []string{module + "/internal/winclient/recording", module + "/internal/winclient"}},
		{Path: module + "/internal/winclient", Deps: []string{module + "/internal/winclient/wsman"}},
	}
	got := violations(pkgs, walls)
	want := map[string][]string{
		"the simulator never imports the product":                               {module + "/clustersim/winhost -> " + module + "/internal/regkey"},
		"the product never imports the simulator outside tests":                 {module + "/internal/provider -> " + module + "/clustersim"},
		"only internal/winclient imports masterzen/winrm":                       {module + "/internal/regkey -> github.com/masterzen/winrm"},
		"internal/winclient never imports the plugin framework":                 {module + "/internal/winclient -> github.com/hashicorp/terraform-plugin-framework/resource"},
		"the PowerShell engine's syntax package imports nothing of its runtime": {module + "/clustersim/winps51/syntax -> " + module + "/clustersim/winps51"},
		"the wire package imports neither transport nor its parent":             {module + "/internal/winclient/wsman -> " + module + "/internal/winclient"},
	}
	for name, edges := range want {
		if strings.Join(got[name], ";") != strings.Join(edges, ";") {
			t.Errorf("%s: got %q, want %q", name, got[name], edges)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected walls broken: %v", got)
	}
}
