package winps51

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// runspaceState is one powershell.exe process: its global scope, its commands and, while a
// script runs, its output streams.
type runspaceState struct {
	mu      sync.Mutex
	opts    Options
	global  *scope
	cmdlets map[string]*Cmdlet // by lower-case name: built-in and host cmdlets
	loaded  map[string]bool    // modules imported or autoloaded
	env     map[string]string
	errors  []Value // $Error, newest first
	strict  bool    // Set-StrictMode: reading an unset variable fails
	// modulesPrepared: the first module load (and its progress record) happened.
	modulesPrepared bool

	// per run
	ctx        context.Context
	stdout     io.Writer
	stderr     io.Writer
	out        *outDefault
	clixml     bool // the CLIXML header was written
	scriptText string
	lastFailed bool // $? of the last statement was false
	callDepth  int
	steps      int
	tryDepth   int
	stmtFailed bool
	// errRedirect / warnRedirect replace the error and warning streams while a
	// redirection (2>&1, 2>$null, 3>$null) is in force.
	errRedirect  func(*psError)
	warnRedirect func(string)
}

func newRunspaceState(opts Options) *runspaceState {
	s := &runspaceState{opts: opts, global: newScope(nil), cmdlets: map[string]*Cmdlet{}, loaded: map[string]bool{}}
	for _, c := range builtinCmdlets() {
		s.cmdlets[strings.ToLower(c.Name)] = c
	}
	if major, _, _ := strings.Cut(opts.Version, "."); major == "1" || major == "2" {
		for _, name := range Version2Absent {
			delete(s.cmdlets, strings.ToLower(name))
		}
	}
	for _, c := range opts.Cmdlets {
		s.cmdlets[strings.ToLower(c.Name)] = c
	}
	computer := opts.ComputerName
	if computer == "" {
		computer = "localhost"
	}
	s.env = map[string]string{
		"computername": computer, "username": "Administrator", "userdomain": "CONTOSO",
		"systemroot": `C:\Windows`, "windir": `C:\Windows`, "temp": `C:\Windows\TEMP`, "tmp": `C:\Windows\TEMP`,
		"psmodulepath": `C:\Windows\system32\WindowsPowerShell\v1.0\Modules`, "os": "Windows_NT",
		"processor_architecture": "AMD64", "number_of_processors": "2", "pathext": ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC;.CPL",
		"path": `C:\Windows\system32;C:\Windows;C:\Windows\System32\Wbem;C:\Windows\System32\WindowsPowerShell\v1.0\`,
	}
	s.initGlobals()
	return s
}

func (s *runspaceState) initGlobals() {
	g := s.global
	g.setLocal("ErrorActionPreference", "Continue")
	g.setLocal("ProgressPreference", "Continue")
	g.setLocal("WarningPreference", "Continue")
	g.setLocal("VerbosePreference", "SilentlyContinue")
	g.setLocal("DebugPreference", "SilentlyContinue")
	g.setLocal("ConfirmPreference", "High")
	g.setLocal("WhatIfPreference", false)
	g.setLocal("LASTEXITCODE", nil)
	g.setLocal("OFS", " ")
	g.setLocal("PSVersionTable", psVersionTable(s.opts.Version, s.opts.BuildVersion))
	g.setLocal("Host", NewObject("System.Management.Automation.Internal.Host.InternalHost", "Name", "ConsoleHost", "Version", "5.1.17763.1432"))
	g.setLocal("PID", 4242)
	g.setLocal("PWD", `C:\Users\Administrator\Documents`)
	g.setLocal("HOME", `C:\Users\Administrator`)
	g.setLocal("PSHOME", `C:\Windows\System32\WindowsPowerShell\v1.0`)
	g.setLocal("ShellId", "Microsoft.PowerShell")
	g.setLocal("Matches", nil)
	g.setLocal("PSScriptRoot", "")
	g.setLocal("PSCommandPath", "")
	g.setLocal("PSEdition", "Desktop")
	g.setLocal("PSCulture", "en-US")
	g.setLocal("PSUICulture", "en-US")
	g.setLocal("NestedPromptLevel", 0)
	g.setLocal("FormatEnumerationLimit", formatEnumerationLimit)
	g.setLocal("ErrorView", "NormalView")
	g.setLocal("PSDefaultParameterValues", NewHashtable(false))
	g.setLocal("MyInvocation", NewObject("System.Management.Automation.InvocationInfo", "MyCommand", "", "InvocationName", "", "Line", "", "BoundParameters", NewHashtable(false)))
}

func psVersionTable(psVersion, build string) *Hashtable {
	if psVersion == "" {
		psVersion = "5.1.17763.1432"
	}
	if build == "" {
		build = "10.0.17763.1432"
	}
	h := NewHashtable(false)
	ver := func(s string) *Object {
		o := NewObject("System.Version")
		parts := strings.Split(s, ".")
		names := []string{"Major", "Minor", "Build", "Revision"}
		for i, n := range names {
			v := -1
			if i < len(parts) {
				if _, err := fmt.Sscan(parts[i], &v); err != nil {
					v = -1
				}
			}
			o.Props = append(o.Props, Property{n, v})
		}
		o.Str = func() string { return s }
		o.DefaultDisplay = []string{"Major", "Minor", "Build", "Revision"}
		return o
	}
	h.Set("PSVersion", ver(psVersion))
	h.Set("PSEdition", "Desktop")
	compatible := []Value{}
	for _, v := range []string{"1.0", "2.0", "3.0", "4.0", "5.0"} {
		if v < psVersion {
			compatible = append(compatible, ver(v))
		}
	}
	h.Set("PSCompatibleVersions", append(compatible, ver(psVersion)))
	h.Set("BuildVersion", ver(build))
	h.Set("CLRVersion", ver("4.0.30319.42000"))
	h.Set("WSManStackVersion", ver("3.0"))
	h.Set("PSRemotingProtocolVersion", ver("2.3"))
	h.Set("SerializationVersion", ver("1.1.0.1"))
	return h
}

// begin sets the streams of a run.
func (s *runspaceState) begin(ctx context.Context, stdout, stderr io.Writer) {
	s.ctx, s.stdout, s.stderr = ctx, stdout, stderr
	s.out = newOutDefault(s)
	s.clixml = false
}

// finish closes the CLIXML document, if one was started.
func (s *runspaceState) finish() {
	s.out.flush()
	if s.clixml {
		consoleWrite(s.stderr, "</Objs>")
		s.clixml = false
	}
}

func (s *runspaceState) runScript(ctx context.Context, script string, stdout, stderr io.Writer) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.begin(ctx, stdout, stderr)
	defer s.finish()
	code, _ := s.runChunk(script)
	return code
}

// runChunk parses and runs one command text (a whole script, or one interactive statement)
// and reports the exit code and whether exit ran.
func (s *runspaceState) runChunk(script string) (code int, exited bool) {
	sb, perr := parseScript(script)
	if perr != nil {
		s.writeErrorRecord(parseErrorToPS(perr, syntax.NewSource(script)))
		return 1, false
	}
	return s.runParsed(script, sb)
}

// runLine runs one statement of interactive input: a parse error is reported but leaves the
// exit code as it was (see unconfirmed.go).
func (s *runspaceState) runLine(script string, code int) (int, bool) {
	sb, perr := parseScript(script)
	if perr != nil {
		s.writeErrorRecord(parseErrorToPS(perr, syntax.NewSource(script)))
		if interactiveParseErrorKeepsExitCode {
			return code, false
		}
		return 1, false
	}
	return s.runParsed(script, sb)
}

func (s *runspaceState) runParsed(script string, sb *syntax.ScriptBlockAst) (code int, exited bool) {
	s.scriptText = script
	s.lastFailed = false
	code, exited = s.runTop(sb)
	s.out.flush()
	return code, exited
}

// runTop runs a parsed top-level script in the global scope.
func (s *runspaceState) runTop(sb *syntax.ScriptBlockAst) (code int, exited bool) {
	defer func() {
		if r := recover(); r != nil {
			switch x := r.(type) {
			case *flowExit:
				code, exited = x.code, true
			case *psThrow:
				s.out.flush()
				s.recordError(x.err)
				s.writeErrorRecord(x.err)
				code = 1
			case *flowBreak, *flowReturn:
				code = s.exitStatus()
			default:
				// A bug in the engine must not take the simulated machine down: report it
				// as an error of this process (tests look for this text).
				s.out.flush()
				s.writeErrorRecord(newError(fmt.Sprintf("%s: %v", engineFailureText, r), "System.InvalidProgramException", "EngineFailure", "NotSpecified", syntax.Extent{}))
				code = 1
			}
		}
	}()
	body := append(append(append([]syntax.Node{}, sb.Begin...), sb.Process...), sb.End...)
	s.execStatements(body, s.global, s.out.write)
	return s.exitStatus(), false
}

// engineFailureText starts the error written when the engine itself fails.
const engineFailureText = "internal error of the simulated PowerShell engine"

// exitStatus is powershell -Command's exit code: 1 when the last statement failed ($? false).
func (s *runspaceState) exitStatus() int {
	if s.lastFailed {
		return 1
	}
	return 0
}

func (s *runspaceState) runInteractive(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.begin(ctx, stdout, stderr)
	defer s.finish()
	lines := make(chan string)
	go func() {
		defer close(lines)
		r := bufio.NewReader(stdin)
		for {
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				select {
				case lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	code := 0
	var pending []string
	for {
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return code
		case line, ok = <-lines:
		}
		if !ok {
			// An incomplete statement still pending at the end of input is not run.
			return code
		}
		if len(pending) > 0 {
			if strings.TrimSpace(line) == "" && interactiveBlankLineEndsStatement {
				c, exited := s.runLine(strings.Join(pending, "\n"), code)
				pending = nil
				code = c
				s.flushOut()
				if exited {
					return code
				}
				continue
			}
			pending = append(pending, line)
			if !interactiveBlankLineEndsStatement {
				if _, perr := parseScript(strings.Join(pending, "\n")); perr == nil || !perr.Incomplete {
					c, exited := s.runLine(strings.Join(pending, "\n"), code)
					pending = nil
					code = c
					s.flushOut()
					if exited {
						return code
					}
				}
			}
			continue
		}
		if _, perr := parseScript(line); perr != nil && perr.Incomplete {
			pending = []string{line}
			continue
		}
		c, exited := s.runLine(line, code)
		code = c
		s.flushOut()
		if exited {
			return code
		}
	}
}

// flushOut flushes writers that buffer (the WinRM stream writers flush on their own; this
// is for bufio-like writers a host may pass).
func (s *runspaceState) flushOut() {
	for _, w := range []io.Writer{s.stdout, s.stderr} {
		if f, ok := w.(interface{ Flush() error }); ok {
			f.Flush()
		}
	}
}

// checkCancel ends the run when the context is done (Signal terminate, shell deleted).
func (s *runspaceState) checkCancel() {
	s.steps++
	if s.steps&63 != 0 {
		return
	}
	if s.ctx != nil && s.ctx.Err() != nil {
		panic(&flowExit{code: 1})
	}
}

// recordError adds an error to $Error.
func (s *runspaceState) recordError(e *psError) {
	s.errors = append([]Value{e.psView()}, s.errors...)
	if len(s.errors) > 256 {
		s.errors = s.errors[:256]
	}
}
