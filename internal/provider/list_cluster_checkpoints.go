package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The list resources (Terraform 1.14 and later: `terraform query`) find the checkpoints a
// cluster already holds, so that `terraform query -generate-config-out=FILE` writes an
// import block and a resource block for each. exchange_cluster_checkpoint lists one result
// per checkpoint; exchange_cluster_checkpoints_exclusive one per cluster resource that holds
// at least one checkpoint. Both answer from the cluster's snapshot: one Windows call for the
// whole cluster.

var (
	_ list.ListResourceWithConfigure = (*clusterCheckpointList)(nil)
	_ list.ListResourceWithConfigure = (*clusterCheckpointsExclusiveList)(nil)
)

// checkpointListModel is the configuration of both list blocks.
type checkpointListModel struct {
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
	ResourceType types.String `tfsdk:"resource_type"`
}

func checkpointListSchema(what string) listschema.Schema {
	return listschema.Schema{
		MarkdownDescription: what,
		Attributes: map[string]listschema.Attribute{
			"cluster": listschema.StringAttribute{
				MarkdownDescription: "Name of the failover cluster. Defaults to the cluster of the WinRM host.",
				Optional:            true,
				Validators:          []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
			},
			"resource_name": listschema.StringAttribute{
				MarkdownDescription: nameFilterDescription,
				Optional:            true,
				Validators:          []validator.String{clusterNameValidator{what: "resource name pattern"}},
			},
			"resource_type": listschema.StringAttribute{
				MarkdownDescription: typeFilterDescription,
				Optional:            true,
				Validators:          []validator.String{clusterNameValidator{what: "resource type"}},
			},
		},
	}
}

// listedResources reads the list block and returns the cluster and the resources it selects,
// or a stream holding the error.
func listedResources(ctx context.Context, base *checkpointBase, req list.ListRequest, stream *list.ListResultsStream) (string, []winclient.Resource, bool) {
	var cfg checkpointListModel
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return "", nil, false
	}
	filter := resourceFilter{namePattern: cfg.ResourceName.ValueString(), resourceType: cfg.ResourceType.ValueString()}
	cluster, selected, ok := filter.selectResources(ctx, base.data, cfg.Cluster.ValueString(), &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	}
	return cluster, selected, ok
}

// clusterCheckpointList lists exchange_cluster_checkpoint: one result per checkpoint.
type clusterCheckpointList struct {
	checkpointBase
}

func newClusterCheckpointList() list.ListResource { return &clusterCheckpointList{} }

func (l *clusterCheckpointList) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	(&clusterCheckpointResource{}).Metadata(ctx, req, resp)
}

func (l *clusterCheckpointList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = checkpointListSchema("Finds every registry checkpoint of a cluster's resources, optionally only those of resources " +
		"of one type or whose name matches a pattern, each as an `exchange_cluster_checkpoint` to import.")
}

func (l *clusterCheckpointList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cluster, resources, ok := listedResources(ctx, &l.checkpointBase, req, stream)
	if !ok {
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, r := range resources {
			for _, key := range r.RegistryCheckpoints {
				result := req.NewListResult(ctx)
				result.DisplayName = r.Name + ": " + key
				result.Diagnostics.Append(result.Identity.Set(ctx, checkpointIdentity(cluster, r.Name, key))...)
				if req.IncludeResource {
					result.Diagnostics.Append(result.Resource.Set(ctx, checkpointModel{
						ID: types.StringValue(importID(cluster, r.Name, key)), Cluster: types.StringValue(cluster),
						ResourceName: types.StringValue(r.Name), Key: types.StringValue(key), Timeouts: noTimeouts(singleTimeouts),
					})...)
				}
				if !push(result) {
					return
				}
			}
		}
	}
}

// clusterCheckpointsExclusiveList lists exchange_cluster_checkpoints_exclusive: one result
// per cluster resource holding checkpoints.
type clusterCheckpointsExclusiveList struct {
	checkpointBase
}

func newClusterCheckpointsExclusiveList() list.ListResource {
	return &clusterCheckpointsExclusiveList{}
}

func (l *clusterCheckpointsExclusiveList) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	(&clusterCheckpointsExclusiveResource{}).Metadata(ctx, req, resp)
}

func (l *clusterCheckpointsExclusiveList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = checkpointListSchema("Finds every resource of a cluster that holds registry checkpoints, optionally only those of " +
		"one type or whose name matches a pattern, each as an `exchange_cluster_checkpoints_exclusive` (its complete set) to import.")
}

func (l *clusterCheckpointsExclusiveList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cluster, resources, ok := listedResources(ctx, &l.checkpointBase, req, stream)
	if !ok {
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, r := range resources {
			if len(r.RegistryCheckpoints) == 0 {
				continue
			}
			result := req.NewListResult(ctx)
			result.DisplayName = fmt.Sprintf("%s: %d checkpoint(s)", r.Name, len(r.RegistryCheckpoints))
			result.Diagnostics.Append(result.Identity.Set(ctx, checkpointsExclusiveIdentity(cluster, r.Name))...)
			if req.IncludeResource {
				keys, diags := setOfStrings(r.RegistryCheckpoints)
				result.Diagnostics.Append(diags...)
				result.Diagnostics.Append(result.Resource.Set(ctx, checkpointsExclusiveModel{
					ID: types.StringValue(checkpointsID(cluster, r.Name)), Cluster: types.StringValue(cluster),
					ResourceName: types.StringValue(r.Name), Keys: keys, Timeouts: noTimeouts(exclusiveTimeouts),
				})...)
			}
			if !push(result) {
				return
			}
		}
	}
}
