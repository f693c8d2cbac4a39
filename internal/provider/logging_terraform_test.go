package provider

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestLogsShowOperationsAndNeverThePassword runs a create, a failed logon and a destroy with
// TF_LOG=TRACE for terraform and the provider, then reads the whole log: every WinRM
// operation is there with its duration (one line each, written by the Windows client), and
// the password is nowhere, in any form.
func TestLogsShowOperationsAndNeverThePassword(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		logFile := filepath.Join(t.TempDir(), "trace.log")
		// TF_ACC_LOG_PATH sends terraform's log and the in-process provider's log (at TRACE)
		// to one file.
		t.Setenv("TF_ACC_LOG_PATH", logFile)
		t.Setenv("TF_LOG", "TRACE")

		// The password comes from the environment, as the docs advise: the test framework
		// itself logs each configuration it writes, which would otherwise hold it.
		b.setEnv(map[string]string{envVar(attrPassword): accPassword})
		noPassword := map[string]string{attrPassword: deleteMark}
		steps := []resource.TestStep{
			{Config: providerBlock(b, noPassword) + kbResource},
			{Config: providerBlock(b, noPassword) + `data "exchange_cluster_resource" "sa" {}`},
		}
		if _, isSim := b.(*simBackend); isSim {
			// A wrong password: the 401 becomes a diagnostic, which must not echo either one.
			steps = append(steps, resource.TestStep{
				PreConfig:   func() { b.setEnv(map[string]string{envVar(attrPassword): "Wr0ng-" + accPassword}) },
				Config:      providerBlock(b, noPassword) + `data "exchange_cluster_resource" "sa" {}`,
				ExpectError: regexp.MustCompile(`authentication failed`),
			})
		}
		resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: b.factories(), Steps: steps})

		data, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatal(err)
		}
		log := string(data)
		if len(log) < 1000 {
			t.Fatalf("the log is almost empty (%d bytes): is TF_ACC_LOG_PATH honoured?", len(log))
		}
		forms := map[string]string{
			"the password":                  accPassword,
			"the password, base64 (Basic)":  base64.StdEncoding.EncodeToString([]byte(accUser + ":" + accPassword)),
			"the password, JSON-escaped":    strings.ReplaceAll(accPassword, `"`, `\"`),
			"the password's distinct start": accPassword[:9],
		}
		for what, secret := range forms {
			if i := strings.Index(log, secret); i >= 0 {
				start := max(0, i-200)
				t.Errorf("%s appears in the TRACE log, at byte %d: ...%s...", what, i, log[start:min(len(log), i+len(secret)+50)])
			}
		}
		if _, isSim := b.(*simBackend); !isSim {
			return // the operations' lines are the Windows client's, which the fake replaces
		}
		for _, op := range []string{"ClusterName", "FindCheckpoint", "AddCheckpoint", "RemoveCheckpoint", "GetResource"} {
			re := regexp.MustCompile(`\[DEBUG\][^\n]*WinRM operation done: ` + op + `[^\n]*duration_ms=\d+`)
			if !re.MatchString(log) {
				t.Errorf("no DEBUG line for the WinRM operation %s with its duration", op)
			}
		}
	})
}
