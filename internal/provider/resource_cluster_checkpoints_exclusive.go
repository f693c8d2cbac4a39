package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
)

func newClusterCheckpointsExclusiveResource() resource.Resource {
	return &clusterCheckpointsExclusiveResource{}
}

// checkpointsExclusiveModel is the resource's state and plan.
type checkpointsExclusiveModel struct {
	ID           types.String `tfsdk:"id"`
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
	Keys         types.Set    `tfsdk:"keys"`
}

func (r *clusterCheckpointsExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_checkpoints_exclusive"
}

var pathKeys = path.Root("keys")

const checkpointsExclusiveDescription = `Keeps the **complete set** of registry checkpoints of one cluster resource of a Windows
failover cluster: the keys declared here, and no others. It is the authoritative companion of
` + "`exchange_cluster_checkpoint`" + `, for teams that want the cluster to hold exactly what the
configuration says (Microsoft KB Q245211 asks for ` + "`SOFTWARE\\Microsoft\\Exchange\\Backupinformation`" + ` on the
Exchange System Attendant; other KBs add their own keys).

## Behaviour

* **Undeclared checkpoints are drift.** A checkpoint that someone added to the cluster resource
  out of band (Cluster Administrator, ` + "`Add-ClusterCheckpoint`" + `, ` + "`cluster.exe /addcheck`" + `) shows on
  ` + "`terraform plan`" + ` as a change of ` + "`keys`" + ` that removes it, and ` + "`terraform apply`" + ` removes it.
  A declared checkpoint that is missing shows as a change that adds it back. In CI,
  ` + "`terraform plan -detailed-exitcode`" + ` exits 2 in both cases.
* Keys are written relative to HKEY_LOCAL_MACHINE; ` + "`HKLM\\`" + `, ` + "`HKEY_LOCAL_MACHINE\\`" + `, ` + "`HKLM:\\`" + ` and
  ` + "`Registry::HKEY_LOCAL_MACHINE\\`" + ` prefixes and a trailing backslash are accepted. Keys are compared
  by meaning: a set that differs from the cluster's only in case or prefix shows no change.
  Two entries of ` + "`keys`" + ` that name the same registry key are an error at plan.
* An empty set is allowed and means the cluster resource holds no registry checkpoint at all.
* **Create does not take over silently.** When the cluster resource already holds checkpoints
  that are not declared, create fails and names them, with the ` + "`terraform import`" + ` command
  that adopts the resource; the next plan then shows their removal for review. Declared keys that
  are already checkpointed are simply adopted.
* Destroying the resource removes every checkpoint it holds in its state (after refresh: all the
  checkpoints of the cluster resource). The registry keys themselves are left alone.
* A change of ` + "`cluster`" + ` or ` + "`resource_name`" + ` replaces the resource; a change of ` + "`keys`" + ` updates it
  in place, adding and removing only what differs. Names are compared without regard to case.
* When the cluster resource no longer exists, the resource is removed from the state with a
  warning. A connection, authentication or permission error fails the refresh and never removes
  anything from the state.

## Conflict with exchange_cluster_checkpoint

Do **not** manage the same cluster resource with both ` + "`exchange_cluster_checkpoints_exclusive`" + ` and
` + "`exchange_cluster_checkpoint`" + `. Each ` + "`exchange_cluster_checkpoint`" + ` adds a checkpoint that this
resource does not declare, so this resource removes it on the next apply, and the single resource
adds it back on the apply after: the two fight forever and every plan shows changes. Declare every
key of the cluster resource here instead, or use only ` + "`exchange_cluster_checkpoint`" + ` resources
(which leave other checkpoints alone) for that cluster resource.`

func (r *clusterCheckpointsExclusiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
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
					"that are not listed are removed. Compared by meaning (case, prefix). In HCL, double each backslash.",
				ElementType:   types.StringType,
				Required:      true,
				Validators:    []validator.Set{registryKeySetValidator{}},
				PlanModifiers: []planmodifier.Set{sameRegistryKeySet{}},
			},
		},
	}
}

