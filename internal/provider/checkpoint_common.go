package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
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
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// begin returns the cluster resource an operation addresses: the provider's client, the
// cluster (the state's, or the WinRM host's when none is set) and the resource's name; or
// ok=false, with the diagnostic that says why not.
func (r *checkpointBase) begin(ctx context.Context, clusterAttr, resourceName types.String, diags *diag.Diagnostics) (t checkpointTarget, ok bool) {
	if diags.HasError() {
		return t, false
	}
	name := ""
	if !clusterAttr.IsNull() && !clusterAttr.IsUnknown() {
		name = clusterAttr.ValueString()
	}
	cluster, ok := resolveClusterFor(ctx, r.data, name, diags)
	if !ok {
		return t, false
	}
	return checkpointTarget{client: r.data.client, cluster: cluster, resource: resourceName.ValueString()}, true
}

// checkpointTarget is the cluster resource whose checkpoints an operation reads or changes.
// Its methods are what both checkpoint resources do alike: the lookup with its error switch
// (which typed error of winclient means the checkpoints are gone, which is a failure that
// says nothing about them) and the add/remove loop.
type checkpointTarget struct {
	client   winclient.API
	cluster  string
	resource string
}

// goneMeans is what an operation makes of a cluster resource that does not exist. Deleting a
// cluster resource deletes its checkpoints (MicrosoftDocs win32 MsCS/checkpointing.md), so
// they are gone with it.
type goneMeans int

const (
	// goneFails: create and update cannot put checkpoints on a resource that is not there;
	// the lookup fails with a diagnostic that names it and the names Exchange versions use.
	goneFails goneMeans = iota
	// goneIsAnAnswer: read and delete take it as an answer (the state goes; nothing is left
	// to remove), and the lookup returns resourceGone.
	goneIsAnAnswer
)

// lookupResult is what a lookup of a cluster resource's checkpoints came to.
type lookupResult int

const (
	// lookedUp: the answer is the cluster's.
	lookedUp lookupResult = iota
	// resourceGone: the cluster resource does not exist, nor its checkpoints (goneIsAnAnswer).
	resourceGone
	// lookupFailed: the diagnostics say why. A transport, authentication or quota error says
	// nothing about the checkpoints, so the caller keeps the state as it is.
	lookupFailed
)

// list returns the checkpoints the cluster resource holds, as the cluster spells them.
func (t checkpointTarget) list(ctx context.Context, gone goneMeans, diags *diag.Diagnostics) ([]string, lookupResult) {
	stored, err := t.client.ListCheckpoints(ctx, t.cluster, t.resource)
	return stored, t.lookupFailure(ctx, err, gone, diags)
}

// lookupFailure is the error switch of every lookup.
func (t checkpointTarget) lookupFailure(ctx context.Context, err error, gone goneMeans, diags *diag.Diagnostics) lookupResult {
	switch {
	case err == nil:
		return lookedUp
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		diags.Append(timedOutDiagnostic(fmt.Sprintf("reading the checkpoints of %q on cluster %q", t.resource, t.cluster)))
	case errors.Is(err, winclient.ErrResourceNotFound) && gone == goneIsAnAnswer:
		return resourceGone
	case errors.Is(err, winclient.ErrResourceNotFound):
		diags.Append(resourceNotFoundDiagnostic(t.cluster, t.resource, err))
	default:
		diags.Append(clientErrorDiagnostic(fmt.Sprintf("reading the checkpoints of %q on cluster %q", t.resource, t.cluster), err))
	}
	return lookupFailed
}

// checkpointChanges is what makes the cluster's checkpoints what the configuration says: keys
// to add (in their normal form) and checkpoints to remove (as the cluster spells them).
type checkpointChanges struct {
	add, remove []string
}

// changeRules is what an operation makes of the answers the add/remove loop cannot settle
// alone.
type changeRules struct {
	// refuseExisting: an add that finds the key already checkpointed fails with the advice
	// to import it (exchange_cluster_checkpoint takes over nothing it did not create).
	// Otherwise the key is there, as declared.
	refuseExisting bool
	// interrupted is the detail of the error when Terraform's interrupt comes before a change
	// has begun.
	interrupted string
}

