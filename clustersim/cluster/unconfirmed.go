package cluster

// UNCONFIRMED: every guess this package makes about real Windows, Exchange 5.5 and NT backup
// is in this file, one comment per guess, so that a capture from a real cluster can replace
// it. Nothing else in the package should encode a behaviour that no source confirms.

import (
	"fmt"
	"strings"
	"time"
)

// checkpointNamesEqual: whether the Cluster service compares checkpoint names case-
// insensitively is not documented. The registry itself is case-insensitive, so two names
// differing only in case name the same subtree; we treat them as the same checkpoint (a
// duplicate add fails, a remove matches) and keep the spelling first given.
func checkpointNamesEqual(a, b string) bool { return strings.EqualFold(a, b) }

// CLUSGROUP_TYPE values (cluapi.h, "CLUSGROUP_TYPE enumeration" on learn.microsoft.com;
// FailoverClusterDsc's stubs of the GroupType enum agree).
const (
	GroupTypeCoreCluster    = 1
	GroupTypeGenericService = 108
)

// groupTypeOf: the core group is ClusGroupTypeCoreCluster (confirmed). That every other
// group, Exchange's included, is a GenericService group is a guess.
func groupTypeOf(name string) int {
	if name == CoreGroupName {
		return GroupTypeCoreCluster
	}
	return GroupTypeGenericService
}

// msgCheckpointExists: the text for ERROR_ALREADY_EXISTS on a checkpoint add is the one
// shared/domain.md quotes from the control-code documentation; what FailoverClusters prints
// around it is unconfirmed.
const msgCheckpointExists = "The specified key is already being checkpointed"

// saveMissingSubtree: what the Cluster service does when a checkpointed key does not exist
// on the owner at save time is not documented. Guess: nothing is saved and the previous copy
// (if any) is kept; the key is not created.
func saveMissingSubtree(cp *checkpoint) {}

// restoreNeverSaved: bringing a resource online when the cluster database holds no copy of a
// checkpoint (the key never existed on an owner while it was online). Guess: the target
// node's registry is left as it is, and its subtree (if any) becomes the saved copy once the
// resource is online.
func restoreNeverSaved(cp *checkpoint, registry *Key) {}

// exchangeResourceType: Exchange 5.5 ran each service as its own cluster resource through
// "one generic resource DLL" (published accounts of Exchange 5.5 clustering); the type name
// Cluster Administrator showed for them is unconfirmed. Guess: "Generic Service".
func exchangeResourceType(resourceName string) string { return "Generic Service" }

// regSyncValueName: HKLM\Cluster\Resources\<GUID>\RegSync holds the checkpoint names as
// numbered string values (shared/domain.md); the numbering format is unconfirmed. Guess:
// eight hex digits starting at 00000001.
func regSyncValueName(i int) string { return fmt.Sprintf("%08X", i+1) }

// Windows version of the nodes: the FailoverClusters module needs Windows Server 2008 R2 or
// later, while Exchange 5.5 ran on NT 4.0 and Windows 2000. The simulated nodes report
// 2008 R2 so that both stories fit; the values are the usual ones of that release.
const (
	osProductName  = "Windows Server 2008 R2 Enterprise"
	osVersion      = "6.1"
	osBuild        = "7601"
	osCSDVersion   = "Service Pack 1"
	osInstallEpoch = 1293840000 // 2011-01-01
)

// Exchange 5.5 registry content on every node: the value names under
// SOFTWARE\Microsoft\Exchange are plausible but unconfirmed.
var exchangeSetupValues = []Value{
	SZ("Services", `E:\exchsrvr`),
	SZ("Services Version", "5.5"),
	Dword("NewestBuild", 2653),
	SZ("SiteName", "FIRSTSITE"),
	SZ("OrganizationName", "CONTOSO"),
}

// The Backupinformation key: KB Q245211 names the key but not its values. Guess: the full
// backup records its time and the log generation it reached; an incremental backup needs
// those values (not only the key) and records its own.
const (
	backupInformationKey         = `SOFTWARE\Microsoft\Exchange\Backupinformation`
	valLastFullBackupTime        = "Last Full Backup Time"
	valLastFullBackupGeneration  = "Last Full Backup Log Generation"
	valLastIncrBackupTime        = "Last Incremental Backup Time"
	valLastIncrBackupGeneration  = "Last Incremental Backup Log Generation"
	valBackupServer              = "Backup Server"
	backupTimeLayout             = "2006-01-02 15:04:05"
	ntBackupSource               = "NT backup"
	eventBackupFailedIncremental = 8010
)

// msgIncrementalFailed is the KB's text of Event ID 8010 (shared/domain.md section 1).
const msgIncrementalFailed = `Microsoft Exchange services returned "Unable to perform an incremental backup because a required Microsoft Exchange database log file could not be found from a call to BackupPrepare"`

// Success and other failures of NT backup: the event ids and texts are unconfirmed.
const (
	eventBackupCompleted = 8001
	eventBackupFailed    = 8019
)

func msgBackupCompleted(kind BackupType, server string, gen uint32) string {
	return fmt.Sprintf("End Operation: %s backup of Microsoft Exchange on \\\\%s completed successfully (log generation 0x%X).",
		kind.label(), server, gen)
}

// msgStoreNotRunning: an online backup needs the Information Store; when its resource is not
// online the backup cannot connect. The text is unconfirmed.
func msgStoreNotRunning(server string) string {
	return fmt.Sprintf(`Microsoft Exchange services returned "The Microsoft Exchange Information Store service on \\%s is not running" from a call to HrESEBackupPrepare`, server)
}

// formatBackupTime is how the guessed time values are written.
func formatBackupTime(t time.Time) string { return t.UTC().Format(backupTimeLayout) }

// maxKeyNameLength is the limit of one key name (Microsoft's "Registry element size limits":
// 255 characters); keyNameTooLongError is what creating a longer one fails with. The limit
// is documented; the error code (ERROR_INVALID_PARAMETER) is UNCONFIRMED.
const (
	maxKeyNameLength    = 255
	keyNameTooLongError = ErrorInvalidParameter
)

// Exchange 2000/2003 layout (Exchange2003Config). What sources say: each Exchange virtual
// server (EVS) is a cluster group with an IP address, a network name and disks, in which
// the administrator creates the System Attendant resource by hand; it then creates the
// other Exchange resources of that EVS itself (Microsoft TechNet, "Exchange Server 2003
// clustering", aa996210(EXCHG.65)); the MSExchangeCluster events of KB 887722 name the
// resource "<Virtual_Server_Name> System Attendant". What is UNCONFIRMED (no capture of
// Get-ClusterResource on such a cluster was found): the exact resource names (the
// administrator types the System Attendant's; Setup names the others), and the resource
// type names. Guesses: the System Attendant is "<EVS> System Attendant", the resources
// Setup creates are "Exchange <Service> Instance (<EVS>)", and each type is
// "Microsoft Exchange <Service>". The product reads names and types from the cluster and
// never assumes them. So are the layout's other resources (Exchange2003Config: "<EVS> IP
// Address", "<EVS> Network Name", "Disk F:", "Disk G:") and their dependencies, modelled on
// a usual Exchange virtual server, not on a capture.
func exchange2003ResourceName(evs, service string) string {
	if service == "System Attendant" {
		return evs + " System Attendant"
	}
	return "Exchange " + service + " Instance (" + evs + ")"
}

func exchange2003ResourceType(service string) string { return "Microsoft Exchange " + service }