func (r *clusterCheckpointsExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var plan checkpointsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	target, ok := r.begin(ctx, plan.Cluster, plan.ResourceName, &resp.Diagnostics)
	if !ok {
		return
	}
	stored, looked := target.list(ctx, goneFails, &resp.Diagnostics)
	if looked != lookedUp {
		return
	}
	cluster, resourceName := target.cluster, target.resource
	changes := diffCheckpoints(stored, stringsOf(plan.Keys))
	if len(changes.remove) > 0 {
		// Removing checkpoints that no plan showed would be a surprise: make the user import,
		// so that the next plan shows their removal.
		resp.Diagnostics.AddError("Cluster resource holds undeclared registry checkpoints",
			fmt.Sprintf("The cluster resource %q on cluster %q already checkpoints %s, which the keys attribute does not declare. "+
				"exchange_cluster_checkpoints_exclusive owns every checkpoint of its cluster resource, and does not remove checkpoints "+
				"that no plan has shown. Import the cluster resource's checkpoints into this resource instead:\n\n%s: the plan shows what would be removed. "+
				"Or add them to keys. If exchange_cluster_checkpoint resources manage them, see the documentation: the two resources "+
				"must not manage the same cluster resource.",
				resourceName, cluster, quoteList(changes.remove), importHowTo("exchange_cluster_checkpoints_exclusive", checkpointsID(cluster, resourceName))))
		return
	}
	if diags := target.apply(ctx, changes, target.exclusiveRules()); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	plan.Cluster = types.StringValue(cluster)
	plan.ID = types.StringValue(checkpointsID(cluster, resourceName))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
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

func (r *clusterCheckpointsExclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var state checkpointsExclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	target, ok := r.begin(ctx, state.Cluster, state.ResourceName, &resp.Diagnostics)
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
	keys, diags := setOfStrings(spelledAs(stored, stringsOf(state.Keys)))
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	state.Keys = keys
	state.Cluster = types.StringValue(target.cluster)
	state.ID = types.StringValue(checkpointsID(target.cluster, target.resource))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *clusterCheckpointsExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var plan, prior checkpointsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	target, ok := r.begin(ctx, plan.Cluster, plan.ResourceName, &resp.Diagnostics)
	if !ok {
		return
	}
	stored, looked := target.list(ctx, goneFails, &resp.Diagnostics)
	if looked != lookedUp {
		resp.Diagnostics.Append(resp.State.Set(ctx, prior)...)
		return
	}
	desired := stringsOf(plan.Keys)
	if diags := target.apply(ctx, diffCheckpoints(stored, desired), target.exclusiveRules()); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		// Part of the changes may have been made: record what the cluster holds now, so that
		// the next plan shows what is still to do. If that cannot be read, keep the prior state.
		state := prior
		// Not cancelled by an interrupt: the state must say what was done.
		if now, err := target.client.ListCheckpoints(context.WithoutCancel(ctx), target.cluster, target.resource); err == nil {
			keys, d := setOfStrings(spelledAs(now, append(append([]string{}, desired...), stringsOf(prior.Keys)...)))
			if !d.HasError() {
				state.Keys = keys
			}
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	plan.Cluster = types.StringValue(target.cluster)
	plan.ID = types.StringValue(checkpointsID(target.cluster, target.resource))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, checkpointsExclusiveIdentity(target.cluster, target.resource), &resp.Diagnostics)
}

func (r *clusterCheckpointsExclusiveResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var state checkpointsExclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	target, ok := r.begin(ctx, state.Cluster, state.ResourceName, &resp.Diagnostics)
	if !ok {
		return
	}
	stored, looked := target.list(ctx, goneIsAnAnswer, &resp.Diagnostics)
	if looked != lookedUp {
		return // failed, or the resource, and with it its checkpoints, is gone
	}
	// Remove what the state holds, by the names the cluster stores.
	var remove []string
	for _, s := range stored {
		if containsKey(stringsOf(state.Keys), s) {
			remove = append(remove, s)
		}
	}
	resp.Diagnostics.Append(target.apply(ctx, checkpointChanges{remove: remove}, target.exclusiveRules())...)
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
	var m checkpointsExclusiveModel
	resp.Diagnostics.Append(req.SourceState.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, m)...)
}

// fromThisProvider reports whether a provider address (HOSTNAME/NAMESPACE/TYPE) is of a
// provider of type exchange. The hostname and namespace are not compared: a mirror or a
// fork serves the same resource under another one.
func fromThisProvider(address string) bool {
	return address[strings.LastIndex(address, "/")+1:] == "exchange"
}

// diffCheckpoints compares by meaning. A declared key the cluster holds in any spelling is
// kept; a second spelling of the same key on the cluster is removed, as is every checkpoint
// nobody declared. desired must be valid keys.
func diffCheckpoints(stored, desired []string) checkpointChanges {
	var c checkpointChanges
	used := make([]bool, len(stored))
	for _, d := range desired {
		n, err := regkey.Normalize(d)
		if err != nil {
			continue // refused at plan
		}
		found := false
		for i, s := range stored {
			if !used[i] && regkey.Equal(s, n) {
				used[i], found = true, true
				break
			}
		}
		if !found && !containsKey(c.add, n) {
			c.add = append(c.add, n)
		}
	}
	for i, s := range stored {
		if !used[i] {
			c.remove = append(c.remove, s)
		}
	}
	return c
}

func containsKey(keys []string, key string) bool {
	_, ok := regkey.Find(keys, key)
	return ok
}

// spelledAs returns the cluster's checkpoints, each in the spelling of the first unused key of
// spelling that names it (so that the state keeps the configuration's spelling and a
// difference of case or prefix shows no change), else as the cluster stores it.
func spelledAs(stored, spelling []string) []string {
	used := make([]bool, len(spelling))
	out := make([]string, 0, len(stored))
	for _, s := range stored {
		name := s
		for i, p := range spelling {
			if !used[i] && regkey.Equal(p, s) {
				used[i], name = true, p
				break
			}
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
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
