package provider

import (
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// Import IDs and resource IDs come in two forms.
//
// The plain form, CLUSTER|RESOURCE_NAME|KEY (and RESOURCE_NAME|KEY, RESOURCE_NAME,
// CLUSTER|RESOURCE_NAME), is the only one earlier versions wrote, and is still written
// whenever no part contains "|": IDs already in states keep their text and their meaning.
//
// The escaped form starts with "|" and writes "%" as "%25" and "|" as "%7C" inside each part,
// for example |EXCLUSTER|EVS1 System Attendant|SOFTWARE\Vendor%7CApp. It round-trips every
// legal name. It cannot be mistaken for a plain ID, because no plain ID starts with "|" (its
// first part, a cluster or resource name, must not be empty); and a "%" means itself in a
// plain ID, as it always did.
const (
	idSeparator  = "|"
	escapedMark  = idSeparator // the first character of an escaped ID
	escapedPipe  = "%7C"
	escapedPerct = "%25"
)

// joinID writes parts in the plain form when it can, else in the escaped form.
func joinID(parts ...string) string {
	for _, p := range parts {
		if strings.Contains(p, idSeparator) {
			esc := make([]string, len(parts))
			for i, q := range parts {
				esc[i] = strings.NewReplacer("%", escapedPerct, idSeparator, escapedPipe).Replace(q)
			}
			return escapedMark + strings.Join(esc, idSeparator)
		}
	}
	return strings.Join(parts, idSeparator)
}

// splitID takes an ID of either form apart. An escaped ID with a "%" not followed by 25 or 7C
// (in either case) is an error, so that a mistyped escape is not taken literally.
func splitID(id string) ([]string, error) {
	rest, escaped := strings.CutPrefix(id, escapedMark)
	if !escaped {
		return strings.Split(id, idSeparator), nil
	}
	parts := strings.Split(rest, idSeparator)
	for i, p := range parts {
		var b strings.Builder
		for j := 0; j < len(p); j++ {
			if p[j] != '%' {
				b.WriteByte(p[j])
				continue
			}
			switch code := strings.ToUpper(p[j+1 : min(j+3, len(p))]); code {
			case "25":
				b.WriteByte('%')
			case "7C":
				b.WriteByte('|')
			default:
				return nil, fmt.Errorf("part %d of the escaped import ID %q has %q: in an ID that starts with %q, write %q as %s and %q as %s",
					i+1, id, p[j:min(j+3, len(p))], escapedMark, "%", escapedPerct, idSeparator, escapedPipe)
			}
			j += 2
		}
		parts[i] = b.String()
	}
	return parts, nil
}

// importID is the ID of a checkpoint: CLUSTER|RESOURCE_NAME|KEY, the key in its normal form.
func importID(cluster, resource, key string) string {
	if n, err := regkey.Normalize(key); err == nil {
		key = n
	}
	return joinID(cluster, resource, key)
}

// parsedImportID is an import ID or identity taken apart. cluster is empty in the forms
// without it, where the WinRM host's cluster is meant; key is empty for the exclusive
// resource, which has none.
type parsedImportID struct {
	cluster, resource, key string
}

// importProblem is one invalid part of an import: which part, and why it is invalid.
type importProblem struct {
	part importPart
	why  string
}

type importPart int

const (
	clusterPart importPart = iota
	resourcePart
	keyPart
)

// problems checks the parts of p, clear errors before any request: the one check behind both
// resources' import IDs and identities, which each name the parts their own way. The cluster
// is checked when clusterGiven (an empty one given is an error), the key when withKey.
func (p parsedImportID) problems(clusterGiven, withKey bool) []importProblem {
	var out []importProblem
	if clusterGiven {
		if msg := checkClusterName(p.cluster); msg != "" {
			out = append(out, importProblem{clusterPart, msg})
		}
	}
	if msg := checkName(p.resource, 0); msg != "" {
		out = append(out, importProblem{resourcePart, msg})
	}
	if withKey {
		if _, err := regkey.Normalize(p.key); err != nil {
			out = append(out, importProblem{keyPart, fmt.Sprintf("is not valid: %v", err)})
		}
	}
	return out
}

// idError is the error of an import ID's first invalid part, ending with the forms it takes.
func idError(problems []importProblem, forms string) error {
	if len(problems) == 0 {
		return nil
	}
	name := [...]string{clusterPart: "cluster", resourcePart: "resource name", keyPart: "key"}[problems[0].part]
	return fmt.Errorf("the %s part of the import ID %s. %s", name, problems[0].why, forms)
}

// importIDForms is the help every import ID error ends with.
const importIDForms = "Expected RESOURCE_NAME|KEY or CLUSTER|RESOURCE_NAME|KEY, for example " +
	"'Microsoft Exchange System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation'; " +
	"when a name contains \"|\", start the ID with \"|\" and write \"|\" in names as %7C and \"%\" as %25, " +
	"for example '|EXCLUSTER|EVS1 System Attendant|SOFTWARE\\Vendor%7CApp'"

// parseImportID accepts RESOURCE_NAME|KEY and CLUSTER|RESOURCE_NAME|KEY, plain or escaped.
// The key is kept as written (it becomes the key attribute, which should match the
// configuration's spelling); it must be a valid key of HKEY_LOCAL_MACHINE.
func parseImportID(id string) (parsedImportID, error) {
	parts, err := splitID(id)
	var p parsedImportID
	if err != nil {
		return p, fmt.Errorf("%v. %s", err, importIDForms)
	}
	switch len(parts) {
	case 2:
		p = parsedImportID{resource: parts[0], key: parts[1]}
	case 3:
		p = parsedImportID{cluster: parts[0], resource: parts[1], key: parts[2]}
	default:
		return p, fmt.Errorf("the import ID %q has %d parts separated by %q. %s", id, len(parts), idSeparator, importIDForms)
	}
	return p, idError(p.problems(len(parts) == 3, true), importIDForms)
}

// importHowTo tells how to import id into a resource of type typeName: the shell command,
// single-quoted so that the backslashes of a key survive a POSIX shell, and the same as an
// import block (Terraform 1.5 and later), whose %q escapes them for HCL. It ends without
// a full stop, for the caller to go on.
func importHowTo(typeName, id string) string {
	return fmt.Sprintf("  terraform import %s.<NAME> %s\n\nor, with Terraform 1.5 or later, add:\n\n"+
		"import {\n  to = %s.<NAME>\n  id = %q\n}\n\n"+
		"(replace <NAME> with the resource's name in your configuration), then plan again",
		typeName, shellQuote(id), typeName, id)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// checkpointsID is the ID of the resource: CLUSTER|RESOURCE_NAME.
func checkpointsID(cluster, resourceName string) string {
	return joinID(cluster, resourceName)
}

// parseCheckpointsImportID accepts RESOURCE_NAME and CLUSTER|RESOURCE_NAME, plain or escaped;
// cluster is empty in the first form, where the WinRM host's cluster is meant.
func parseCheckpointsImportID(id string) (cluster, resourceName string, err error) {
	const forms = "Expected RESOURCE_NAME or CLUSTER|RESOURCE_NAME, for example 'Microsoft Exchange System Attendant' or " +
		"'EXCLUSTER|Microsoft Exchange System Attendant'; when the name contains \"|\", start the ID with \"|\" and write \"|\" " +
		"in the name as %7C and \"%\" as %25, for example '|EXCLUSTER|Vendor%7CApp Service'"
	parts, err := splitID(id)
	if err != nil {
		return "", "", fmt.Errorf("%v. %s", err, forms)
	}
	var p parsedImportID
	switch len(parts) {
	case 1:
		p.resource = parts[0]
	case 2:
		p.cluster, p.resource = parts[0], parts[1]
	default:
		return "", "", fmt.Errorf("the import ID %q has %d parts separated by %q. %s", id, len(parts), idSeparator, forms)
	}
	if err := idError(p.problems(len(parts) == 2, false), forms); err != nil {
		return "", "", err
	}
	return p.cluster, p.resource, nil
}
