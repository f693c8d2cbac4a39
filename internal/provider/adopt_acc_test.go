package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// Adopting what a cluster already holds (issue 14), through the terraform binary against an
// Exchange 2000/2003 cluster: import blocks, `plan -generate-config-out`, a key with "|",
// and one for_each over exchange_cluster_resources on every System Attendant.
func TestAccAdoptExistingCheckpoints(t *testing.T) {
	requireAcc(t)
	bin := t.TempDir()
	buildProviderBinary(t, bin)
	layout2003 := func(o *clustersim.Options) { o.Layout = clustersim.LayoutExchange2003 }
	evs1 := cluster.Exchange2003SystemAttendant("EVS1")
	evs2 := cluster.Exchange2003SystemAttendant("EVS2")

	t.Run("import blocks and generated config", func(t *testing.T) {
		r := newCLIRig(t, bin, layout2003)
		const pipeKey = `SOFTWARE\Vendor|App`
		r.b.addCheckpointOutOfBand(t, evs1, regkey.Default)
		r.b.addCheckpointOutOfBand(t, evs2, pipeKey)
		r.b.addCheckpointOutOfBand(t, "EVS1 Network Name", `SOFTWARE\A|B`)
		r.b.addCheckpointOutOfBand(t, "EVS1 Network Name", `SOFTWARE\C`)
		r.write(`
import {
  to = exchange_cluster_checkpoint.evs1
  id = "EXCLUSTER|EVS1 System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation"
}

import {
  to = exchange_cluster_checkpoint.pipe
  id = "|EXCLUSTER|EVS2 System Attendant|SOFTWARE\\Vendor%7CApp"
}

import {
  to = exchange_cluster_checkpoints_exclusive.netname
  id = "EXCLUSTER|EVS1 Network Name"
}
`)
		out := r.mustTF("plan", "-input=false", "-generate-config-out=generated.tf")
		t.Logf("terraform plan -generate-config-out:\n%s", out)
		if !strings.Contains(out, "3 to import, 0 to add, 0 to change, 0 to destroy") {
			t.Fatalf("plan does not import the three:\n%s", out)
		}
		gen, err := os.ReadFile(filepath.Join(r.work, "generated.tf"))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("generated.tf:\n%s", gen)
		for _, want := range []string{
			`resource "exchange_cluster_checkpoint" "pipe"`, `key           = "SOFTWARE\\Vendor|App"`, `resource_name = "EVS2 System Attendant"`,
			`resource "exchange_cluster_checkpoint" "evs1"`, `resource_name = "EVS1 System Attendant"`,
			`resource "exchange_cluster_checkpoints_exclusive" "netname"`, `"SOFTWARE\\A|B"`, `"SOFTWARE\\C"`,
		} {
			if !strings.Contains(string(gen), want) {
				t.Errorf("generated.tf lacks %s", want)
			}
		}
		r.mustTF("apply", "-input=false", "-auto-approve")
		// Imported: the next plan is empty, and nothing on the cluster changed.
		if out, code := r.tf("plan", "-input=false", "-detailed-exitcode"); code != 0 {
			t.Fatalf("plan after import exited %d:\n%s", code, out)
		}
		if !r.b.holds(t, evs2, pipeKey) || !r.b.holds(t, evs1, regkey.Default) || len(r.b.checkpoints(t, "EVS1 Network Name")) != 2 {
			t.Fatal("the import changed the cluster")
		}
		state := r.mustTF("show")
		if !strings.Contains(state, `|EXCLUSTER|EVS2 System Attendant|SOFTWARE\\Vendor%7CApp`) {
			t.Fatalf("state of the key with |:\n%s", state)
		}
	})

	t.Run("for_each over every System Attendant", func(t *testing.T) {
		r := newCLIRig(t, bin, layout2003)
		r.write(readmeForEachExample)
		out := r.mustTF("apply", "-input=false", "-auto-approve")
		if !strings.Contains(out, "2 added") {
			t.Fatalf("apply:\n%s", out)
		}
		for _, sa := range []string{evs1, evs2} {
			if !r.b.holds(t, sa, regkey.Default) {
				t.Errorf("%s does not checkpoint %s", sa, regkey.Default)
			}
		}
		if out, code := r.tf("plan", "-input=false", "-detailed-exitcode"); code != 0 {
			t.Fatalf("plan after apply exited %d:\n%s", code, out)
		}
	})
}

// readmeForEachExample is the README's example, kept equal to it by TestReadmeForEachExample.
const readmeForEachExample = `data "exchange_cluster_resources" "system_attendants" {
  resource_type = "Microsoft Exchange System Attendant"
}

resource "exchange_cluster_checkpoint" "backupinformation" {
  for_each      = { for r in data.exchange_cluster_resources.system_attendants.resources : r.name => r }
  resource_name = each.key
}
`

func TestReadmeForEachExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), readmeForEachExample) {
		t.Fatalf("README.md does not show the for_each example the acceptance test applies:\n%s", readmeForEachExample)
	}
}
