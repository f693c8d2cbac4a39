package provider

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

const clusterData = "data.exchange_cluster.this"

// readClusterDataSource runs the data source's Read against api, with cluster in its
// configuration ("" for none), and returns what it stored and said.
func readClusterDataSource(t *testing.T, api winclient.API, cluster string) (clusterModel, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	ds := &clusterDataSource{data: &providerData{client: api}}
	var sresp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx)
	in := clusterModel{Cluster: types.StringNull(), Domain: types.StringNull(), ConnectedNode: types.StringNull(),
		CoreGroupOwner: types.StringNull(), Transport: types.StringNull(), PowerShellVersion: types.StringNull(),
		FailoverClustersModule: types.StringNull()}
	if cluster != "" {
		in.Cluster = types.StringValue(cluster)
	}
	cfg := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}
	if d := cfg.Set(ctx, in); d.HasError() {
		t.Fatalf("config: %v", d)
	}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: cfg.Raw}}, &resp)
	var out clusterModel
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Get(ctx, &out)...)
	}
	return out, resp.Diagnostics
}

// Every error first contact can meet says what to fix.
func TestClusterDataSourceErrorsNameTheFix(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		fix  string
	}{
		{"refused logon", &winclient.Error{Kind: winclient.KindAuth, Message: "HTTP 401"}, "Check username and password"},
		{"no right on the cluster", &winclient.Error{Kind: winclient.KindAccessDenied, Message: "Access is denied."}, "Grant-ClusterAccess"},
		{"unreachable", &winclient.Error{Kind: winclient.KindTransport, Message: "connection refused"}, "winrm quickconfig"},
		{"slow", &winclient.Error{Kind: winclient.KindTimeout, Message: "timed out"}, "raise `timeout`"},
		{"quota", &winclient.Error{Kind: winclient.KindQuota, Message: "MaxShellsPerUser"}, "-parallelism"},
		{"not a cluster node", &winclient.Error{Kind: winclient.KindClusterNotFound, Message: "not a node"}, "cluster service running"},
		{"no WMI on transport wmi", &winclient.Error{Kind: winclient.KindWMIUnavailable, Message: "WBEM_E_INVALID_NAMESPACE"}, `transport = "auto"`},
		{"no module", &winclient.Error{Kind: winclient.KindModuleMissing, Message: "Install-WindowsFeature RSAT-Clustering-PowerShell"}, "Install-WindowsFeature"},
		{"another cluster", &winclient.Error{Kind: winclient.KindOtherCluster, Message: "Configure a provider block with an alias"}, "alias"},
		{"anything else", &winclient.Error{Kind: winclient.KindWindows, Message: "The RPC server is unavailable."}, "EXCHANGE_WINRM_RECORD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI()
			api.failWith("DescribeCluster", tc.err)
			_, diags := readClusterDataSource(t, api, "")
			if !diags.HasError() || !strings.Contains(diagText(diags), tc.fix) {
				t.Fatalf("want an error that names %q, got:\n%s", tc.fix, diagText(diags))
			}
		})
	}
}

// On transport auto, a PowerShell that does not answer is a warning: WMI read the cluster,
// so the data source still shows it, with the PowerShell attributes null.
func TestClusterDataSourceWarnsWhenPowerShellDoesNotAnswer(t *testing.T) {
	api := newFakeAPI()
	api.info = &winclient.ClusterInfo{ConnectedNode: "NODE1", Cluster: "EXCLUS", Transport: winclient.TransportWMI,
		Nodes: []winclient.ClusterNode{{Name: "NODE1", State: "Up"}}, CoreGroupOwner: "NODE1",
		PowerShellProblem: "timeout: PowerShell did not answer"}
	got, diags := readClusterDataSource(t, api, "exclus")
	if diags.HasError() || diags.WarningsCount() != 1 || !strings.Contains(diagText(diags), "PowerShell did not answer") ||
		!strings.Contains(diagText(diags), `transport = "wmi"`) {
		t.Fatalf("want one warning that says why and how to stop it:\n%s", diagText(diags))
	}
	if got.Cluster.ValueString() != "EXCLUS" || got.Transport.ValueString() != "wmi" || !got.PowerShellVersion.IsNull() ||
		!got.FailoverClustersModule.IsNull() || !got.Domain.IsNull() || len(got.Nodes) != 1 {
		t.Fatalf("state %+v", got)
	}
}

