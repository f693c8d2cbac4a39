package syntax

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse: the lexer and parser never panic and never hang, whatever the input.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "'a'", `"a $b $(c) ${d}"`, "@'\nx\n'@", "@\"\n$x\n\"@", "if ($a) { 1 } elseif ($b) { 2 } else { 3 }",
		"function f { param([Parameter(Mandatory)][string]$x = 1) $x }", "1..3 | % { $_ } | ? { $_ -gt 1 }",
		"try { throw 'x' } catch [System.Exception] { $_ } finally { }", "$h = @{a=1; 'b'=@(1,2)}; $h.a[0]",
		"[int]::MaxValue; [Convert]::ToBase64String([byte[]](1,2))", "switch -wildcard ($x) { 'a*' { 1 } default { 2 } }",
		"do { $i++ } until ($i -gt 3)", "for ($i=0;$i -lt 3;$i++) { }", "& ([scriptblock]::Create('x')) -A 1 @s",
		"$(", "@{", "{", "'", "\"", "[", "(", "<#", "$x.", "1 +", "a | ", "-", "$", "@", "`", "::", "@'",
		strings.Repeat("(", 500), strings.Repeat("{", 500), strings.Repeat("$(", 300), strings.Repeat("-not ", 400),
		strings.Repeat("[int]", 400) + "1", strings.Repeat("@(", 400), strings.Repeat("\"$(", 2000),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			sb, perr := parseScript(script)
			if sb == nil && perr == nil {
				t.Errorf("no tree and no error for %q", script)
			}
			if perr != nil && perr.ID == "EngineFailure" {
				t.Errorf("parser failure on %q: %s", script, perr.Message)
			}
			if perr != nil && (perr.Line < 1 || perr.Col < 1 || perr.Pos < 0 || perr.Pos > perr.End) {
				t.Errorf("error without a place in %q: %+v", script, perr)
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("parse hangs on %q", script)
		}
	})
}

func TestParseDeepNestingFailsCleanly(t *testing.T) {
	for _, s := range []string{strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), strings.Repeat("-not ", 5000) + "1"} {
		_, perr := parseScript(s)
		if perr == nil || perr.ID != "ScriptTooComplicated" {
			t.Errorf("deep nesting: got %v", perr)
		}
	}
}

func BenchmarkParse100Lines(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 100; i++ {
		sb.WriteString("$x = @{ Name = 'n'; Value = $i * 2 }; if ($x.Value -gt 10) { Write-Output \"big $($x.Name)\" }\n")
	}
	script := sb.String()
	for i := 0; i < b.N; i++ {
		if _, perr := parseScript(script); perr != nil {
			b.Fatal(perr)
		}
	}
}

// BenchmarkParseProviderScript parses a 100-odd-line script of the provider's kind.
func BenchmarkParseProviderScript(b *testing.B) {
	script := strings.Repeat(`function Get-ObjectName {
    param($Value)
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    return [string]$Value.Name
}
$map = @{}
foreach ($c in @(Get-ClusterCheckpoint -Cluster $Cluster -RegistryCheckpoint)) {
    $owner = Get-ObjectName $c.Resource
    if ($map.ContainsKey($owner)) { $map[$owner] += [string]$c.Name } else { $map[$owner] = @([string]$c.Name) }
}
`, 10)
	b.SetBytes(int64(len(script)))
	for i := 0; i < b.N; i++ {
		if _, perr := parseScript(script); perr != nil {
			b.Fatal(perr)
		}
	}
}
