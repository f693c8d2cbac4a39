// Command bench measures what a real `terraform plan` and `terraform apply` of many
// checkpoints cost against the simulated cluster with a latency profile of real Windows
// (issue 5), and compares the reads with the pattern of the public WinRM providers (one
// shell and one powershell.exe per read). It runs every case once per transport of the
// provider (wmi, powershell), prints a table per transport and, last, one `bench:` line
// with the figures per transport (issue 13).
//
//	go run ./tools/bench [-transports wmi,powershell] [-sizes 1,10,100,500] [-ps-start 250ms] [-latency 2ms] [-max-shells 5]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/tools/bench/baseline"
)

// cli is the Terraform-compatible CLI the bench runs (-cli), as an absolute path once
// resolveCLI has run: terraform, or OpenTofu's tofu, whose local backend keeps the state in
// memory between periodic persists (statemgr.Filesystem.MutateState; opentofu/opentofu#578)
// where Terraform 1.11 rewrites the whole state file after each resource
// (hashicorp/terraform#34296). cliName is what it calls itself, cliHost the registry host it
// gives a provider source without one.
var cli, cliName, cliHost = "terraform", "terraform", "registry.terraform.io"

const (
	username = `EXCHANGE\tfbench`
	password = "bench-Password-1"
	resource = "Microsoft Exchange System Attendant"
)

type profile struct {
	transport   string // the provider's transport setting
	psStart     time.Duration
	latency     time.Duration
	maxShells   int
	parallelism int
	plans       int // plan runs per case; the median's wall time is reported
	// withBaseline runs the public providers' pattern beside our cases.
	withBaseline bool
}

