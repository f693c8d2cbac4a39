package winhost

// UNCONFIRMED: every guess this package makes about how real Windows, PowerShell 5.1, the
// FailoverClusters module, reg.exe and NT backup answer is in this file, one comment per
// guess, so that a capture from a real machine can replace it.

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// newPropertyDefaultKind: New-ItemProperty without -PropertyType. Guess: the registry
// provider writes REG_SZ (the value's string form) whatever the value's type.
func newPropertyDefaultKind(v winps51.Value) cluster.ValueType { return cluster.RegSZ }

// unknownKindMessage: the text for an unknown -PropertyType / -Type.
func unknownKindMessage(kind string) string {
	return fmt.Sprintf("The property type '%s' is not valid. Valid types are String, ExpandString, Binary, DWord, MultiString, QWord and Unknown.", kind)
}

// errNeedsRecurse: Remove-Item on a key with subkeys and no -Recurse asks for confirmation
// with ShouldContinue; in a non-interactive session the prompt cannot be shown. Text and id
// of the resulting error are a guess.
func errNeedsRecurse(cmdlet, path string) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message: "The item at " + path + " has children and the Recurse parameter was not specified. " +
			"Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
		ExceptionType:         "System.Management.Automation.PSInvalidOperationException",
		FullyQualifiedErrorID: "RemoveItemUnableToAccessItem," + commandClass(cmdlet),
		Category:              "InvalidOperation",
		TargetObject:          path,
	}
}

// environment: the environment variables REG_EXPAND_SZ data is expanded with (the machine's
// system environment on a default Windows Server 2008 R2 install).
func (n *Node) environment() map[string]string {
	return map[string]string{
		"SystemRoot": `C:\Windows`, "windir": `C:\Windows`, "SystemDrive": "C:",
		"ProgramFiles": `C:\Program Files`, "ProgramData": `C:\ProgramData`,
		"COMPUTERNAME": n.name, "TEMP": `C:\Windows\TEMP`, "TMP": `C:\Windows\TEMP`,
		"ALLUSERSPROFILE": `C:\ProgramData`, "OS": "Windows_NT",
	}
}

// clusterColumns: the default view of Get-Cluster. Guess: the name only.
var clusterColumns = []string{"Name"}

// registryKeyColumns: the console shows registry keys grouped under a "Hive:" header with
// the columns Name and Property (Property as "name : value" lines); the engine's generic
// table cannot group, so the columns are Name and Property.
var registryKeyColumns = []string{"Name", "Property"}

// groupType: the GroupType of a group (an enum in 2012 and later), by the number the model
// gives it (package cluster's groupTypeOf says which numbers are guesses); the names are
// those of FailoverClusterDsc stubs' enum GroupType.
func groupType(info cluster.GroupInfo) winps51.Enum {
	if info.GroupType == cluster.GroupTypeCoreCluster {
		return winps51.Enum{Type: fcNS + "GroupType", Name: "Cluster", Value: cluster.GroupTypeCoreCluster}
	}
	return winps51.Enum{Type: fcNS + "GroupType", Name: "GenericService", Value: cluster.GroupTypeGenericService}
}

// resourceTypeDLL: the DLL of a resource type (clusres.dll for the built-in ones).
func resourceTypeDLL(typeName string) string { return "clusres.dll" }

// Errors of the FailoverClusters cmdlets. Their texts and FullyQualifiedErrorIds are
// unconfirmed (shared/domain.md section 2): the shapes below follow the module's habit of a
// ClusterCmdletException with the Win32 text as the inner message.

// errSecondHop: a cmdlet whose -Cluster is served by another node, run in a WinRM session
// whose logon cannot pass credentials on (NTLM, Basic, Kerberos without delegation). The RPC
// connection then reaches the other node without the user's credentials and is refused.
// Guess: the module reports it as for any account without access to the cluster (text in
// moduleerrors.go), with the id "ClusterAccessDenied" and category PermissionDenied. The
// Microsoft clustering blog ("PowerShell Remoting and the Double-Hop Problem", 2009) and the
// module's own warning ("some failover clustering cmdlets do not work remotely ... try using
// CredSSP", quoted in ansible-collections/ansible.windows#177) say that it fails, not how.
func errSecondHop(cmdlet string) *winps51.ErrorRecord {
	return clusterCmdletError(cmdlet, "ClusterAccessDenied", "PermissionDenied", msgClusterAccessDenied, nil)
}

// checkpointNameRegex: Remove-ClusterCheckpoint -CheckpointName is a .NET regular
// expression (the module's parameter help). Guesses: case-insensitive, and a search (any
// checkpoint whose name contains a match is removed), as Regex.IsMatch does; every match is
// removed. Microsoft's own examples pass plain paths (Remove-ClusterCheckpoint.md), which
// under these guesses mostly fail or match other names: a client must not rely on it.
func checkpointNameRegex(pattern string) (*regexp.Regexp, error) { return dotnetRegex(pattern, true) }

