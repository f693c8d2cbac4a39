package provider

import (
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// idSeparator separates the parts of the resource's ID and of import IDs. Neither cluster
// names (DNS names) nor the keys people checkpoint contain it; resource names are refused
// with it at plan.
const idSeparator = "|"

// importID is the ID of a checkpoint: CLUSTER|RESOURCE_NAME|KEY, the key in its normal form.
func importID(cluster, resource, key string) string {
	if n, err := regkey.Normalize(key); err == nil {
		key = n
	}
	return strings.Join([]string{cluster, resource, key}, idSeparator)
}

// parsedImportID is an import ID taken apart. cluster is empty in the two-part form, where the
// WinRM host's cluster is meant.
type parsedImportID struct {
	cluster, resource, key string
}

// parseImportID accepts RESOURCE_NAME|KEY and CLUSTER|RESOURCE_NAME|KEY. The key is kept as
// written (it becomes the key attribute, which should match the configuration's spelling);
// it must be a valid key of HKEY_LOCAL_MACHINE.
func parseImportID(id string) (parsedImportID, error) {
	const forms = "Expected RESOURCE_NAME|KEY or CLUSTER|RESOURCE_NAME|KEY, for example " +
		"'Microsoft Exchange System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation'"
	parts := strings.Split(id, idSeparator)
	var p parsedImportID
	switch len(parts) {
	case 2:
		p = parsedImportID{resource: parts[0], key: parts[1]}
	case 3:
		p = parsedImportID{cluster: parts[0], resource: parts[1], key: parts[2]}
	default:
		return p, fmt.Errorf("the import ID %q has %d parts separated by %q. %s", id, len(parts), idSeparator, forms)
	}
	if len(parts) == 3 {
		if msg := checkName(p.cluster, maxClusterNameLength); msg != "" {
			return p, fmt.Errorf("the cluster part of the import ID %s. %s", msg, forms)
		}
	}
	if msg := checkName(p.resource, 0); msg != "" {
		return p, fmt.Errorf("the resource name part of the import ID %s. %s", msg, forms)
	}
	if _, err := regkey.Normalize(p.key); err != nil {
		return p, fmt.Errorf("the key part of the import ID is not valid: %v. %s", err, forms)
	}
	return p, nil
}

// importCommand is the shell command that imports an existing checkpoint, single-quoted so
// that the backslashes of the key survive a POSIX shell.
func importCommand(cluster, resource, key string) string {
	id := importID(cluster, resource, key)
	return fmt.Sprintf("terraform import exchange_cluster_checkpoint.<NAME> %s", shellQuote(id))
}

// importBlock is the same as an import block (Terraform 1.5 and later).
func importBlock(cluster, resource, key string) string {
	id := importID(cluster, resource, key)
	return fmt.Sprintf("import {\n  to = exchange_cluster_checkpoint.<NAME>\n  id = %q\n}", id)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// checkpointsID is the ID of the resource: CLUSTER|RESOURCE_NAME.
func checkpointsID(cluster, resourceName string) string {
	return cluster + idSeparator + resourceName
}

// parseCheckpointsImportID accepts RESOURCE_NAME and CLUSTER|RESOURCE_NAME; cluster is empty
// in the first form, where the WinRM host's cluster is meant.
func parseCheckpointsImportID(id string) (cluster, resourceName string, err error) {
	const forms = "Expected RESOURCE_NAME or CLUSTER|RESOURCE_NAME, for example 'Microsoft Exchange System Attendant' or 'EXCLUSTER|Microsoft Exchange System Attendant'"
	parts := strings.Split(id, idSeparator)
	switch len(parts) {
	case 1:
		resourceName = parts[0]
	case 2:
		cluster, resourceName = parts[0], parts[1]
		if msg := checkName(cluster, maxClusterNameLength); msg != "" {
			return "", "", fmt.Errorf("the cluster part of the import ID %s. %s", msg, forms)
		}
	default:
		return "", "", fmt.Errorf("the import ID %q has %d parts separated by %q. %s", id, len(parts), idSeparator, forms)
	}
	if msg := checkName(resourceName, 0); msg != "" {
		return "", "", fmt.Errorf("the resource name part of the import ID %s. %s", msg, forms)
	}
	return cluster, resourceName, nil
}
