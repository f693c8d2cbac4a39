package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// defaultResourceName is the cluster resource of KB Q245211 (Exchange Server 5.5's name).
const defaultResourceName = "Microsoft Exchange System Attendant"

// maxClusterNameLength is the longest DNS name; a cluster is named by one.
const maxClusterNameLength = 253

// Attributes the checkpoint resources share, by path.
var (
	pathCluster      = path.Root("cluster")
	pathResourceName = path.Root("resource_name")
	pathKey          = path.Root("key")
	pathID           = path.Root("id")
)

// checkpointBase is what the two checkpoint resources share: the provider's Windows client,
// the cluster to address, and the first step of every operation.
type checkpointBase struct {
	data *providerData
}

func (r *checkpointBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // the provider is not configured yet (validation)
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", req.ProviderData))
		return
	}
	r.data = data
}

func (r *checkpointBase) client(diags interface{ AddError(string, string) }) winclient.API {
	if r.data == nil {
		diags.AddError("Provider not configured", errNotConfigured.Error()+"; check that its configuration does not depend on values unknown until apply.")
		return nil
	}
	return r.data.client
}

// cluster returns the cluster to address: the state's, or the WinRM host's when none is set.
func (r *checkpointBase) cluster(ctx context.Context, v types.String) (string, error) {
	name := ""
	if !v.IsNull() && !v.IsUnknown() {
		name = v.ValueString()
	}
	return r.data.resolveCluster(ctx, name)
}

// begin returns the client and the cluster an operation addresses, or ok=false with the
// diagnostic that says why not.
func (r *checkpointBase) begin(ctx context.Context, clusterAttr types.String, diags *diag.Diagnostics) (client winclient.API, cluster string, ok bool) {
	client = r.client(diags)
	if diags.HasError() || client == nil {
		return nil, "", false
	}
	cluster, err := r.cluster(ctx, clusterAttr)
	if err != nil {
		diags.Append(clientErrorDiagnostic("finding the cluster of the WinRM host", err))
		return nil, "", false
	}
	return client, cluster, true
}

// clusterAttribute is the cluster attribute of both checkpoint resources.
func clusterAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Name of the failover cluster. Defaults to the cluster of the WinRM host; an empty or blank name is an error. Compared without regard to case.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			sameNameIgnoringCase(),
			stringplanmodifier.RequiresReplace(),
		},
	}
}

// resourceNameAttribute is the resource_name attribute of both checkpoint resources; what
// says what the named cluster resource is to the resource.
func resourceNameAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: what + ". Defaults to `" + defaultResourceName + "` (KB Q245211). Compared without regard to case.",
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(defaultResourceName),
		Validators:          []validator.String{clusterNameValidator{what: "cluster resource name"}},
		PlanModifiers: []planmodifier.String{
			sameNameIgnoringCase(),
			stringplanmodifier.RequiresReplace(),
		},
	}
}
