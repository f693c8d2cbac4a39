package wsman

import (
	"context"
	"io"
)

// Command is one command started in a remote shell (rsp:CommandLine), as the WinRM service
// hands it to the shell's process on Windows.
type Command struct {
	ShellID   string
	CommandID string
	// User is the authenticated account, as "user" or "DOMAIN\user".
	User string
	// Command and Arguments are rsp:Command and the rsp:Arguments elements, as sent.
	Command   string
	Arguments []string
	// SkipCmdShell is WINRS_SKIP_CMD_SHELL=TRUE: run the program directly, not via cmd.exe /c.
	SkipCmdShell bool
	// ConsoleModeStdin is WINRS_CONSOLEMODE_STDIN.
	ConsoleModeStdin bool
	// Codepage is the shell's WINRS_CODEPAGE (437 when not set).
	Codepage int
	// NoProfile is the shell's WINRS_NOPROFILE.
	NoProfile        bool
	WorkingDirectory string
	Environment      map[string]string
}

// Executor runs the commands of shells: the machine behind the endpoint. The WS-Management
// server owns the protocol; the Executor owns what a command does.
type Executor interface {
	// Execute runs cmd until it exits or ctx is cancelled (Signal terminate or ctrl_c,
	// shell deleted or reaped, server stopped). stdin reaches io.EOF after the client's
	// Send with End="true". Writes to stdout and stderr become Receive stream chunks in
	// the order written. The returned exit code goes into rsp:ExitCode.
	Execute(ctx context.Context, cmd Command, stdin io.Reader, stdout, stderr io.Writer) (exitCode int)
}

// ExecutorFunc adapts a function to Executor.
type ExecutorFunc func(ctx context.Context, cmd Command, stdin io.Reader, stdout, stderr io.Writer) int

// Execute calls f.
func (f ExecutorFunc) Execute(ctx context.Context, cmd Command, stdin io.Reader, stdout, stderr io.Writer) int {
	return f(ctx, cmd, stdin, stdout, stderr)
}
