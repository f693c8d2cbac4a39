package simtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The long-lived PowerShell is fed in pipe mode (WINRS_CONSOLEMODE_STDIN=FALSE), as Ansible
// streams stdin; one-shot runs start powershell.exe by its full path without cmd.exe and
// read nothing from stdin. What the client sent is what the simulated WinRM service kept.
func TestClientSendsPipeModeForStdin(t *testing.T) {
	for _, oneShot := range []bool{false, true} {
		s := startSim(t, nil)
		cfg := configFor(t, s)
		cfg.Transport = winclient.TransportPowerShell // stdin modes exist on the shell path only
		cfg.OneShot = oneShot
		c := newClient(t, cfg)
		if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
			t.Fatalf("oneShot=%v: %v", oneShot, err)
		}
		started := s.StartedCommands(s.Nodes()[0])
		if len(started) != 1 {
			t.Fatalf("oneShot=%v: commands %+v", oneShot, started)
		}
		cmd := started[0]
		switch {
		case !oneShot && (cmd.ConsoleModeStdin || cmd.SkipCmdShell || !strings.HasSuffix(cmd.Command, "-Command -")):
			t.Errorf("session started as %+v; want pipe mode through cmd.exe with -Command -", cmd)
		case oneShot && (cmd.ConsoleModeStdin || !cmd.SkipCmdShell || !strings.HasSuffix(cmd.Command, `\WindowsPowerShell\v1.0\powershell.exe`) ||
			len(cmd.Arguments) < 2 || cmd.Arguments[len(cmd.Arguments)-2] != "-EncodedCommand"):
			t.Errorf("one-shot run started as %q %q (console %v, skip cmd %v); want the full path, -EncodedCommand, no cmd.exe",
				cmd.Command, cmd.Arguments[:len(cmd.Arguments)-1], cmd.ConsoleModeStdin, cmd.SkipCmdShell)
		}
	}
}

// A node whose "powershell.exe -Command -" takes lines and prints nothing (Windows Server
// 2016 RTM) is detected on the first session's first line; the client then runs every
// operation one-shot with -EncodedCommand, says so once at WARN, and starts no further
// stdin session.
func TestNodeWhosePowerShellIgnoresStdinFallsBackToEncodedCommands(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.StdinCommandHangs = true })
	var logs syncBuffer
	cfg := configFor(t, s)
	cfg.Transport = winclient.TransportPowerShell // the hang is powershell.exe's
	cfg.Timeout = 8 * time.Second                 // a first-answer bound of 2 s
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Warn})
	c := newClient(t, cfg)
	c.Warm() // as the provider does when configured
	ctx := context.Background()
	must(t, "list", func() error { _, err := c.ListCheckpoints(ctx, "", sa); return err }())
	must(t, "add", c.AddCheckpoint(ctx, "", sa, bkKey))
	must(t, "remove", c.RemoveCheckpoint(ctx, "", sa, bkKey))
	if keys := modelKeys(t, s); len(keys) != 0 {
		t.Errorf("checkpoints left: %v", keys)
	}
	if n := strings.Count(logs.String(), "does not answer commands sent on stdin"); n != 1 {
		t.Errorf("%d warnings about the fallback, want 1:\n%s", n, logs.String())
	}
	_ = c.Close()
	if open := s.Stats().ShellsOpen; open != 0 {
		t.Errorf("%d shell(s) left open after Close", open)
	}
	stdinSessions := 0
	for _, cmd := range s.StartedCommands(s.Nodes()[0]) {
		if strings.HasSuffix(cmd.Command, "-Command -") {
			stdinSessions++
		}
	}
	if stdinSessions != 1 {
		t.Errorf("%d stdin sessions started, want the one that found the hang", stdinSessions)
	}
}
