package clustersim

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
)

// "powershell.exe -" runs the statements sent on stdin, and Write-Host ends its lines with
// LF where Write-Output ends them with CR LF (pypsrp test_winrs_send.yml,
// test_winrs_extra_opts.yml, recorded on Windows Server 2016).
func TestPowerShellDashReadsStdinLikeTheRecording(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	c := client(t, s.URL(s.Nodes()[0]), nil, testPassword)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, errOut, code, err := c.RunWithContextWithString(ctx, "powershell.exe -", `Write-Host "output 1";Write-Host "output 2";Write-Output 'c';`)
	if err != nil {
		t.Fatal(err)
	}
	if out != "output 1\noutput 2\nc\r\n" || errOut != "" || code != 0 {
		t.Errorf("stdout %q stderr %q exit %d", out, errOut, code)
	}
}

// With the 2016 RTM stdin hang on, a PowerShell fed on stdin prints nothing, while one given
// its script on the command line runs; the node's WinRM service recorded how each was sent.
func TestStdinHangSparesEncodedCommands(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, StdinCommandHangs: true})
	node := s.Nodes()[0]
	c := client(t, s.URL(node), nil, testPassword)

	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	out, _, _, err := c.RunWithContextWithString(ctx, "powershell.exe -NoProfile -NonInteractive -Command -", "Write-Output 'answer'\r\n")
	cancel()
	if err == nil || strings.Contains(out, "answer") {
		t.Fatalf("the stdin-fed PowerShell answered (%q, %v); it should hang", out, err)
	}

	out, errOut, code := runCmd(t, c, "powershell.exe -NoProfile -NonInteractive -EncodedCommand "+cmdexe.EncodeCommand("Write-Output 'answer'"))
	if out != "answer\r\n" || code != 0 {
		t.Fatalf("encoded command: stdout %q stderr %q exit %d", out, errOut, code)
	}

	if err := s.SetStdinHang(node, false); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCmd(t, c, "powershell.exe -NoProfile -NonInteractive -Command -")
	if code != 0 || out != "" {
		t.Errorf("after the hang is off: stdout %q exit %d", out, code)
	}
	started := s.StartedCommands(node)
	if len(started) != 3 {
		t.Fatalf("started commands: %+v", started)
	}
	for _, cmd := range started {
		// masterzen/winrm sends console mode for every command.
		if !cmd.ConsoleModeStdin {
			t.Errorf("recorded pipe mode for %q", cmd.Command)
		}
	}
}
