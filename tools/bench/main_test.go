package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
)

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("1, 10,100")
	if err != nil || len(got) != 3 || got[2] != 100 {
		t.Fatalf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "-1", "ten", "1,,2"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	results := []caseResult{
		{n: 1, clusters: 1, plan: measurement{wall: 2 * time.Second}},
		{n: 100, clusters: 1,
			plan:     measurement{wall: 3 * time.Second, stats: simstats.Snapshot{PowerShellStarts: 2, HTTPRequests: 30}},
			apply:    measurement{stats: simstats.Snapshot{PowerShellStarts: 4}},
			baseline: baselineResult(30 * time.Second), reads: 2 * time.Second},
		{n: 500, clusters: 5, plan: measurement{rssMB: 40}, apply: measurement{rssMB: 55.5}},
	}
	got := summary(results)
	want := "bench: plan100_ps_starts=2 plan100_requests=30 plan100_over_plan1=1.50 apply100_ps_starts=4 baseline_over_ours_plan100=10.0 baseline_over_ours_reads100=15.0 rss500_mb=55.5"
	if got != want {
		t.Fatalf("summary:\n got %s\nwant %s", got, want)
	}
	if s := summary(nil); !strings.Contains(s, "plan100_ps_starts=n/a") || !strings.Contains(s, "rss500_mb=n/a") {
		t.Fatalf("summary without results: %s", s)
	}
}

func TestVmHWMParsesProcStatus(t *testing.T) {
	if kb := vmHWM("/proc/self/status"); kb <= 0 {
		t.Fatalf("VmHWM of this process = %d kB", kb)
	}
}

func TestMedianKeepsTheMiddleRunAndThePeakRSS(t *testing.T) {
	ms := []measurement{
		{wall: 5 * time.Second, rssMB: 10},
		{wall: 1 * time.Second, rssMB: 30},
		{wall: 3 * time.Second, rssMB: 20, output: "middle"},
	}
	got := median(ms)
	if got.wall != 3*time.Second || got.output != "middle" || got.rssMB != 30 {
		t.Fatalf("median = %+v, want the 3 s run with rss 30", got)
	}
	if ms[0].wall != 5*time.Second {
		t.Fatal("median reordered its argument")
	}
}

func TestHasSizes(t *testing.T) {
	if !hasSizes([]int{1, 10, 100}, 1, 100) || hasSizes([]int{1, 10}, 1, 100) {
		t.Fatal("hasSizes")
	}
}

func TestMedianOf(t *testing.T) {
	xs := []float64{3, 1, 2}
	if got := medianOf(xs); got != 2 || xs[0] != 3 {
		t.Fatalf("medianOf(3,1,2) = %v (argument now %v)", got, xs)
	}
	if got := medianOf([]float64{4, 1, 2, 3}); got != 2.5 {
		t.Fatalf("medianOf(4,1,2,3) = %v", got)
	}
	if got := medianOf(nil); got != 0 {
		t.Fatalf("medianOf(nil) = %v", got)
	}
}

// plan100_over_floor is the case's median of paired ratios, not its plan over a floor
// measured apart; without floor pairs it is n/a.
func TestTransportLineTakesThePairedRatio(t *testing.T) {
	results := []caseResult{
		{n: 100, clusters: 1, overFloor: 1.04,
			plan:        measurement{wall: 9 * time.Second, stats: simstats.Snapshot{HTTPRequests: 2}},
			apply:       measurement{wall: 2 * time.Second},
			floorApply:  measurement{wall: 1 * time.Second},
			memoryApply: measurement{wall: 4 * time.Second}},
		{n: 500, clusters: 1, apply: measurement{wall: 10 * time.Second},
			floorApply:  measurement{wall: 8 * time.Second},
			memoryApply: measurement{wall: 14 * time.Second}},
	}
	want := "transport=wmi plan100_ps_starts=0 plan100_requests=2 plan100_over_floor=1.04 apply500_over_apply100=5.00" +
		" floor_apply500_over_apply100=8.00 memory_state_apply500_over_apply100=3.50"
	if got := transportLine("wmi", results); got != want {
		t.Fatalf("transportLine:\n got %s\nwant %s", got, want)
	}
	results[0].overFloor = 0
	if got := transportLine("wmi", results); !strings.Contains(got, "plan100_over_floor=n/a") {
		t.Fatalf("without floor pairs: %s", got)
	}
	results[0].memoryApply = measurement{}
	if got := transportLine("wmi", results); !strings.HasSuffix(got, "memory_state_apply500_over_apply100=n/a") {
		t.Fatalf("without the applies with the state in memory: %s", got)
	}
}

