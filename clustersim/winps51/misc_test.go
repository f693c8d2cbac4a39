package winps51

import "testing"

// Constructs of SUBSET.md not covered by the other tables.
func TestMiscellany(t *testing.T) {
	runCases(t, []scriptCase{
		{"ofs", `$OFS = '-'; $a = 1,2,3; "$a"`, "1-2-3\n", "", 0},
		{"char byte int array byte array switch type casts", `[char]'a'; [byte]255; ([int[]]('1','2'))[1] + 1; ([byte[]](1,2)).Count; ([switch]$true).IsPresent; ([type]'int').FullName`, "a\n255\n3\n2\nTrue\nSystem.Int32\n", "", 0},
		{"byte overflow", `[byte]256`, "", `Cannot convert the "256" value of type "System.Int32" to type "System.Byte".`, 1},
		{"statics", `[regex]::Escape('a.b'); [Math]::Max(3, 7); [Math]::Round(2.5); [Convert]::ToInt32('ff', 16); [Convert]::ToBoolean('true')`, "a\\.b\n7\n2\n255\nTrue\n", "", 0},
		{"psboundparameters and myinvocation", `function f { [CmdletBinding()] param($A, $B) $PSBoundParameters.Count; $PSBoundParameters.ContainsKey('B'); $MyInvocation.MyCommand }; f -A 1`, "1\nFalse\nf\n", "", 0},
		{"host", `$Host.Name`, "ConsoleHost\n", "", 0},
		{"automatic variables of 5.1", `Set-StrictMode -Version Latest; $PSEdition; "[$PSScriptRoot]"; $PSCulture; $IsWindows`, "Desktop\n[]\nen-US\n", "The variable '$IsWindows' cannot be retrieved because it has not been set.", 1},
		{"switch exact and case-sensitive", `switch -Exact ('a*') { 'a*' { 'exact' } }; switch -CaseSensitive ('A') { 'a' { 'lower' } 'A' { 'upper' } }`, "exact\nupper\n", "", 0},
		{"write-debug is silent", `Write-Debug 'x'; 'after'`, "after\n", "", 0},
		{"out-host", `'shown' | Out-Host`, "shown\n", "", 0},
		{"invoke-expression", `$v = 3; Invoke-Expression '$v * 2'; iex '$w = 5'; $w`, "6\n5\n", "", 0},
		{"start-sleep", `Start-Sleep -Milliseconds 1; 'slept'`, "slept\n", "", 0},
		{"select exclude and index", `[pscustomobject]@{a=1;b=2;c=3} | Select-Object * -ExcludeProperty b | ConvertTo-Json -Compress; 'x','y','z' | Select-Object -Index 0,2`, "{\"a\":1,\"c\":3}\nx\nz\n", "", 0},
		{"get-module listavailable", `(Get-Module -ListAvailable FailoverClusters).Name`, "FailoverClusters\n", "", 0},
		{"hashtable merge", `$h = @{a=1} + @{b=2}; $h.Count; @{a=1} + @{a=2}`, "2\n", "Item has already been added.", 1},
		{"array multiply and string compare order", `(@(1,2) * 2).Count; 'apple' -lt 'Banana'; 'a' -clt 'A'`, "4\nTrue\nTrue\n", "", 0},
	})
}
