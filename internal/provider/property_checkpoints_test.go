package provider

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"pgregory.net/rapid"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// TestPropertyCheckpoints is a stateful property test of both checkpoint resources against
// the simulated cluster, through the provider server (the plugin protocol, as Terraform
// speaks it: one provider server per Terraform command, so that each command reads the
// cluster afresh). rapid draws sequences of steps: declared sets (in any spelling of
// `cluster` and of the keys), out-of-band adds and removes (case variants, names stored with
// a hive prefix), injected WinRM faults, plans, applies (also of a plan the cluster changed
// under), imports, replacements and destroys; after each it checks the invariants of issue 21:
//
//	(a) no checkpoint is removed that no plan showed as removed;
//	(b) no fault makes a resource leave the state or lose a key the cluster still holds;
//	(c) after a successful apply the cluster holds exactly the declared set (exclusive) or
//	    the key (single), besides checkpoints that appeared after the plan;
//	(d) no plan or refresh fails because of how the cluster spells its names;
//	(e) destroying the exclusive resource removes nothing.
//
// A failing sequence is shrunk by rapid and written under testdata/rapid/; the files kept
// there are replayed on every run, as regression cases.
//
// `make test` runs a bounded number of sequences (propertyChecks); `make fuzz` sets
// RAPID_CHECKS (and RAPID_STEPS) for a longer run.
func TestPropertyCheckpoints(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("property test against the simulated cluster: set TF_ACC=1")
	}
	boundChecks(t)
	transports := []string{"wmi", "powershell"}
	if tr := os.Getenv(envVar(attrTransport)); tr != "" && tr != "auto" {
		// `make test` runs the package once per transport: each run takes its own.
		transports = []string{tr}
	}
	for _, transport := range transports {
		t.Run(transport, func(t *testing.T) {
			b := startSimBackend(t, modeBasic)
			settings := b.settings()
			settings[attrTransport] = transport
			// An injected drop or fault is retried where the client retries; a short
			// timeout keeps a step that waits out a fault short.
			settings[attrTimeout] = "10s"
			start, steps := time.Now(), 0
			rapid.Check(t, func(rt *rapid.T) {
				m := newPropMachine(t, rt, b, settings)
				defer m.cleanup()
				rt.Repeat(m.actions())
				steps += m.steps
			})
			t.Logf("transport %s: %d steps in %s (%.1f steps/s)", transport, steps, time.Since(start).Round(time.Millisecond),
				float64(steps)/time.Since(start).Seconds())
		})
	}
}

// propertyChecks is how many sequences `make test` runs per transport: about 30 steps each,
// some 600 steps in 10 to 15 s per transport on a shared 2-core machine.
const propertyChecks = 20

// boundChecks sets rapid's number of checks for `make test` unless the caller chose one
// (-rapid.checks or RAPID_CHECKS, as `make fuzz` does).
func boundChecks(t *testing.T) {
	if os.Getenv("RAPID_CHECKS") != "" {
		return
	}
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		if err := flag.Set("rapid.checks", strconv.Itoa(propertyChecks)); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	propExclusiveType = "exchange_cluster_checkpoints_exclusive"
	propSingleType    = "exchange_cluster_checkpoint"
	// The single resource manages a checkpoint of another cluster resource than the
	// exclusive one: the two must not share one (see the exclusive resource's docs).
	propExclusiveResource = cluster.SystemAttendant
	propSingleResource    = cluster.InformationStore
)

// propKeys are the registry keys the sequences use.
var propKeys = []string{regkey.Default, `SOFTWARE\Prop\A`, `SOFTWARE\Prop\B`, `SOFTWARE\Prop\C`}

