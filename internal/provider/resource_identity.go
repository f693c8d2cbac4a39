package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// Resource identity (Terraform 1.12 and OpenTofu 1.12 and later): what names a checkpoint on
// Windows, as structured data rather than an import ID to spell. Every operation returns
// it, an import block may give it instead of an ID, and the list resources return it for
// each checkpoint they find. The names are the state's (the cluster as resolved at create or
// import, the resource name as configured); the key is in its normal form (relative to
// HKEY_LOCAL_MACHINE, no prefix), so that two spellings of one key have one identity.

var (
	_ resource.ResourceWithIdentity = (*clusterCheckpointResource)(nil)
	_ resource.ResourceWithIdentity = (*clusterCheckpointsExclusiveResource)(nil)
)

// checkpointIdentityModel is the identity of exchange_cluster_checkpoint.
type checkpointIdentityModel struct {
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
	Key          types.String `tfsdk:"key"`
}

// checkpointsExclusiveIdentityModel is the identity of exchange_cluster_checkpoints_exclusive.
type checkpointsExclusiveIdentityModel struct {
	Cluster      types.String `tfsdk:"cluster"`
	ResourceName types.String `tfsdk:"resource_name"`
}

func identityClusterAttribute() identityschema.StringAttribute {
	return identityschema.StringAttribute{
		OptionalForImport: true,
		Description:       "Name of the failover cluster. On import, the cluster of the WinRM host when absent.",
	}
}

func identityResourceNameAttribute() identityschema.StringAttribute {
	return identityschema.StringAttribute{
		RequiredForImport: true,
		Description:       "Name of the cluster resource, for example `EVS1 System Attendant`. Any character Windows allows, `|` included.",
	}
}

func (r *clusterCheckpointResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"cluster":       identityClusterAttribute(),
			"resource_name": identityResourceNameAttribute(),
			"key": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Registry key relative to HKEY_LOCAL_MACHINE, for example `SOFTWARE\\Microsoft\\Exchange\\Backupinformation`; the prefixes the key attribute accepts are accepted on import.",
			},
		},
	}
}

func (r *clusterCheckpointsExclusiveResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"cluster":       identityClusterAttribute(),
			"resource_name": identityResourceNameAttribute(),
		},
	}
}

// checkpointIdentity is the identity of a checkpoint; the key is normalised when it can be.
func checkpointIdentity(cluster, resourceName, key string) checkpointIdentityModel {
	if n, err := regkey.Normalize(key); err == nil {
		key = n
	}
	return checkpointIdentityModel{Cluster: types.StringValue(cluster), ResourceName: types.StringValue(resourceName), Key: types.StringValue(key)}
}

func checkpointsExclusiveIdentity(cluster, resourceName string) checkpointsExclusiveIdentityModel {
	return checkpointsExclusiveIdentityModel{Cluster: types.StringValue(cluster), ResourceName: types.StringValue(resourceName)}
}

// setIdentity records identity in the response's identity. A nil target is a response of a
// test that calls the resource's methods directly, without the framework.
func setIdentity(ctx context.Context, target *tfsdk.ResourceIdentity, identity any, diags *diag.Diagnostics) {
	if target == nil || diags.HasError() {
		return
	}
	diags.Append(target.Set(ctx, identity)...)
}

// importByIdentity reports whether an import gave an identity instead of an ID.
func importByIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull()
}

// checkImportIdentity checks the parts an import identity gives (see
// parsedImportID.problems), each invalid one an error that names the identity's attribute,
// and returns them. A null cluster means the WinRM host's; a null resource_name or key is
// missing. withKey is false for the exclusive resource, which has no key.
func checkImportIdentity(cluster, resourceName, key types.String, withKey bool, diags *diag.Diagnostics) parsedImportID {
	p := parsedImportID{cluster: cluster.ValueString(), resource: resourceName.ValueString(), key: key.ValueString()}
	if resourceName.IsNull() {
		diags.AddError("Invalid import identity", "resource_name is required.")
	}
	if withKey && key.IsNull() {
		diags.AddError("Invalid import identity", "key is required.")
	}
	names := [...]string{clusterPart: "cluster", resourcePart: "resource_name", keyPart: "key"}
	for _, pr := range p.problems(!cluster.IsNull(), withKey) {
		if (pr.part == resourcePart && resourceName.IsNull()) || (pr.part == keyPart && key.IsNull()) {
			continue // said above
		}
		diags.AddError("Invalid import identity", names[pr.part]+" "+pr.why+".")
	}
	return p
}
