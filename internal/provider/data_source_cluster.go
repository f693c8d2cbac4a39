package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// clusterDataSource is exchange_cluster: first contact with a cluster, read-only. It shows
// what the provider reached (the node, its cluster, the nodes and the core group's owner)
// and what the host offers each transport, so that a new user learns from one plan whether
// the provider can work there, and each failure comes with its fix.
type clusterDataSource struct {
	data *providerData
}

var (
	_ datasource.DataSource              = (*clusterDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterDataSource)(nil)
)

func newClusterDataSource() datasource.DataSource { return &clusterDataSource{} }

type clusterModel struct {
	Cluster                types.String       `tfsdk:"cluster"`
	Domain                 types.String       `tfsdk:"domain"`
	ConnectedNode          types.String       `tfsdk:"connected_node"`
	Nodes                  []clusterNodeModel `tfsdk:"nodes"`
	CoreGroupOwner         types.String       `tfsdk:"core_group_owner"`
	Transport              types.String       `tfsdk:"transport"`
	PowerShellVersion      types.String       `tfsdk:"powershell_version"`
	FailoverClustersModule types.String       `tfsdk:"failover_clusters_module"`
}

type clusterNodeModel struct {
	Name  types.String `tfsdk:"name"`
	State types.String `tfsdk:"state"`
}

func (d *clusterDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (d *clusterDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "First contact with a failover cluster, read-only: the node the provider is connected to, its cluster, " +
			"the nodes and their state, the node that owns the core cluster group, and what the WinRM host offers each transport " +
			"(the Windows PowerShell version and whether the FailoverClusters module answers). Plan a configuration that holds only " +
			"this data source before you declare any checkpoint: it changes nothing, and each error it can give says what to fix.\n\n" +
			"Unlike the other data sources, it reads afresh each time. On transport `auto` it also starts one PowerShell to report " +
			"on the fallback path; set `transport = \"wmi\"` to start none (the PowerShell attributes are then null).",
		Attributes: map[string]schema.Attribute{
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Name of the cluster the WinRM host must belong to: its name or a node's, alone or with the cluster's " +
					"DNS domain, in any case; an error when the host belongs to another cluster. Leave it out to read the host's cluster; " +
					"either way it ends holding the cluster's name.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
			},
			"domain": schema.StringAttribute{
				MarkdownDescription: "DNS domain of the cluster; null for a cluster without one.",
				Computed:            true,
			},
			"connected_node": schema.StringAttribute{
				MarkdownDescription: "Computer name of the node the provider is connected to (the provider's `host`).",
				Computed:            true,
			},
			"nodes": schema.ListNestedAttribute{
				MarkdownDescription: "The nodes of the cluster, in the order the cluster lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{MarkdownDescription: "Node name.", Computed: true},
						"state": schema.StringAttribute{
							MarkdownDescription: "State of its Cluster service: `Up`, `Down`, `Paused`, `Joining` or `Unknown`.",
							Computed:            true,
						},
					},
				},
			},
			"core_group_owner": schema.StringAttribute{
				MarkdownDescription: "Node that owns the core cluster group (\"Cluster Group\"). The provider needs nothing of it: it " +
					"works through the node it is connected to, wherever the core group runs.",
				Computed: true,
			},
			"transport": schema.StringAttribute{
				MarkdownDescription: "Path that read the cluster, and that the resources use on this host: `wmi` (root\\MSCluster over " +
					"WS-Management) or `powershell` (the FailoverClusters module).",
				Computed: true,
			},
			"powershell_version": schema.StringAttribute{
				MarkdownDescription: "Version of the host's Windows PowerShell (`$PSVersionTable.PSVersion`); null when PowerShell was not " +
					"asked (transport `wmi`) or did not answer (a warning then says why).",
				Computed: true,
			},
			"failover_clusters_module": schema.StringAttribute{
				MarkdownDescription: "`answers` when the FailoverClusters PowerShell module's cmdlets run on the host, `missing` when they " +
					"do not (add the Windows feature RSAT-Clustering-PowerShell); null when PowerShell was not asked.",
				Computed: true,
			},
		},
	}
}

func (d *clusterDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.data.showNotices(&resp.Diagnostics)
	var model clusterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	info, err := d.data.client.DescribeCluster(ctx, model.Cluster.ValueString())
	if err != nil {
		resp.Diagnostics.Append(clientErrorDiagnostic("reading the cluster of the WinRM host", err))
		return
	}
	if info.PowerShellProblem != "" {
		resp.Diagnostics.AddWarning("Windows PowerShell does not answer on the WinRM host",
			"The provider read the cluster over WMI, which needs no PowerShell, and uses WMI for this host. PowerShell is only "+
				"the fallback of transport \"auto\" for hosts whose WMI cannot serve root\\MSCluster; asking it failed: "+
				maskKnownSecrets(info.PowerShellProblem)+"\n\nSet transport = \"wmi\" in the provider block to stop asking it.")
	}
	model = clusterModel{
		Cluster:                types.StringValue(info.Cluster),
		Domain:                 nullIfEmpty(info.Domain),
		ConnectedNode:          types.StringValue(info.ConnectedNode),
		Nodes:                  make([]clusterNodeModel, 0, len(info.Nodes)),
		CoreGroupOwner:         nullIfEmpty(info.CoreGroupOwner),
		Transport:              types.StringValue(info.Transport),
		PowerShellVersion:      nullIfEmpty(info.PowerShellVersion),
		FailoverClustersModule: nullIfEmpty(info.FailoverClustersModule),
	}
	for _, n := range info.Nodes {
		model.Nodes = append(model.Nodes, clusterNodeModel{Name: types.StringValue(n.Name), State: types.StringValue(n.State)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// nullIfEmpty is s, or null for "": Windows' way of saying "none" becomes Terraform's.
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
