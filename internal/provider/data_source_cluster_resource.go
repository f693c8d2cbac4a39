package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// clusterResourceDataSource is exchange_cluster_resource: a cluster resource as
// Get-ClusterResource shows it, with its registry checkpoints.
type clusterResourceDataSource struct {
	data *providerData
}

var (
	_ datasource.DataSource              = (*clusterResourceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterResourceDataSource)(nil)
)

var pathName = path.Root("name")

func newClusterResourceDataSource() datasource.DataSource { return &clusterResourceDataSource{} }

type clusterResourceModel struct {
	Name                types.String `tfsdk:"name"`
	Cluster             types.String `tfsdk:"cluster"`
	ResourceType        types.String `tfsdk:"resource_type"`
	State               types.String `tfsdk:"state"`
	OwnerGroup          types.String `tfsdk:"owner_group"`
	OwnerNode           types.String `tfsdk:"owner_node"`
	RegistryCheckpoints types.List   `tfsdk:"registry_checkpoints"`
	Unresolved          types.Map    `tfsdk:"unresolved_checkpoints"`
}

func (d *clusterResourceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_resource"
}

func (d *clusterResourceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a resource of a Windows failover cluster as `Get-ClusterResource` shows it, with the registry " +
			"checkpoints it holds. Use it to check where the Exchange System Attendant runs, whether it is online, and which keys " +
			"the cluster replicates for it (Microsoft KB Q245211), for example in a `check` block.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the cluster resource. Defaults to `" + defaultResourceName + "`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{clusterNameValidator{what: "cluster resource name"}},
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Name of the failover cluster. Defaults to the cluster of the WinRM host.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
			},
			"resource_type": schema.StringAttribute{
				MarkdownDescription: "Resource type, for example `Microsoft Exchange System Attendant` or `Generic Service`.",
				Computed:            true,
			},
			"state": schema.StringAttribute{
				MarkdownDescription: "State by name: `Online`, `Offline`, `Failed`, `OnlinePending`, `OfflinePending`, `Pending`, `Initializing`, `Inherited` or `Unknown`.",
				Computed:            true,
			},
			"owner_group": schema.StringAttribute{
				MarkdownDescription: "Cluster group (role) the resource belongs to; null on Windows Server 2008 R2 over WMI, whose `MSCluster_Resource` has no `OwnerGroup` (ClusWMI documents it from 2012).",
				Computed:            true,
			},
			"owner_node": schema.StringAttribute{
				MarkdownDescription: "Node the resource currently runs on; null on Windows Server 2008 R2 over WMI, whose `MSCluster_Resource` has no `OwnerNode`.",
				Computed:            true,
			},
			"registry_checkpoints": schema.ListAttribute{
				MarkdownDescription: "Registry checkpoints of the resource, as the cluster stores them: keys relative to HKEY_LOCAL_MACHINE.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"unresolved_checkpoints": unresolvedCheckpointsAttribute(),
		},
	}
}

func (d *clusterResourceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterResourceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.data.showNotices(&resp.Diagnostics)
	var model clusterResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := defaultResourceName
	if !model.Name.IsNull() {
		name = model.Name.ValueString()
	}
	cluster, ok := resolveClusterFor(ctx, d.data, model.Cluster.ValueString(), &resp.Diagnostics)
	if !ok {
		return
	}
	res, err := d.data.client.GetResource(ctx, cluster, name)
	if err != nil {
		if errors.Is(err, winclient.ErrResourceNotFound) {
			resp.Diagnostics.AddAttributeError(pathName, "Cluster resource not found",
				fmt.Sprintf("The cluster %q has no resource named %q (%v). List the resources with `Get-ClusterResource` on a node.", cluster, name, err))
			return
		}
		resp.Diagnostics.Append(clientErrorDiagnostic(fmt.Sprintf("reading the cluster resource %q on cluster %q", name, cluster), err))
		return
	}
	checkpoints := res.RegistryCheckpoints
	if checkpoints == nil {
		checkpoints = []string{}
	}
	list, diags := types.ListValueFrom(ctx, types.StringType, checkpoints)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	model.Name = types.StringValue(name)
	model.Cluster = types.StringValue(cluster)
	model.ResourceType = types.StringValue(res.ResourceType)
	model.State = types.StringValue(res.State)
	model.OwnerGroup = nullIfEmpty(res.OwnerGroup)
	model.OwnerNode = nullIfEmpty(res.OwnerNode)
	model.RegistryCheckpoints = list
	model.Unresolved = unresolvedCheckpoints(ctx, cluster, name, res.RegistryCheckpoints, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