// The exclusive shape declares the same keys as the per-key shape, each once, in one
// exchange_cluster_checkpoints_exclusive per cluster, on that cluster's provider.
func TestWriteCaseShapesDeclareTheSameKeys(t *testing.T) {
	keyRE := regexp.MustCompile(`"SOFTWARE\\\\Bench\\\\Key(\d{4})"`)
	sims := []*clustersim.Sim{startTestSim(t), startTestSim(t)}
	keysOf := func(sh shape) (keys []string, text string) {
		dir := t.TempDir()
		if err := writeCase(dir, "/nonexistent/terraform-provider-exchange", sims, 7, "wmi", layout{shape: sh}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "main.tf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		sort.Strings(keys)
		return keys, string(b)
	}
	perKey, _ := keysOf(blockPerKey)
	exclusive, text := keysOf(oneExclusive)
	if len(perKey) != 7 || strings.Join(perKey, ",") != strings.Join(exclusive, ",") {
		t.Fatalf("keys per block %v, keys in the exclusive resources %v", perKey, exclusive)
	}
	if got := strings.Count(text, `resource "exchange_cluster_checkpoints_exclusive"`); got != 2 {
		t.Fatalf("%d exclusive resources for 2 clusters:\n%s", got, text)
	}
	if strings.Contains(text, `resource "exchange_cluster_checkpoint" `) {
		t.Fatalf("the exclusive shape also declares per-key blocks:\n%s", text)
	}
	for _, alias := range []string{"exchange.c0", "exchange.c1"} {
		if !strings.Contains(text, "provider      = "+alias) {
			t.Fatalf("no exclusive resource on %s:\n%s", alias, text)
		}
	}
}

// startTestSim starts a cluster of the bench's kind with no Windows costs, closed with the test.
func startTestSim(t *testing.T) *clustersim.Sim {
	t.Helper()
	sim, err := startSim(0, profile{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// A case with its state in memory declares the inmem backend and leaves the provider to
// terraform init (no dev_overrides, which init refuses); the table's cases do the opposite.
func TestWriteCaseStateStores(t *testing.T) {
	sims := []*clustersim.Sim{startTestSim(t)}
	for _, tc := range []struct {
		state       stateStore
		wantBackend bool
	}{{localState, false}, {memoryState, true}} {
		dir := t.TempDir()
		if err := writeCase(dir, "/nonexistent/bin/terraform-provider-exchange", sims, 3, "wmi", layout{state: tc.state}); err != nil {
			t.Fatal(err)
		}
		tf, err := os.ReadFile(filepath.Join(dir, "main.tf"))
		if err != nil {
			t.Fatal(err)
		}
		rc, err := os.ReadFile(filepath.Join(dir, "terraformrc"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(tf), `backend "inmem" {}`); got != tc.wantBackend {
			t.Errorf("state %d: inmem backend declared %v, want %v:\n%s", tc.state, got, tc.wantBackend, tf)
		}
		if got := strings.Contains(string(rc), "dev_overrides"); got == tc.wantBackend {
			t.Errorf("state %d: dev_overrides %v:\n%s", tc.state, got, rc)
		}
	}
}

func TestIdentifyCLIByItsVersion(t *testing.T) {
	for _, c := range []struct{ version, name, host string }{
		{"Terraform v1.11.4\non linux_amd64\n", "terraform", "registry.terraform.io"},
		{"OpenTofu v1.12.6\non linux_amd64\n", "tofu", "registry.opentofu.org"},
		// OpenTofu may warn about its CLI configuration before it names itself.
		{"\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6\non linux_amd64\n", "tofu", "registry.opentofu.org"},
	} {
		name, host := identifyCLI(c.version)
		if name != c.name || host != c.host {
			t.Errorf("identifyCLI(%q) = %s, %s; want %s, %s", c.version, name, host, c.name, c.host)
		}
	}
}

func TestResolveCLIMakesARelativePathAbsolute(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'OpenTofu v1.12.6'\n"
	if err := os.WriteFile(filepath.Join(dir, "opentofu"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	defer func(c, n, h string) { cli, cliName, cliHost = c, n, h }(cli, cliName, cliHost)
	cli = "./opentofu"
	if err := resolveCLI(); err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(cli) || cliName != "tofu" || cliHost != "registry.opentofu.org" {
		t.Errorf("resolveCLI made cli %q, name %q, host %q", cli, cliName, cliHost)
	}
	cli = "./no-such-cli"
	if err := resolveCLI(); err == nil || !strings.Contains(err.Error(), "no-such-cli") {
		t.Errorf("resolveCLI of a missing CLI: %v", err)
	}
}