// apply makes the changes: additions first, so that a declared key is protected as early as
// possible, then removals. It goes on after a failure, so that one refused key does not hold
// back the others, and reports each failure; a cluster resource that is gone stops it.
//
// Terraform's interrupt (Ctrl+C: StopProvider) cancels ctx. A change not yet begun is not
// begun; one under way finishes (bounded by the provider's timeout), as Terraform waits for
// it: cut short, it could land without reaching the state, and the next apply would refuse
// the checkpoint as not created by Terraform.
func (t checkpointTarget) apply(ctx context.Context, changes checkpointChanges, rules changeRules) diag.Diagnostics {
	var diags diag.Diagnostics
	interrupted := func() bool {
		switch {
		case ctx.Err() == nil:
			return false
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			diags.Append(timedOutDiagnostic(fmt.Sprintf("changing the checkpoints of %q on cluster %q", t.resource, t.cluster)))
		default:
			diags.AddError("Interrupted", rules.interrupted)
		}
		return true
	}
	for _, key := range changes.add {
		if interrupted() || !t.add(ctx, key, rules.refuseExisting, &diags) {
			return diags
		}
	}
	for _, name := range changes.remove {
		if interrupted() || !t.remove(ctx, name, false, &diags) {
			return diags
		}
	}
	return diags
}

// add checkpoints key; it returns false when nothing more can be changed (the cluster
// resource is gone). The add is not cancelled by an interrupt: see apply.
func (t checkpointTarget) add(ctx context.Context, key string, refuseExisting bool, diags *diag.Diagnostics) bool {
	err := t.client.AddCheckpoint(context.WithoutCancel(ctx), t.cluster, t.resource, key)
	switch {
	case err == nil:
	case errors.Is(err, winclient.ErrAlreadyExists):
		// Added by someone else between the lookup and the add (Windows refuses a second add
		// of the same key with ERROR_ALREADY_EXISTS).
		if refuseExisting {
			addAlreadyExists(diags, t.cluster, t.resource, key)
		}
	case errors.Is(err, winclient.ErrResourceNotFound):
		diags.Append(resourceNotFoundDiagnostic(t.cluster, t.resource, err))
		return false
	default:
		diags.Append(clientErrorDiagnostic(fmt.Sprintf("adding the checkpoint %q to %q on cluster %q", key, t.resource, t.cluster), err))
	}
	return true
}

// remove removes the checkpoint the cluster stores as name; it returns false when nothing
// more can be changed. A checkpoint already gone is removed; so is one whose cluster resource
// is gone when goneIsRemoved (else that is an error). Not cancelled by an interrupt: see apply.
func (t checkpointTarget) remove(ctx context.Context, name string, goneIsRemoved bool, diags *diag.Diagnostics) bool {
	err := t.client.RemoveCheckpoint(context.WithoutCancel(ctx), t.cluster, t.resource, name)
	switch {
	case err == nil, errors.Is(err, winclient.ErrCheckpointNotFound):
	case errors.Is(err, winclient.ErrResourceNotFound) && goneIsRemoved:
	case errors.Is(err, winclient.ErrResourceNotFound):
		diags.Append(resourceNotFoundDiagnostic(t.cluster, t.resource, err))
		return false
	default:
		diags.Append(clientErrorDiagnostic(fmt.Sprintf("removing the checkpoint %q from %q on cluster %q", name, t.resource, t.cluster), err))
	}
	return true
}

// keepSameCluster plans the prior state's cluster, and no replacement for it, when the
// configured name is another name the WinRM host accepts for the same cluster (EXCLUSTER and
// excluster.corp.example.com, or a node's name): the client resolves both to one cluster,
// and a replacement would destroy and create the same checkpoints. A name that does not
// resolve to it (another cluster, or the host unreachable) keeps the replacement. It is the
// resources' ModifyPlan, not an attribute plan modifier, because it needs the configured
// provider's client, which only a configured resource holds.
func (r *checkpointBase) keepSameCluster(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var planned, prior types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, pathCluster, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathCluster, &prior)...)
	if resp.Diagnostics.HasError() || planned.IsNull() || planned.IsUnknown() || prior.IsNull() || prior.IsUnknown() ||
		planned.Equal(prior) {
		return
	}
	a, errA := r.data.client.ClusterName(ctx, planned.ValueString())
	b, errB := r.data.client.ClusterName(ctx, prior.ValueString())
	if errA != nil || errB != nil || a == "" || !strings.EqualFold(a, b) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathCluster, prior)...)
	resp.RequiresReplace = slices.DeleteFunc(resp.RequiresReplace, func(p path.Path) bool { return p.Equal(pathCluster) })
}

