package winps51

import (
	"strings"
	"testing"
)

// The language tests are script files under testdata (script_test.go). What stays here needs
// Go: scripts that call the test host's cmdlets (hostcmdlets_test.go), scripts that Windows
// PowerShell 5.1 runs but the grammar `make pscheck` holds every tracked .ps1 to
// (tree-sitter-powershell) rejects (param() on the line of a function's brace, one-line
// switch clauses, a labelled break on one line), and the simulator's own limits.

func TestVariables(t *testing.T) {
	runCases(t, []scriptCase{
		{"dollar question", `'x' | Out-Null; $?; Get-Thing soft 2>$null; $?`, "True\nFalse\n", "", 0},
	})
}

func TestControlFlow(t *testing.T) {
	runCases(t, []scriptCase{
		{"switch", `switch (2) { 1 { 'one' } 2 { 'two' } default { 'other' } }; switch ('ABC') { 'abc' { 'ci' } }; switch (9) { 1 { 'x' } default { 'def' } }`, "two\nci\ndef\n", "", 0},
		{"switch array and break", `switch (1, 2, 3) { 2 { 'two'; break } default { "d$_" } }`, "d1\ntwo\n", "", 0},
		{"labeled break", ":outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { break outer }; \"$a$b\" } }", "11\n", "", 0},
	})
}

func TestFunctionsAndScriptBlocks(t *testing.T) {
	runCases(t, []scriptCase{
		{"param block with types and defaults", `function g { param([string]$Name, [int]$N = 3, [switch]$Loud) "$Name $N $Loud" }; g a; g b 5 -Loud; g c -Loud:$false`, "a 3 False\nb 5 True\nc 3 False\n", "", 0},
		{"mandatory missing", `function g { param([Parameter(Mandatory)][string]$Name) $Name }; g`, "", "Cannot process command because of one or more missing mandatory parameters: Name.", 1},
		{"mandatory given", `function g { param([Parameter(Mandatory=$true)][string]$Name) $Name }; g -Name x`, "x\n", "", 0},
		{"mandatory refuses empty", `function g { param([Parameter(Mandatory)][string]$Name) $Name }; g ''`, "", "g : Cannot bind argument to parameter 'Name' because it is an empty string.", 1},
		{"prefix parameter", `function g { param($Computer) $Computer }; g -Comp x`, "x\n", "", 0},
		{"type constraint failure", `function g { param([int]$N) $N }; g abc`, "", "Cannot process argument transformation on parameter 'N'.", 1},
		{"scriptblock create with params", `& ([scriptblock]::Create('param($InputB64, $Nonce) "n=$Nonce in=$InputB64"')) -InputB64 'QUJD' -Nonce 'n1'`, "n=n1 in=QUJD\n", "", 0},
		{"valuefrompipeline param", `function d { param([Parameter(ValueFromPipeline)]$X) process { "[$X]" } }; 'a','b' | d`, "[a]\n[b]\n", "", 0},
	})
}

func TestErrorHandling(t *testing.T) {
	runCases(t, []scriptCase{
		{"cmdlet terminating error caught", `try { Get-Thing bad } catch { $_.FullyQualifiedErrorId; $_.Exception.GetType().FullName }`, "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand\nSystem.Management.Automation.ItemNotFoundException\n", "", 0},
		{"cmdlet non-terminating with stop", `try { Get-Thing soft -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { 'typed ' + $_.CategoryInfo.Category }`, "typed ObjectNotFound\n", "", 0},
	})
}

func TestParseErrors(t *testing.T) {
	runCases(t, []scriptCase{
		{"missing closing brace", "if ($true) {", "", "At line:1 char:12\n+ if ($true) {\n+            ~\nMissing closing '}' in statement block or type definition.\n    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n    + FullyQualifiedErrorId : MissingEndCurlyBrace\n \n", 1},
		// Not Windows' behaviour: 5.1 parses classes; the simulator says it does not run them.
		{"outside the subset", "class Foo { }", "", "outside the simulated PowerShell subset", 1},
		// The simulator's bound on nesting, lower than 5.1's.
		{"too complex", "$x = " + strings.Repeat("(", 400) + "1" + strings.Repeat(")", 400), "", "Processing was stopped because the script is too complex.", 1},
	})
}
