package winps51

import "testing"

// Constructs of SUBSET.md not covered by the other tables.
func TestMiscellany(t *testing.T) {
	runCases(t, []scriptCase{
		{"psboundparameters and myinvocation", `function f { [CmdletBinding()] param($A, $B) $PSBoundParameters.Count; $PSBoundParameters.ContainsKey('B'); $MyInvocation.MyCommand }; f -A 1`, "1\nFalse\nf\n", "", 0},
		{"get-module listavailable", `(Get-Module -ListAvailable FailoverClusters).Name`, "FailoverClusters\n", "", 0},
	})
}