// Through terraform against the simulated cluster: the core group on NODE2, the provider on
// NODE1, over the transport under test and over WMI alone; another cluster's name fails with
// the way to reach it.
func TestAccClusterDataSource(t *testing.T) {
	b := coreGroupOnNode2(t)
	info := b.sim.Cluster().Info()
	common := resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr(clusterData, "cluster", info.Name),
		resource.TestCheckResourceAttr(clusterData, "domain", info.Domain),
		resource.TestCheckResourceAttr(clusterData, "connected_node", "NODE1"),
		resource.TestCheckResourceAttr(clusterData, "core_group_owner", "NODE2"),
		resource.TestCheckResourceAttr(clusterData, "nodes.#", "2"),
		resource.TestCheckResourceAttr(clusterData, "nodes.0.name", "NODE1"),
		resource.TestCheckResourceAttr(clusterData, "nodes.0.state", "Up"),
		resource.TestCheckResourceAttr(clusterData, "nodes.1.name", "NODE2"),
		resource.TestCheckResourceAttr(clusterData, "nodes.1.state", "Up"),
	)
	// transport auto reads over WMI and asks PowerShell as its fallback; powershell reads
	// with it: both report PowerShell.
	underTest := "wmi"
	if os.Getenv(envVar(attrTransport)) == winclient.TransportPowerShell {
		underTest = "powershell"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{
			{
				Config: config(b, `data "exchange_cluster" "this" {}`),
				Check: resource.ComposeAggregateTestCheckFunc(common,
					resource.TestCheckResourceAttr(clusterData, "transport", underTest),
					resource.TestMatchResourceAttr(clusterData, "powershell_version", regexp.MustCompile(`^5\.1\.\d+\.\d+$`)),
					resource.TestCheckResourceAttr(clusterData, "failover_clusters_module", "answers")),
			},
			{
				Config: providerBlock(b, map[string]string{attrTransport: winclient.TransportWMI}) +
					"\n" + `data "exchange_cluster" "this" { cluster = "` + strings.ToLower(info.Name) + `" }`,
				Check: resource.ComposeAggregateTestCheckFunc(common,
					resource.TestCheckResourceAttr(clusterData, "transport", "wmi"),
					resource.TestCheckNoResourceAttr(clusterData, "powershell_version"),
					resource.TestCheckNoResourceAttr(clusterData, "failover_clusters_module")),
			},
			{
				Config:      config(b, `data "exchange_cluster" "this" { cluster = "OTHERCLUSTER" }`),
				ExpectError: regexp.MustCompile(`(?s)OTHERCLUSTER.*alias`),
			},
		},
	})
}

// A node without the FailoverClusters module: the PowerShell path fails with the fix; auto
// reads over WMI and shows the module missing.
func TestAccClusterDataSourceWithoutModule(t *testing.T) {
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	b := startSimBackend(t, modeNTLM, func(o *clustersim.Options) { o.WithoutModules = []string{"FailoverClusters"} })
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(b, map[string]string{attrTransport: winclient.TransportPowerShell}) + "\n" + `data "exchange_cluster" "this" {}`,
				ExpectError: regexp.MustCompile(`(?s)FailoverClusters PowerShell module.*Install-WindowsFeature\s+RSAT-Clustering-PowerShell`),
			},
			{
				Config: providerBlock(b, map[string]string{attrTransport: winclient.TransportAuto}) + "\n" + `data "exchange_cluster" "this" {}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(clusterData, "transport", "wmi"),
					resource.TestCheckResourceAttr(clusterData, "failover_clusters_module", "missing"),
					resource.TestCheckResourceAttr(clusterData, "nodes.#", "2")),
			},
		},
	})
}
