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
	// Logon is how that account logged on to the shell's WinRM request (the shell's
	// Create), which decides whether its processes can reach other machines as the user.
	Logon Logon
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

// Logon is how a WinRM request's account logged on.
type Logon struct {
	// Method is "Basic", "NTLM" or "Kerberos".
	Method string
	// Delegable is true when the logon holds credentials it can pass on to another machine
	// (a second hop): only a Kerberos logon whose client forwarded its ticket-granting
	// ticket (GSS_C_DELEG_FLAG with a KRB-CRED in the authenticator's checksum, RFC 4121
	// 4.1.1). An NTLM or Basic network logon holds none (PSWSMan's about_PSWSManAuthentication,
	// "Delegation" column; CredSSP, which can, is not offered by this server).
	Delegable bool
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
