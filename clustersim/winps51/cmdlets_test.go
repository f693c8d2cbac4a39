package winps51

import (
	"fmt"
	"strings"
	"testing"
)

func TestObjectCmdlets(t *testing.T) {
	runCases(t, []scriptCase{
		{"select property", `[pscustomobject]@{a=1;b=2;c=3} | Select-Object a, c | ConvertTo-Json -Compress`, "{\"a\":1,\"c\":3}\n", "", 0},
		{"selected type name", `([pscustomobject]@{a=1} | Select-Object a).GetType().FullName; (Get-ClusterResource | Select-Object -First 1 Name).pstypenames[0]`, "System.Management.Automation.PSCustomObject\nSelected.Microsoft.FailoverClusters.PowerShell.ClusterResource\n", "", 0},
		{"where simple syntax", `Get-ClusterResource | Where-Object Name -eq 'Cluster Name' | ForEach-Object Name; Get-ClusterResource | Where-Object -Property Name -Like '*Attendant' | % Name`, "Cluster Name\nMicrosoft Exchange System Attendant\n", "", 0},
	})
}

func TestJSON(t *testing.T) {
	runCases(t, []scriptCase{
		{"enums as numbers", `Get-ClusterResource -Name 'Cluster Name' | Select-Object Name, State | ConvertTo-Json -Compress`, "{\"Name\":\"Cluster Name\",\"State\":3}\n", "", 0},
	})
}

func TestFormatting(t *testing.T) {
	runCases(t, []scriptCase{
		{"default display columns", `Get-ClusterResource -Name 'Cluster Name'`, "\nName         State   OwnerGroup     ResourceType\n----         -----   ----------     ------------\nCluster Name Offline Exchange Group Microsoft Exchange System Attendant\n\n\n", "", 0},
		{"format-table", `[pscustomobject]@{a=1;b=2;c=3;d=4;e=5} | Format-Table a, b`, "\na b\n- -\n1 2\n\n\n", "", 0},
	})
}

func TestHostCmdletBinding(t *testing.T) {
	runCases(t, []scriptCase{
		{"positional and named", `Get-Thing a 3 -Flag $true`, "a/3/true\n", "", 0},
		{"prefix", `Get-Thing -Pa a -Co 2`, "a/2/<nil>\n", "", 0},
		{"alias", `Get-Thing -PSPath p`, "p/<nil>/<nil>\n", "", 0},
		{"pipeline by value", `'p1','p2' | Get-Thing`, "p1/<nil>/<nil>\np2/<nil>/<nil>\n", "", 0},
		{"pipeline by property name", `[pscustomobject]@{Name='Cluster Name'} | Get-ClusterResource | % Name`, "Cluster Name\n", "", 0},
		{"ambiguous prefix", `Remove-ClusterCheckpoint -C x`, "", "Parameter cannot be processed because the parameter name 'C' is ambiguous. Possible matches include: -CheckpointName -Confirm.", 1},
		{"unknown parameter", `Get-Thing -Foo`, "", "A parameter cannot be found that matches parameter name 'Foo'.", 1},
		{"missing argument", `Get-Thing -Path`, "", "Missing an argument for parameter 'Path'. Specify a parameter of type 'System.String' and try again.", 1},
		{"too many positionals", `Get-Thing a 1 extra`, "", "A positional parameter cannot be found that accepts argument 'extra'.", 1},
		{"missing mandatory", `Get-Thing`, "", "Cannot process command because of one or more missing mandatory parameters: Path.", 1},
		{"mandatory refuses null", `Get-Thing $null`, "", "Get-Thing : Cannot bind argument to parameter 'Path' because it is null.", 1},
		{"mandatory refuses empty string", `Get-Thing ''`, "", "Cannot bind argument to parameter 'Path' because it is an empty string.", 1},
		{"bad int", `Get-Thing a b`, "", `Cannot bind parameter 'Count'. Cannot convert value "b" to type "System.Int32".`, 1},
		{"bool parameter refuses strings", `Get-Thing a -Flag 'yes'`, "", "Boolean parameters accept only Boolean values and numbers", 1},
		{"switch colon form", `Remove-ClusterCheckpoint x -CheckpointName c -Force:$true`, "removed c\n", "", 0},
		{"confirm needed non-interactive", `Remove-ClusterCheckpoint x -CheckpointName c`, "", "Remove-ClusterCheckpoint : Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.", 1},
		{"confirm false", `Remove-ClusterCheckpoint x -CheckpointName c -Confirm:$false`, "removed c\n", "", 0},
		{"whatif", `Remove-ClusterCheckpoint x -CheckpointName 'SOFTWARE\x' -WhatIf`, "What if: Performing the operation \"Remove checkpoint\" on target \"SOFTWARE\\x\".\n", "", 0},
		{"non-terminating error", `Get-ClusterResource nope; 'next'`, "next\n", "Get-ClusterResource : The resource 'nope' was not found.", 0},
		{"erroraction on host cmdlet", `Get-ClusterResource nope -ErrorAction SilentlyContinue; $Error[0].FullyQualifiedErrorId`, "Get-ClusterResource,Microsoft.FailoverClusters.PowerShell.GetClusterResourceCommand\n", "", 0},
		{"errorvariable", `Get-ClusterResource nope -ErrorAction SilentlyContinue -ErrorVariable ev; $ev.Count`, "1\n", "", 0},
		{"module qualified", `FailoverClusters\Get-ClusterResource -Name 'Cluster Name' | % Name`, "Cluster Name\n", "", 0},
		{"import module", `Import-Module FailoverClusters; (Get-Module FailoverClusters).Name`, "FailoverClusters\n", "", 0},
		{"autoload", `Get-ClusterResource -Name 'Cluster Name' | Out-Null; (Get-Module).Name`, "FailoverClusters\n", "", 0},
		{"get-command", `(Get-Command Get-ClusterResource).Source; Get-Command Nope`, "FailoverClusters\n", "Get-Command : The term 'Nope' is not recognized", 1},
	})
}