func main() {
	var (
		sizesFlag = flag.String("sizes", "1,10,100,500", "numbers of checkpoints, comma separated")
		spread    = flag.Int("clusters", 5, "number of clusters for the spread cases")
		transFlag = flag.String("transports", "wmi,powershell", "the provider's transports to measure, comma separated")
		p         profile
	)
	flag.DurationVar(&p.psStart, "ps-start", 250*time.Millisecond, "cost of one powershell.exe start")
	flag.DurationVar(&p.latency, "latency", 2*time.Millisecond, "delay per WinRM request")
	flag.IntVar(&p.maxShells, "max-shells", 5, "MaxShellsPerUser of every simulated node")
	flag.IntVar(&p.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.IntVar(&p.plans, "plans", 5, "terraform plan runs per case (the median is reported: the machine may be shared)")
	flag.StringVar(&cli, "cli", cli, "the CLI to run: terraform, or the path of OpenTofu's tofu (make tofu builds one)")
	floor := flag.Bool("floor", true, "also time plan1 and plan100 with no Windows costs: what Terraform and the plugin protocol take alone")
	flag.Parse()
	sizes, err := parseSizes(*sizesFlag)
	if err == nil {
		err = resolveCLI()
	}
	if err == nil && *spread < 1 {
		err = fmt.Errorf("-clusters must be at least 1")
	}
	if err == nil && p.plans < 1 {
		err = fmt.Errorf("-plans must be at least 1")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	var lines []string
	for _, t := range strings.Split(*transFlag, ",") {
		p.transport = strings.TrimSpace(t)
		if p.transport != winclient.TransportWMI && p.transport != winclient.TransportPowerShell && p.transport != winclient.TransportAuto {
			fmt.Fprintln(os.Stderr, "bench: -transports: unknown transport", p.transport)
			os.Exit(2)
		}
		line, err := run(sizes, *spread, p, *floor, len(lines) == 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		lines = append(lines, line)
		fmt.Println()
	}
	// The CLI leads the line: how an apply grows with N depends on its state writes.
	fmt.Println("bench: cli=" + cliName + " " + strings.Join(lines, " | "))
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// measurement is one terraform command's cost.
type measurement struct {
	wall   time.Duration
	stats  simstats.Snapshot
	rssMB  float64
	output string
}

type caseResult struct {
	n, clusters int
	apply, plan measurement
	baseline    baseline.Result
	// reads is the same reads as the baseline's, through our client: a cold client (one
	// PowerShell start), parallelism at a time, as terraform's refresh issues them.
	reads time.Duration
	// floorPlan and overFloor are set when the case's plans were paired with plans of the
	// same configuration on a cluster with no Windows costs (runTerraform's withFloor):
	// the floor plan of median wall time, and the median of the pairs' ratios.
	floorPlan measurement
	overFloor float64
	// floorApply is the apply of that floor configuration (withFloor only): what Terraform,
	// the plugin protocol and the provider's own work cost without Windows' latency.
	floorApply measurement
	// exclusiveApply is the apply of the same n keys on one cluster as a single
	// exchange_cluster_checkpoints_exclusive (one-cluster cases of 100 and 500 only).
	exclusiveApply measurement
	// memoryApply is the apply of the same configuration with Terraform's state kept in
	// memory (one-cluster cases of 100 and 500 only; see memoryState).
	memoryApply measurement
}

// run measures every case on p's transport, prints its table and its transport's summary,
// and returns the transport's part of the last line. The baseline (the public providers'
// pattern) does not depend on our transport: it runs with the first transport only.
func run(sizes []int, spread int, p profile, floor, withBaseline bool) (string, error) {
	work, err := os.MkdirTemp("", "exchange-bench-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	providerBin, err := buildProvider(work)
	if err != nil {
		return "", err
	}
	p.withBaseline = withBaseline
	fmt.Printf("transport %s; profile: powershell start %s, %s per request, MaxShellsPerUser %d, terraform -parallelism=%d; plan s is the median of %d plans\n\n",
		p.transport, p.psStart, p.latency, p.maxShells, p.parallelism, p.plans)
	fmt.Printf("%-8s %5s %8s | %8s %6s %6s %6s %7s | %8s %6s %6s %6s %7s | %8s %6s %8s\n",
		"case", "N", "clusters", "apply s", "reqs", "shells", "starts", "rss MB",
		"plan s", "reqs", "shells", "starts", "rss MB", "base s", "quota", "reads s")

	var results []caseResult
	layouts := []int{1}
	if spread > 1 {
		layouts = append(layouts, spread)
	}
	for _, clusters := range layouts {
		for _, n := range sizes {
			if clusters > n {
				continue
			}
			r, err := runCase(work, providerBin, n, clusters, p, floor && clusters == 1 && (n == 100 || n == 500) && hasSizes(sizes, 1))
			if err != nil {
				return "", fmt.Errorf("case N=%d clusters=%d: %w", n, clusters, err)
			}
			results = append(results, r)
			fmt.Printf("%-8s %5d %8d | %8.2f %6d %6d %6d %7.1f | %8.2f %6d %6d %6d %7.1f | %8.2f %6d %8.2f\n",
				caseName(clusters), n, clusters,
				r.apply.wall.Seconds(), r.apply.stats.HTTPRequests, r.apply.stats.ShellsCreated, r.apply.stats.PowerShellStarts, r.apply.rssMB,
				r.plan.wall.Seconds(), r.plan.stats.HTTPRequests, r.plan.stats.ShellsCreated, r.plan.stats.PowerShellStarts, r.plan.rssMB,
				r.baseline.Wall.Seconds(), r.baseline.Failed, r.reads.Seconds())
			if r.baseline.FirstError != "" {
				fmt.Printf("         baseline at MaxShellsPerUser %d: %d of %d reads failed, first: %s\n",
					p.maxShells, r.baseline.Failed, r.baseline.Reads, firstLine(r.baseline.FirstError))
			}
		}
	}
	fmt.Println()
	if hasSizes(sizes, 100, 500) {
		for _, extra := range []func(string, string, profile, *caseResult, *caseResult) (string, error){memoryStateLine, exclusiveLine} {
			line, err := extra(work, providerBin, p, findCase(results, 100), findCase(results, 500))
			if err != nil {
				return "", err
			}
			fmt.Println(line)
		}
	}
	if floor && hasSizes(sizes, 1, 100) {
		line, err := floorLine(work, providerBin, p, findCase(results, 100), findCase(results, 500))
		if err != nil {
			return "", err
		}
		fmt.Println(line)
	}
	fmt.Println(p.transport + " " + summary(results))
	return transportLine(p.transport, results), nil
}

// exclusiveLine applies the keys of the one-cluster cases of 100 and 500 checkpoints again,
// on fresh clusters, as one exchange_cluster_checkpoints_exclusive each, records these
// applies in the cases, and reports how they grow. Terraform's own work per apply then does
// not grow with the keys (one resource, one state entry): what grows is the provider's and
// Windows'. With one block per key, Terraform rewrites its whole state file after each
// resource it applies (the local backend's StateHook.PostStateUpdate calls
// statemgr.Filesystem.WriteState), which is quadratic in the number of blocks whatever the
// provider does: the floor line shows it.
func exclusiveLine(work, providerBin string, p profile, hundred, five *caseResult) (string, error) {
	for _, c := range []*caseResult{hundred, five} {
		a, err := applyCase(work, providerBin, c.n, 1, p, "exclusive-", layout{shape: oneExclusive})
		if err == nil {
			// The apply must have made what it declares: a plan right after it finds no change.
			_, err = a.plan(providerBin, p)
		}
		a.close()
		if err != nil {
			return "", fmt.Errorf("exclusive case N=%d: %w", c.n, err)
		}
		c.exclusiveApply = a.apply
	}
	return fmt.Sprintf("one exchange_cluster_checkpoints_exclusive of N keys: apply100 %.2f s (%d requests), apply500 %.2f s (%d requests): apply500/apply100 %s",
		hundred.exclusiveApply.wall.Seconds(), hundred.exclusiveApply.stats.HTTPRequests,
		five.exclusiveApply.wall.Seconds(), five.exclusiveApply.stats.HTTPRequests,
		ratio(five, hundred, func(r *caseResult) time.Duration { return r.exclusiveApply.wall })), nil
}

// memoryStateLine applies the one-cluster cases of 100 and 500 checkpoints again, on fresh
// clusters, with Terraform's state kept in memory (memoryState), records these applies in
// the cases, and reports how they grow: the same configuration and provider, without the
// local backend's rewrite of the whole state file after each resource.
func memoryStateLine(work, providerBin string, p profile, hundred, five *caseResult) (string, error) {
	for _, c := range []*caseResult{hundred, five} {
		a, err := applyCase(work, providerBin, c.n, 1, p, "memory-", layout{state: memoryState})
		if err == nil {
			// The state is gone with terraform: what the apply made is checked on the cluster.
			err = wantCheckpoints(a.sims[0], c.n)
		}
		a.close()
		if err != nil {
			return "", fmt.Errorf("state in memory, N=%d: %w", c.n, err)
		}
		c.memoryApply = a.apply
	}
	return fmt.Sprintf("state in memory (backend inmem, as remote backends keep it between persists): apply100 %.2f s, apply500 %.2f s: apply500/apply100 %s",
		hundred.memoryApply.wall.Seconds(), five.memoryApply.wall.Seconds(),
		ratio(five, hundred, func(r *caseResult) time.Duration { return r.memoryApply.wall })), nil
}

// wantCheckpoints fails unless the bench's cluster resource on sim holds n checkpoints.
func wantCheckpoints(sim *clustersim.Sim, n int) error {
	cps, err := sim.Cluster().Checkpoints(resource)
	if err != nil {
		return err
	}
	if len(cps) != n {
		return fmt.Errorf("the apply left %d checkpoints on %q, want %d", len(cps), resource, n)
	}
	return nil
}

// findCase is the one-cluster case of n checkpoints, or nil.
func findCase(results []caseResult, n int) *caseResult {
	for i := range results {
		if results[i].n == n && results[i].clusters == 1 {
			return &results[i]
		}
	}
	return nil
}

// transportLine is one transport's part of the last line: what issue 13 sets targets on.
// plan100_over_floor is the median of the ratios of plan100 to its floor plan run just after
// it (see runTerraform).
func transportLine(transport string, results []caseResult) string {
	hundred, five := findCase(results, 100), findCase(results, 500)
	na := func(ok bool, v string) string {
		if !ok {
			return "n/a"
		}
		return v
	}
	overFloor := "n/a"
	if hundred != nil && hundred.overFloor > 0 {
		overFloor = fmt.Sprintf("%.2f", hundred.overFloor)
	}
	// Two growths stand beside apply500_over_apply100: the floor's, what Terraform and the
	// provider's own work bring with Windows costing nothing; and that of the same apply with
	// the state in memory, without the local backend's quadratic state writes (memoryState).
	return fmt.Sprintf("transport=%s plan100_ps_starts=%s plan100_requests=%s plan100_over_floor=%s apply500_over_apply100=%s floor_apply500_over_apply100=%s memory_state_apply500_over_apply100=%s",
		transport,
		na(hundred != nil, fmt.Sprint(statOf(hundred, func(r *caseResult) int64 { return r.plan.stats.PowerShellStarts }))),
		na(hundred != nil, fmt.Sprint(statOf(hundred, func(r *caseResult) int64 { return r.plan.stats.HTTPRequests }))),
		overFloor,
		na(hundred != nil && five != nil, ratio(five, hundred, func(r *caseResult) time.Duration { return r.apply.wall })),
		na(hundred != nil && five != nil, ratio(five, hundred, func(r *caseResult) time.Duration { return r.floorApply.wall })),
		na(hundred != nil && five != nil, ratio(five, hundred, func(r *caseResult) time.Duration { return r.memoryApply.wall })))
}

func hasSizes(sizes []int, want ...int) bool {
	for _, w := range want {
		found := false
		for _, n := range sizes {
			found = found || n == w
		}
		if !found {
			return false
		}
	}
	return true
}

// floorOf is p with no Windows costs: no PowerShell start cost, no request latency, the
// same transport. What a plan then takes is Terraform and the plugin protocol, which no
// provider can take out of plan100 / plan1.
func floorOf(p profile) profile {
	free := p
	free.psStart, free.latency = 0, 0
	return free
}

// floorLine times plan1 on a cluster that costs nothing and reports it with plan100's floor,
// measured in pairs with the plan100 case (hundred, nil when that case did not run with its
// floor), and, when the case N=500 ran with its floor (five), the floor's apply500/apply100:
// how much of that ratio Terraform brings itself, with Windows costing nothing.
func floorLine(work, providerBin string, p profile, hundred, five *caseResult) (string, error) {
	if hundred == nil || hundred.floorPlan.wall == 0 {
		return "", fmt.Errorf("floor: the case N=100 ran without its floor plans")
	}
	r, err := runTerraform(filepath.Join(work, "floor"), providerBin, 1, 1, floorOf(p), false)
	if err != nil {
		return "", fmt.Errorf("floor case N=1: %w", err)
	}
	plan1, plan100 := r.plan.wall, hundred.floorPlan.wall
	line := fmt.Sprintf("floor: with no Windows costs plan1 %.2f s, plan100 %.2f s: %.2f s of growth is Terraform and the plugin protocol",
		plan1.Seconds(), plan100.Seconds(), (plan100 - plan1).Seconds())
	if five != nil && five.floorApply.wall > 0 && hundred.floorApply.wall > 0 {
		line += fmt.Sprintf("; apply100 %.2f s, apply500 %.2f s: apply500/apply100 %.2f without Windows",
			hundred.floorApply.wall.Seconds(), five.floorApply.wall.Seconds(), five.floorApply.wall.Seconds()/hundred.floorApply.wall.Seconds())
		a100, err := terraformAlone(filepath.Join(work, "alone-100"), 100, p.parallelism)
		if err != nil {
			return "", err
		}
		a500, err := terraformAlone(filepath.Join(work, "alone-500"), 500, p.parallelism)
		if err != nil {
			return "", err
		}
		line += fmt.Sprintf("\n%s alone (terraform_data, no provider): apply100 %.2f s, apply500 %.2f s: apply500/apply100 %.2f",
			cliName, a100.Seconds(), a500.Seconds(), a500.Seconds()/a100.Seconds())
	}
	return line, nil
}

// terraformAlone times the apply of n terraform_data resources (Terraform's built-in
// provider, no plugin process) at the same parallelism: how an apply grows with n when
// neither this provider nor Windows costs anything.
func terraformAlone(dir string, n, parallelism int) (time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	// One block per resource, as the cases write theirs (for_each grows faster still).
	var cfg strings.Builder
	for i := range n {
		fmt.Fprintf(&cfg, "resource \"terraform_data\" \"k%04d\" {\n  input = \"SOFTWARE\\\\Bench\\\\Key%04d\"\n}\n\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg.String()), 0o600); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, "terraformrc"), nil, 0o600); err != nil {
		return 0, err
	}
	m, err := measure(nil, "", dir, "apply", "-auto-approve", "-input=false", "-parallelism="+strconv.Itoa(parallelism))
	if err != nil {
		return 0, fmt.Errorf("%s alone, N=%d: %w", cliName, n, err)
	}
	return m.wall, nil
}

func caseName(clusters int) string {
	if clusters == 1 {
		return "one"
	}
	return "spread"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

// summary is the last line: the figures issue 5 sets targets on.
func summary(results []caseResult) string {
	find := func(n, clusters int) *caseResult {
		for i := range results {
			if results[i].n == n && results[i].clusters == clusters {
				return &results[i]
			}
		}
		return nil
	}
	field := func(name string, ok bool, v string) string {
		if !ok {
			return name + "=n/a"
		}
		return name + "=" + v
	}
	one, hundred := find(1, 1), find(100, 1)
	var maxRSS float64
	var have500 bool
	// The memory target is for 500 checkpoints spread over the clusters (one provider
	// process per cluster); the one-cluster case is in the table.
	for _, r := range results {
		if r.n == 500 && r.clusters > 1 {
			have500 = true
			maxRSS = max(maxRSS, r.apply.rssMB, r.plan.rssMB)
		}
	}
	parts := []string{
		field("plan100_ps_starts", hundred != nil, fmt.Sprint(statOf(hundred, func(r *caseResult) int64 { return r.plan.stats.PowerShellStarts }))),
		field("plan100_requests", hundred != nil, fmt.Sprint(statOf(hundred, func(r *caseResult) int64 { return r.plan.stats.HTTPRequests }))),
		field("plan100_over_plan1", hundred != nil && one != nil, ratio(hundred, one, func(r *caseResult) time.Duration { return r.plan.wall })),
		field("apply100_ps_starts", hundred != nil, fmt.Sprint(statOf(hundred, func(r *caseResult) int64 { return r.apply.stats.PowerShellStarts }))),
		field("baseline_over_ours_plan100", hundred != nil, baselineRatio(hundred, hundred.planWall())),
		field("baseline_over_ours_reads100", hundred != nil, baselineRatio(hundred, hundred.readsWall())),
		field("rss500_mb", have500, fmt.Sprintf("%.1f", maxRSS)),
	}
	return "bench: " + strings.Join(parts, " ")
}

func statOf(r *caseResult, f func(*caseResult) int64) int64 {
	if r == nil {
		return 0
	}
	return f(r)
}

func ratio(a, b *caseResult, f func(*caseResult) time.Duration) string {
	if a == nil || b == nil || f(b) == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", f(a).Seconds()/f(b).Seconds())
}

// baselineRatio is the baseline's time for the reads over ours.
func baselineRatio(r *caseResult, ours time.Duration) string {
	if r == nil || ours == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", r.baseline.Wall.Seconds()/ours.Seconds())
}

func (r *caseResult) planWall() time.Duration {
	if r == nil {
		return 0
	}
	return r.plan.wall
}

func (r *caseResult) readsWall() time.Duration {
	if r == nil {
		return 0
	}
	return r.reads
}

func buildProvider(work string) (string, error) {
	bin := filepath.Join(work, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-exchange"), ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the provider: %w", err)
	}
	return filepath.Join(bin, "terraform-provider-exchange"), nil
}

// runTerraform starts the clusters, applies N new checkpoints and plans them again
// p.plans times (the plan of median wall time is kept).
//
// With withFloor, the same configuration is also applied on one cluster that costs nothing
// (floorOf(p)), and each plan is followed at once by a plan of it: plan100_over_floor is the
// median of these pairs' ratios. Measured minutes apart, the two plans met different loads
// of a shared machine, and the ratio swung (1.13 and 0.68 on one machine); back to back, a
// change of load shows in both halves of a pair, and the median drops a pair it hit halfway.
func runTerraform(work, providerBin string, n, clusters int, p profile, withFloor bool) (caseResult, error) {
	res := caseResult{n: n, clusters: clusters}
	c, err := applyCase(work, providerBin, n, clusters, p, "", layout{})
	defer c.close()
	if err != nil {
		return res, err
	}
	res.apply = c.apply
	var f appliedCase
	if withFloor {
		f, err = applyCase(work, providerBin, n, 1, floorOf(p), "floor-", layout{})
		defer f.close()
		if err != nil {
			return res, fmt.Errorf("floor: %w", err)
		}
	}
	plans := make([]measurement, p.plans)
	var floors []measurement
	var ratios []float64
	for i := range plans {
		if plans[i], err = c.plan(providerBin, p); err != nil {
			return res, err
		}
		if !withFloor {
			continue
		}
		fm, err := f.plan(providerBin, p)
		if err != nil {
			return res, fmt.Errorf("floor: %w", err)
		}
		floors = append(floors, fm)
		ratios = append(ratios, plans[i].wall.Seconds()/fm.wall.Seconds())
	}
	res.plan = median(plans)
	if withFloor {
		res.floorPlan = median(floors)
		res.floorApply = f.apply
		res.overFloor = medianOf(ratios)
	}
	return res, nil
}

// appliedCase is a configuration applied on its clusters, ready to be planned again.
type appliedCase struct {
	sims  []*clustersim.Sim
	dir   string
	apply measurement
}

// applyCase starts the clusters of a case, writes its configuration in the given layout into a
// directory named by prefix, n and clusters, and applies it. close stops the clusters, also
// after an error.
func applyCase(work, providerBin string, n, clusters int, p profile, prefix string, lay layout) (appliedCase, error) {
	var c appliedCase
	for i := 0; i < clusters; i++ {
		sim, err := startSim(i, p)
		if err != nil {
			return c, err
		}
		c.sims = append(c.sims, sim)
	}
	c.dir = filepath.Join(work, fmt.Sprintf("%scase-%d-%d", prefix, n, clusters))
	if err := writeCase(c.dir, providerBin, c.sims, n, p.transport, lay); err != nil {
		return c, err
	}
	if lay.state == memoryState {
		// A backend other than local needs terraform init, which installs the provider:
		// from our build, laid out as a local mirror (dev_overrides need no init, and
		// init refuses them).
		if err := initFromBuild(c.dir, providerBin); err != nil {
			return c, err
		}
	}
	var err error
	c.apply, err = measure(c.sims, providerBin, c.dir, "apply", "-auto-approve", "-input=false", "-parallelism="+strconv.Itoa(p.parallelism))
	return c, err
}

// plan runs one terraform plan of the applied configuration, which must find no change.
func (c appliedCase) plan(providerBin string, p profile) (measurement, error) {
	return measure(c.sims, providerBin, c.dir, "plan", "-input=false", "-detailed-exitcode", "-parallelism="+strconv.Itoa(p.parallelism))
}

func (c appliedCase) close() {
	for _, s := range c.sims {
		_ = s.Close()
	}
}

// medianOf is the median of xs (the mean of the two middle values for an even count);
// xs is not reordered.
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sorted := append([]float64{}, xs...)
	sort.Float64s(sorted)
	m := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[m-1] + sorted[m]) / 2
	}
	return sorted[m]
}

// median returns the measurement of median wall time, with the highest peak RSS of all.
func median(ms []measurement) measurement {
	sorted := append([]measurement{}, ms...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].wall < sorted[j].wall })
	m := sorted[len(sorted)/2]
	for _, o := range ms {
		m.rssMB = max(m.rssMB, o.rssMB)
	}
	return m
}

// runCase starts the clusters, applies N new checkpoints, plans them again (withFloor: in
// pairs with its floor, see runTerraform), and runs the baseline's N reads (one cluster
// cases only) on a fresh cluster of the same profile.
func runCase(work, providerBin string, n, clusters int, p profile, withFloor bool) (caseResult, error) {
	res, err := runTerraform(work, providerBin, n, clusters, p, withFloor)
	if err != nil {
		return res, err
	}
	if clusters > 1 || !p.withBaseline {
		return res, nil // the baseline's reads do not depend on how they are spread, nor on our transport
	}
	reads := make([]baseline.Read, n)
	for i := range reads {
		reads[i] = baseline.Read{Resource: resource}
	}
	// The baseline opens one shell per read, parallelism at a time: under the profile's
	// MaxShellsPerUser some of its reads fail with the quota fault. Its time is measured on
	// a node with Windows' default quota (30), where every read succeeds, so that the ratio
	// compares work done, not failures.
	if res.baseline, err = runBaseline(p, reads); err != nil {
		return res, err
	}
	unlimited := p
	unlimited.maxShells = 0
	timed, err := runBaseline(unlimited, reads)
	if err != nil {
		return res, err
	}
	if timed.Failed > 0 {
		return res, fmt.Errorf("baseline reads failed even with the default quota: %s", timed.FirstError)
	}
	res.baseline.Wall = timed.Wall
	res.reads, err = ourReads(p, n)
	return res, err
}

// ourReads times n concurrent ListCheckpoints through a new winclient.Client against a fresh
// cluster of the profile, parallelism at a time.
func ourReads(p profile, n int) (time.Duration, error) {
	sim, err := startSim(98, p)
	if err != nil {
		return 0, err
	}
	defer sim.Close()
	host, port, err := hostPort(sim)
	if err != nil {
		return 0, err
	}
	client, err := winclient.New(winclient.Config{
		Host: host, Port: port, HTTPS: true, CACert: sim.CACertPEM(),
		Auth: winclient.AuthBasic, Username: username, Password: password, Transport: p.transport,
	})
	if err != nil {
		return 0, err
	}
	defer client.Close()
	var (
		wg       sync.WaitGroup
		sem      = make(chan struct{}, p.parallelism)
		mu       sync.Mutex
		firstErr error
	)
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if _, err := client.ListCheckpoints(context.Background(), "", resource); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return time.Since(start), firstErr
}

func runBaseline(p profile, reads []baseline.Read) (baseline.Result, error) {
	base, err := startSim(99, p)
	if err != nil {
		return baseline.Result{}, err
	}
	defer base.Close()
	host, port, err := hostPort(base)
	if err != nil {
		return baseline.Result{}, err
	}
	return baseline.Run(context.Background(), baseline.Target{
		Host: host, Port: port, CACert: base.CACertPEM(), Username: username, Password: password,
	}, reads, p.parallelism)
}

func startSim(i int, p profile) (*clustersim.Sim, error) {
	cfg := cluster.DefaultConfig()
	cfg.Name = fmt.Sprintf("EXCLUSTER%02d", i+1)
	return clustersim.Start(clustersim.Options{
		Username:         username,
		Password:         password,
		HTTPS:            true,
		Latency:          p.latency,
		PSStartCost:      p.psStart,
		MaxShellsPerUser: p.maxShells,
		Cluster:          &cfg,
	})
}

func hostPort(sim *clustersim.Sim) (string, int, error) {
	addr := sim.Addr(sim.Nodes()[0])
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return "", 0, fmt.Errorf("simulator address %q has no port", addr)
	}
	port, err := strconv.Atoi(addr[i+1:])
	return addr[:i], port, err
}

