// Package regkey normalises the registry key of a cluster registry checkpoint.
//
// A checkpoint names a subtree of HKEY_LOCAL_MACHINE, written relative to that hive, without
// a hive prefix and without a leading backslash (Windows fails the call otherwise). Users copy
// keys from regedit, reg.exe, PowerShell and KB articles, so this package accepts the usual
// spellings of the same key and reduces them to the one form the cluster stores, and compares
// keys the way the registry does: without regard to case.
package regkey

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits of the Windows registry ("Registry element size limits" on learn.microsoft.com, and
// the kernel's UNICODE_STRING, which bounds the full object name).
const (
	// MaxComponentLength is the longest name of one key, in UTF-16 code units.
	MaxComponentLength = 255
	// MaxDepth is how many levels deep a registry tree can be.
	MaxDepth = 512
	// MaxTotalLength bounds the full kernel name of the key, \REGISTRY\MACHINE\<key>, in
	// UTF-16 code units (a UNICODE_STRING holds at most 32767 of them).
	MaxTotalLength = 32767
)

// kernelPrefix is how the kernel names HKEY_LOCAL_MACHINE; MaxTotalLength counts it.
const kernelPrefix = `\REGISTRY\MACHINE\`

// Default is the key of Microsoft KB Q245211: the Exchange backup information that an
// incremental backup needs on whichever node the System Attendant runs.
const Default = `SOFTWARE\Microsoft\Exchange\Backupinformation`

// Accepted prefixes that mean HKEY_LOCAL_MACHINE, matched without regard to case. The
// PowerShell provider-qualified form is accepted because Get-Item and friends print it in
// PSPath ("Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\..."); it takes the full
// hive name only (about_Registry_Provider), so "Registry::HKLM\..." is refused. Regedit's
// address bar copies keys as "Computer\HKEY_LOCAL_MACHINE\...".
var localMachinePrefixes = []string{
	`Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE`,
	`Registry::HKEY_LOCAL_MACHINE`,
	`Computer\HKEY_LOCAL_MACHINE`,
	`HKEY_LOCAL_MACHINE`,
	`HKLM:`,
	`HKLM`,
}

// Other hives, by every name they go by. Checkpoints replicate HKEY_LOCAL_MACHINE only: the
// Cluster service has no notion of a user's hive on another node.
var otherHives = map[string]string{
	"HKEY_CURRENT_USER":     "HKEY_CURRENT_USER",
	"HKCU":                  "HKEY_CURRENT_USER",
	"HKEY_USERS":            "HKEY_USERS",
	"HKU":                   "HKEY_USERS",
	"HKEY_CLASSES_ROOT":     "HKEY_CLASSES_ROOT",
	"HKCR":                  "HKEY_CLASSES_ROOT",
	"HKEY_CURRENT_CONFIG":   "HKEY_CURRENT_CONFIG",
	"HKCC":                  "HKEY_CURRENT_CONFIG",
	"HKEY_PERFORMANCE_DATA": "HKEY_PERFORMANCE_DATA",
	"HKPD":                  "HKEY_PERFORMANCE_DATA",
	"HKEY_DYN_DATA":         "HKEY_DYN_DATA",
}

// ErrInvalid is wrapped by every error Normalize returns, for errors.Is.
var ErrInvalid = errors.New("invalid registry key")

// Error says what is wrong with a key. Its text is meant for the person who wrote the key.
type Error struct {
	Key    string
	Reason string
}

func (e *Error) Error() string { return e.Reason }

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (e *Error) Unwrap() error { return ErrInvalid }

func invalid(key, format string, args ...any) error {
	return &Error{Key: key, Reason: fmt.Sprintf(format, args...)}
}

// Normalize returns key in the form a registry checkpoint takes: relative to
// HKEY_LOCAL_MACHINE, no hive prefix, no leading or trailing backslash. The case of each
// component is kept as written (the cluster stores what it is given). It accepts
// `SOFTWARE\...`, `HKLM\...`, `HKEY_LOCAL_MACHINE\...`, `HKLM:\...`,
// `Registry::HKEY_LOCAL_MACHINE\...` and `Computer\HKEY_LOCAL_MACHINE\...`, each with or
// without one trailing backslash.
func Normalize(key string) (string, error) {
	if key == "" {
		return "", invalid(key, "the key is empty; give a key under HKEY_LOCAL_MACHINE, such as %s", Default)
	}
	if !utf8.ValidString(key) {
		return "", invalid(key, "the key is not valid UTF-8")
	}
	if i := strings.IndexFunc(key, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(key[i:])
		return "", invalid(key, "the key contains the control character %U at byte %d; registry key names hold printable characters only", r, i)
	}
	if strings.TrimSpace(key) != key {
		return "", invalid(key, "the key starts or ends with white space; remove it")
	}

	rest, err := stripHive(key)
	if err != nil {
		return "", err
	}
	if rest == "" {
		return "", invalid(key, "the key names the hive HKEY_LOCAL_MACHINE itself; a checkpoint needs a key under it, such as %s", Default)
	}
	if strings.HasPrefix(rest, `\`) {
		if rest != key {
			return "", invalid(key, "the key has a doubled backslash after its hive prefix")
		}
		return "", invalid(key, "the key starts with a backslash; write it relative to HKEY_LOCAL_MACHINE, such as %s", Default)
	}
	// One trailing backslash is a common way of writing a key; drop it.
	rest = strings.TrimSuffix(rest, `\`)
	// A key whose only separators are forward slashes is a slip ("SOFTWARE/Microsoft"); "/"
	// is a legal character inside a key name otherwise. Judged on the key below the hive and
	// without its trailing backslash, so that the normal form is judged the same way.
	if strings.Contains(rest, "/") && !strings.Contains(rest, `\`) {
		return "", invalid(key, "the key uses forward slashes; registry keys are separated by backslashes (\\)")
	}
	if rest == "" || strings.HasSuffix(rest, `\`) {
		return "", invalid(key, "the key ends with a doubled backslash")
	}
	if i := strings.Index(rest, `\\`); i >= 0 {
		return "", invalid(key, "the key has a doubled backslash (an empty key name) after %q", rest[:i])
	}

	components := strings.Split(rest, `\`)
	if len(components) > MaxDepth {
		return "", invalid(key, "the key is %d levels deep; the registry allows at most %d", len(components), MaxDepth)
	}
	for _, c := range components {
		// The registry allows names with surrounding spaces, but in a checkpoint they are
		// nearly always a copy-and-paste slip that would checkpoint a key nobody writes.
		if strings.TrimSpace(c) != c {
			return "", invalid(key, "the key name %q starts or ends with white space; remove it", abbreviate(c))
		}
		if n := utf16Len(c); n > MaxComponentLength {
			return "", invalid(key, "the key name %q is %d characters long; the registry allows at most %d per key name", abbreviate(c), n, MaxComponentLength)
		}
	}
	if n := utf16Len(kernelPrefix) + utf16Len(rest); n > MaxTotalLength {
		return "", invalid(key, "the key is %d characters long with its hive; the registry allows at most %d", n, MaxTotalLength)
	}
	// The normal form is written relative to the hive, so it must read as such a key itself:
	// "HKLM\HKCU\x" or "HKLM\:" would otherwise normalise to a key that names another hive or
	// is no key at all.
	if again, err := stripHive(rest); err != nil || again != rest {
		return "", invalid(key, "the part below the hive, %q, reads as a hive prefix itself; write the key once, relative to HKEY_LOCAL_MACHINE, such as %s", abbreviate(rest), Default)
	}
	return rest, nil
}

// stripHive removes an HKEY_LOCAL_MACHINE prefix and its backslash, and rejects other hives.
func stripHive(key string) (string, error) {
	first, _, _ := strings.Cut(key, `\`)
	if strings.Contains(first, "::") {
		// A PowerShell provider path: only the HKEY_LOCAL_MACHINE forms listed are accepted.
		for _, p := range localMachinePrefixes {
			if rest, ok := cutPrefixFold(key, p); ok && strings.Contains(p, "::") {
				return rest, nil
			}
		}
		if hive := hiveOf(afterColons(key)); hive != "" {
			return "", otherHive(key, hive)
		}
		return "", invalid(key, "the key is a PowerShell provider path that does not start with Registry::HKEY_LOCAL_MACHINE\\")
	}
	for _, p := range localMachinePrefixes {
		if rest, ok := cutPrefixFold(key, p); ok {
			return rest, nil
		}
	}
	if hive := hiveOf(key); hive != "" {
		return "", otherHive(key, hive)
	}
	if strings.Contains(first, ":") {
		// A drive ("HKCU:", "C:") or a drive-relative path ("HKLM:SOFTWARE"). No key directly
		// under HKEY_LOCAL_MACHINE has a colon in its name, so this is never a relative key.
		return "", invalid(key, "the key starts with %q, which is not a key of HKEY_LOCAL_MACHINE; write HKLM:\\<key> or the key relative to the hive, such as %s", first, Default)
	}
	if strings.EqualFold(first, "Computer") {
		if hive := hiveOf(key[len(first):]); hive != "" {
			return "", otherHive(key, hive)
		}
	}
	if len(first) > len("HKEY_") && strings.EqualFold(first[:len("HKEY_")], "HKEY_") {
		return "", invalid(key, "the key starts with the unknown hive %q; registry checkpoints take keys of HKEY_LOCAL_MACHINE", first)
	}
	return key, nil
}

// cutPrefixFold removes prefix (any case) when it is the whole first part of key: followed by
// a backslash or by nothing. "HKLM" therefore does not match "HKLMFOO\...".
func cutPrefixFold(key, prefix string) (string, bool) {
	if len(key) < len(prefix) || !strings.EqualFold(key[:len(prefix)], prefix) {
		return "", false
	}
	rest := key[len(prefix):]
	switch {
	case rest == "":
		return "", true
	case rest[0] == '\\':
		return rest[1:], true
	}
	return "", false
}

// hiveOf names the hive key starts with when it is not HKEY_LOCAL_MACHINE, or "".
func hiveOf(key string) string {
	key = strings.TrimPrefix(key, `\`)
	first, _, _ := strings.Cut(key, `\`)
	first = strings.TrimSuffix(first, ":")
	return otherHives[strings.ToUpper(first)]
}

func afterColons(key string) string {
	_, after, _ := strings.Cut(key, "::")
	return after
}

func otherHive(key, hive string) error {
	return invalid(key, "the key is in %s; registry checkpoints replicate keys of HKEY_LOCAL_MACHINE only", hive)
}

// Equal reports whether a and b name the same checkpoint: both valid, and equal after
// normalisation without regard to case (the registry is case-insensitive).
func Equal(a, b string) bool {
	na, err := Normalize(a)
	if err != nil {
		return false
	}
	nb, err := Normalize(b)
	if err != nil {
		return false
	}
	return strings.EqualFold(na, nb)
}

// Find returns the first of stored that names the same key as key, and whether there is one.
// stored are checkpoint names as the cluster returns them. It normalises every stored name:
// to look up many keys in one list, index the list by Identity instead.
func Find(stored []string, key string) (string, bool) {
	for _, s := range stored {
		if Equal(s, key) {
			return s, true
		}
	}
	return "", false
}

// Identity returns the one string that every spelling of key's checkpoint maps to:
// Identity(a) == Identity(b) exactly when Equal(a, b), for valid a and b. It is a map key
// for finding a checkpoint among many in constant time; it is not a key to show or store.
func Identity(key string) (string, error) {
	n, err := Normalize(key)
	if err != nil {
		return "", err
	}
	return fold(n), nil
}

// fold maps each rune to the smallest rune of its simple case-folding orbit, the classes
// strings.EqualFold compares by: fold(a) == fold(b) exactly when strings.EqualFold(a, b)
// for valid UTF-8.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		// In ASCII the orbit's smallest member is the upper-case letter (k, K and the
		// Kelvin sign fold together: K is the smallest).
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	smallest := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		smallest = min(smallest, f)
	}
	return smallest
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func abbreviate(s string) string {
	if len(s) <= 40 {
		return s
	}
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:20]) + "…" + string(r[len(r)-10:])
}

// Names reports whether stored, a checkpoint name as the cluster stores it, is the
// checkpoint of key, a key as a configuration writes it. Only key is normalised: the cluster
// resolves a stored name as it is, relative to HKEY_LOCAL_MACHINE, so a stored
// `HKLM\SOFTWARE\X` is the key HKEY_LOCAL_MACHINE\HKLM\SOFTWARE\X, not SOFTWARE\X. The two
// are the same up to case (the registry is case-insensitive). An invalid key names nothing.
func Names(stored, key string) bool {
	n, err := Normalize(key)
	return err == nil && strings.EqualFold(stored, n)
}

// FindStored returns the first of stored, checkpoint names as the cluster stores them, that
// is the checkpoint of key (Names), and whether there is one. Unlike Find it normalises only
// key: a stored name counts as the cluster resolves it.
func FindStored(stored []string, key string) (string, bool) {
	for _, s := range stored {
		if Names(s, key) {
			return s, true
		}
	}
	return "", false
}

// StoredIdentity returns the map key of stored, a checkpoint name as the cluster stores it:
// StoredIdentity(stored) == Identity(key) exactly when Names(stored, key), for a valid key.
// Unlike Identity it normalises nothing, since the cluster resolves a stored name as it is.
func StoredIdentity(stored string) string { return fold(stored) }

// StoredProblem says why Windows would not resolve stored, a checkpoint name as the cluster
// stores it, as the key it seems to name; "" when it is a key in normal form. ClusWMI's
// AddRegistryCheckpoint and the cluster control codes take keys relative to
// HKEY_LOCAL_MACHINE, without a hive prefix or a leading backslash.
func StoredProblem(stored string) string {
	n, err := Normalize(stored)
	switch {
	case err == nil && n == stored:
		return ""
	case strings.HasPrefix(stored, `\`):
		return "it starts with a backslash, which Windows does not resolve to a key of HKEY_LOCAL_MACHINE"
	case err != nil:
		return "it is not a registry key under HKEY_LOCAL_MACHINE: " + err.Error()
	}
	if rest, _ := stripHive(stored); rest != stored {
		return fmt.Sprintf("it has a hive prefix: the cluster reads checkpoint names relative to HKEY_LOCAL_MACHINE, so Windows "+
			"resolves it as HKEY_LOCAL_MACHINE\\%s, not as %s", stored, n)
	}
	return fmt.Sprintf("it ends with a backslash; the key it seems to name is written %s", n)
}