// Timeouts each resource's timeouts block holds, by name: a value built in code (a list
// resource's result) needs their types.
var (
	singleTimeouts    = []string{"create", "read", "delete"}
	exclusiveTimeouts = []string{"create", "read", "update"}
)

// noTimeouts is a timeouts block left out of the configuration, with the timeouts named.
func noTimeouts(names []string) timeouts.Value {
	types := map[string]attr.Type{}
	for _, n := range names {
		types[n] = basetypes.StringType{}
	}
	return timeouts.Value{Object: basetypes.NewObjectNull(types)}
}

// timeoutOf is a timeouts.Value's method for one operation (Create, Read, Update, Delete).
type timeoutOf = func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// start is the first step of every operation: bound ctx by the resource's timeouts block,
// then find the cluster resource addressed (begin). The caller defers cancel.
func (r *checkpointBase) start(ctx context.Context, timeout timeoutOf, clusterAttr, resourceName types.String, diags *diag.Diagnostics) (context.Context, context.CancelFunc, checkpointTarget, bool) {
	if diags.HasError() {
		return ctx, func() {}, checkpointTarget{}, false
	}
	ctx, cancel, ok := withTimeout(ctx, timeout, diags)
	if !ok {
		return ctx, cancel, checkpointTarget{}, false
	}
	target, ok := r.begin(ctx, clusterAttr, resourceName, diags)
	return ctx, cancel, target, ok
}

// withTimeout bounds ctx by the resource's timeouts block for the operation (t is
// plan.Timeouts.Create and the like). Unset, there is no bound beyond the provider's timeout
// on each WinRM operation, so that the default scales with the work: an apply of n changes
// may take n + 1 operations' time.
func withTimeout(ctx context.Context, t timeoutOf, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	d, dd := t(ctx, 0)
	diags.Append(dd...)
	if dd.HasError() {
		return ctx, func() {}, false
	}
	if d <= 0 {
		return ctx, func() {}, true
	}
	c, cancel := context.WithTimeout(ctx, d)
	return c, cancel, true
}

// timedOutDiagnostic says that the timeouts block's bound passed; what was under way
// finished, and the state records it.
func timedOutDiagnostic(doing string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Timed out while "+doing,
		"The time the resource's timeouts block allows for this operation passed. No further change was begun; a change under way "+
			"finished, and the state records what the cluster holds. Raise the value in the timeouts block, or run terraform apply again.")
}

// clusterAttribute is the cluster attribute of both checkpoint resources.
func clusterAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Name of the failover cluster. Defaults to the cluster of the WinRM host; an empty or blank name is an error. " +
			"Compared as the WinRM host resolves it: the cluster's name, its DNS name or a node's name, in any case, name the same cluster and plan no change.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{clusterNameValidator{what: "cluster name", maxLen: maxClusterNameLength}},
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

// unresolvedCheckpointsAttribute is the data sources' report of stored checkpoint names that
// Windows does not resolve as the key they seem to name.
func unresolvedCheckpointsAttribute() dsschema.MapAttribute {
	return dsschema.MapAttribute{
		MarkdownDescription: "The registry checkpoints whose stored name Windows does not resolve as the key it seems to name, each with " +
			"the reason: a hive prefix (`HKLM\\SOFTWARE\\X` is the key HKEY_LOCAL_MACHINE\\HKLM\\SOFTWARE\\X), a leading or trailing " +
			"backslash. Empty when every name is a key relative to HKEY_LOCAL_MACHINE. Such a checkpoint replicates nothing the " +
			"name suggests; remove it and add the key as meant (the checkpoint resources show it as undeclared or missing).",
		ElementType: types.StringType,
		Computed:    true,
	}
}

// unresolvedCheckpoints maps each stored name Windows would not resolve as meant to the
// reason (regkey.StoredProblem), with a warning for each.
func unresolvedCheckpoints(ctx context.Context, cluster, resource string, stored []string, diags *diag.Diagnostics) types.Map {
	problems := map[string]string{}
	for _, s := range stored {
		if p := regkey.StoredProblem(s); p != "" {
			problems[s] = p
			diags.AddWarning("Checkpoint stored under a name Windows does not resolve as meant",
				fmt.Sprintf("The cluster resource %q on cluster %q holds the checkpoint %q: %s.", resource, cluster, s, p))
		}
	}
	m, d := types.MapValueFrom(ctx, types.StringType, problems)
	diags.Append(d...)
	return m
}
