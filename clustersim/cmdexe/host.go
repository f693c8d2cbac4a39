package cmdexe

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Program is an executable on the node (reg.exe, ntbackup.exe). argv is its command line
// split as CommandLineToArgvW splits it, argv[0] the program name as given. It returns the
// process exit code.
type Program func(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int

// Host is one node's process launcher: what cmd.exe and the programs on the node do with a
// command a WinRM shell runs. Its fields are read-only once Execute is first called.
type Host struct {
	// ComputerName is the node's name (%COMPUTERNAME%, hostname.exe).
	ComputerName string
	// Env adds to or overrides the default environment of every process.
	Env map[string]string
	// Programs are the node's executables, keyed by lower-case name without ".exe".
	// hostname, cmd and powershell are built in.
	Programs map[string]Program
	// PowerShell runs one powershell.exe process once its command line is parsed. When nil,
	// powershell.exe says that no engine is installed and exits 1.
	PowerShell func(ctx context.Context, inv Invocation, stdin io.Reader, stdout, stderr io.Writer) int
	// Counters, when set, count powershell.exe starts.
	Counters *simstats.Counters
	// PSStartCost is how long a powershell.exe start takes before it runs anything.
	PSStartCost time.Duration
}

var _ wsman.Executor = (*Host)(nil)

// Execute runs one WinRM command: through cmd.exe /c unless SkipCmdShell, as WinRM does.
func (h *Host) Execute(ctx context.Context, cmd wsman.Command, stdin io.Reader, stdout, stderr io.Writer) int {
	line := cmd.Command
	for _, a := range cmd.Arguments {
		line += " " + a
	}
	env := defaultEnvironment(h.ComputerName, cmd.User)
	for k, v := range h.Env {
		env.set(k, v)
	}
	for k, v := range cmd.Environment {
		env.set(k, v)
	}
	p := &process{host: h, env: env, user: cmd.User, logon: cmd.Logon, cwd: workingDir(cmd, env)}
	if enc := consoleEncoding(cmd.Codepage); enc != nil {
		out, errw := newEncodedWriter(stdout, enc), newEncodedWriter(stderr, enc)
		defer out.flush()
		defer errw.flush()
		stdout, stderr, stdin = out, errw, decodedReader(stdin, enc)
	}
	if cmd.SkipCmdShell {
		code, _ := p.runProgram(ctx, strings.TrimLeft(line, " \t"), stdin, stdout, stderr)
		return code
	}
	return p.cmdC(ctx, line, stdin, stdout, stderr)
}

func workingDir(cmd wsman.Command, env *environment) string {
	if cmd.WorkingDirectory != "" {
		return cmd.WorkingDirectory
	}
	if v, ok := env.get("USERPROFILE"); ok {
		return v
	}
	return `C:\`
}

// process is one cmd.exe (or directly started program) with its environment.
type process struct {
	host *Host
	env  *environment
	user string
	// logon is how user logged on to WinRM (whether the process can reach other machines).
	logon wsman.Logon
	cwd   string
}

// cmdC is "cmd.exe /c line".
func (p *process) cmdC(ctx context.Context, line string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len([]rune(line)) > maxCmdLine {
		fmt.Fprint(stderr, "The command line is too long.\r\n")
		return exitLineTooLong
	}
	line = stripOuterQuotes(strings.TrimLeft(line, " \t"), p.isProgramPath)
	errorLevel := 0
	line = expandPercent(line, func(name string) (string, bool) {
		if v, ok := p.env.get(name); ok {
			return v, true
		}
		switch strings.ToUpper(name) {
		case "ERRORLEVEL":
			return fmt.Sprint(errorLevel), true
		case "CD":
			return p.cwd, true
		}
		return "", false
	})
	// The limit holds for the line after %VAR% expansion as well.
	if len([]rune(line)) > maxCmdLine {
		fmt.Fprint(stderr, "The command line is too long.\r\n")
		return exitLineTooLong
	}
	items, err := parseLine(line)
	if err != nil {
		fmt.Fprint(stderr, err.Error()+"\r\n")
		return exitSyntaxError
	}
	exitCode := 0
	for _, it := range items {
		if ctx.Err() != nil {
			return exitTerminated
		}
		switch {
		case it.op == opAnd && errorLevel != 0, it.op == opOr && errorLevel == 0:
			continue
		}
		res := p.runPipeline(ctx, it.pipe, stdin, stdout, stderr)
		if res.exit {
			if res.exitWithErrorLevel {
				return errorLevel
			}
			return res.exitCode
		}
		errorLevel, exitCode = res.errorLevel, res.exitCode
	}
	return exitCode
}

// result is what one command leaves behind.
type result struct {
	errorLevel int  // %ERRORLEVEL% and what && / || test
	exitCode   int  // cmd.exe's exit code if this is the last command
	exit       bool // "exit" ran: stop the line
	// exitWithErrorLevel: "exit" with no number, which exits with the current %ERRORLEVEL%.
	exitWithErrorLevel bool
}

func codeResult(code int) result { return result{errorLevel: code, exitCode: code} }

func (p *process) runPipeline(ctx context.Context, cmds []simpleCmd, stdin io.Reader, stdout, stderr io.Writer) result {
	if len(cmds) == 1 {
		return p.runSimple(ctx, cmds[0], stdin, stdout, stderr)
	}
	// Each side of a pipe runs in its own cmd.exe, concurrently.
	results := make([]result, len(cmds))
	done := make(chan struct{}, len(cmds))
	in := stdin
	for i, c := range cmds {
		out := stdout
		var pw *io.PipeWriter
		var next *io.PipeReader
		if i < len(cmds)-1 {
			next, pw = io.Pipe()
			out = pw
		}
		go func(i int, c simpleCmd, in io.Reader, out io.Writer, pw *io.PipeWriter) {
			child := &process{host: p.host, env: p.env.clone(), user: p.user, cwd: p.cwd}
			results[i] = child.runSimple(ctx, c, in, out, stderr)
			if pw != nil {
				pw.Close()
			}
			if r, ok := in.(*io.PipeReader); ok && i > 0 {
				r.Close() // the reader is gone: unblock the writer before it
			}
			done <- struct{}{}
		}(i, c, in, out, pw)
		if next != nil {
			in = next
		}
	}
	for range cmds {
		<-done
	}
	last := results[len(results)-1]
	last.exit = false
	return last
}

// runSimple runs one command after applying its redirections.
func (p *process) runSimple(ctx context.Context, c simpleCmd, stdin io.Reader, stdout, stderr io.Writer) result {
	in, out, errw, err := applyRedirects(c.redirects, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprint(stderr, err.Error()+"\r\n")
		return codeResult(1)
	}
	if c.text == "" {
		return codeResult(0)
	}
	word, rest := commandWord(c.text)
	if strings.HasPrefix(strings.TrimLeft(c.text, " \t@"), "(") {
		fmt.Fprint(errw, "clustersim: cmd.exe ( ) blocks are not simulated\r\n")
		return codeResult(1)
	}
	if r, ok := p.builtin(word, rest, out, errw); ok {
		return r
	}
	code, found := p.runProgram(ctx, strings.TrimLeft(c.text, " \t@"), in, out, errw)
	if !found {
		return result{errorLevel: errorNotRecognized, exitCode: exitNotRecognized}
	}
	return codeResult(code)
}

// applyRedirects supports the redirections a WinRM caller needs: to and from nul, and
// between stdout and stderr. Files are not simulated.
func applyRedirects(rs []redirect, stdin io.Reader, stdout, stderr io.Writer) (io.Reader, io.Writer, io.Writer, error) {
	for _, r := range rs {
		switch {
		case strings.EqualFold(r.target, "nul") && r.fd == 0:
			stdin = strings.NewReader("")
		case strings.EqualFold(r.target, "nul") && r.fd == 1:
			stdout = io.Discard
		case strings.EqualFold(r.target, "nul") && r.fd == 2:
			stderr = io.Discard
		case r.target == "&1" && r.fd == 2:
			stderr = stdout
		case r.target == "&2" && r.fd == 1:
			stdout = stderr
		default:
			return nil, nil, nil, fmt.Errorf("clustersim: redirection %s is not simulated (only nul, 2>&1 and 1>&2)", r)
		}
	}
	return stdin, stdout, stderr, nil
}

// programName turns the command word into a Programs key: the file name without its
// directory and without .exe / .com, in lower case.
func programName(word string) string {
	if i := strings.LastIndexAny(word, `\/`); i >= 0 {
		word = word[i+1:]
	}
	w := strings.ToLower(word)
	for _, ext := range []string{".exe", ".com"} {
		w = strings.TrimSuffix(w, ext)
	}
	return w
}

// isProgramPath reports whether a quoted command names a program this node has.
func (p *process) isProgramPath(s string) bool {
	_, ok := p.lookup(programName(s))
	return ok
}

func (p *process) lookup(name string) (Program, bool) {
	switch name {
	case "hostname":
		return p.hostname, true
	case "powershell":
		return p.powershell, true
	case "cmd":
		return nil, true // started by runProgram, which has the raw line
	case "":
		return nil, false
	}
	prog, ok := p.host.Programs[name]
	return prog, ok
}

// runProgram starts the program a command line names. found is false (and cmd.exe's "not
// recognized" text is on stderr) when the node has no such program.
func (p *process) runProgram(ctx context.Context, line string, stdin io.Reader, stdout, stderr io.Writer) (code int, found bool) {
	word, _ := commandWord(line)
	prog, ok := p.lookup(programName(word))
	if !ok {
		fmt.Fprintf(stderr, "'%s' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n", word)
		return exitNotRecognized, false
	}
	if prog == nil {
		return p.cmdExe(ctx, line, stdin, stdout, stderr), true
	}
	return prog(ctx, CommandLineToArgv(line), stdin, stdout, stderr), true
}

// hostname is hostname.exe: it prints the computer name.
func (p *process) hostname(_ context.Context, argv []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(argv) > 1 {
		fmt.Fprint(stderr, "sethostname: Use the Network Control Panel Applet to set hostname.\r\n")
		return 1
	}
	fmt.Fprint(stdout, p.host.ComputerName+"\r\n")
	return 0
}

// cmdExe is a nested "cmd [/d /q /s] /c rest": cmd.exe reads its own command line, so the
// rest of the raw line after /c is run as it was written.
func (p *process) cmdExe(ctx context.Context, line string, stdin io.Reader, stdout, stderr io.Writer) int {
	_, rest := commandWord(line)
	for {
		rest = strings.TrimLeft(rest, " \t")
		if len(rest) < 2 || rest[0] != '/' {
			break
		}
		switch sw := strings.ToLower(rest[:2]); sw {
		case "/c", "/k":
			child := &process{host: p.host, env: p.env.clone(), user: p.user, cwd: p.cwd}
			return child.cmdC(ctx, rest[2:], stdin, stdout, stderr)
		case "/d", "/q", "/s", "/a", "/u":
			rest = rest[2:]
			continue
		}
		break
	}
	fmt.Fprint(stderr, "clustersim: an interactive cmd.exe is not simulated; use cmd /c\r\n")
	return 1
}
