package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// clusterCheckpointResource is exchange_cluster_checkpoint: one registry checkpoint on one
// cluster resource.
type clusterCheckpointResource struct {
	checkpointBase
}

var (
	_ resource.Resource                = (*clusterCheckpointResource)(nil)
	_ resource.ResourceWithConfigure   = (*clusterCheckpointResource)(nil)
	_ resource.ResourceWithImportState = (*clusterCheckpointResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clusterCheckpointResource)(nil)
)

func newClusterCheckpointResource() resource.Resource { return &clusterCheckpointResource{} }

// checkpointModel is the resource's state and plan.
type checkpointModel struct {
	ID           types.String   `tfsdk:"id"`
	Cluster      types.String   `tfsdk:"cluster"`
	ResourceName types.String   `tfsdk:"resource_name"`
	Key          types.String   `tfsdk:"key"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *clusterCheckpointResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_checkpoint"
}

const checkpointDescription = `Keeps a **registry checkpoint** on a cluster resource of a Windows failover cluster: the
Cluster service then saves the registry subtree while the resource is online and restores it on
whichever node the resource moves to, before the resource comes online. **Destroying it removes
that checkpoint** (and nothing else); to stop managing it and keep it on the cluster, use a
` + "`removed`" + ` block with ` + "`lifecycle { destroy = false }`" + ` (Terraform 1.7 and later), shown below. A change of
` + "`cluster`" + `, ` + "`resource_name`" + ` or ` + "`key`" + ` **replaces** it: the old checkpoint is removed, then the new one
added. Another spelling of the same cluster (its DNS name, a node's name), of the same resource
name (case) or of the same key (case, hive prefix) is no change, so a replacement never removes
the checkpoint the new configuration declares.

` + "```" + `terraform
removed {
  from = exchange_cluster_checkpoint.backupinformation
  lifecycle {
    destroy = false
  }
}
` + "```" + `

## Why: Microsoft KB Q245211

After a full online backup of Exchange Server on the first node of a cluster and a failover to
the second node, an incremental backup on the second node fails with **Event ID 8010** (source
"NT backup"): *Unable to perform an incremental backup because a required Microsoft Exchange
database log file could not be found from a call to BackupPrepare*. The full backup wrote the key
` + "`HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\Backupinformation`" + ` on the first node only. Microsoft's
workaround, with no fix to come, is to add that key as a registry checkpoint ("Registry
Replication" in Cluster Administrator) of the resource **Microsoft Exchange System Attendant**.
With no arguments, this resource does exactly that.

This resource makes the workaround declarative: ` + "`terraform apply`" + ` adds the checkpoint, and
` + "`terraform plan`" + ` shows a create when someone removes it, so that
` + "`terraform plan -detailed-exitcode`" + ` in CI catches the drift before the next failover does.

## Behaviour

* The key is written relative to HKEY_LOCAL_MACHINE; ` + "`HKLM\\`" + `, ` + "`HKEY_LOCAL_MACHINE\\`" + `, ` + "`HKLM:\\`" + ` and
  ` + "`Registry::HKEY_LOCAL_MACHINE\\`" + ` prefixes and a trailing backslash are accepted. Keys are compared by
  meaning: a difference of case or prefix alone shows no change. Other hives are refused: the
  Cluster service checkpoints HKEY_LOCAL_MACHINE only.
* A checkpoint covers the whole subtree. Removing the resource removes the checkpoint; the
  registry key itself is left alone.
* Any change of ` + "`cluster`" + `, ` + "`resource_name`" + ` or ` + "`key`" + ` replaces the checkpoint. Names are compared
  without regard to case; ` + "`cluster`" + ` as the WinRM host resolves it.
* The key is compared with the names the cluster stores as they are stored: a checkpoint stored as
  ` + "`HKLM\\SOFTWARE\\X`" + ` is, for Windows, the key HKEY_LOCAL_MACHINE\\HKLM\\SOFTWARE\\X, so it does not count as
  ` + "`SOFTWARE\\X`" + `: the plan shows ` + "`SOFTWARE\\X`" + ` missing, and the apply adds it.
* ` + "`timeouts`" + ` bounds a create, read or delete as a whole; by default only the provider's ` + "`timeout`" + `
  bounds each WinRM operation. When ` + "`cluster`" + ` is not set, the cluster found at create time stays in
  the state, even if the provider later points at a node of another cluster.
* Creating a checkpoint that already exists fails with the ` + "`terraform import`" + ` command that adopts it.
* When the cluster resource no longer exists, the checkpoint is removed from the state with a
  warning. A connection, authentication or permission error fails the refresh and never
  removes anything from the state.
* Exchange 2000 and 2003 name the resource after the Exchange virtual server
  (` + "`<virtual server> System Attendant`" + `): set ` + "`resource_name`" + ` accordingly.`

func (r *clusterCheckpointResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: checkpointDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`CLUSTER|RESOURCE_NAME|KEY`, the key in its normal form (relative to HKEY_LOCAL_MACHINE).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster":       clusterAttribute(),
			"resource_name": resourceNameAttribute("Name of the cluster resource that holds the checkpoint"),
			"key": schema.StringAttribute{
				MarkdownDescription: "Registry key to checkpoint, under HKEY_LOCAL_MACHINE: `SOFTWARE\\...`, `HKLM\\...`, `HKEY_LOCAL_MACHINE\\...` or `HKLM:\\...`, with or without a trailing backslash. Defaults to `" + regkey.Default + "` (KB Q245211). In HCL, double each backslash.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(regkey.Default),
				Validators:          []validator.String{registryKeyValidator{}},
				PlanModifiers: []planmodifier.String{
					sameRegistryKey(),
					stringplanmodifier.RequiresReplace(),
				},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}), // singleTimeouts
		},
	}
}

func (r *clusterCheckpointResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var plan checkpointModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, target, ok := r.start(ctx, plan.Timeouts.Create, plan.Cluster, plan.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	key, err := regkey.Normalize(plan.Key.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathKey, "Invalid registry key", err.Error())
		return
	}

	// Look first: adding a key that is already checkpointed fails on Windows
	// (ERROR_ALREADY_EXISTS), and the cluster may hold it in another case, which only a
	// comparison by meaning finds.
	existing, found, err := target.client.FindCheckpoint(ctx, target.cluster, target.resource, key)
	looked := target.lookupFailure(ctx, err, goneFails, &resp.Diagnostics)
	if looked != lookedUp {
		return
	}
	if found {
		addAlreadyExists(&resp.Diagnostics, target.cluster, target.resource, existing)
		return
	}
	resp.Diagnostics.Append(target.apply(ctx, checkpointChanges{add: []string{key}}, changeRules{
		refuseExisting: true,
		interrupted:    fmt.Sprintf("Terraform was interrupted before adding the checkpoint %q; nothing was changed. Run terraform apply again.", key),
	})...)
	if resp.Diagnostics.HasError() {
		return
	}

	plan.Cluster = types.StringValue(target.cluster)
	plan.ID = types.StringValue(importID(target.cluster, target.resource, key))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, checkpointIdentity(target.cluster, target.resource, key), &resp.Diagnostics)
}

func addAlreadyExists(diags interface{ AddError(string, string) }, cluster, resource, key string) {
	diags.AddError("Registry checkpoint already exists",
		fmt.Sprintf("The cluster resource %q on cluster %q already checkpoints %q. Terraform does not take over objects it did not create "+
			"without being told to; import it into this resource's address instead:\n\n%s.",
			resource, cluster, key, importHowTo("exchange_cluster_checkpoint", importID(cluster, resource, key))))
}

func (r *clusterCheckpointResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var state checkpointModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, target, ok := r.start(ctx, state.Timeouts.Read, state.Cluster, state.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	// The identity is returned even when the checkpoint turns out gone and leaves the state:
	// the framework wants one from every read that reports no error.
	setIdentity(ctx, resp.Identity, checkpointIdentity(target.cluster, state.ResourceName.ValueString(), state.Key.ValueString()), &resp.Diagnostics)
	_, found, err := target.client.FindCheckpoint(ctx, target.cluster, target.resource, state.Key.ValueString())
	looked := target.lookupFailure(ctx, err, goneIsAnAnswer, &resp.Diagnostics)
	switch {
	case looked == resourceGone:
		resp.Diagnostics.AddWarning("Cluster resource not found",
			fmt.Sprintf("The cluster %q has no resource named %q any more, so its registry checkpoint %q is gone and is removed from the state. "+
				"The next apply creates it again if the resource exists by then.", target.cluster, target.resource, state.Key.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case looked == lookupFailed:
		return
	case !found:
		resp.State.RemoveResource(ctx)
		return
	}
	// The state keeps its own spelling of the key: the cluster's may differ only in case.
	state.Cluster = types.StringValue(target.cluster)
	if state.ID.IsNull() || state.ID.ValueString() == "" {
		state.ID = types.StringValue(importID(target.cluster, target.resource, state.Key.ValueString()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// ModifyPlan plans no replacement for another name of the same cluster (keepSameCluster).
func (r *clusterCheckpointResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.keepSameCluster(ctx, req, resp)
}

// Update is never called with a change: every attribute requires a replacement. It keeps the
// plan, as the framework expects.
func (r *clusterCheckpointResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan checkpointModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, checkpointIdentity(plan.Cluster.ValueString(), plan.ResourceName.ValueString(), plan.Key.ValueString()), &resp.Diagnostics)
}

func (r *clusterCheckpointResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.showNotices(&resp.Diagnostics)
	var state checkpointModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, target, ok := r.start(ctx, state.Timeouts.Delete, state.Cluster, state.ResourceName, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	// Remove the checkpoint by the name the cluster stores, which may differ in case from ours.
	name, found, err := target.client.FindCheckpoint(ctx, target.cluster, target.resource, state.Key.ValueString())
	looked := target.lookupFailure(ctx, err, goneIsAnAnswer, &resp.Diagnostics)
	if looked != lookedUp || !found {
		return // failed, or the checkpoint is gone already (alone, or with its resource)
	}
	// A removal under way finishes, so that the state can record it (see apply). A cluster
	// resource gone meanwhile took the checkpoint with it.
	target.remove(ctx, name, true, &resp.Diagnostics)
}

// ImportState accepts RESOURCE_NAME|KEY (the WinRM host's cluster) and
// CLUSTER|RESOURCE_NAME|KEY, plain or escaped (see import_id.go), or an identity. Read then
// checks that the checkpoint exists.
func (r *clusterCheckpointResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var p parsedImportID
	if importByIdentity(req) {
		var id checkpointIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if p = checkImportIdentity(id.Cluster, id.ResourceName, id.Key, true, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	} else {
		var err error
		if p, err = parseImportID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
	}
	cluster, ok := resolveClusterFor(ctx, r.data, p.cluster, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathCluster, cluster)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathResourceName, p.resource)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathKey, p.key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, importID(cluster, p.resource, p.key))...)
	setIdentity(ctx, resp.Identity, checkpointIdentity(cluster, p.resource, p.key), &resp.Diagnostics)
}
