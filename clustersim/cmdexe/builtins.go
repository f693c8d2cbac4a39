package cmdexe

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// builtin runs cmd.exe's internal commands. word is the command word, rest the text after
// it (starting with the separator). ok is false when word is not an internal command.
func (p *process) builtin(word, rest string, stdout, stderr io.Writer) (r result, ok bool) {
	if tail, ok := builtinSplit(word, "echo"); ok {
		return p.echo(tail+rest, stdout), true
	}
	if tail, ok := builtinSplit(word, "exit"); ok {
		return p.exit(tail + rest), true
	}
	if tail, ok := builtinSplit(word, "rem"); ok {
		_ = tail
		return codeResult(0), true
	}
	if strings.EqualFold(word, "set") {
		return p.set(rest, stdout, stderr), true
	}
	if strings.EqualFold(word, "ver") {
		fmt.Fprint(stdout, "\r\nMicrosoft Windows [Version 10.0.20348.2700]\r\n")
		return codeResult(0), true
	}
	if strings.EqualFold(word, "cd") || strings.EqualFold(word, "chdir") {
		if strings.TrimSpace(rest) == "" {
			fmt.Fprint(stdout, p.cwd+"\r\n")
			return codeResult(0), true
		}
		fmt.Fprint(stderr, "clustersim: changing directory is not simulated\r\n")
		return codeResult(1), true
	}
	return result{}, false
}

// echo prints its text, less the one separator character after "echo". With nothing but
// blanks after "echo" it reports the echo state, which is on under cmd /c.
func (p *process) echo(text string, stdout io.Writer) result {
	if text == "" || strings.TrimSpace(text) == "" && (text[0] == ' ' || text[0] == '\t') {
		fmt.Fprint(stdout, "ECHO is on.\r\n")
		return codeResult(0)
	}
	msg := text[1:] // the separator: " ", ".", ":", "/", "(" ...
	switch strings.ToLower(strings.TrimSpace(msg)) {
	case "on", "off":
		if text[0] == ' ' || text[0] == '\t' {
			return codeResult(0)
		}
	}
	fmt.Fprint(stdout, msg+"\r\n")
	return codeResult(0)
}

// exit ends cmd.exe: "exit [/b] [N]". Under cmd /c both forms end the process with N.
func (p *process) exit(args string) result {
	f := strings.Fields(args)
	if len(f) > 0 && strings.EqualFold(f[0], "/b") {
		f = f[1:]
	}
	if len(f) == 0 {
		return result{exit: true, exitWithErrorLevel: true}
	}
	code := leadingInt(f[0])
	return result{errorLevel: code, exitCode: code, exit: true}
}

// leadingInt reads a decimal number the way cmd.exe's exit reads one: an optional sign and
// the leading digits; anything else is 0.
func leadingInt(s string) int {
	end := 0
	if end < len(s) && (s[end] == '-' || s[end] == '+') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.ParseInt(s[:end], 10, 32)
	if err != nil {
		return 0
	}
	return int(n)
}

// set lists, shows or sets environment variables. Because %VAR% is expanded when the line
// is read, "set X=1 & echo %X%" still prints %X%, as on Windows.
func (p *process) set(rest string, stdout, stderr io.Writer) result {
	arg := strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(arg, `"`) {
		if i := strings.LastIndexByte(arg, '"'); i > 0 {
			arg = arg[1:i]
		}
	}
	eq := strings.IndexByte(arg, '=')
	if eq < 0 {
		lines := p.env.sorted(strings.TrimSpace(arg))
		if len(lines) == 0 {
			fmt.Fprintf(stderr, "Environment variable %s not defined\r\n", strings.TrimSpace(arg))
			return codeResult(1)
		}
		for _, l := range lines {
			fmt.Fprint(stdout, l+"\r\n")
		}
		return codeResult(0)
	}
	name, value := arg[:eq], arg[eq+1:]
	if name == "" {
		fmt.Fprint(stderr, "The syntax of the command is incorrect.\r\n")
		return codeResult(1)
	}
	if value == "" {
		p.env.unset(name)
	} else {
		p.env.set(name, value)
	}
	return codeResult(0)
}
