package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

var pathKeys = path.Root("keys")

const checkpointsDescription = `Keeps the **complete set** of registry checkpoints of one cluster resource of a Windows
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

Do **not** manage the same cluster resource with both ` + "`exchange_cluster_checkpoints`" + ` and
` + "`exchange_cluster_checkpoint`" + `. Each ` + "`exchange_cluster_checkpoint`" + ` adds a checkpoint that this
resource does not declare, so this resource removes it on the next apply, and the single resource
adds it back on the apply after: the two fight forever and every plan shows changes. Declare every
key of the cluster resource here instead, or use only ` + "`exchange_cluster_checkpoint`" + ` resources
(which leave other checkpoints alone) for that cluster resource.`

func (r *clusterCheckpointsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: checkpointsDescription,
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

// registryKeySetValidator checks every key of a set, and that no two name the same key: a set
// of strings keeps "SOFTWARE\A" and "HKLM\software\a" apart, the registry does not.
type registryKeySetValidator struct{}

var _ validator.Set = registryKeySetValidator{}

func (registryKeySetValidator) Description(context.Context) string {
	return "each element must be a distinct registry key under HKEY_LOCAL_MACHINE"
}

func (v registryKeySetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (registryKeySetValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{} // folded normal form -> as written
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			if ok && s.IsNull() {
				resp.Diagnostics.AddAttributeError(req.Path, "Invalid registry key", fmt.Sprintf("%s: a key must not be null.", req.Path))
			}
			continue
		}
		n, err := regkey.Normalize(s.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid registry key",
				fmt.Sprintf("%s: %q: %s. Write keys of HKEY_LOCAL_MACHINE, as %s, HKLM\\%s or HKLM:\\%s.", req.Path, s.ValueString(), err, regkey.Default, regkey.Default, regkey.Default))
			continue
		}
		folded := strings.ToLower(n)
		if first, dup := seen[folded]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate registry key",
				fmt.Sprintf("%s: %q and %q name the same registry key (keys are compared without regard to case or hive prefix); keep one.", req.Path, first, s.ValueString()))
			continue
		}
		seen[folded] = s.ValueString()
	}
}

// sameRegistryKeySet plans the prior state's set when the configured set names the same keys
// in other spellings, so that case or prefix alone shows no change. Terraform accepts a
// planned value equal to the prior state instead of the configuration (see
// keepStateWhenEquivalent). A set that differs in any key is planned as configured.
type sameRegistryKeySet struct{}

var _ planmodifier.Set = sameRegistryKeySet{}

func (sameRegistryKeySet) Description(context.Context) string {
	return "A set of keys that names the same registry keys as the one in state (differing only in case, hive prefix or trailing backslash) causes no change."
}

func (m sameRegistryKeySet) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameRegistryKeySet) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if req.PlanValue.Equal(req.StateValue) {
		return
	}
	planned, ok := knownStrings(req.PlanValue)
	if !ok {
		return
	}
	state, ok := knownStrings(req.StateValue)
	if !ok {
		return
	}
	if sameKeys(planned, state) {
		resp.PlanValue = req.StateValue
	}
}

// knownStrings returns the elements of a set of strings, and false when one is unknown or null.
func knownStrings(v types.Set) ([]string, bool) {
	var out []string
	for _, e := range v.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			return nil, false
		}
		out = append(out, s.ValueString())
	}
	return out, true
}

// sameKeys reports whether a and b name the same registry keys, each as often.
func sameKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, k := range a {
		n, err := regkey.Normalize(k)
		if err != nil {
			return false
		}
		count[strings.ToLower(n)]++
	}
	for _, k := range b {
		n, err := regkey.Normalize(k)
		if err != nil {
			return false
		}
		f := strings.ToLower(n)
		if count[f] == 0 {
			return false
		}
		count[f]--
	}
	return true
}
