package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// The fault, SIGINT and load rows of issue 6 drive the terraform binary directly against a
// provider binary built by the test (dev_overrides), so that each terraform command starts
// and ends real provider processes: faults can be placed between `plan -out` and `apply`,
// terraform can be interrupted, and "no shell left open" is checked once the provider
// process has exited, as on a real cluster.

// requireAcc skips without TF_ACC and fails without terraform.
func requireAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	requireTerraform(t)
}

// buildProviderBinary builds the provider into dir, as terraform-provider-exchange.
func buildProviderBinary(t *testing.T, dir string) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-exchange"), "github.com/exchange-tools/terraform-provider-exchange")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the provider: %v\n%s", err, out)
	}
	t.Logf("provider built in %s", time.Since(start).Round(time.Millisecond))
}

// cliRig is a simulated cluster, a provider binary and a terraform working directory.
type cliRig struct {
	t       *testing.T
	work    string
	rc      string
	timeout string   // the provider's timeout attribute
	env     []string // more environment for terraform and the provider

	mu   sync.Mutex
	sim  *clustersim.Sim
	opts clustersim.Options
	b    *simBackend
}

// newCLIRig starts a simulator (NTLM over sealed HTTP, the provider's default) with opts
// changed by tweak, and a working directory whose CLI configuration points terraform at the
// provider binary in binDir.
func newCLIRig(t *testing.T, binDir string, tweak func(*clustersim.Options)) *cliRig {
	t.Helper()
	work := t.TempDir()
	// The state file lets restart bring the same cluster back.
	opts := clustersim.Options{Username: accUser, Password: accPassword, StateFile: filepath.Join(work, "cluster-state.json")}
	if tweak != nil {
		tweak(&opts)
	}
	r := &cliRig{t: t, work: work, timeout: "20s", opts: opts}
	r.start(opts)
	t.Cleanup(func() { r.current().Close() })
	r.rc = filepath.Join(r.work, "dev.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"exchange-tools/exchange\" = %s\n  }\n  direct {}\n}\n", hclString(binDir))
	if err := os.WriteFile(r.rc, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *cliRig) start(opts clustersim.Options) {
	r.t.Helper()
	sim, err := clustersim.Start(opts)
	if err != nil {
		r.t.Fatalf("starting the simulator: %v", err)
	}
	host, portText, err := net.SplitHostPort(sim.Addr(sim.Nodes()[0]))
	if err != nil {
		r.t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	r.mu.Lock()
	r.sim, r.opts = sim, opts
	r.b = &simBackend{sim: sim, mode: modeNTLM, host: host, port: port}
	r.mu.Unlock()
}

// restart stops the simulator and starts it again on the same addresses with the same
// cluster (a state file), as a restart of the WinRM service: every shell is gone and the
// connections in flight are reset.
func (r *cliRig) restart() {
	r.t.Helper()
	r.mu.Lock()
	old, opts := r.sim, r.opts
	r.mu.Unlock()
	opts.Listen = map[string]string{}
	for _, n := range old.Nodes() {
		opts.Listen[n] = old.Addr(n)
	}
	// Close stops the listeners, forgets every shell and saves the cluster to the state file.
	if err := old.Close(); err != nil {
		r.t.Fatalf("saving the cluster: %v", err)
	}
	r.start(opts)
}

// setServerPassword restarts the simulator with the account's password changed on the
// Windows side; the provider keeps sending the one in its environment.
func (r *cliRig) setServerPassword(password string) {
	r.t.Helper()
	r.mu.Lock()
	r.opts.Password = password
	r.mu.Unlock()
	r.restart()
}

func (r *cliRig) current() *clustersim.Sim {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sim
}

// faults is the fault injector of the node the provider talks to.
func (r *cliRig) faults() *wsman.Faults { return r.current().Faults(r.current().Nodes()[0]) }

// write writes main.tf: the provider block (the password comes from the environment) and body.
func (r *cliRig) write(body string) {
	r.t.Helper()
	r.mu.Lock()
	s := r.b.settings()
	r.mu.Unlock()
	delete(s, attrPassword)
	s[attrTimeout] = r.timeout
	tf := "terraform {\n  required_providers {\n    exchange = { source = \"exchange-tools/exchange\" }\n  }\n}\n\n" + providerHCL(s) + "\n" + body
	if err := os.WriteFile(filepath.Join(r.work, "main.tf"), []byte(tf), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// countedCheckpointsHCL declares n checkpoints SOFTWARE\<prefix>\K<i> on the System Attendant.
func countedCheckpointsHCL(prefix string, n int) string {
	return fmt.Sprintf("resource \"exchange_cluster_checkpoint\" \"cp\" {\n  count = %d\n  key   = \"SOFTWARE\\\\%s\\\\K${count.index}\"\n}\n", n, prefix)
}

func wantKeys(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf(`SOFTWARE\%s\K%d`, prefix, i)
	}
	return keys
}

// command is a terraform command ready to start in the rig's directory.
func (r *cliRig) command(ctx context.Context, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, "terraform", append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		cmd.Path = p
	}
	cmd.Dir = r.work
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+r.rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		envVar(attrPassword)+"="+accPassword,
	)
	cmd.Env = append(cmd.Env, r.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	return cmd, &out
}

// tf runs terraform with args and returns its output and exit code; then it waits for the
// simulator to hold no shell (every provider process has exited by then).
func (r *cliRig) tf(args ...string) (string, int) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd, out := r.command(ctx, args...)
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			r.t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
		code = ee.ExitCode()
	}
	r.expectNoShells()
	if strings.Contains(out.String(), accPassword) {
		r.t.Fatalf("terraform %s printed the password", args[0])
	}
	return out.String(), code
}