// layout is how a case's configuration declares its checkpoints and where Terraform keeps
// its state; the zero layout is the table's cases.
type layout struct {
	shape shape
	state stateStore
}

// shape is how a case's configuration declares its checkpoints.
type shape int

const (
	// blockPerKey is one exchange_cluster_checkpoint block per key, spread round-robin over
	// the clusters: what the table's cases time.
	blockPerKey shape = iota
	// oneExclusive is one exchange_cluster_checkpoints_exclusive per cluster holding its
	// keys: the same checkpoints in as many Terraform resources as there are clusters.
	oneExclusive
)

// stateStore is where Terraform keeps a case's state while it applies.
type stateStore int

const (
	// localState is the local backend: terraform.tfstate, which Terraform rewrites whole
	// after each resource it applies (StateHook.PostStateUpdate calls
	// statemgr.Filesystem.WriteState in Terraform 1.11), so that an apply of N blocks
	// writes O(N^2) bytes of state, whatever the provider does.
	localState stateStore = iota
	// memoryState is the inmem backend: each resource's state is written in memory, as
	// remote backends (s3, azurerm, HCP Terraform) do between their periodic persists. The
	// state is gone when terraform exits: such a case can be applied, not planned again.
	memoryState
)

// writeCase writes a configuration of n checkpoints spread round-robin over the clusters in
// the given shape, one provider alias per cluster, and a CLI config whose dev_overrides point
// at our build.
func writeCase(dir, providerBin string, sims []*clustersim.Sim, n int, transport string, lay layout) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    exchange = { source = \"exchange-tools/exchange\" }\n  }\n")
	if lay.state == memoryState {
		b.WriteString("  backend \"inmem\" {}\n")
	}
	b.WriteString("}\n\n")
	for i, sim := range sims {
		host, port, err := hostPort(sim)
		if err != nil {
			return err
		}
		caFile := filepath.Join(dir, fmt.Sprintf("ca%d.pem", i))
		if err := os.WriteFile(caFile, sim.CACertPEM(), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(&b, "provider \"exchange\" {\n  alias     = \"c%d\"\n  host      = %q\n  port      = %d\n  https     = true\n  ca_cert   = file(%q)\n  auth      = \"basic\"\n  username  = %q\n  password  = %q\n  transport = %q\n}\n\n",
			i, host, port, caFile, username, password, transport)
	}
	switch lay.shape {
	case blockPerKey:
		for j := 0; j < n; j++ {
			fmt.Fprintf(&b, "resource \"exchange_cluster_checkpoint\" \"k%04d\" {\n  provider = exchange.c%d\n  key      = \"SOFTWARE\\\\Bench\\\\Key%04d\"\n}\n\n",
				j, j%len(sims), j)
		}
	case oneExclusive:
		for i := range sims {
			fmt.Fprintf(&b, "resource \"exchange_cluster_checkpoints_exclusive\" \"c%d\" {\n  provider      = exchange.c%d\n  resource_name = %q\n  keys = [\n", i, i, resource)
			for j := i; j < n; j += len(sims) {
				fmt.Fprintf(&b, "    \"SOFTWARE\\\\Bench\\\\Key%04d\",\n", j)
			}
			b.WriteString("  ]\n}\n\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o600); err != nil {
		return err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"exchange-tools/exchange\" = %q\n  }\n  direct {}\n}\n", filepath.Dir(providerBin))
	if lay.state == memoryState {
		rc = "" // initFromBuild installs the provider
	}
	return os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o600)
}

// initFromBuild runs terraform init in dir with our build as the only source of the provider:
// a -plugin-dir laid out as Terraform's unpacked mirror (HOSTNAME/NAMESPACE/TYPE/VERSION/
// OS_ARCH/terraform-provider-TYPE_vVERSION), so that nothing is fetched from a registry.
func initFromBuild(dir, providerBin string) error {
	const version = "0.0.1"
	plugins := filepath.Join(dir, "plugins")
	bin := filepath.Join(plugins, cliHost, "exchange-tools", "exchange", version,
		runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.Symlink(providerBin, filepath.Join(bin, "terraform-provider-exchange_v"+version)); err != nil {
		return err
	}
	_, err := measure(nil, providerBin, dir, "init", "-input=false", "-plugin-dir="+plugins)
	return err
}

// measure runs one terraform command and returns its wall time, what the simulators counted
// meanwhile, and the provider's peak resident memory.
func measure(sims []*clustersim.Sim, providerBin, dir string, args ...string) (measurement, error) {
	before := make([]simstats.Snapshot, len(sims))
	for i, s := range sims {
		before[i] = s.Stats()
	}
	cmd := exec.Command(cli, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	watch := watchRSS(providerBin)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	peak := watch()
	if err != nil {
		// plan -detailed-exitcode exits 2 when there are changes: after an apply there must be none.
		return measurement{}, fmt.Errorf("terraform %s: %v\n%s", args[0], err, tail(string(out), 40))
	}
	m := measurement{wall: wall, rssMB: float64(peak) / 1024, output: string(out)}
	for i, s := range sims {
		m.stats = addStats(m.stats, s.Stats().Sub(before[i]))
	}
	return m, nil
}

func addStats(a, b simstats.Snapshot) simstats.Snapshot {
	a.HTTPRequests += b.HTTPRequests
	a.ShellsCreated += b.ShellsCreated
	a.PowerShellStarts += b.PowerShellStarts
	a.Commands += b.Commands
	a.BytesIn += b.BytesIn
	a.BytesOut += b.BytesOut
	return a
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// resolveCLI makes cli an absolute path (the bench runs it in each case's directory, where a
// relative one would not resolve) and asks it what it is, whatever its file is called.
func resolveCLI() error {
	path, err := exec.LookPath(cli)
	if err == nil {
		path, err = filepath.Abs(path)
	}
	if err != nil {
		return fmt.Errorf("-cli %s: %v: install Terraform 1.5 or later, or give -cli the path of OpenTofu's tofu (make tofu builds one)", cli, err)
	}
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return fmt.Errorf("-cli %s: %s version: %v", cli, path, err)
	}
	cli = path
	cliName, cliHost = identifyCLI(string(out))
	return nil
}

// identifyCLI reads a CLI's "version" output: OpenTofu says "OpenTofu vX.Y.Z" and reads a
// provider source without a host ("exchange-tools/exchange", as the bench's configurations
// write it) as registry.opentofu.org's; Terraform says "Terraform vX.Y.Z".
func identifyCLI(version string) (name, host string) {
	for _, line := range strings.Split(version, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "OpenTofu v") {
			return "tofu", "registry.opentofu.org"
		}
	}
	return "terraform", "registry.terraform.io"
}