// errCheckpointNamePattern: a -CheckpointName that is not a valid .NET pattern. Guess: the
// ArgumentException of the Regex constructor ends the cmdlet (a terminating error) with its
// own message; id and category as for other invalid arguments.
func errCheckpointNamePattern(cmdlet, pattern string, err error) *winps51.ErrorRecord {
	rec := clusterCmdletError(cmdlet, "InvalidCheckpointName", "InvalidArgument", err.Error(), pattern)
	var de *dotnetRegexError
	if errors.As(err, &de) {
		rec.ExceptionType = "System.ArgumentException"
	} else {
		rec.Category = "NotImplemented"
	}
	return rec
}

// guessedCmdletClass: the class of a FailoverClusters cmdlet whose FullyQualifiedErrorId
// was not seen (moduleerrors.go lists those that were). Guess: Verb + Noun + "Command".
func guessedCmdletClass(cmdlet string) string { return strings.ReplaceAll(cmdlet, "-", "") + "Command" }

// objectNotFoundMessage: a named resource, group or node does not exist.
func objectNotFoundMessage(kind, name, win32 string) string {
	return fmt.Sprintf("An error occurred opening %s '%s'.\r\n    %s", kind, name, win32)
}

// clusterOperationMessage wraps a failed cluster operation (the Win32 text of the control
// code or API call after the module's own line).
func clusterOperationMessage(action, win32 string) string {
	return fmt.Sprintf("An error occurred while %s.\r\n    %s", action, win32)
}

// getClusterResourceAliases: Microsoft's Get-ClusterCheckpoint page pipes
// "Get-ClusterResource -ResourceName 'Cluster Name'"; the documented syntax names the
// parameter -Name. Guess: -ResourceName is an alias of -Name.
var getClusterResourceAliases = []string{"ResourceName"}

// instanceID: the InstanceId of a classic event carries the severity and facility bits of
// the message id; for the "NT backup" source they are unknown. Guess: the event id itself.
func instanceID(e cluster.EventEntry) int64 { return int64(e.EventID) }

// eventColumns: the console's Get-EventLog table is "Index Time EntryType Source InstanceID
// Message", where Time is TimeGenerated formatted by the view; the generic table shows the
// property itself.
var eventColumns = []string{"Index", "TimeGenerated", "EntryType", "Source", "InstanceId", "Message"}

// reg.exe texts (en-US). The "unable to find" line is the one the task quotes; the others
// are remembered from Windows, not captured. The output layout itself follows Wine's
// reg.exe tests, which pass on Windows.
const (
	regNotFound          = "ERROR: The system was unable to find the specified registry key or value.\r\n"
	regSuccess           = "The operation completed successfully.\r\n"
	regAccessDenied      = "ERROR: Access is denied.\r\n"
	regGeneralFailure    = "ERROR: An unexpected error occurred.\r\n"
	regInvalidNumber     = "ERROR: Invalid syntax. Specify a valid numeric value.\r\nType \"REG ADD /?\" for usage.\r\n"
	regOnlyLocal         = "ERROR: The simulated node models only its own registry; remote machine names are not supported.\r\n"
	regDefaultName       = "(Default)"
	regValueNotSet       = "(value not set)"
	regOverwritePrompt   = "Value %s exists, overwrite(Yes/No)? "
	regDeleteValuePrompt = "Delete the registry value %s (Yes/No)? "
	regDeleteAllPrompt   = "Delete all values under the registry key %s (Yes/No)? "
	regDeleteKeyPrompt   = "Permanently delete the registry key %s (Yes/No)? "
	regCancelled         = "The operation was canceled by the user.\r\n"
	regMatchesFound      = "End of search: %d match(es) found.\r\n"
)

func regInvalidSyntax(op string) string {
	if op == "" {
		return "ERROR: Invalid syntax.\r\nType \"REG /?\" for usage.\r\n"
	}
	return "ERROR: Invalid syntax.\r\nType \"REG " + op + " /?\" for usage.\r\n"
}

func regInvalidKey(op string) string {
	return "ERROR: Invalid key name.\r\nType \"REG " + op + " /?\" for usage.\r\n"
}

// regNotModelled: reg query's search options (/f /k /d /c /e /z /se) are not simulated.
func regNotModelled(opt string) string {
	return "ERROR: The simulated reg.exe does not support /" + opt + ".\r\n"
}

// ntbackup: NT 4.0's ntbackup is a GUI program that logs to backup.log and the event log; it
// printing its result and its exit codes are the model's choice.
const (
	ntBackupSyntaxExit    = 2
	ntBackupFailedExit    = 1
	ntBackupUnknownServer = "The server %s is not a Microsoft Exchange server this node can reach."
	ntBackupUsage         = "Usage: ntbackup backup DS \\\\server IS \\\\server /t normal|incremental [/v] [/d \"text\"]\r\n"
)
