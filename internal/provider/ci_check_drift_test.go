package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// TestCheckDriftScript runs examples/ci/check-drift.sh as CI would: the provider built as a
// binary and found through dev_overrides, its settings from EXCHANGE_WINRM_*, terraform (or
// TF_ACC_TERRAFORM_PATH) planning two configurations against the simulated cluster over
// NTLM: one that manages the KB checkpoint, and examples/ci/check-block, which only checks it.
func TestCheckDriftScript(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (it builds the provider and runs terraform against the simulator)")
	}
	requireTerraform(t)
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not on PATH")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal(err)
		}
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot build the provider binary")
	}
	script, err := filepath.Abs("../../examples/ci/check-drift.sh")
	if err != nil {
		t.Fatal(err)
	}
	checkBlock, err := os.ReadFile("../../examples/ci/check-block/main.tf")
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := t.TempDir()
	binDir := filepath.Join(dir, "bin")
	build := exec.CommandContext(ctx, goBin, "build", "-o", filepath.Join(binDir, "terraform-provider-exchange"), ".")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}

	sim, err := clustersim.Start(clustersim.Options{Username: accUser, Password: accPassword})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	host, port, err := net.SplitHostPort(sim.Addr("NODE1"))
	if err != nil {
		t.Fatal(err)
	}

	rc := filepath.Join(dir, "dev.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"exchange-tools/exchange", binDir))
	managed := filepath.Join(dir, "managed")
	writeFile(t, filepath.Join(managed, "main.tf"), `terraform {
  required_providers {
    exchange = { source = "exchange-tools/exchange" }
  }
}
provider "exchange" {}
resource "exchange_cluster_checkpoint" "kb" {}
`)
	checked := filepath.Join(dir, "checked")
	writeFile(t, filepath.Join(checked, "main.tf"), string(checkBlock))

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TF_INIT=0", // dev_overrides: no init
		"TERRAFORM="+tf,
		"GITHUB_ACTIONS=",
		"EXCHANGE_WINRM_HOST="+host,
		"EXCHANGE_WINRM_PORT="+port,
		"EXCHANGE_WINRM_USERNAME="+accUser,
		"EXCHANGE_WINRM_PASSWORD="+accPassword,
	)
	run := func(env []string, name string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case err == nil:
			return out.String(), 0
		case errors.As(err, &exit):
			return out.String(), exit.ExitCode()
		}
		t.Fatalf("%s: %v\n%s", name, err, out.String())
		return "", -1
	}
	apply := func() {
		t.Helper()
		if out, code := run(env, tf, "-chdir="+managed, "apply", "-auto-approve", "-input=false", "-no-color"); code != 0 {
			t.Fatalf("terraform apply: exit %d\n%s", code, out)
		}
	}
	checkDrift := func(env []string) (string, int) { return run(env, bash, script, managed, checked) }

	apply()
	if out, code := checkDrift(env); code != 0 || !strings.Contains(out, "no drift in 2 configuration(s)") {
		t.Fatalf("no drift: exit %d, want 0\n%s", code, out)
	}

	// Someone removes the checkpoint by hand: the managed configuration plans a create, and
	// the check block's assertion fails.
	if _, err := sim.Cluster().RemoveCheckpoint(systemAttendant, regkey.Default); err != nil {
		t.Fatal(err)
	}
	out, code := checkDrift(env)
	t.Logf("check-drift.sh after a checkpoint was removed by hand (exit %d):\n%s", code, out)
	for _, want := range []string{"DRIFT in " + managed, "CHECK FAILED in " + checked, "terraform apply"} {
		if !strings.Contains(out, want) {
			t.Errorf("drift output does not say %q", want)
		}
	}
	if code != 2 || t.Failed() {
		t.Fatalf("drift: exit %d, want 2\n%s", code, out)
	}

	// In GitHub Actions the findings become error annotations.
	if out, _ := checkDrift(append(env, "GITHUB_ACTIONS=true")); !strings.Contains(out, "::error title=Terraform drift::DRIFT in "+managed) {
		t.Fatalf("no GitHub annotation:\n%s", out)
	}

	// Apply repairs it; both are clean again.
	apply()
	if out, code := checkDrift(env); code != 0 {
		t.Fatalf("after apply: exit %d, want 0\n%s", code, out)
	}

	// A plan that cannot reach Windows is an error (exit 1), not "no drift".
	out, code = run(append(env, "EXCHANGE_WINRM_PASSWORD=wrong"), bash, script, managed)
	if code != 1 || !strings.Contains(out, "ERROR in "+managed) {
		t.Fatalf("refused logon: exit %d, want 1 with an error\n%s", code, out)
	}
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
