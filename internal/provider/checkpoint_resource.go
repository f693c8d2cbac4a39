package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// defaultResourceName is the cluster resource of KB Q245211 (Exchange Server 5.5's name).
const defaultResourceName = "Microsoft Exchange System Attendant"

// maxClusterNameLength is the longest DNS name; a cluster is named by one.
const maxClusterNameLength = 253

var (
	pathCluster      = path.Root("cluster")
	pathResourceName = path.Root("resource_name")
	pathKey          = path.Root("key")
	pathID           = path.Root("id")
	pathName         = path.Root("name")
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
)

func newClusterCheckpointResource() resource.Resource { return &clusterCheckpointResource{} }

// checkpointModel is the resource's state and plan.
type checkpointModel struct {
	ID           types.String `tfsdk:"id"`
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
	Key          types.String `tfsdk:"key"`
}

func (r *clusterCheckpointResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_checkpoint"
}

func (r *clusterCheckpointResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan checkpointModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client, cluster, ok := r.begin(ctx, plan.Cluster, &resp.Diagnostics)
	if !ok {
		return
	}
	resourceName := plan.ResourceName.ValueString()
	key, err := regkey.Normalize(plan.Key.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathKey, "Invalid registry key", err.Error())
		return
	}

	// Look first: adding a key that is already checkpointed fails on Windows
	// (ERROR_ALREADY_EXISTS), and the cluster may hold it in another case, which only a
	// comparison by meaning finds.
	existing, found, err := client.FindCheckpoint(ctx, cluster, resourceName, key)
	if err != nil {
		if errors.Is(err, winclient.ErrResourceNotFound) {
			resp.Diagnostics.Append(resourceNotFoundDiagnostic(cluster, resourceName, err))
			return
		}
		resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("reading the checkpoints of %q on cluster %q", resourceName, cluster), err))
		return
	}
	if found {
		addAlreadyExists(&resp.Diagnostics, cluster, resourceName, existing)
		return
	}
	// Terraform's interrupt (Ctrl+C: StopProvider) cancels ctx. An add not yet begun is not
	// begun; one under way finishes (bounded by the provider's timeout), as Terraform waits
	// for it: cut short, it could land without reaching the state, and the next apply would
	// refuse the checkpoint as not created by Terraform.
	if ctx.Err() != nil {
		resp.Diagnostics.AddError("Interrupted", fmt.Sprintf("Terraform was interrupted before adding the checkpoint %q; nothing was changed. Run terraform apply again.", key))
		return
	}
	if err := client.AddCheckpoint(context.WithoutCancel(ctx), cluster, resourceName, key); err != nil {
		switch {
		case errors.Is(err, winclient.ErrAlreadyExists):
			// Added by someone else between our look and our add.
			addAlreadyExists(&resp.Diagnostics, cluster, resourceName, key)
		case errors.Is(err, winclient.ErrResourceNotFound):
			resp.Diagnostics.Append(resourceNotFoundDiagnostic(cluster, resourceName, err))
		default:
			resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("adding the checkpoint %q to %q on cluster %q", key, resourceName, cluster), err))
		}
		return
	}

	plan.Cluster = types.StringValue(cluster)
	plan.ID = types.StringValue(importID(cluster, resourceName, key))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func addAlreadyExists(diags interface{ AddError(string, string) }, cluster, resource, key string) {
	diags.AddError("Registry checkpoint already exists",
		fmt.Sprintf("The cluster resource %q on cluster %q already checkpoints %q. Terraform does not take over objects it did not create "+
			"without being told to; import it into this resource's address instead:\n\n  %s\n\nor, with Terraform 1.5 or later, add:\n\n%s\n\n"+
			"(replace <NAME> with the resource's name in your configuration), then plan again.",
			resource, cluster, key, importCommand(cluster, resource, key), importBlock(cluster, resource, key)))
}

func (r *clusterCheckpointResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state checkpointModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client, cluster, ok := r.begin(ctx, state.Cluster, &resp.Diagnostics)
	if !ok {
		return
	}
	resourceName := state.ResourceName.ValueString()
	_, found, err := client.FindCheckpoint(ctx, cluster, resourceName, state.Key.ValueString())
	switch {
	case errors.Is(err, winclient.ErrResourceNotFound):
		// Deleting a cluster resource deletes its checkpoints: the checkpoint is gone.
		resp.Diagnostics.AddWarning("Cluster resource not found",
			fmt.Sprintf("The cluster %q has no resource named %q any more, so its registry checkpoint %q is gone and is removed from the state. "+
				"The next apply creates it again if the resource exists by then.", cluster, resourceName, state.Key.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		// A transport, authentication or quota error says nothing about the checkpoint:
		// keep the state and fail.
		resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("reading the checkpoints of %q on cluster %q", resourceName, cluster), err))
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	// The state keeps its own spelling of the key: the cluster's may differ only in case.
	state.Cluster = types.StringValue(cluster)
	if state.ID.IsNull() || state.ID.ValueString() == "" {
		state.ID = types.StringValue(importID(cluster, resourceName, state.Key.ValueString()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
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
}

func (r *clusterCheckpointResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state checkpointModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client, cluster, ok := r.begin(ctx, state.Cluster, &resp.Diagnostics)
	if !ok {
		return
	}
	resourceName := state.ResourceName.ValueString()
	// Remove the checkpoint by the name the cluster stores, which may differ in case from ours.
	name, found, err := client.FindCheckpoint(ctx, cluster, resourceName, state.Key.ValueString())
	switch {
	case errors.Is(err, winclient.ErrResourceNotFound):
		return // the resource, and with it the checkpoint, is gone
	case err != nil:
		resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("reading the checkpoints of %q on cluster %q", resourceName, cluster), err))
		return
	case !found:
		return // already removed
	}
	// As in Create: a removal under way finishes, so that the state can record it.
	err = client.RemoveCheckpoint(context.WithoutCancel(ctx), cluster, resourceName, name)
	if err != nil && !errors.Is(err, winclient.ErrCheckpointNotFound) && !errors.Is(err, winclient.ErrResourceNotFound) {
		resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("removing the checkpoint %q from %q on cluster %q", name, resourceName, cluster), err))
	}
}

// ImportState accepts RESOURCE_NAME|KEY (the WinRM host's cluster) and
// CLUSTER|RESOURCE_NAME|KEY. Read then checks that the checkpoint exists.
func (r *clusterCheckpointResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	cluster, err := r.data.resolveCluster(ctx, p.cluster)
	if err != nil {
		resp.Diagnostics.Append(clientErrorDiagnostic("finding the cluster of the WinRM host", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathCluster, cluster)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathResourceName, p.resource)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathKey, p.key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, importID(cluster, p.resource, p.key))...)
}