func TestFormatCmdletsWildcards(t *testing.T) {
	runCases(t, []scriptCase{
		{"format-list star", `Get-ClusterResource -Name 'Cluster Name' | Format-List -Property *`, "\n\nName         : Cluster Name\nState        : Offline\nOwnerGroup   : Exchange Group\nResourceType : Microsoft Exchange System Attendant\n\n\n", "", 0},
		{"format-table named", `Get-ClusterResource | Format-Table Name, State -AutoSize`, "\nName                                State\n----                                -----\nMicrosoft Exchange System Attendant Online\nCluster Name                        Offline\n\n\n", "", 0},
		{"doc example: where on enum state", `Get-ClusterResource | Where-Object {$_.State -eq "Offline"} | % Name`, "Cluster Name\n", "", 0},
		{"doc example: sort by two properties", `Get-ClusterResource | Sort-Object -Property OwnerGroup,Name | % Name`, "Cluster Name\nMicrosoft Exchange System Attendant\n", "", 0},
	})
}

func TestSortHashtableKeys(t *testing.T) {
	runCases(t, []scriptCase{
		{"per-key descending", `[pscustomobject]@{a=1;b='x'},[pscustomobject]@{a=2;b='y'},[pscustomobject]@{a=2;b='z'} | Sort-Object @{Expression='a'; Descending=$true}, b | % { "$($_.a)$($_.b)" }`, "2y\n2z\n1x\n", "", 0},
	})
}

func TestHostObjectPropertySet(t *testing.T) {
	var got []string
	obj := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterResource", "Name", "Cluster Disk 2", "RestartDelay", 500)
	obj.SetProp = func(name string, v Value) error {
		if toStr(v) == "-1" {
			return fmt.Errorf("The parameter is incorrect")
		}
		got = append(got, fmt.Sprintf("%s=%v", name, v))
		return nil
	}
	get := &Cmdlet{Name: "Get-ClusterResource", Module: "FailoverClusters", Params: []Param{{Name: "Name", Kind: ParamStrings, Position: 0}},
		Process: func(c *Call) error { c.WriteObject(obj); return nil }}
	out, errOut, code := run(t, `Get-ClusterResource -Name "Cluster Disk 2" | ForEach-Object -Process {$_.RestartDelay = 600}; (Get-ClusterResource).RestartDelay; (Get-ClusterResource).RestartDelay = -1`,
		func(o *Options) { o.Cmdlets = []*Cmdlet{get} })
	if out != "600\n" || len(got) != 1 || got[0] != "RestartDelay=600" {
		t.Errorf("out %q, set calls %v", out, got)
	}
	if !strings.Contains(errOut, `Exception setting "RestartDelay": "The parameter is incorrect"`) || code != 1 {
		t.Errorf("stderr %q code %d", errOut, code)
	}
}