// mustTF runs terraform and fails the test unless it exits 0.
func (r *cliRig) mustTF(args ...string) string {
	r.t.Helper()
	out, code := r.tf(args...)
	if code != 0 {
		r.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// expectEmptyPlan fails unless `terraform plan -detailed-exitcode` finds nothing to do.
func (r *cliRig) expectEmptyPlan() {
	r.t.Helper()
	if out, code := r.tf("plan", "-input=false", "-detailed-exitcode"); code != 0 {
		r.t.Fatalf("the plan is not empty (exit %d):\n%s", code, out)
	}
}

// expectNoShells waits a little for the simulator to hold no shell.
func (r *cliRig) expectNoShells() {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		open := r.current().Stats().ShellsOpen
		if open == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d shell(s) left open on the simulator after the provider exited", open)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stateKeys are the keys of the checkpoints in the Terraform state, by resource_name.
func (r *cliRig) stateKeys() map[string][]string {
	r.t.Helper()
	env := r.env
	r.env = nil // no log lines in the JSON
	out, code := r.tf("show", "-json")
	r.env = env
	if code != 0 {
		r.t.Fatalf("terraform show -json exited %d:\n%s", code, out)
	}
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string `json:"type"`
					Values struct {
						ResourceName string `json:"resource_name"`
						Key          string `json:"key"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		r.t.Fatalf("terraform show -json: %v", err)
	}
	keys := map[string][]string{}
	for _, res := range doc.Values.RootModule.Resources {
		if res.Type == "exchange_cluster_checkpoint" {
			keys[res.Values.ResourceName] = append(keys[res.Values.ResourceName], res.Values.Key)
		}
	}
	return keys
}

// clusterKeys are the checkpoints of the System Attendant in the simulator's model.
func (r *cliRig) clusterKeys() []string {
	r.t.Helper()
	cps, err := r.current().Cluster().Checkpoints(systemAttendant)
	if err != nil {
		r.t.Fatalf("checkpoints of the System Attendant: %v", err)
	}
	keys := make([]string, 0, len(cps))
	for _, c := range cps {
		keys = append(keys, c.Key)
	}
	return keys
}

// expectState checks that the state and the cluster both hold exactly want on the System
// Attendant, each once (compared by meaning), and nothing else.
func (r *cliRig) expectState(want []string) {
	r.t.Helper()
	state := r.stateKeys()
	for name := range state {
		if name != systemAttendant {
			r.t.Errorf("state holds checkpoints of %q", name)
		}
	}
	for what, got := range map[string][]string{"state": state[systemAttendant], "cluster": r.clusterKeys()} {
		if err := sameCheckpointKeys(got, want); err != nil {
			r.t.Fatalf("the %s: %v", what, err)
		}
	}
}

// sameCheckpointKeys reports how got differs from want: a key missing, a key twice, a key too many.
func sameCheckpointKeys(got, want []string) error {
	var problems []string
	seen := map[string]int{}
	for _, k := range got {
		n, err := regkey.Normalize(k)
		if err != nil {
			return fmt.Errorf("bad key %q: %w", k, err)
		}
		seen[strings.ToLower(n)]++
	}
	wanted := map[string]bool{}
	for _, k := range want {
		n, _ := regkey.Normalize(k)
		n = strings.ToLower(n)
		wanted[n] = true
		switch seen[n] {
		case 0:
			problems = append(problems, "missing "+k)
		case 1:
		default:
			problems = append(problems, fmt.Sprintf("%s %d times", k, seen[n]))
		}
	}
	for k := range seen {
		if !wanted[k] {
			problems = append(problems, "unexpected "+k)
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		return fmt.Errorf("%d keys, want %d: %s", len(got), len(want), strings.Join(problems, "; "))
	}
	return nil
}

// expectDiagnostic fails unless out is an error diagnostic containing every one of words
// (case-insensitive).
func expectDiagnostic(t *testing.T, out string, words ...string) {
	t.Helper()
	if !strings.Contains(out, "Error:") {
		t.Fatalf("no error diagnostic in:\n%s", out)
	}
	lower := strings.ToLower(out)
	for _, w := range words {
		if !strings.Contains(lower, strings.ToLower(w)) {
			t.Fatalf("the diagnostic does not say %q:\n%s", w, out)
		}
	}
}
