package regkey

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAccepts(t *testing.T) {
	const want = `SOFTWARE\Microsoft\Exchange\Backupinformation`
	cases := []struct {
		name, in, want string
	}{
		{"relative", `SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"relative trailing backslash", `SOFTWARE\Microsoft\Exchange\Backupinformation\`, want},
		{"HKLM", `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"hklm lower case prefix", `hklm\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"HKLM trailing backslash", `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation\`, want},
		{"HKEY_LOCAL_MACHINE", `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"HKEY_LOCAL_MACHINE mixed case", `Hkey_Local_Machine\SOFTWARE\Microsoft\Exchange\Backupinformation\`, want},
		{"PowerShell drive", `HKLM:\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"PowerShell drive trailing", `HKLM:\SOFTWARE\Microsoft\Exchange\Backupinformation\`, want},
		{"PowerShell provider path", `Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"PowerShell PSPath", `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"regedit address bar", `Computer\HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Backupinformation`, want},
		{"case kept", `software\microsoft\EXCHANGE\backupinformation`, `software\microsoft\EXCHANGE\backupinformation`},
		{"one component", `SOFTWARE`, `SOFTWARE`},
		{"spaces inside", `SOFTWARE\Microsoft\Exchange Server\v15`, `SOFTWARE\Microsoft\Exchange Server\v15`},
		{"unicode", `SOFTWARE\Fabrikam\Überwachung`, `SOFTWARE\Fabrikam\Überwachung`},
		{"slash inside a name", `SOFTWARE\Classes\MIME\Database\Content Type\text/plain`, `SOFTWARE\Classes\MIME\Database\Content Type\text/plain`},
		{"colon deeper down", `SOFTWARE\Fabrikam\a:b`, `SOFTWARE\Fabrikam\a:b`},
		{"HKLM-like name is a key", `HKLMX\Foo`, `HKLMX\Foo`},
		{"component of 255", `SOFTWARE\` + strings.Repeat("a", 255), `SOFTWARE\` + strings.Repeat("a", 255)},
		{"512 levels", strings.TrimSuffix(strings.Repeat(`k\`, 512), `\`), strings.TrimSuffix(strings.Repeat(`k\`, 512), `\`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalize(c.in)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Fatalf("Normalize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestNormalizeRejects(t *testing.T) {
	cases := []struct {
		name, in string
		// wantInError is a fragment the message must hold, so that it says what is wrong.
		wantInError string
	}{
		{"empty", ``, "empty"},
		{"blank", `   `, "white space"},
		{"leading space", ` SOFTWARE\Foo`, "white space"},
		{"trailing newline", "SOFTWARE\\Foo\n", "control character"},
		{"leading backslash", `\SOFTWARE\Microsoft`, "starts with a backslash"},
		{"only a backslash", `\`, "starts with a backslash"},
		{"doubled backslash", `SOFTWARE\\Microsoft`, "doubled backslash"},
		{"doubled after prefix", `HKLM\\SOFTWARE`, "doubled backslash"},
		{"doubled trailing", `SOFTWARE\Microsoft\\`, "doubled backslash"},
		{"tab", "SOFTWARE\\Micro\tsoft", "control character"},
		{"NUL", "SOFTWARE\\Micro\x00soft", "U+0000"},
		{"DEL", "SOFTWARE\\Micro\x7fsoft", "control character"},
		{"C1 control", "SOFTWARE\\Micro\u0085soft", "control character"},
		{"invalid UTF-8", "SOFTWARE\\\xff", "UTF-8"},
		{"HKCU", `HKCU\Software\Microsoft`, "HKEY_CURRENT_USER"},
		{"HKCU drive", `HKCU:\Software\Microsoft`, "HKEY_CURRENT_USER"},
		{"HKEY_CURRENT_USER", `HKEY_CURRENT_USER\Software`, "HKEY_CURRENT_USER"},
		{"HKU", `HKU\.DEFAULT\Software`, "HKEY_USERS"},
		{"HKEY_USERS", `hkey_users\S-1-5-18`, "HKEY_USERS"},
		{"HKCR", `HKCR\.txt`, "HKEY_CLASSES_ROOT"},
		{"HKEY_CLASSES_ROOT", `HKEY_CLASSES_ROOT\CLSID`, "HKEY_CLASSES_ROOT"},
		{"HKCC", `HKCC\System`, "HKEY_CURRENT_CONFIG"},
		{"HKEY_CURRENT_CONFIG", `HKEY_CURRENT_CONFIG\Software`, "HKEY_CURRENT_CONFIG"},
		{"HKPD", `HKPD\x`, "HKEY_PERFORMANCE_DATA"},
		{"other hive alone", `HKCU`, "HKEY_CURRENT_USER"},
		{"other hive in provider path", `Registry::HKEY_CURRENT_USER\Software`, "HKEY_CURRENT_USER"},
		{"other hive in regedit path", `Computer\HKEY_USERS\S-1-5-18`, "HKEY_USERS"},
		{"unknown hive", `HKEY_LOCAL_MACHIN\SOFTWARE`, "unknown hive"},
		{"hive alone", `HKLM`, "hive HKEY_LOCAL_MACHINE itself"},
		{"hive with backslash", `HKEY_LOCAL_MACHINE\`, "hive HKEY_LOCAL_MACHINE itself"},
		{"drive alone", `HKLM:\`, "hive HKEY_LOCAL_MACHINE itself"},
		{"drive-relative", `HKLM:SOFTWARE\Microsoft`, "not a key of HKEY_LOCAL_MACHINE"},
		{"file path", `C:\Windows\System32`, "not a key of HKEY_LOCAL_MACHINE"},
		{"other provider", `FileSystem::C:\Windows`, "PowerShell provider path"},
		{"provider path with the short hive name", `Registry::HKLM\SOFTWARE\Microsoft`, "Registry::HKEY_LOCAL_MACHINE"},
		{"forward slashes", `SOFTWARE/Microsoft/Exchange`, "forward slashes"},
		{"forward slashes and a trailing backslash", `SOFTWARE/Microsoft\`, "forward slashes"},
		{"component over 255", `SOFTWARE\` + strings.Repeat("a", 256), "at most 255"},
		{"component over 255 in UTF-16", `SOFTWARE\` + strings.Repeat("😀", 128), "256 characters"},
		{"too deep", strings.TrimSuffix(strings.Repeat(`k\`, 513), `\`), "at most 512"},
		{"too long in all", strings.TrimSuffix(strings.Repeat(strings.Repeat("k", 200)+`\`, 170), `\`), "at most 32767"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalize(c.in)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want an error", c.in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), c.wantInError) {
				t.Errorf("error %q does not say %q", err, c.wantInError)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{`SOFTWARE\Microsoft\Exchange\Backupinformation`, `software\microsoft\exchange\backupinformation`, true},
		{`SOFTWARE\Microsoft\Exchange\Backupinformation`, `HKLM:\SOFTWARE\Microsoft\Exchange\Backupinformation\`, true},
		{`HKEY_LOCAL_MACHINE\SOFTWARE\X`, `hklm\software\x`, true},
		{`SOFTWARE\X`, `SOFTWARE\Y`, false},
		{`SOFTWARE\X`, `SOFTWARE\X\Y`, false},
		{`SOFTWARE\X`, `HKCU\SOFTWARE\X`, false},
		{``, ``, false},
		{`\SOFTWARE`, `\SOFTWARE`, false},
		// Simple case folding, as strings.EqualFold: the Kelvin sign is a K, the long s an s,
		// the three sigmas one letter; "ss" is not "ß" (that would be full folding).
		{"SOFTWARE\\\u212Aey", `software\key`, true},
		{"SOFTWARE\\\u017Foft", `SOFTWARE\SOFT`, true},
		{"SOFTWARE\\\u03A3\u03C3\u03C2", "SOFTWARE\\\u03C2\u03A3\u03C3", true},
		{"SOFTWARE\\Stra\u00DFe", "SOFTWARE\\STRA\u1E9EE", true},
		{"SOFTWARE\\Stra\u00DFe", `SOFTWARE\STRASSE`, false},
	}
	for _, c := range cases {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Equal(c.b, c.a); got != c.want {
			t.Errorf("Equal(%q, %q) = %v, want %v (not symmetric)", c.b, c.a, got, c.want)
		}
		ia, errA := Identity(c.a)
		ib, errB := Identity(c.b)
		if errA == nil && errB == nil && (ia == ib) != c.want {
			t.Errorf("Identity(%q) = %q, Identity(%q) = %q: equal is %v, Equal says %v", c.a, ia, c.b, ib, ia == ib, c.want)
		}
	}
}

func TestIdentityRefusesInvalidKeys(t *testing.T) {
	for _, key := range []string{``, `\SOFTWARE`, `HKCU\SOFTWARE\X`, "SOFTWARE\x00"} {
		if got, err := Identity(key); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("Identity(%q) = %q, %v; want an ErrInvalid error", key, got, err)
		}
	}
}

func TestFind(t *testing.T) {
	stored := []string{`SOFTWARE\Other`, `software\microsoft\exchange\backupinformation`}
	got, ok := Find(stored, `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation`)
	if !ok || got != stored[1] {
		t.Fatalf("Find = %q, %v; want %q, true", got, ok, stored[1])
	}
	if got, ok := Find(stored, `SOFTWARE\Missing`); ok {
		t.Fatalf("Find found %q for a key that is not stored", got)
	}
	if _, ok := Find(nil, Default); ok {
		t.Fatal("Find found a key in an empty list")
	}
}

func TestDefaultIsNormal(t *testing.T) {
	got, err := Normalize(Default)
	if err != nil || got != Default {
		t.Fatalf("Normalize(Default) = %q, %v", got, err)
	}
}

// TestNamesComparesStoredNamesAsStored: only the configuration's side is normalised. A
// stored name with a hive prefix is another key for Windows (HKLM\HKLM\...), so it must not
// be taken for the declared key (issue 21).
func TestNamesComparesStoredNamesAsStored(t *testing.T) {
	cases := []struct {
		stored, key string
		want        bool
	}{
		{`SOFTWARE\X`, `SOFTWARE\X`, true},
		{`software\x`, `SOFTWARE\X`, true},
		{`SOFTWARE\X`, `HKLM\SOFTWARE\X\`, true},
		{`SOFTWARE\X`, `Registry::HKEY_LOCAL_MACHINE\software\x`, true},
		{`HKLM\SOFTWARE\X`, `SOFTWARE\X`, false},
		{`HKLM\SOFTWARE\X`, `HKLM\SOFTWARE\X`, false},
		{`\SOFTWARE\X`, `SOFTWARE\X`, false},
		{`SOFTWARE\X\`, `SOFTWARE\X`, false},
		{`SOFTWARE\X`, `SOFTWARE\Y`, false},
		{`SOFTWARE\X`, `HKCU\SOFTWARE\X`, false},
	}
	for _, c := range cases {
		if got := Names(c.stored, c.key); got != c.want {
			t.Errorf("Names(%q, %q) = %v, want %v", c.stored, c.key, got, c.want)
		}
	}
}

func TestStoredProblem(t *testing.T) {
	cases := []struct{ stored, want string }{
		{`SOFTWARE\X`, ""},
		{`software\Microsoft\Exchange`, ""},
		{`HKLM\SOFTWARE\X`, `HKEY_LOCAL_MACHINE\HKLM\SOFTWARE\X, not as SOFTWARE\X`},
		{`HKEY_LOCAL_MACHINE\SOFTWARE\X`, "hive prefix"},
		{`\SOFTWARE\X`, "starts with a backslash"},
		{`SOFTWARE\X\`, "ends with a backslash"},
		{`HKCU\SOFTWARE\X`, "HKEY_CURRENT_USER"},
	}
	for _, c := range cases {
		got := StoredProblem(c.stored)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("StoredProblem(%q) = %q, want it to say %q", c.stored, got, c.want)
		}
	}
}

// FindStored picks the stored name that is key's checkpoint, passing over a prefixed name
// that Find would take for it.
func TestFindStored(t *testing.T) {
	stored := []string{`HKLM\SOFTWARE\X`, `software\x`, `SOFTWARE\Y\`}
	if got, ok := FindStored(stored, `HKEY_LOCAL_MACHINE\SOFTWARE\X`); !ok || got != `software\x` {
		t.Errorf("FindStored(X) = %q, %v; want software\\x", got, ok)
	}
	if got, _ := Find(stored, `SOFTWARE\X`); got != `HKLM\SOFTWARE\X` {
		t.Errorf("Find(X) = %q: the case above no longer tells the two apart", got)
	}
	if got, ok := FindStored(stored, `SOFTWARE\Y`); ok {
		t.Errorf("FindStored(Y) = %q: a stored trailing backslash is another name", got)
	}
}
