package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

const checkpointDescription = `Keeps a **registry checkpoint** on a cluster resource of a Windows failover cluster: the
Cluster service then saves the registry subtree while the resource is online and restores it on
whichever node the resource moves to, before the resource comes online.

## Why: Microsoft KB Q245211

After a full online backup of Exchange Server on the first node of a cluster and a failover to
the second node, an incremental backup on the second node fails with **Event ID 8010** (source
"NT backup"): *Unable to perform an incremental backup because a required Microsoft Exchange
database log file could not be found from a call to BackupPrepare*. The full backup wrote the key
` + "`HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\Backupinformation`" + ` on the first node only. Microsoft's
workaround, with no fix to come, is to add that key as a registry checkpoint ("Registry
Replication" in Cluster Administrator) of the resource **Microsoft Exchange System Attendant**.
With no arguments, this resource does exactly that.

This resource makes the workaround declarative: ` + "`terraform apply`" + ` adds the checkpoint, and
` + "`terraform plan`" + ` shows a create when someone removes it, so that
` + "`terraform plan -detailed-exitcode`" + ` in CI catches the drift before the next failover does.

## Behaviour

* The key is written relative to HKEY_LOCAL_MACHINE; ` + "`HKLM\\`" + `, ` + "`HKEY_LOCAL_MACHINE\\`" + `, ` + "`HKLM:\\`" + ` and
  ` + "`Registry::HKEY_LOCAL_MACHINE\\`" + ` prefixes and a trailing backslash are accepted. Keys are compared by
  meaning: a difference of case or prefix alone shows no change. Other hives are refused: the
  Cluster service checkpoints HKEY_LOCAL_MACHINE only.
* A checkpoint covers the whole subtree. Removing the resource removes the checkpoint; the
  registry key itself is left alone.
* Any change of ` + "`cluster`" + `, ` + "`resource_name`" + ` or ` + "`key`" + ` replaces the checkpoint. Names are compared
  without regard to case. When ` + "`cluster`" + ` is not set, the cluster found at create time stays in
  the state, even if the provider later points at a node of another cluster.
* Creating a checkpoint that already exists fails with the ` + "`terraform import`" + ` command that adopts it.
* When the cluster resource no longer exists, the checkpoint is removed from the state with a
  warning. A connection, authentication or permission error fails the refresh and never
  removes anything from the state.
* Exchange 2000 and 2003 name the resource after the Exchange virtual server
  (` + "`<virtual server> System Attendant`" + `): set ` + "`resource_name`" + ` accordingly.`

func (r *clusterCheckpointResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: checkpointDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`CLUSTER|RESOURCE_NAME|KEY`, the key in its normal form (relative to HKEY_LOCAL_MACHINE).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster":       clusterAttribute(),
			"resource_name": resourceNameAttribute("Name of the cluster resource that holds the checkpoint"),
			"key": schema.StringAttribute{
				MarkdownDescription: "Registry key to checkpoint, under HKEY_LOCAL_MACHINE: `SOFTWARE\\...`, `HKLM\\...`, `HKEY_LOCAL_MACHINE\\...` or `HKLM:\\...`, with or without a trailing backslash. Defaults to `" + regkey.Default + "` (KB Q245211). In HCL, double each backslash.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(regkey.Default),
				Validators:          []validator.String{registryKeyValidator{}},
				PlanModifiers: []planmodifier.String{
					sameRegistryKey(),
					stringplanmodifier.RequiresReplace(),
				},
			},
		},
	}
}
