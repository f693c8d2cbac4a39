package clustersim

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

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

// SetStdinHang turns the 2016 RTM stdin hang (Options.StdinCommandHangs) on or off for one
// node; PowerShell processes already started keep their behaviour.
func (s *Sim) SetStdinHang(nodeName string, on bool) error {
	n := s.node(nodeName)
	if n == nil {
		return fmt.Errorf("no such node: %q", nodeName)
	}
	n.stdinHang.Store(on)
	return nil
}

// StartedCommands lists the commands a node's WinRM service started, with the options each
// was sent with (WINRS_CONSOLEMODE_STDIN, WINRS_SKIP_CMD_SHELL), oldest first; nil when there
// is no such node.
func (s *Sim) StartedCommands(nodeName string) []wsman.Command {
	n := s.node(nodeName)
	if n == nil {
		return nil
	}
	return n.wsman.StartedCommands()
}
