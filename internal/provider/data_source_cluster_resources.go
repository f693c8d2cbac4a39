package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// clusterResourcesDataSource is exchange_cluster_resources: every resource of a cluster, or
// those a name pattern and a resource type select, with their checkpoints. It answers from
// the cluster's snapshot, which the checkpoint resources read anyway: no request of its own.
type clusterResourcesDataSource struct {
	data *providerData
}

var (
	_ datasource.DataSource              = (*clusterResourcesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterResourcesDataSource)(nil)
)

func newClusterResourcesDataSource() datasource.DataSource { return &clusterResourcesDataSource{} }

type clusterResourcesModel struct {
	Cluster      types.String               `tfsdk:"cluster"`
	Name         types.String               `tfsdk:"name"`
	ResourceType types.String               `tfsdk:"resource_type"`
	Resources    []clusterResourceItemModel `tfsdk:"resources"`
}

type clusterResourceItemModel struct {
	Name                types.String `tfsdk:"name"`
	ResourceType        types.String `tfsdk:"resource_type"`
	OwnerGroup          types.String `tfsdk:"owner_group"`
	OwnerNode           types.String `tfsdk:"owner_node"`
	State               types.String `tfsdk:"state"`
	RegistryCheckpoints types.List   `tfsdk:"registry_checkpoints"`
	Unresolved          types.Map    `tfsdk:"unresolved_checkpoints"`
}

func (d *clusterResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_resources"
}

func (d *clusterResourcesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the resources of a Windows failover cluster, optionally only those of one resource type or whose " +
			"name matches a pattern, each with the registry checkpoints it holds. Exchange 2000 and 2003 clusters have one System " +
			"Attendant per virtual server, each named after it: select them by type and enforce the checkpoint of Microsoft KB " +
			"Q245211 on every one with `for_each`, without listing their names.",
		Attributes: map[string]schema.Attribute{
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Name of the failover cluster. Defaults to the cluster of the WinRM host.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: nameFilterDescription,
				Optional:            true,
				Validators:          []validator.String{clusterNameValidator{what: "resource name pattern"}},
			},
			"resource_type": schema.StringAttribute{
				MarkdownDescription: typeFilterDescription,
				Optional:            true,
				Validators:          []validator.String{clusterNameValidator{what: "resource type"}},
			},
			"resources": schema.ListNestedAttribute{
				MarkdownDescription: "The resources selected, sorted by name (without regard to case).",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":          schema.StringAttribute{MarkdownDescription: "Name of the cluster resource.", Computed: true},
						"resource_type": schema.StringAttribute{MarkdownDescription: "Resource type.", Computed: true},
						"owner_group":   schema.StringAttribute{MarkdownDescription: "Cluster group (role) the resource belongs to; null on Windows Server 2008 R2 over WMI, whose `MSCluster_Resource` has no `OwnerGroup` (ClusWMI documents it from 2012).", Computed: true},
						"owner_node":    schema.StringAttribute{MarkdownDescription: "Node the resource currently runs on; null on Windows Server 2008 R2 over WMI, whose `MSCluster_Resource` has no `OwnerNode`.", Computed: true},
						"state": schema.StringAttribute{
							MarkdownDescription: "State by name: `Online`, `Offline`, `Failed`, `OnlinePending`, `OfflinePending`, `Pending`, `Initializing`, `Inherited` or `Unknown`.",
							Computed:            true,
						},
						"registry_checkpoints": schema.ListAttribute{
							MarkdownDescription: "Registry checkpoints of the resource, as the cluster stores them: keys relative to HKEY_LOCAL_MACHINE.",
							ElementType:         types.StringType,
							Computed:            true,
						},
						"unresolved_checkpoints": unresolvedCheckpointsAttribute(),
					},
				},
			},
		},
	}
}

func (d *clusterResourcesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.data.showNotices(&resp.Diagnostics)
	var model clusterResourcesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := resourceFilter{namePattern: model.Name.ValueString(), resourceType: model.ResourceType.ValueString()}
	cluster, selected, ok := filter.selectResources(ctx, d.data, model.Cluster.ValueString(), &resp.Diagnostics)
	if !ok {
		return
	}
	model.Cluster = types.StringValue(cluster)
	model.Resources = []clusterResourceItemModel{}
	for _, r := range selected {
		checkpoints, diags := types.ListValueFrom(ctx, types.StringType, nonNil(r.RegistryCheckpoints))
		resp.Diagnostics.Append(diags...)
		unresolved := unresolvedCheckpoints(ctx, cluster, r.Name, r.RegistryCheckpoints, &resp.Diagnostics)
		model.Resources = append(model.Resources, clusterResourceItemModel{
			Name:                types.StringValue(r.Name),
			ResourceType:        types.StringValue(r.ResourceType),
			OwnerGroup:          nullIfEmpty(r.OwnerGroup),
			OwnerNode:           nullIfEmpty(r.OwnerNode),
			State:               types.StringValue(r.State),
			RegistryCheckpoints: checkpoints,
			Unresolved:          unresolved,
		})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// nonNil is s, or an empty slice for nil: a list attribute is then [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
