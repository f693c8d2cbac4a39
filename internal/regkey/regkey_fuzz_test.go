package regkey

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzNormalize checks the properties every accepted key must have, whatever the input.
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		Default, `HKLM\` + Default, `HKLM:\` + Default + `\`, `Registry::HKEY_LOCAL_MACHINE\SOFTWARE`,
		`HKCU\x`, `\x`, `x\\y`, "x\x00y", `HKLM`, `HKLM:SOFTWARE`, `Computer\HKEY_USERS\x`,
		strings.Repeat("a", 256), `/\`, `'; Remove-Item -Recurse C:\ ; '`, "SOFTWARE\\\u2019$(calc)",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Normalize(in)
		if err != nil {
			if got != "" {
				t.Fatalf("Normalize(%q) returned %q with an error", in, got)
			}
			if err.Error() == "" {
				t.Fatalf("Normalize(%q) returned an empty error message", in)
			}
			return
		}
		if got == "" || strings.HasPrefix(got, `\`) || strings.HasSuffix(got, `\`) || strings.Contains(got, `\\`) {
			t.Fatalf("Normalize(%q) = %q: not a relative key", in, got)
		}
		if strings.IndexFunc(got, unicode.IsControl) >= 0 {
			t.Fatalf("Normalize(%q) = %q holds a control character", in, got)
		}
		if hiveOf(got) != "" {
			t.Fatalf("Normalize(%q) = %q names another hive", in, got)
		}
		again, err := Normalize(got)
		if err != nil || again != got {
			t.Fatalf("Normalize is not idempotent: %q -> %q -> %q, %v", in, got, again, err)
		}
		if !Equal(in, got) || !Equal(`HKLM\`+got, in) {
			t.Fatalf("Equal disagrees with Normalize for %q", in)
		}
		if !strings.HasSuffix(in, got) && !strings.HasSuffix(in, got+`\`) {
			t.Fatalf("Normalize(%q) = %q is not a suffix of the input", in, got)
		}
	})
}

// FuzzIdentity checks that Identity maps two keys to the same string exactly when Equal
// calls them the same checkpoint.
func FuzzIdentity(f *testing.F) {
	for _, seed := range [][2]string{
		{Default, `hklm\software\microsoft\exchange\backupinformation\`},
		{"SOFTWARE\\\u212A", `SOFTWARE\k`}, {"SOFTWARE\\\u00DF", "SOFTWARE\\\u1E9E"},
		{"SOFTWARE\\\u03C2", "SOFTWARE\\\u03A3"}, {`SOFTWARE\X`, `SOFTWARE\Y`}, {`\x`, `x`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ia, errA := Identity(a)
		ib, errB := Identity(b)
		if (errA == nil) != (Equal(a, a)) {
			t.Fatalf("Identity(%q) error %v, but Equal(a, a) = %v", a, errA, Equal(a, a))
		}
		if errA != nil || errB != nil {
			if Equal(a, b) {
				t.Fatalf("Equal(%q, %q) with an invalid key", a, b)
			}
			return
		}
		if (ia == ib) != Equal(a, b) {
			t.Fatalf("Identity(%q) = %q, Identity(%q) = %q, Equal = %v", a, ia, b, ib, Equal(a, b))
		}
	})
}
