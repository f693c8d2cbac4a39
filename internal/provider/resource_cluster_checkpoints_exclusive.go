package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// clusterCheckpointsExclusiveResource is exchange_cluster_checkpoints_exclusive: the complete
// set of registry checkpoints of one cluster resource. Before the first release it was named
// exchange_cluster_checkpoints, one letter away from exchange_cluster_checkpoint; MoveState
// carries states of that name over.
type clusterCheckpointsExclusiveResource struct {
	checkpointBase
}

var (
	_ resource.Resource                = (*clusterCheckpointsExclusiveResource)(nil)
	_ resource.ResourceWithConfigure   = (*clusterCheckpointsExclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*clusterCheckpointsExclusiveResource)(nil)
	_ resource.ResourceWithMoveState   = (*clusterCheckpointsExclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clusterCheckpointsExclusiveResource)(nil)
)

func newClusterCheckpointsExclusiveResource() resource.Resource {
	return &clusterCheckpointsExclusiveResource{}
}

// checkpointsExclusiveModel is the resource's state and plan.
type checkpointsExclusiveModel struct {
	ID           types.String   `tfsdk:"id"`
	Cluster      types.String   `tfsdk:"cluster"`
	ResourceName types.String   `tfsdk:"resource_name"`
	Keys         types.Set      `tfsdk:"keys"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *clusterCheckpointsExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_checkpoints_exclusive"
}

var pathKeys = path.Root("keys")

const checkpointsExclusiveDescription = `Keeps the **complete set** of registry checkpoints of one cluster resource of a Windows
failover cluster: the keys declared here, and no others. **Destroying it removes no checkpoint**:
destroy means "stop enforcing", as with the AWS provider's ` + "`*_exclusive`" + ` resources; set
` + "`keys = []`" + ` to remove them all. A **replacement** (a change of ` + "`cluster`" + ` or ` + "`resource_name`" + `)
therefore leaves the old cluster resource's checkpoints where they are, and the new one is created as
any other: declared keys already there are adopted, and undeclared ones make the create fail. An apply
removes only the checkpoints its plan showed as removed.

It is the authoritative companion of ` + "`exchange_cluster_checkpoint`" + `, for teams that want the cluster
to hold exactly what the configuration says (Microsoft KB Q245211 asks for
` + "`SOFTWARE\\Microsoft\\Exchange\\Backupinformation`" + ` on the Exchange System Attendant; other KBs add their own keys).

## Behaviour

* **Undeclared checkpoints are drift.** A checkpoint that someone added to the cluster resource
  out of band (Cluster Administrator, ` + "`Add-ClusterCheckpoint`" + `, ` + "`cluster.exe /addcheck`" + `) shows on
  ` + "`terraform plan`" + ` as a change of ` + "`keys`" + ` that removes it, and ` + "`terraform apply`" + ` of that plan removes it.
  A checkpoint added after the plan was made (between ` + "`terraform plan -out`" + ` and ` + "`terraform apply`" + `)
  stays until a plan shows it. A declared checkpoint that is missing shows as a change that adds it back.
  In CI, ` + "`terraform plan -detailed-exitcode`" + ` exits 2 in both cases.
* Keys are written relative to HKEY_LOCAL_MACHINE; ` + "`HKLM\\`" + `, ` + "`HKEY_LOCAL_MACHINE\\`" + `, ` + "`HKLM:\\`" + ` and
  ` + "`Registry::HKEY_LOCAL_MACHINE\\`" + ` prefixes and a trailing backslash are accepted in the configuration.
  A set that differs from the cluster's only in case or in such a spelling shows no change.
  Two entries of ` + "`keys`" + ` that name the same registry key are an error at plan.
* **Names stored on the cluster are taken as stored.** Windows reads a checkpoint name relative to
  HKEY_LOCAL_MACHINE, so a checkpoint stored as ` + "`HKLM\\SOFTWARE\\X`" + ` (written by a script that passed the
  prefix) is the key HKEY_LOCAL_MACHINE\\HKLM\\SOFTWARE\\X, not ` + "`SOFTWARE\\X`" + `: it shows as undeclared (the
  plan's removal, with a warning that names it as stored), and the declared key is added beside it.
* An empty set is allowed and means the cluster resource holds no registry checkpoint at all.
* When ` + "`keys`" + ` holds values unknown until apply, the set's diff cannot show what the apply removes:
  the plan warns and names every checkpoint it may remove (those the known keys do not name).
* **Create does not take over silently.** When the cluster resource already holds checkpoints
  that are not declared, create fails and names them, with the ` + "`terraform import`" + ` command
  that adopts the resource; the next plan then shows their removal for review. Declared keys that
  are already checkpointed are simply adopted.
* To stop managing the checkpoints and keep them, destroy the resource or remove it from the
  configuration (both remove nothing from the cluster). The registry keys themselves are never touched.
* A change of ` + "`keys`" + ` updates the resource in place, adding and removing only what differs. Names
  are compared without regard to case; ` + "`cluster`" + ` is compared as the WinRM host resolves it, so the
  cluster's name, its DNS name or a node's name in any case name the same cluster and plan no change.
* When the cluster resource no longer exists, the resource is removed from the state with a
  warning. A connection, authentication or permission error fails the refresh and never removes
  anything from the state.
* ` + "`timeouts`" + ` bounds a whole create, update or read (each WinRM operation is also bounded by the
  provider's ` + "`timeout`" + `). By default there is no bound beyond that: an apply that adds or removes n
  checkpoints takes up to n + 1 times the provider's ` + "`timeout`" + `. When the bound passes, no further
  change begins; the change under way finishes and the state records what was done.

## Conflict with exchange_cluster_checkpoint

Do **not** manage the same cluster resource with both ` + "`exchange_cluster_checkpoints_exclusive`" + ` and
` + "`exchange_cluster_checkpoint`" + `. Each ` + "`exchange_cluster_checkpoint`" + ` adds a checkpoint that this
resource does not declare, so this resource removes it on the next apply, and the single resource
adds it back on the apply after: the two fight forever and every plan shows changes. Declare every
key of the cluster resource here instead, or use only ` + "`exchange_cluster_checkpoint`" + ` resources
(which leave other checkpoints alone) for that cluster resource.`

func (r *clusterCheckpointsExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: checkpointsExclusiveDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`CLUSTER|RESOURCE_NAME`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster":       clusterAttribute(),
			"resource_name": resourceNameAttribute("Name of the cluster resource whose checkpoints this resource owns"),
			"keys": schema.SetAttribute{
				MarkdownDescription: "Every registry key the cluster resource checkpoints, under HKEY_LOCAL_MACHINE: `SOFTWARE\\...`, `HKLM\\...`, " +
					"`HKEY_LOCAL_MACHINE\\...` or `HKLM:\\...`, with or without a trailing backslash. Checkpoints of the cluster resource " +
					"that are not listed are removed by the apply of a plan that shows them. Compared by meaning (case, prefix). In HCL, double each backslash.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  registryKeySetValidators(),
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true}), // exclusiveTimeouts
		},
	}
}

// privateStoredNames is the private state's key for what each element of keys stands for:
// the name under which the cluster stores that checkpoint. A key as the configuration spells
// it ("HKLM\SOFTWARE\X") and a name the cluster stores ("HKLM\SOFTWARE\X", another key for
// Windows) can be the same string; this record says which one the state meant, so that an
// apply removes the checkpoint the plan showed and no other.
const privateStoredNames = "stored_names"

// privateState is the part of a request or response that holds private state.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// absent reports whether p is no private state at all: a request built without one (the
// resources' own tests call the methods directly); the framework always passes one.
func absent(p privateState) bool {
	v := reflect.ValueOf(p)
	return p == nil || v.Kind() == reflect.Pointer && v.IsNil()
}

// storedNames maps each element of a state's keys to the stored name it stands for.
type storedNames map[string]string

func readStoredNames(ctx context.Context, p privateState) storedNames {
	names := storedNames{}
	if absent(p) {
		return names
	}
	raw, _ := p.GetKey(ctx, privateStoredNames)
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &names) // an unreadable record is as good as none: see standsFor
	}
	return names
}

func (n storedNames) save(ctx context.Context, p privateState, diags *diag.Diagnostics) {
	if absent(p) {
		return
	}
	raw, err := json.Marshal(n)
	if err != nil {
		diags.AddError("Internal error", "recording the stored names: "+err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, privateStoredNames, raw)...)
}

// standsFor is the stored name a state element stands for. Without the record (a state
// written before it existed, applied with -refresh=false) an element stands for itself;
// planRemovals then looks for the stored name the element names.
func (n storedNames) standsFor(elem string) string {
	if s, ok := n[elem]; ok {
		return s
	}
	return elem
}

// standFor is standsFor of each element.
func (n storedNames) standFor(elems []string) []string {
	out := make([]string, len(elems))
	for i, e := range elems {
		out[i] = n.standsFor(e)
	}
	return out
}

// matchKeys pairs stored names with keys (as a configuration writes them) one to one, each
// pair a key that names the stored name (regkey.Names): exact spellings first, then case
// variants. It returns, for each stored name, the index of its key or -1. Two stored names
// that differ only in case are two checkpoints; one key names only one of them.
func matchKeys(stored, keys []string) []int {
	normal := make([]string, len(keys))
	for i, k := range keys {
		normal[i], _ = regkey.Normalize(k) // "" for an invalid key, which names nothing
	}
	match := make([]int, len(stored))
	used := make([]bool, len(keys))
	for _, exact := range []bool{true, false} {
		for i, s := range stored {
			if exact {
				match[i] = -1
			} else if match[i] >= 0 {
				continue
			}
			for j, n := range normal {
				if !used[j] && n != "" && (s == n || !exact && strings.EqualFold(s, n)) {
					match[i], used[j] = j, true
					break
				}
			}
		}
	}
	return match
}

// stateSpellings returns the elements of keys for the checkpoints the cluster stores, and what
// each stands for. Each stored name takes, in this order: a spelling that is that very name
// (exact spelling wins, so that a name the cluster stores is never shown as another); else
// an unused spelling that names it (regkey.Names), unless that string is another stored
// name; else the name as stored. Every element is therefore distinct: a set never receives
// two equal elements ("Duplicate Set Element").
func stateSpellings(stored, spellings []string) ([]string, storedNames) {
	isStored := map[string]bool{}
	for _, s := range stored {
		isStored[s] = true
	}
	elem := make([]string, len(stored))
	var rest []int // stored names without an exact spelling
	for i, s := range stored {
		if slices.Contains(spellings, s) {
			elem[i] = s
		} else {
			rest = append(rest, i)
		}
	}
	var free []string // spellings that are no stored name
	for _, p := range spellings {
		if !isStored[p] && !slices.Contains(free, p) {
			free = append(free, p)
		}
	}
	restNames := make([]string, len(rest))
	for k, i := range rest {
		restNames[k] = stored[i]
	}
	for k, j := range matchKeys(restNames, free) {
		if j >= 0 {
			elem[rest[k]] = free[j]
		} else {
			elem[rest[k]] = restNames[k]
		}
	}
	names := storedNames{}
	out := make([]string, 0, len(stored))
	for i, e := range elem {
		if _, dup := names[e]; dup {
			continue // the cluster listed one name twice: one element stands for both
		}
		names[e] = stored[i]
		out = append(out, e)
	}
	sort.Strings(out)
	return out, names
}

// undeclared returns the stored names that no key names (matchKeys).
func undeclared(stored, keys []string) []string {
	var out []string
	for i, j := range matchKeys(stored, keys) {
		if j < 0 {
			out = append(out, stored[i])
		}
	}
	return out
}

// additions returns the keys (in normal form) that no stored name names, each once.
func additions(stored, keys []string) []string {
	var out []string
	for _, k := range keys {
		n, err := regkey.Normalize(k)
		if err != nil {
			continue // refused at plan
		}
		if !slices.ContainsFunc(stored, func(s string) bool { return strings.EqualFold(s, n) }) &&
			!slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, n) }) {
			out = append(out, n)
		}
	}
	return out
}

// plannedNames says what each planned key stands for once the changes are made: the stored
// name that names it, else the normal form the apply added.
func plannedNames(stored, keys []string) storedNames {
	names := storedNames{}
	for _, k := range keys {
		n, err := regkey.Normalize(k)
		if err != nil {
			continue
		}
		names[k] = n
		for _, s := range stored {
			if strings.EqualFold(s, n) {
				names[k] = s
				if s == n {
					break // the exact spelling wins
				}
			}
		}
	}
	return names
}

func (r *clusterCheckpointsExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var plan checkpointsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, target, ok := r.start(ctx, plan.Timeouts.Create, plan.Cluster, plan.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	stored, looked := target.list(ctx, goneFails, &resp.Diagnostics)
	if looked != lookedUp {
		return
	}
	cluster, resourceName := target.cluster, target.resource
	keys := stringsOf(plan.Keys)
	if extra := undeclared(stored, keys); len(extra) > 0 {
		// Removing checkpoints that no plan showed would be a surprise: make the user import,
		// so that the next plan shows their removal.
		resp.Diagnostics.AddError("Cluster resource holds undeclared registry checkpoints",
			fmt.Sprintf("The cluster resource %q on cluster %q already checkpoints %s, which the keys attribute does not declare. "+
				"exchange_cluster_checkpoints_exclusive owns every checkpoint of its cluster resource, and does not remove checkpoints "+
				"that no plan has shown. Import the cluster resource's checkpoints into this resource instead:\n\n%s: the plan shows what would be removed. "+
				"Or add them to keys. If exchange_cluster_checkpoint resources manage them, see the documentation: the two resources "+
				"must not manage the same cluster resource.",
				resourceName, cluster, quoteList(extra), importHowTo("exchange_cluster_checkpoints_exclusive", checkpointsID(cluster, resourceName))))
		return
	}
	if diags := target.apply(ctx, checkpointChanges{add: additions(stored, keys)}, target.exclusiveRules()); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	plan.Cluster = types.StringValue(cluster)
	plan.ID = types.StringValue(checkpointsID(cluster, resourceName))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	plannedNames(stored, keys).save(ctx, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, checkpointsExclusiveIdentity(cluster, resourceName), &resp.Diagnostics)
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = `"` + k + `"`
	}
	return strings.Join(q, ", ")
}

// exclusiveRules are the rules of this resource's changes: a declared key found already there is
// adopted.
func (t checkpointTarget) exclusiveRules() changeRules {
	return changeRules{
		interrupted: fmt.Sprintf("Terraform was interrupted before all the checkpoint changes of %q on cluster %q were made; the changes under way finished. Run terraform apply again.", t.resource, t.cluster),
	}
}

// ModifyPlan plans no change of keys when the configuration names, in other spellings, the
// very checkpoints the state stands for, and says what a plan cannot show: removals hidden
// behind unknown keys, and a destroy that removes nothing.
func (r *clusterCheckpointsExclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.keepSameCluster(ctx, req, resp)
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.AddWarning("Destroying exchange_cluster_checkpoints_exclusive removes no checkpoint",
				"The cluster resource keeps every registry checkpoint it holds; Terraform stops enforcing them. "+
					"To remove them, apply keys = [] before destroying the resource.")
		}
		return
	}
	var plan checkpointsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned, known := knownStrings(plan.Keys)
	if !known {
		warnUnknownKeys(ctx, req, plan.Keys, &resp.Diagnostics)
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state checkpointsExclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.Keys.Equal(state.Keys) {
		return
	}
	prior, ok := knownStrings(state.Keys)
	if !ok {
		return
	}
	names := readStoredNames(ctx, req.Private)
	if sameCheckpoints(prior, planned, names) {
		// Terraform accepts a planned value equal to the prior state instead of the
		// configuration: it reads this as "functionally equivalent" (see keepStateWhenEquivalent).
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathKeys, state.Keys)...)
		return
	}
	warnUnresolvedRemovals(undeclared(names.standFor(prior), planned), &resp.Diagnostics)
}

// warnUnknownKeys says what a plan with unknown keys cannot show in the set's diff: which
// checkpoints the apply may remove. Terraform plans again at apply time with the values
// known, and the provider cannot tell that plan from the first, so the warning names every
// checkpoint of the state that the known keys do not name: the apply removes only some of
// these (those the keys, once known, do not name either), never one added after the plan.
func warnUnknownKeys(ctx context.Context, req resource.ModifyPlanRequest, keys types.Set, diags *diag.Diagnostics) {
	detail := "keys holds values known only at apply, so the plan's diff cannot show which checkpoints the apply removes."
	if !req.State.Raw.IsNull() {
		var state checkpointsExclusiveModel
		if d := req.State.Get(ctx, &state); !d.HasError() {
			var known []string
			if !keys.IsUnknown() {
				known = stringsOf(keys)
			}
			names := readStoredNames(ctx, req.Private)
			if maybe := undeclared(names.standFor(stringsOf(state.Keys)), known); len(maybe) > 0 {
				detail += " It removes those of " + quoteList(maybe) + " that the keys, once known, do not name."
			} else {
				detail += " It removes none: the known keys name every checkpoint the state holds."
			}
		}
	}
	diags.AddAttributeWarning(pathKeys, "Keys unknown until apply", detail+
		" To review the removals first, apply the resources that keys depends on (terraform apply -target), then plan again.")
}

// warnUnresolvedRemovals names each checkpoint the plan removes whose stored name Windows
// does not resolve as the key it seems to name (regkey.StoredProblem). The set's diff may
// not show it: the configuration can spell a key exactly as such a name is stored
// ("HKLM\SOFTWARE\X"), and a set shows one string once.
func warnUnresolvedRemovals(removed []string, diags *diag.Diagnostics) {
	for _, s := range removed {
		if problem := regkey.StoredProblem(s); problem != "" {
			diags.AddAttributeWarning(pathKeys, "The plan removes a checkpoint stored under a name Windows does not resolve as meant",
				fmt.Sprintf("The apply removes the checkpoint stored as %q: %s. No declared key names it; a declared key it seems to "+
					"name is checkpointed under its own name.", s, problem))
		}
	}
}

// sameCheckpoints reports whether the keys name, one to one, the stored names the state's
// elements stand for.
func sameCheckpoints(state, keys []string, names storedNames) bool {
	if len(state) != len(keys) {
		return false
	}
	return len(undeclared(names.standFor(state), keys)) == 0
}

func (r *clusterCheckpointsExclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var state checkpointsExclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, target, ok := r.start(ctx, state.Timeouts.Read, state.Cluster, state.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	// The identity is returned even when the resource turns out gone and leaves the state:
	// the framework wants one from every read that reports no error.
	setIdentity(ctx, resp.Identity, checkpointsExclusiveIdentity(target.cluster, target.resource), &resp.Diagnostics)
	stored, looked := target.list(ctx, goneIsAnAnswer, &resp.Diagnostics)
	switch looked {
	case resourceGone:
		resp.Diagnostics.AddWarning("Cluster resource not found",
			fmt.Sprintf("The cluster %q has no resource named %q any more, so its registry checkpoints are gone and "+
				"exchange_cluster_checkpoints_exclusive is removed from the state. The next apply creates it again if the resource exists by then.",
				target.cluster, target.resource))
		resp.State.RemoveResource(ctx)
		return
	case lookupFailed:
		return
	}
	elems, names := stateSpellings(stored, stringsOf(state.Keys))
	keys, diags := setOfStrings(elems)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	state.Keys = keys
	state.Cluster = types.StringValue(target.cluster)
	state.ID = types.StringValue(checkpointsID(target.cluster, target.resource))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	names.save(ctx, resp.Private, &resp.Diagnostics)
}

func (r *clusterCheckpointsExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var plan, prior checkpointsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	ctx, cancel, target, ok := r.start(ctx, plan.Timeouts.Update, plan.Cluster, plan.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	priorNames := readStoredNames(ctx, req.Private)
	stored, looked := target.list(ctx, goneFails, &resp.Diagnostics)
	if looked != lookedUp {
		resp.Diagnostics.Append(resp.State.Set(ctx, prior)...)
		priorNames.save(ctx, resp.Private, &resp.Diagnostics)
		return
	}
	keys := stringsOf(plan.Keys)
	changes := checkpointChanges{add: additions(stored, keys)}
	changes.remove = planRemovals(stored, stringsOf(prior.Keys), keys, priorNames)
	if diags := target.apply(ctx, changes, target.exclusiveRules()); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		// Part of the changes may have been made: record what the cluster holds now, so that
		// the next plan shows what is still to do. If that cannot be read, keep the prior state.
		state, names := prior, priorNames
		// Not cancelled by an interrupt: the state must say what was done.
		if now, err := target.client.ListCheckpoints(context.WithoutCancel(ctx), target.cluster, target.resource); err == nil {
			elems, n := stateSpellings(now, append(append([]string{}, stringsOf(prior.Keys)...), keys...))
			if set, d := setOfStrings(elems); !d.HasError() {
				state.Keys, names = set, n
			}
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		names.save(ctx, resp.Private, &resp.Diagnostics)
		return
	}
	plan.Cluster = types.StringValue(target.cluster)
	plan.ID = types.StringValue(checkpointsID(target.cluster, target.resource))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	after := append(slices.DeleteFunc(slices.Clone(stored), func(s string) bool { return slices.Contains(changes.remove, s) }), changes.add...)
	plannedNames(after, keys).save(ctx, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, checkpointsExclusiveIdentity(target.cluster, target.resource), &resp.Diagnostics)
}

// planRemovals is what an apply removes: the checkpoints the plan showed as removed (those
// the prior state's elements stand for and no planned key names) that the cluster still
// holds, as it stores them. A checkpoint that appeared after the plan is in no prior element,
// so it stays until a plan shows it.
func planRemovals(stored, prior, planned []string, names storedNames) []string {
	standFor := make([]string, len(prior))
	for i, e := range prior {
		standFor[i] = names.standsFor(e)
		if _, recorded := names[e]; !recorded && !slices.Contains(stored, e) {
			// A state without the record (written before it existed, applied with
			// -refresh=false): the element stands for the stored name it names, if any.
			if s, ok := regkey.FindStored(stored, e); ok {
				standFor[i] = s
			}
		}
	}
	var out []string
	for _, s := range undeclared(standFor, planned) {
		if slices.Contains(stored, s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Delete removes nothing: destroying this resource means "stop enforcing", as with the AWS
// provider's *_exclusive resources. A checkpoint is removed only by an apply whose plan showed
// its removal (keys = [] removes them all); removing every checkpoint the state holds would
// also remove, on a replacement, keys the new configuration declares.
func (r *clusterCheckpointsExclusiveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState accepts RESOURCE_NAME (the WinRM host's cluster) and CLUSTER|RESOURCE_NAME,
// plain or escaped (see import_id.go), or an identity. Read then fills keys with every
// checkpoint the cluster resource holds.
func (r *clusterCheckpointsExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var clusterName, resourceName string
	if importByIdentity(req) {
		var id checkpointsExclusiveIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		if resp.Diagnostics.HasError() {
			return
		}
		p := checkImportIdentity(id.Cluster, id.ResourceName, types.StringNull(), false, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		clusterName, resourceName = p.cluster, p.resource
	} else {
		var err error
		if clusterName, resourceName, err = parseCheckpointsImportID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
	}
	cluster, ok := resolveClusterFor(ctx, r.data, clusterName, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathCluster, cluster)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathResourceName, resourceName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, checkpointsID(cluster, resourceName))...)
	setIdentity(ctx, resp.Identity, checkpointsExclusiveIdentity(cluster, resourceName), &resp.Diagnostics)
}

// formerTypeName is this resource's name before the first release.
const formerTypeName = "exchange_cluster_checkpoints"

// MoveState lets a moved block (Terraform 1.8 and later) carry a state of
// exchange_cluster_checkpoints over to this resource:
//
//	moved {
//	  from = exchange_cluster_checkpoints.x
//	  to   = exchange_cluster_checkpoints_exclusive.x
//	}
//
// Only the name changed, so the state moves as it is; the refresh that follows reads the
// cluster as usual.
func (r *clusterCheckpointsExclusiveResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{SourceSchema: formerSchema(), StateMover: moveFormerState}}
}

// formerSchema is the schema of exchange_cluster_checkpoints as states hold it (version 0),
// the types alone: kept apart from Schema, so that this resource's schema can change and
// old states still move.
func formerSchema() *schema.Schema {
	return &schema.Schema{Attributes: map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true},
		"cluster":       schema.StringAttribute{Optional: true, Computed: true},
		"resource_name": schema.StringAttribute{Optional: true, Computed: true},
		"keys":          schema.SetAttribute{ElementType: types.StringType, Required: true},
	}}
}

// formerModel is a state of exchange_cluster_checkpoints (formerSchema).
type formerModel struct {
	ID           types.String `tfsdk:"id"`
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
	Keys         types.Set    `tfsdk:"keys"`
}

func moveFormerState(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	// Another source is not this mover's to take: leaving the response empty lets the
	// framework refuse the move with its own error, which names the source.
	if req.SourceTypeName != formerTypeName || !fromThisProvider(req.SourceProviderAddress) {
		return
	}
	if req.SourceSchemaVersion != 0 {
		resp.Diagnostics.AddError("Unsupported source schema version",
			fmt.Sprintf("%s states of schema version %d cannot be moved to exchange_cluster_checkpoints_exclusive: only version 0 existed "+
				"before the rename. Remove the moved block, then run terraform state rm on the old address and terraform import on the new one.",
				formerTypeName, req.SourceSchemaVersion))
		return
	}
	if req.SourceState == nil {
		resp.Diagnostics.AddError("Unreadable source state",
			fmt.Sprintf("The state of %s does not have the attributes of that resource (id, cluster, resource_name, keys), so it cannot be "+
				"moved. Remove the moved block, then run terraform state rm on the old address and terraform import on the new one.", formerTypeName))
		return
	}
	var m formerModel
	resp.Diagnostics.Append(req.SourceState.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Attribute by attribute: the target has attributes the former resource had not
	// (timeouts), which stay null.
	resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, pathID, m.ID)...)
	resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, pathCluster, m.Cluster)...)
	resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, pathResourceName, m.ResourceName)...)
	resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, pathKeys, m.Keys)...)
}

// fromThisProvider reports whether a provider address (HOSTNAME/NAMESPACE/TYPE) is of a
// provider of type exchange. The hostname and namespace are not compared: a mirror or a
// fork serves the same resource under another one.
func fromThisProvider(address string) bool {
	return address[strings.LastIndex(address, "/")+1:] == "exchange"
}

func setOfStrings(keys []string) (types.Set, diag.Diagnostics) {
	if keys == nil {
		keys = []string{}
	}
	return types.SetValueFrom(context.Background(), types.StringType, keys)
}

// stringsOf returns the known elements of a set of strings (none for a null or unknown set).
func stringsOf(v types.Set) []string {
	var out []string
	for _, e := range v.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}