// TestCheckpointTableAsDocumented reproduces Get-ClusterCheckpoint's documented output:
// a view without widths gives four columns of 29 in a 120-column console, values cut with "...".
func TestCheckpointTableAsDocumented(t *testing.T) {
	res := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterResource", "Name", "Cluster Name")
	res.Str = func() string { return "Cluster Name" }
	cols := []string{"Resource", "Name", "Type", "Key"}
	crypto := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterCryptoCheckpoint", "Resource", res, "Name", "Microsoft Enhanced Cryptographic Provider v1.0", "Type", nil, "Key", "b5a571f2-c28b-48fa-b82f-a8b8c1a1d1e1")
	reg := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterRegistryCheckpoint", "Resource", res, "Name", `software\clusname`)
	for _, o := range []*Object{crypto, reg} {
		o.DefaultDisplay, o.TableWidths = cols, []int{0, 0, 0, 0}
	}
	get := &Cmdlet{Name: "Get-ClusterCheckpoint", Module: "FailoverClusters", Process: func(c *Call) error {
		c.WriteObject(crypto)
		c.WriteObject(reg)
		return nil
	}}
	out, _, _ := run(t, "Get-ClusterCheckpoint", func(o *Options) { o.Cmdlets = []*Cmdlet{get} })
	want := "\n" +
		"Resource                      Name                          Type                          Key\n" +
		"--------                      ----                          ----                          ---\n" +
		"Cluster Name                  Microsoft Enhanced Cryptog...                               b5a571f2-c28b-48fa-b82f-a8...\n" +
		"Cluster Name                  software\\clusname\n\n\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestShouldContinueFailsWithoutForce(t *testing.T) {
	rm := &Cmdlet{Name: "Remove-ClusterCheckpoint", Module: "FailoverClusters", SupportsShouldProcess: true,
		Params: []Param{{Name: "ResourceName", Kind: ParamString, Position: 0}, {Name: "Force", Kind: ParamSwitch, Position: -1}},
		Process: func(c *Call) error {
			if !c.Switch("Force") {
				if ok, err := c.ShouldContinue("Are you sure you want to remove registry checkpoint 'software\\clusname' on resource 'Cluster Name'?", ""); err != nil || !ok {
					return err
				}
			}
			c.WriteObject("removed")
			return nil
		}}
	with := func(o *Options) { o.Cmdlets = []*Cmdlet{rm} }
	if out, _, code := run(t, `Remove-ClusterCheckpoint 'Cluster Name' -Force`, with); out != "removed\n" || code != 0 {
		t.Errorf("with -Force: %q %d", out, code)
	}
	_, errOut, code := run(t, `Remove-ClusterCheckpoint 'Cluster Name' -Confirm:$false`, with)
	if !strings.Contains(errOut, "Remove-ClusterCheckpoint : Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.") || code != 1 {
		t.Errorf("without -Force: %q %d", errOut, code)
	}
}

// TestOutDefaultFirstObjectWins reproduces PowerShell/PowerShell#4552 (5.1 output): host
// output is not held back with the table rows, and later PSCustomObjects of another shape
// join the first object's table with its columns.
func TestOutDefaultFirstObjectWins(t *testing.T) {
	script := `Write-Host "-- before A"
[pscustomobject] @{ one = 1; two = 2; three = 3 }
Write-Host "-- after A"
Write-Host "-- before B"
[pscustomobject] @{ three = 30; four = 4; five = 5 }
[pscustomobject] @{ six = 6; seven = 7; eight = 8 }
Write-Host "-- after B"`
	want := "-- before A\n\n-- after A\n-- before B\n-- after B\none two three\n--- --- -----\n  1   2     3\n           30\n\n\n\n"
	out, errOut, code := run(t, script)
	if out != want || errOut != "" || code != 0 {
		t.Errorf("got %q (stderr %q, code %d)\nwant %q", out, errOut, code, want)
	}
}

