package clustersim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Dependencies between the package's files run one way (doc.go lists them in that order):
// no two files use each other's declarations, and no chain of files leads back to where it
// started. A file uses another when it names one of the other's package-level declarations,
// or a field or method declared there.
func TestFilesDependOneWay(t *testing.T) {
	deps := fileDeps(t, ".")
	if len(deps) == 0 {
		t.Fatal("no file uses another: the check sees nothing")
	}
	for _, from := range sortedKeys(deps) {
		for _, to := range sortedKeys(deps[from]) {
			if back := deps[to][from]; back != nil && from < to {
				t.Errorf("%s and %s use each other: %s uses %s; %s uses %s", from, to,
					from, strings.Join(deps[from][to], ", "), to, strings.Join(back, ", "))
			}
		}
	}
	for _, c := range fileCycles(deps) {
		if len(c) > 2 {
			t.Errorf("files in a cycle: %s", strings.Join(c, ", "))
		}
	}
}

// fileDeps maps each non-test file of the package in dir to the files whose declarations
// it uses, and those declarations' names. Imports are stood in for by empty packages: only
// this package's own declarations matter, and type-checking it alone is fast.
func fileDeps(t *testing.T, dir string) map[string]map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: emptyImporter{}, Error: func(error) {}}
	pkg, _ := conf.Check("clustersim", fset, files, info)
	deps := map[string]map[string][]string{}
	seen := map[[3]string]bool{}
	for id, obj := range info.Uses {
		if obj == nil || obj.Pkg() != pkg || !obj.Pos().IsValid() {
			continue
		}
		if obj.Parent() != nil && obj.Parent() != pkg.Scope() {
			continue // a local name; fields and methods have no parent scope
		}
		from := filepath.Base(fset.Position(id.Pos()).Filename)
		to := filepath.Base(fset.Position(obj.Pos()).Filename)
		if from == to || seen[[3]string{from, to, obj.Name()}] {
			continue
		}
		seen[[3]string{from, to, obj.Name()}] = true
		if deps[from] == nil {
			deps[from] = map[string][]string{}
		}
		deps[from][to] = append(deps[from][to], obj.Name())
	}
	for _, m := range deps {
		for _, used := range m {
			sort.Strings(used)
		}
	}
	return deps
}

type emptyImporter struct{}

func (emptyImporter) Import(p string) (*types.Package, error) {
	pkg := types.NewPackage(p, path.Base(p))
	pkg.MarkComplete()
	return pkg, nil
}

// fileCycles returns the strongly connected groups of files (Tarjan), each sorted.
func fileCycles(deps map[string]map[string][]string) [][]string {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = len(index), len(index)
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range sortedKeys(deps[v]) {
			if _, ok := index[w]; !ok {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var group []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				group = append(group, w)
				if w == v {
					break
				}
			}
			sort.Strings(group)
			out = append(out, group)
		}
	}
	for _, v := range sortedKeys(deps) {
		if _, ok := index[v]; !ok {
			visit(v)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
