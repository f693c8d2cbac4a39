package winhost

import (
	"fmt"
	"strings"
)

// regPath is a PowerShell path resolved to the registry of this node.
type regPath struct {
	// Key is relative to HKEY_LOCAL_MACHINE ("" for the hive itself), without a trailing
	// backslash, in the case the user typed.
	Key string
	// Typed is the path as given (for error messages: "Cannot find path 'HKLM:\x' ...").
	Typed string
	// ViaDrive: the path went through the HKLM: drive (not Registry::), so objects carry a
	// PSDrive.
	ViaDrive bool
	// Literal: from -LiteralPath, so wildcard characters are plain characters.
	Literal bool
}

const (
	registryProvider = `Microsoft.PowerShell.Core\Registry`
	hklmRoot         = "HKEY_LOCAL_MACHINE"
)

// errNotRegistry is a path outside the modelled HKLM:\ (another drive, another hive, a
// relative path): the simulator refuses it clearly rather than pretending.
type errNotRegistry struct{ path string }

func (e *errNotRegistry) Error() string {
	return fmt.Sprintf("The simulated node models only the registry's HKEY_LOCAL_MACHINE (HKLM:\\ or Registry::HKEY_LOCAL_MACHINE\\); the path '%s' is outside it.", e.path)
}

// parseRegPath resolves the forms PowerShell accepts for HKLM: "HKLM:\X", "HKLM:X", "HKLM:",
// "Registry::HKEY_LOCAL_MACHINE\X", "Registry::HKLM\X" and the provider-qualified
// "Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\X". Forward slashes count as
// backslashes, as in PowerShell's path handling.
func parseRegPath(p string) (regPath, error) {
	typed := p
	s := strings.ReplaceAll(strings.TrimSpace(p), "/", `\`)
	via := false
	switch {
	case hasPrefixFold(s, "HKLM:"):
		s, via = s[len("HKLM:"):], true
	case hasPrefixFold(s, registryProvider+"::"):
		s = stripRoot(s[len(registryProvider)+2:])
		if s == "\x00" {
			return regPath{}, &errNotRegistry{typed}
		}
	case hasPrefixFold(s, "Registry::"):
		s = stripRoot(s[len("Registry::"):])
		if s == "\x00" {
			return regPath{}, &errNotRegistry{typed}
		}
	default:
		return regPath{}, &errNotRegistry{typed}
	}
	return regPath{Key: cleanKey(s), Typed: typed, ViaDrive: via}, nil
}

// stripRoot removes the hive name after "Registry::"; "\x00" signals another hive.
func stripRoot(s string) string {
	s = strings.TrimLeft(s, `\`)
	for _, root := range []string{hklmRoot, "HKLM"} {
		if hasPrefixFold(s, root) && (len(s) == len(root) || s[len(root)] == '\\') {
			return s[len(root):]
		}
	}
	return "\x00"
}

func cleanKey(s string) string {
	return strings.Join(splitKey(s), `\`)
}

func splitKey(s string) []string {
	var out []string
	for _, part := range strings.Split(s, `\`) {
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// nativeName is the key's .NET RegistryKey.Name: "HKEY_LOCAL_MACHINE\X".
func nativeName(key string) string {
	if key == "" {
		return hklmRoot
	}
	return hklmRoot + `\` + key
}

// psPath is the provider-qualified path: "Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\X".
func psPath(key string) string { return registryProvider + "::" + nativeName(key) }

func parentKey(key string) (parent string, child string) {
	i := strings.LastIndex(key, `\`)
	if i < 0 {
		return "", key
	}
	return key[:i], key[i+1:]
}

func joinKey(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + `\` + child
}

// displayPath is how PowerShell names the path in its messages: as typed, with the drive
// form kept ("HKLM:\SOFTWARE\X").
func (p regPath) displayPath() string { return p.Typed }
