package clustersim

import (
	"context"
	"io"
	"sync/atomic"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// powerShellRunner starts a PowerShell process (a new Runspace) for each powershell.exe.
// Errors go to stderr as CLIXML when the command was encoded or -OutputFormat XML, as 5.1
// does.
func powerShellRunner(name string, sw Software, win windowsProfile) func(ctx context.Context, inv cmdexe.Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
	natives := nativePrograms(name, sw.Programs)
	return func(ctx context.Context, inv cmdexe.Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
		format := winps51.ErrorsText
		if inv.CLIXMLErrors() {
			format = winps51.ErrorsCLIXML
		}
		host := sw.Host
		if inv.Logon.Method != "" && sw.SessionHost != nil {
			host = sw.SessionHost(inv.Logon)
		}
		rs := winps51.NewRunspace(winps51.Options{
			NonInteractive: inv.NonInteractive,
			ErrorFormat:    format,
			Cmdlets:        sw.Cmdlets,
			ComputerName:   name,
			Host:           host,
			Programs:       natives,
			Version:        win.psVersion,
			BuildVersion:   win.buildVersion,
		})
		if win.wrapOutput {
			stdout, stderr = &wrapWriter{w: stdout, width: consoleWrapWidth}, &wrapWriter{w: stderr, width: consoleWrapWidth}
		}
		if inv.ScriptFromStdin {
			return rs.RunInteractive(ctx, stdin, stdout, stderr)
		}
		return rs.RunScript(ctx, inv.Script, stdout, stderr)
	}
}

// nativePrograms are the executables PowerShell can run on a node: its software's (reg,
// ntbackup) and hostname.exe, which cmd.exe also offers.
func nativePrograms(name string, programs map[string]cmdexe.Program) map[string]winps51.NativeProgram {
	out := map[string]winps51.NativeProgram{
		"hostname": func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
			_, _ = io.WriteString(stdout, name+"\r\n")
			return 0
		},
	}
	for n, p := range programs {
		out[n] = winps51.NativeProgram(p)
	}
	return out
}

// hangOnStdin wraps a node's PowerShell: while hang is set, a powershell.exe that reads its
// commands from stdin ("-Command -", "-File -", "-") takes nothing from stdin, prints nothing
// and runs until it is stopped (Signal, shell deleted). That is what Windows Server 2016
// RTM's PowerShell 5.1.14393 was reported to do with redirected stdin
// (PowerShell/PowerShell#2071: commands sent on stdin print no output; #2319: "redirected
// input not producing output"; fixed in 6.0 by PR #2336). Whether the process hangs or exits
// at the end of stdin with no output is not known (the issues report no output, not an
// exit): hanging is the harder case for a client, so it is the one modelled.
func hangOnStdin(hang *atomic.Bool, ps func(context.Context, cmdexe.Invocation, io.Reader, io.Writer, io.Writer) int) func(context.Context, cmdexe.Invocation, io.Reader, io.Writer, io.Writer) int {
	return func(ctx context.Context, inv cmdexe.Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
		if inv.ScriptFromStdin && hang.Load() {
			<-ctx.Done()
			return 0xC000013A // STATUS_CONTROL_C_EXIT, as a stopped process reports
		}
		return ps(ctx, inv, stdin, stdout, stderr)
	}
}