func TestListViewWraps(t *testing.T) {
	long := strings.Repeat("x", 130)
	out, _, _ := run(t, `[pscustomobject]@{a=1;b=2;c=3;d=4;Message='`+long+`'} | Format-List Message`)
	want := "\n\nMessage : " + long[:109] + "\n          " + long[109:] + "\n\n\n"
	if out != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
}

// TestHostFunctionsAreNeverUnwound: a host's Process may hold locks; a stop raised while it
// runs (ErrorAction Stop, a throwing downstream command) waits until it returns.
func TestHostFunctionsAreNeverUnwound(t *testing.T) {
	returned := 0
	emit := &Cmdlet{Name: "Get-Two", Params: []Param{{Name: "Fail", Kind: ParamSwitch, Position: -1}},
		Process: func(c *Call) error {
			c.WriteObject(1)
			if c.Switch("Fail") {
				c.WriteError(&ErrorRecord{Message: "bad", ExceptionType: "System.Exception", FullyQualifiedErrorID: "Bad", Category: "InvalidData"})
			}
			c.WriteObject(2)
			returned++ // not deferred: only counted when the function ran to its end
			return nil
		}}
	with := func(o *Options) { o.Cmdlets = []*Cmdlet{emit} }
	out, _, _ := run(t, `try { Get-Two -Fail -ErrorAction Stop | ForEach-Object { "got $_" } } catch { "caught $_" }`, with)
	if out != "got 1\ncaught bad\n" {
		t.Errorf("stop: %q", out)
	}
	out, _, _ = run(t, `try { Get-Two | ForEach-Object { if ($_ -eq 1) { throw 'downstream' } } } catch { "caught $_" }`, with)
	if out != "caught downstream\n" {
		t.Errorf("downstream throw: %q", out)
	}
	if returned != 2 {
		t.Errorf("the host function returned %d times, want 2 (it must never be unwound)", returned)
	}
}

func TestHostGoSlicesAreArrays(t *testing.T) {
	get := &Cmdlet{Name: "Get-RegValue", Process: func(c *Call) error {
		c.WriteObject(NewObject("Microsoft.Win32.RegistryKey", "Property", []string{"a", "b"}, "Ids", []int{7, 8}))
		return nil
	}}
	out, errOut, _ := run(t, `$k = Get-RegValue; $k.Property[1]; $k.Property.Count; $k.Ids[0] + 1; $k.Property -contains 'A'`, func(o *Options) { o.Cmdlets = []*Cmdlet{get} })
	if out != "b\n2\n8\nTrue\n" || errOut != "" {
		t.Errorf("got %q, stderr %q", out, errOut)
	}
}

// TestObjectWithoutViewJoinsTheOpenTable: a later object whose type has no view joins the
// table the first object opened, with its columns ("first object wins" in 5.1).
func TestObjectWithoutViewJoinsTheOpenTable(t *testing.T) {
	crypto := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterCryptoCheckpoint", "Resource", "Cluster Name", "Name", "Provider", "Type", 1, "Key", "k")
	crypto.DefaultDisplay, crypto.TableWidths = []string{"Resource", "Name", "Type", "Key"}, []int{0, 0, 0, 0}
	reg := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterRegistryCheckpoint", "Resource", "Cluster Name", "Name", `software\clusname`)
	reg.DefaultDisplay = []string{"Resource", "Name"}
	get := &Cmdlet{Name: "Get-ClusterCheckpoint", Process: func(c *Call) error { c.WriteObject(crypto); c.WriteObject(reg); return nil }}
	out, _, _ := run(t, "Get-ClusterCheckpoint", func(o *Options) { o.Cmdlets = []*Cmdlet{get} })
	if strings.Count(out, "Resource") != 1 || !strings.Contains(out, "Cluster Name                  software\\clusname\n") {
		t.Errorf("not one table:\n%s", out)
	}
}