// configSpellings are ways a configuration may write a key.
var configSpellings = []func(string) string{
	func(k string) string { return k },
	strings.ToUpper,
	strings.ToLower,
	func(k string) string { return `HKLM\` + k },
	func(k string) string { return `HKEY_LOCAL_MACHINE\` + k + `\` },
}

// storedSpellings are names someone may store on the cluster out of band: the key as
// written, a case variant, and with a hive prefix (which Windows reads as a key below
// HKEY_LOCAL_MACHINE named HKLM: not the key).
var storedSpellings = []func(string) string{
	func(k string) string { return k },
	strings.ToLower,
	func(k string) string { return `HKLM\` + k },
}

// propResource is one resource's life in Terraform: its configuration and its state.
type propResource struct {
	typeName string
	typ      tftypes.Type
	config   tftypes.Value // nil Type: not in the configuration
	state    tftypes.Value // null: not in the state
	private  []byte
	// plan is the saved plan (terraform plan -out), nil when none.
	plan *propPlan
}

type propPlan struct {
	prior, planned, config tftypes.Value
	private                []byte
	requiresReplace        bool
	// warnings are the plan's warnings: a removal the set's diff cannot show is named there.
	warnings string
	// stored is what the cluster held when the plan was made (its refresh).
	stored []string
}

type propMachine struct {
	outer   *testing.T
	rt      *rapid.T
	b       *simBackend
	cfg     map[string]string
	ctx     context.Context
	schemas *tfprotov6.GetProviderSchemaResponse
	ex, one *propResource
	// faulted: a fault was injected for the command under way.
	faulted bool
	steps   int
	// clusterSpellings are the names under which the client accepts the cluster.
	clusterSpellings []string
}

func newPropMachine(outer *testing.T, rt *rapid.T, b *simBackend, cfg map[string]string) *propMachine {
	m := &propMachine{outer: outer, rt: rt, b: b, cfg: cfg, ctx: context.Background()}
	// Each sequence starts from a cluster without checkpoints on the two resources.
	for _, res := range []string{propExclusiveResource, propSingleResource} {
		for _, k := range b.checkpoints(outer, res) {
			if _, err := b.sim.Cluster().RemoveCheckpoint(res, k); err != nil {
				rt.Fatalf("clearing %s: %v", k, err)
			}
		}
	}
	srv := m.server()
	var err error
	m.schemas, err = srv.GetProviderSchema(m.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(m.schemas.Diagnostics) {
		rt.Fatalf("GetProviderSchema: %v %v", err, m.schemas.Diagnostics)
	}
	m.closeServer()
	m.ex = &propResource{typeName: propExclusiveType, typ: m.schemas.ResourceSchemas[propExclusiveType].ValueType()}
	m.one = &propResource{typeName: propSingleType, typ: m.schemas.ResourceSchemas[propSingleType].ValueType()}
	for _, r := range []*propResource{m.ex, m.one} {
		r.state = tftypes.NewValue(r.typ, nil)
	}
	info := b.sim.Cluster().Info()
	m.clusterSpellings = []string{"", info.Name, strings.ToLower(info.Name)}
	if info.Domain != "" {
		m.clusterSpellings = append(m.clusterSpellings, strings.ToLower(info.Name+"."+info.Domain))
	}
	return m
}

func (m *propMachine) cleanup() {
	for _, n := range m.b.sim.Nodes() {
		m.b.sim.Faults(n).Clear()
	}
}

// server starts a provider server and configures it, as each Terraform command does.
func (m *propMachine) server() tfprotov6.ProviderServer {
	srv, err := providerserver.NewProtocol6WithError(newWithClient(newWindowsClient, m.b.lookupEnv)())()
	if err != nil {
		m.rt.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(m.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		m.rt.Fatal(err)
	}
	cfg := map[string]tftypes.Value{}
	pt, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		m.rt.Fatalf("the provider's schema is a %T, not an object", schemas.Provider.ValueType())
	}
	for name, at := range pt.AttributeTypes {
		v, ok := m.cfg[name]
		switch {
		case !ok:
			cfg[name] = tftypes.NewValue(at, nil)
		case at.Is(tftypes.Number):
			n, _ := strconv.Atoi(v)
			cfg[name] = tftypes.NewValue(at, n)
		case at.Is(tftypes.Bool):
			cfg[name] = tftypes.NewValue(at, v == "true")
		default:
			cfg[name] = tftypes.NewValue(at, v)
		}
	}
	resp, err := srv.ConfigureProvider(m.ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           dyn(m.rt, pt, tftypes.NewValue(pt, cfg)),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		m.rt.Fatalf("ConfigureProvider: %v %s", err, protoDiagText(resp.Diagnostics))
	}
	return srv
}

// closeServer ends a command: the provider process's clients close.
func (m *propMachine) closeServer() {
	if err := CloseClients(); err != nil {
		m.rt.Logf("closing clients: %v", err)
	}
}

func dyn(rt *rapid.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		rt.Fatal(err)
	}
	return &dv
}

func undyn(rt *rapid.T, typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	if dv == nil {
		return tftypes.NewValue(typ, nil)
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		rt.Fatal(err)
	}
	return v
}

func protoDiagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "[%s] %s: %s; ", d.Severity, d.Summary, d.Detail)
	}
	return b.String()
}

func errorsIn(diags []*tfprotov6.Diagnostic) string {
	var errs []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	return protoDiagText(errs)
}

// resourceValue builds a value of r's type: attrs set, every other attribute null.
func resourceValue(typ tftypes.Type, attrs map[string]tftypes.Value) tftypes.Value {
	ot, ok := typ.(tftypes.Object)
	if !ok {
		panic(fmt.Sprintf("a resource's type is a %T, not an object", typ))
	}
	vals := map[string]tftypes.Value{}
	for name, at := range ot.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(ot, vals)
}

func attrsOf(rt *rapid.T, v tftypes.Value) map[string]tftypes.Value {
	if v.IsNull() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		rt.Fatal(err)
	}
	return attrs
}

func strAttr(rt *rapid.T, v tftypes.Value, name string) (string, bool) {
	a, ok := attrsOf(rt, v)[name]
	if !ok || a.IsNull() || !a.IsKnown() {
		return "", false
	}
	var s string
	if err := a.As(&s); err != nil {
		rt.Fatal(err)
	}
	return s, true
}

// keysOfValue returns the keys attribute (exclusive) or the key (single) of a state.
func keysOfValue(rt *rapid.T, v tftypes.Value) []string {
	attrs := attrsOf(rt, v)
	if attrs == nil {
		return nil
	}
	if k, ok := attrs["key"]; ok {
		var s string
		if !k.IsNull() && k.IsKnown() {
			_ = k.As(&s)
			return []string{s}
		}
		return nil
	}
	var elems []tftypes.Value
	if err := attrs["keys"].As(&elems); err != nil {
		rt.Fatal(err)
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		var s string
		if err := e.As(&s); err != nil {
			rt.Fatal(err)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// denotes reports whether the state or configuration element e stands for the checkpoint
// the cluster stores as s: the very name, or a key that normalises to it (up to case).
func denotes(e, s string) bool {
	if e == s {
		return true
	}
	n, err := regkey.Normalize(e)
	return err == nil && strings.EqualFold(n, s)
}

func (m *propMachine) stored(res string) []string {
	names := append([]string{}, m.b.checkpoints(m.outer, res)...)
	sort.Strings(names)
	return names
}

func (m *propMachine) resourceOf(r *propResource) string {
	if r == m.ex {
		return propExclusiveResource
	}
	return propSingleResource
}

// --- steps ---

func (m *propMachine) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"configureExclusive": m.configureExclusive,
		"configureSingle":    m.configureSingle,
		"unconfigure":        m.unconfigure,
		"addOutOfBand":       m.addOutOfBand,
		"removeOutOfBand":    m.removeOutOfBand,
		"fault":              m.fault,
		"refresh":            m.refresh,
		"plan":               m.planStep,
		"apply":              m.applyStep,
		"planAndApply":       m.planAndApply,
		"importExclusive":    m.importExclusive,
		"":                   m.check,
	}
}

func (m *propMachine) pick(rt *rapid.T) *propResource {
	if rapid.Bool().Draw(rt, "exclusive") {
		return m.ex
	}
	return m.one
}

func (m *propMachine) clusterValue(rt *rapid.T) tftypes.Value {
	c := rapid.SampledFrom(m.clusterSpellings).Draw(rt, "cluster")
	if c == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, c)
}

func (m *propMachine) configureExclusive(rt *rapid.T) {
	m.steps++
	chosen := rapid.SliceOfDistinct(rapid.SampledFrom(propKeys), func(k string) string { return k }).Draw(rt, "keys")
	elems := []tftypes.Value{}
	seen := map[string]bool{}
	for _, k := range chosen {
		s := configSpellings[rapid.IntRange(0, len(configSpellings)-1).Draw(rt, "spelling")](k)
		if !seen[s] {
			seen[s] = true
			elems = append(elems, tftypes.NewValue(tftypes.String, s))
		}
	}
	m.ex.config = resourceValue(m.ex.typ, map[string]tftypes.Value{
		"cluster":       m.clusterValue(rt),
		"resource_name": tftypes.NewValue(tftypes.String, propExclusiveResource),
		"keys":          tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems),
	})
}

func (m *propMachine) configureSingle(rt *rapid.T) {
	m.steps++
	k := rapid.SampledFrom(propKeys).Draw(rt, "key")
	s := configSpellings[rapid.IntRange(0, len(configSpellings)-1).Draw(rt, "spelling")](k)
	m.one.config = resourceValue(m.one.typ, map[string]tftypes.Value{
		"cluster":       m.clusterValue(rt),
		"resource_name": tftypes.NewValue(tftypes.String, propSingleResource),
		"key":           tftypes.NewValue(tftypes.String, s),
	})
}

// unconfigure removes a resource from the configuration: the next plan destroys it.
func (m *propMachine) unconfigure(rt *rapid.T) {
	m.steps++
	r := m.pick(rt)
	r.config = tftypes.Value{}
}

func (m *propMachine) addOutOfBand(rt *rapid.T) {
	m.steps++
	r := m.pick(rt)
	k := rapid.SampledFrom(propKeys).Draw(rt, "key")
	name := storedSpellings[rapid.IntRange(0, len(storedSpellings)-1).Draw(rt, "stored spelling")](k)
	// The cluster refuses a second name of the same key up to case (ERROR_ALREADY_EXISTS).
	_, _ = m.b.sim.Cluster().AddCheckpoint(m.resourceOf(r), name)
}

func (m *propMachine) removeOutOfBand(rt *rapid.T) {
	m.steps++
	r := m.pick(rt)
	names := m.stored(m.resourceOf(r))
	if len(names) == 0 {
		rt.Skip("nothing to remove")
	}
	name := rapid.SampledFrom(names).Draw(rt, "name")
	m.b.removeCheckpointOutOfBand(m.outer, m.resourceOf(r), name)
}

// fault arms a fault for the next command: dropped connections, WS-Management faults
// (500), a refused logon, or an operation timeout. The command after it clears what is left.
func (m *propMachine) fault(rt *rapid.T) {
	m.steps++
	f := m.b.sim.Faults("NODE1")
	n := rapid.IntRange(1, 3).Draw(rt, "n")
	switch rapid.IntRange(0, 3).Draw(rt, "fault") {
	case 0:
		f.DropConnections(n, "")
	case 1:
		// WSManFault "The WS-Management service cannot process the request" (internal error).
		f.FailWith(n, "", 2150858770, "The WS-Management service cannot process the request.")
	case 2:
		f.RefuseAuth(n)
	case 3:
		f.FailWith(n, "", 2150858793, "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.")
	}
	m.faulted = true
}

// endCommand clears what is left of an injected fault.
func (m *propMachine) endCommand() {
	m.closeServer()
	m.cleanup()
	m.faulted = false
}

// refresh is terraform refresh of every resource in the state.
func (m *propMachine) refresh(rt *rapid.T) {
	m.steps++
	srv := m.server()
	defer m.endCommand()
	for _, r := range []*propResource{m.ex, m.one} {
		m.read(rt, srv, r)
	}
}

// read refreshes r and checks (b) and (d); it returns false when the refresh failed.
func (m *propMachine) read(rt *rapid.T, srv tfprotov6.ProviderServer, r *propResource) bool {
	if r.state.IsNull() {
		return true
	}
	before := keysOfValue(rt, r.state)
	resp, err := srv.ReadResource(m.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: r.typeName, CurrentState: dyn(rt, r.typ, r.state), Private: r.private,
	})
	if err != nil {
		rt.Fatal(err)
	}
	stored := m.stored(m.resourceOf(r))
	if hasErrors(resp.Diagnostics) {
		if !m.faulted {
			rt.Fatalf("(d) refresh of %s failed without a fault; the cluster holds %q, the state %q: %s", r.typeName, stored, before, errorsIn(resp.Diagnostics))
		}
		return false // Terraform keeps the state as it was
	}
	after := undyn(rt, r.typ, resp.NewState)
	keys := keysOfValue(rt, after)
	switch {
	case r == m.ex && after.IsNull():
		rt.Fatalf("(b) refresh removed %s from the state while its cluster resource exists", r.typeName)
	case r == m.ex:
		// Every checkpoint the cluster holds is in the state, once, in a spelling that names it.
		if !matchOneToOne(keys, stored) {
			rt.Fatalf("(b/d) refresh of %s: state %q does not name the cluster's checkpoints %q one to one", r.typeName, keys, stored)
		}
	case after.IsNull():
		// The single resource's key is a configuration's key: only a stored name it names
		// (as stored) is its checkpoint.
		if slices.ContainsFunc(stored, func(s string) bool { return regkey.Names(s, before[0]) }) {
			rt.Fatalf("(b) refresh removed %s (key %q) from the state while the cluster holds %q", r.typeName, before[0], stored)
		}
	default:
		if !slices.ContainsFunc(stored, func(s string) bool { return regkey.Names(s, keys[0]) }) {
			rt.Fatalf("refresh kept %s (key %q) in the state while the cluster holds only %q", r.typeName, keys[0], stored)
		}
	}
	r.state, r.private = after, resp.Private
	return true
}

func anyDenoted(e string, stored []string) bool {
	return slices.ContainsFunc(stored, func(s string) bool { return denotes(e, s) })
}

// matchOneToOne reports whether each element names exactly one stored name and each stored
// name is named by one element (exact names first).
func matchOneToOne(elems, stored []string) bool {
	if len(elems) != len(stored) {
		return false
	}
	usedE := make([]bool, len(elems))
	usedS := make([]bool, len(stored))
	for i, e := range elems {
		for j, s := range stored {
			if !usedS[j] && e == s {
				usedE[i], usedS[j] = true, true
				break
			}
		}
	}
	for i, e := range elems {
		if usedE[i] {
			continue
		}
		for j, s := range stored {
			if !usedS[j] && denotes(e, s) {
				usedE[i], usedS[j] = true, true
				break
			}
		}
		if !usedE[i] {
			return false
		}
	}
	return true
}

// planStep is terraform plan -out: refresh, then plan each resource.
func (m *propMachine) planStep(rt *rapid.T) { m.planCommand(rt, false) }

// planAndApply is terraform apply without a saved plan (refresh, plan, apply in one).
func (m *propMachine) planAndApply(rt *rapid.T) { m.planCommand(rt, true) }

func (m *propMachine) planCommand(rt *rapid.T, apply bool) {
	m.steps++
	srv := m.server()
	defer m.endCommand()
	for _, r := range []*propResource{m.ex, m.one} {
		r.plan = nil
		if !m.read(rt, srv, r) {
			continue
		}
		m.plan(rt, srv, r)
		if apply && r.plan != nil {
			m.apply(rt, srv, r, r.plan)
			r.plan = nil
		}
	}
}

func (m *propMachine) plan(rt *rapid.T, srv tfprotov6.ProviderServer, r *propResource) {
	config := r.config
	if config.Type() == nil {
		if r.state.IsNull() {
			return
		}
		// Destroy: Terraform does not ask the provider to plan it.
		r.plan = &propPlan{prior: r.state, planned: tftypes.NewValue(r.typ, nil), config: tftypes.NewValue(r.typ, nil),
			private: r.private, stored: m.stored(m.resourceOf(r))}
		return
	}
	resp, err := srv.PlanResourceChange(m.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: r.typeName, PriorState: dyn(rt, r.typ, r.state), ProposedNewState: dyn(rt, r.typ, proposed(rt, r.state, config)),
		Config: dyn(rt, r.typ, config), PriorPrivate: r.private,
	})
	if err != nil {
		rt.Fatal(err)
	}
	if hasErrors(resp.Diagnostics) {
		if !m.faulted {
			rt.Fatalf("(d) plan of %s failed: %s", r.typeName, errorsIn(resp.Diagnostics))
		}
		return
	}
	r.plan = &propPlan{prior: r.state, planned: undyn(rt, r.typ, resp.PlannedState), config: config, private: resp.PlannedPrivate,
		requiresReplace: len(resp.RequiresReplace) > 0 && !r.state.IsNull(), stored: m.stored(m.resourceOf(r)),
		warnings: protoDiagText(resp.Diagnostics)}
}

// proposed is Terraform's proposed new state: the configuration, with each attribute the
// configuration leaves null taken from the prior state (the computed ones: id, cluster).
func proposed(rt *rapid.T, prior, config tftypes.Value) tftypes.Value {
	if prior.IsNull() {
		return config
	}
	p, c := attrsOf(rt, prior), attrsOf(rt, config)
	out := map[string]tftypes.Value{}
	for name, v := range c {
		if v.IsNull() && (name == "id" || name == "cluster" || name == "resource_name" || name == "key") {
			out[name] = p[name]
		} else {
			out[name] = v
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

// apply is terraform apply of the saved plans.
func (m *propMachine) applyStep(rt *rapid.T) {
	m.steps++
	srv := m.server()
	defer m.endCommand()
	for _, r := range []*propResource{m.ex, m.one} {
		if r.plan != nil {
			m.apply(rt, srv, r, r.plan)
			r.plan = nil
		}
	}
}

func (m *propMachine) apply(rt *rapid.T, srv tfprotov6.ProviderServer, r *propResource, p *propPlan) {
	if p.requiresReplace {
		// Destroy, then create, as Terraform replaces.
		destroy := &propPlan{prior: p.prior, planned: tftypes.NewValue(r.typ, nil), config: tftypes.NewValue(r.typ, nil), private: p.private, stored: p.stored}
		if !m.applyOne(rt, srv, r, destroy) {
			return
		}
		// The create half of the replacement: the plan's new state, from nothing.
		p = &propPlan{prior: tftypes.NewValue(r.typ, nil), planned: p.planned, config: p.config, stored: m.stored(m.resourceOf(r)), warnings: p.warnings}
	}
	m.applyOne(rt, srv, r, p)
}

// applyOne applies one planned change and checks (a), (b), (c) and (e).
func (m *propMachine) applyOne(rt *rapid.T, srv tfprotov6.ProviderServer, r *propResource, p *propPlan) bool {
	res := m.resourceOf(r)
	before := m.stored(res)
	if p.prior.Equal(p.planned) {
		return true // no change: Terraform calls nothing
	}
	resp, err := srv.ApplyResourceChange(m.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: r.typeName, PriorState: dyn(rt, r.typ, p.prior), PlannedState: dyn(rt, r.typ, p.planned),
		Config: dyn(rt, r.typ, p.config), PlannedPrivate: p.private,
	})
	if err != nil {
		rt.Fatal(err)
	}
	after := m.stored(res)
	failed := hasErrors(resp.Diagnostics)
	priorKeys, plannedKeys := keysOfValue(rt, p.prior), keysOfValue(rt, p.planned)
	if failed && !m.faulted && !refusedCreate(p, resp.Diagnostics, before, plannedKeys) {
		rt.Fatalf("apply of %s failed without a fault: %s", r.typeName, errorsIn(resp.Diagnostics))
	}
	shown := slices.DeleteFunc(slices.Clone(priorKeys), func(k string) bool { return slices.Contains(plannedKeys, k) })
	// (a) and (e): what went from the cluster was shown as removed, and is not declared.
	for _, s := range before {
		if slices.Contains(after, s) {
			continue
		}
		if r == m.ex && p.planned.IsNull() {
			rt.Fatalf("(e) destroying %s removed %q", r.typeName, s)
		}
		if !slices.ContainsFunc(shown, func(e string) bool { return denotes(e, s) }) && !strings.Contains(p.warnings, strconv.Quote(s)) {
			rt.Fatalf("(a) apply of %s removed %q, which the plan did not show as removed (prior %q, planned %q)", r.typeName, s, priorKeys, plannedKeys)
		}
		if slices.ContainsFunc(plannedKeys, func(k string) bool { return regkey.Names(s, k) }) && !slices.ContainsFunc(after, func(a string) bool { return strings.EqualFold(a, s) }) {
			rt.Fatalf("(a) apply of %s removed %q, which the plan declares", r.typeName, s)
		}
	}
	newState := undyn(rt, r.typ, resp.NewState)
	if failed {
		// (b): a failed apply keeps in the state what the cluster still holds of the prior state.
		if !p.prior.IsNull() {
			stateKeys := keysOfValue(rt, newState)
			for _, e := range priorKeys {
				if anyDenoted(e, after) && !slices.ContainsFunc(stateKeys, func(k string) bool { return anyDenoted(k, after) && (k == e || denotes(k, firstDenoted(e, after))) }) {
					rt.Fatalf("(b) failed apply of %s dropped %q from the state while the cluster holds %q (new state %q)", r.typeName, e, after, stateKeys)
				}
			}
		}
		if newState.IsNull() && !p.prior.IsNull() && !p.planned.IsNull() {
			rt.Fatalf("(b) failed apply of %s removed it from the state", r.typeName)
		}
		r.state, r.private = newState, resp.Private
		return false
	}
	// (c): the cluster holds what the plan declares.
	if !p.planned.IsNull() {
		for _, k := range plannedKeys {
			if !slices.ContainsFunc(after, func(s string) bool { return regkey.Names(s, k) }) {
				rt.Fatalf("(c) after apply of %s the cluster lacks the declared %q: holds %q", r.typeName, k, after)
			}
		}
		if r == m.ex {
			// ... and nothing else, but what appeared after the plan (which stays until a plan shows it).
			for _, s := range after {
				late := !slices.Contains(p.stored, s)
				if !late && !slices.ContainsFunc(plannedKeys, func(k string) bool { return regkey.Names(s, k) }) {
					rt.Fatalf("(c) after apply of %s the cluster still holds %q, which the plan removed (planned %q)", r.typeName, s, plannedKeys)
				}
			}
		}
	}
	r.state, r.private = newState, resp.Private
	return true
}

// refusedCreate reports whether a failed apply is a create that rightly refused to take over
// what the cluster held: the single resource's key (as stored), or checkpoints the exclusive
// resource does not declare.
func refusedCreate(p *propPlan, diags []*tfprotov6.Diagnostic, before, planned []string) bool {
	if !p.prior.IsNull() {
		return false
	}
	var summary string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			summary = d.Summary
			break
		}
	}
	switch summary {
	case "Registry checkpoint already exists":
		return len(planned) == 1 && slices.ContainsFunc(before, func(s string) bool { return regkey.Names(s, planned[0]) })
	case "Cluster resource holds undeclared registry checkpoints":
		return slices.ContainsFunc(before, func(s string) bool {
			return !slices.ContainsFunc(planned, func(k string) bool { return regkey.Names(s, k) })
		})
	}
	return false
}

func firstDenoted(e string, stored []string) string {
	for _, s := range stored {
		if denotes(e, s) {
			return s
		}
	}
	return ""
}

// importExclusive is terraform import of the exclusive resource (when not in the state).
func (m *propMachine) importExclusive(rt *rapid.T) {
	m.steps++
	if !m.ex.state.IsNull() {
		rt.Skip("already managed")
	}
	srv := m.server()
	defer m.endCommand()
	resp, err := srv.ImportResourceState(m.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: propExclusiveType, ID: propExclusiveResource})
	if err != nil {
		rt.Fatal(err)
	}
	if hasErrors(resp.Diagnostics) {
		if !m.faulted {
			rt.Fatalf("import failed: %s", errorsIn(resp.Diagnostics))
		}
		return
	}
	imported := resp.ImportedResources[0]
	// The imported state lacks keys; Terraform's read after import fills them.
	m.ex.state, m.ex.private = undyn(rt, m.ex.typ, imported.State), imported.Private
	if !m.read(rt, srv, m.ex) {
		m.ex.state = tftypes.NewValue(m.ex.typ, nil) // Terraform records nothing of a failed import
	}
}

// check runs after every step: the state never holds two spellings of one name (a set
// would refuse it), and a resource in the state names its cluster resource.
func (m *propMachine) check(rt *rapid.T) {
	for _, r := range []*propResource{m.ex, m.one} {
		if r.state.IsNull() {
			continue
		}
		if name, _ := strAttr(rt, r.state, "resource_name"); !strings.EqualFold(name, m.resourceOf(r)) {
			rt.Fatalf("%s names the cluster resource %q", r.typeName, name)
		}
	}
}
