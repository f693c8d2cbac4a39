package winhost

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

func TestParseRegPath(t *testing.T) {
	tests := []struct {
		in       string
		key      string
		viaDrive bool
		bad      bool
	}{
		{`HKLM:\SOFTWARE\Microsoft`, `SOFTWARE\Microsoft`, true, false},
		{`hklm:/software/microsoft/`, `software\microsoft`, true, false},
		{`HKLM:`, ``, true, false},
		{`HKLM:SOFTWARE`, `SOFTWARE`, true, false},
		{`Registry::HKEY_LOCAL_MACHINE\SOFTWARE`, `SOFTWARE`, false, false},
		{`Registry::HKLM\SOFTWARE`, `SOFTWARE`, false, false},
		{`Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet`, `SYSTEM\CurrentControlSet`, false, false},
		{`Registry::HKEY_CURRENT_USER\Software`, ``, false, true},
		{`Registry::HKEY_LOCAL_MACHINEX`, ``, false, true},
		{`C:\Windows`, ``, false, true},
		{`HKCU:\Software`, ``, false, true},
		{`SOFTWARE\Microsoft`, ``, false, true},
	}
	for _, tt := range tests {
		p, err := parseRegPath(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("%q: accepted as %q", tt.in, p.Key)
			} else if !strings.Contains(err.Error(), tt.in) {
				t.Errorf("%q: error does not name the path: %v", tt.in, err)
			}
			continue
		}
		if err != nil || p.Key != tt.key || p.ViaDrive != tt.viaDrive {
			t.Errorf("%q: got %+v %v, want key %q drive %v", tt.in, p, err, tt.key, tt.viaDrive)
		}
	}
}

func TestPSPaths(t *testing.T) {
	props := psProps(`SOFTWARE\Microsoft\Exchange`, true, false)
	want := map[string]string{
		"PSPath":       `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange`,
		"PSParentPath": `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft`,
		"PSChildName":  `Exchange`,
		"PSDrive":      `HKLM`,
		"PSProvider":   `Microsoft.PowerShell.Core\Registry`,
	}
	for _, p := range props {
		if w, ok := want[p.Name]; ok && winps51.ToString(p.Value) != w {
			t.Errorf("%s = %q, want %q", p.Name, winps51.ToString(p.Value), w)
		}
		delete(want, p.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing %v", want)
	}
}

func TestWildcardMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"Microsoft*", "microsoft exchange system attendant", true},
		{"*print-VM1", "dc-print-vm1", true},
		{"Cluster ?ame", "Cluster Name", true},
		{"[a-c]luster*", "Cluster Group", true},
		{"[d-z]luster*", "Cluster Group", false},
		{"Disk `[1`]", "Disk [1]", true},
		{"abc", "abcd", false},
	}
	for _, tt := range tests {
		if got := wildcardMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("%q ~ %q = %v", tt.pattern, tt.s, got)
		}
	}
}

func FuzzParseRegPath(f *testing.F) {
	for _, s := range []string{`HKLM:\a\b`, `Registry::HKLM`, `Microsoft.PowerShell.Core\Registry::`, `C:\`, ``, `HKLM:\\\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseRegPath(s)
		if err != nil {
			return
		}
		if strings.HasPrefix(p.Key, `\`) || strings.HasSuffix(p.Key, `\`) || strings.Contains(p.Key, `\\`) {
			t.Fatalf("%q gave unclean key %q", s, p.Key)
		}
	})
}

func FuzzWildcardMatch(f *testing.F) {
	f.Add("a*b?[c-d]`*", "aXXbYc*")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 64 {
			return
		}
		wildcardMatch(pattern, s)
		if !hasWildcard(pattern) && !strings.Contains(pattern, "`") && wildcardMatch(pattern, s) != strings.EqualFold(pattern, s) {
			t.Fatalf("literal %q vs %q", pattern, s)
		}
	})
}

func FuzzRegArgs(f *testing.F) {
	f.Add("QUERY", `HKLM\SOFTWARE`, "/v", "x")
	f.Add("ADD", `HKLM\X`, "/t", "REG_DWORD")
	f.Fuzz(func(t *testing.T, op, key, a1, a2 string) {
		parseRegArgs(strings.ToUpper(op), []string{key, a1, a2})
	})
}

func FuzzNTBackupArgs(f *testing.F) {
	f.Add("backup DS \\\\EXCHSRV IS \\\\EXCHSRV /t incremental")
	f.Add("backup /d")
	_, n := newTestNodeF()
	f.Fuzz(func(t *testing.T, line string) {
		argv := append([]string{"ntbackup"}, strings.Fields(line)...)
		kind, err := n.parseNTBackup(argv)
		if err == nil && kind != "normal" && kind != "incremental" {
			t.Fatalf("%q gave backup type %q", line, kind)
		}
	})
}

func FuzzRegData(f *testing.F) {
	f.Add("REG_DWORD", "0x10", "#")
	f.Add("REG_BINARY", "abc", "#")
	f.Fuzz(func(t *testing.T, typ, data, sep string) {
		vt, ok := cluster.ParseValueType(typ)
		if !ok || len(sep) != 1 {
			return
		}
		v, msg := regParseData("x", vt, data, sep)
		if msg == "" && vt == cluster.RegDword && v.Number > 0xFFFFFFFF {
			t.Fatalf("DWORD %q parsed to %x", data, v.Number)
		}
	})
}
