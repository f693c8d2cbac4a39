package winps51

import (
	"bytes"
	"context"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// Native commands: programs of the node run from PowerShell, as 5.1 runs an .exe whose
// output is redirected (always the case behind WinRM).

// nativeProgram finds a program by the name a command used (a path and .exe allowed).
func (s *runspaceState) nativeProgram(name string) (NativeProgram, bool) {
	w := name
	if i := strings.LastIndexAny(w, `\/`); i >= 0 {
		w = w[i+1:]
	}
	w = strings.ToLower(w)
	for _, ext := range []string{".exe", ".com"} {
		w = strings.TrimSuffix(w, ext)
	}
	p, ok := s.opts.Programs[w]
	return p, ok && p != nil
}

type nativeStage struct {
	s     *runspaceState
	prog  NativeProgram
	name  string
	argv  []string
	c     *syntax.CommandAst
	sc    *scope
	out   emitter
	input []string
}

func (s *runspaceState) newNativeStage(prog NativeProgram, name string, c *syntax.CommandAst, args []argument, sc *scope, out emitter) *nativeStage {
	argv := []string{name}
	for _, a := range args {
		if a.name != "" {
			p := "-" + a.name
			if a.colon && a.hasValue {
				argv = append(argv, p+":"+toStr(a.value))
				continue
			}
			argv = append(argv, p)
		}
		if a.hasValue {
			for _, v := range asList(a.value) {
				argv = append(argv, toStr(v))
			}
		}
	}
	return &nativeStage{s: s, prog: prog, name: name, argv: argv, c: c, sc: sc, out: out}
}

func (n *nativeStage) begin()          {}
func (n *nativeStage) process(v Value) { n.input = append(n.input, toStr(v)) }
func (n *nativeStage) processNoInput() {}

func (n *nativeStage) end() {
	s := n.s
	var stdin bytes.Buffer
	for _, l := range n.input {
		stdin.WriteString(l + "\r\n")
	}
	var stdout, stderr bytes.Buffer
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	code := n.prog(ctx, n.argv, &stdin, &stdout, &stderr)
	for _, l := range splitOutputLines(stdout.String()) {
		n.out(l)
	}
	display := n.name
	if i := strings.LastIndexAny(display, `\/`); i >= 0 {
		display = display[i+1:]
	}
	if !strings.Contains(display, ".") {
		display += ".exe"
	}
	for i, l := range splitOutputLines(stderr.String()) {
		e := newError(l, "System.Management.Automation.RemoteException", "NativeCommandError", "NotSpecified", n.c.Ext)
		e.rec.TargetObject = l
		e.cmd = display
		e.noActivity = true
		if i > 0 {
			// Later lines show as their text alone (the error view's
			// NativeCommandErrorMessage case).
			e.rec.FullyQualifiedErrorID = "NativeCommandErrorMessage"
			e.bare = true
		}
		s.stmtFailed = true
		s.nonTerminating(e, strings.ToLower(toStr(s.getVar(n.sc, "ErrorActionPreference"))))
	}
	s.global.setLocal("LASTEXITCODE", code)
	if code != 0 {
		s.stmtFailed = true
	}
}

// splitOutputLines splits program output into lines as PowerShell reads them.
func splitOutputLines(text string) []string {
	if text == "" {
		return nil
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.TrimSuffix(text, "\n")
	return strings.Split(text, "\n")
}
