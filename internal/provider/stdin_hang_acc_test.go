package provider

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
)

// TestAccNodeWhosePowerShellIgnoresStdin is issue 12 item 4 through real terraform commands
// and provider processes: the simulated node's "powershell.exe -Command -" takes lines on
// stdin and prints nothing, as Windows Server 2016 RTM's PowerShell 5.1.14393 was reported
// to (PowerShell/PowerShell#2071, #2319). Each provider process finds that out on its first
// session, warns once, and runs its operations one-shot with -EncodedCommand: apply, then a
// plan, both work and leave no shell behind.
func TestAccNodeWhosePowerShellIgnoresStdin(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	const n = 2
	r := newCLIRig(t, bin, func(o *clustersim.Options) { o.StdinCommandHangs = true })
	r.timeout = "8s" // the first-answer bound is a quarter of it: 2 s
	r.write(countedCheckpointsHCL("Hang", n))
	r.env = []string{"TF_LOG_PROVIDER=WARN", "EXCHANGE_WINRM_TRANSPORT=powershell"}

	out := r.mustTF("apply", "-input=false", "-auto-approve")
	if got := strings.Count(out, "does not answer commands sent on stdin"); got != 1 {
		t.Errorf("the apply's provider warned %d times about the fallback, want once:\n%s", got, out)
	}
	r.expectNoShells()
	r.env = []string{"EXCHANGE_WINRM_TRANSPORT=powershell"} // the hang is powershell.exe's
	r.expectState(wantKeys("Hang", n))

	r.env = []string{"TF_LOG_PROVIDER=WARN", "EXCHANGE_WINRM_TRANSPORT=powershell"}
	out, code := r.tf("plan", "-input=false", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("the plan on a node whose PowerShell ignores stdin: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "No changes") || !strings.Contains(out, "does not answer commands sent on stdin") {
		t.Errorf("plan output:\n%s", out)
	}
	r.expectNoShells()

	encoded, stdin := 0, 0
	for _, cmd := range r.current().StartedCommands(r.current().Nodes()[0]) {
		switch {
		case cmd.SkipCmdShell && len(cmd.Arguments) > 1 && cmd.Arguments[len(cmd.Arguments)-2] == "-EncodedCommand":
			encoded++
		case strings.HasSuffix(cmd.Command, "-Command -"):
			stdin++
		}
	}
	t.Logf("commands started: %d one-shot -EncodedCommand, %d stdin sessions (one per provider process)", encoded, stdin)
	if encoded == 0 || stdin > 4 {
		t.Errorf("%d encoded runs and %d stdin sessions: the fallback did not take over", encoded, stdin)
	}
}
