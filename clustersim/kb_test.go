package clustersim

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// TestKBQ245211OverWinRM plays Microsoft KB Q245211 through the nodes' WinRM endpoints, as
// an operator would: ntbackup on the node that owns the Exchange group, failovers with
// Move-ClusterGroup, and the fix, a registry checkpoint on the System Attendant.
func TestKBQ245211OverWinRM(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	node1 := client(t, s.URL("NODE1"), nil, testPassword)
	node2 := client(t, s.URL("NODE2"), nil, testPassword)
	const (
		full        = `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t normal`
		incremental = `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t incremental`
	)

	// Without a checkpoint: full backup on NODE1, failover, incremental on NODE2 fails.
	mustRun(t, node1, full)
	ps(t, node1, "Move-ClusterGroup -Name 'Exchange Group' -Node NODE2 | Out-Null")
	out, errOut, code := runCmd(t, node2, incremental)
	if code == 0 || !strings.Contains(out+errOut, "8010") ||
		!strings.Contains(out+errOut, "Unable to perform an incremental backup because a required Microsoft Exchange database log file could not be found") {
		t.Fatalf("incremental backup after failover without checkpoint: code %d\n%s%s", code, out, errOut)
	}
	events := ps(t, node2, "Get-EventLog -LogName Application -Source 'NT backup' -Newest 1 | ForEach-Object { $_.EventID }")
	if strings.TrimSpace(events) != "8010" {
		t.Fatalf("Application log of NODE2: %q", events)
	}

	// The fix, then the same sequence: full on NODE1, failover to NODE2, incremental works.
	ps(t, node2, `Add-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant' -RegistryCheckpoint 'SOFTWARE\Microsoft\Exchange\Backupinformation' | Out-Null`)
	ps(t, node2, "Move-ClusterGroup -Name 'Exchange Group' -Node NODE1 | Out-Null")
	mustRun(t, node1, full)
	ps(t, node1, "Move-ClusterGroup -Name 'Exchange Group' -Node NODE2 | Out-Null")
	mustRun(t, node2, incremental)
}

// TestKBQ245211NtbackupOverWinRM plays the KB with ntbackup over WinRM and the failovers and
// the checkpoint done on the model directly, so that it runs without the PowerShell engine.
func TestKBQ245211NtbackupOverWinRM(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	node1 := client(t, s.URL("NODE1"), nil, testPassword)
	node2 := client(t, s.URL("NODE2"), nil, testPassword)
	const (
		full        = `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t normal`
		incremental = `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t incremental`
	)
	c := s.Cluster()
	mustRun(t, node1, full)
	if _, err := c.MoveGroup(cluster.DefaultExchangeGroup, "NODE2"); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, node2, incremental)
	if code == 0 || !strings.Contains(out+errOut, "8010") {
		t.Fatalf("incremental backup after failover without checkpoint: code %d\n%s%s", code, out, errOut)
	}
	if _, err := c.AddCheckpoint(cluster.SystemAttendant, `SOFTWARE\Microsoft\Exchange\Backupinformation`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MoveGroup(cluster.DefaultExchangeGroup, "NODE1"); err != nil {
		t.Fatal(err)
	}
	mustRun(t, node1, full)
	if _, err := c.MoveGroup(cluster.DefaultExchangeGroup, "NODE2"); err != nil {
		t.Fatal(err)
	}
	mustRun(t, node2, incremental)
	// cmd.exe's && sees ntbackup's exit code.
	if out, _, code := runCmd(t, node2, incremental+" && echo chained"); code != 0 || !strings.HasSuffix(out, "chained\r\n") {
		t.Fatalf("chained after a good backup: %q %d", out, code)
	}
}

// mustRun runs command and wants exit 0.
func mustRun(t *testing.T, c *winrm.Client, command string) string {
	t.Helper()
	out, errOut, code := runCmd(t, c, command)
	if code != 0 {
		t.Fatalf("%s: exit %d, want 0\n%s%s", command, code, out, errOut)
	}
	return out
}

// ps runs a script with -EncodedCommand, as the usual WinRM launch does, and wants exit 0
// and nothing on stderr but progress records.
func ps(t *testing.T, c *winrm.Client, script string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, errOut, code, err := c.RunPSWithContext(ctx, "$ErrorActionPreference='Stop'; "+script)
	if err != nil || code != 0 || withoutProgress(errOut) != "" {
		t.Fatalf("%s: exit %d, %v\n%s%s", script, code, err, out, errOut)
	}
	return out
}

var (
	progressRecord = regexp.MustCompile(`(?s)<Obj S="progress".*?</Obj>`)
	emptyCLIXML    = regexp.MustCompile(`^#< CLIXML\r?\n<Objs [^>]*></Objs>\s*$`)
)

// withoutProgress drops the progress records powershell.exe writes to stderr as CLIXML when
// its command came with -EncodedCommand ("Preparing modules for first use.", as real Windows
// prints them): what remains is what a test may call an error. WinRM clients strip them too.
func withoutProgress(stderr string) string {
	s := progressRecord.ReplaceAllString(stderr, "")
	if emptyCLIXML.MatchString(s) {
		return ""
	}
	return s
}
