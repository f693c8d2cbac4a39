package winhost

import (
	"strings"
	"testing"
)

func TestClusterCmdletScripts(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   []string
	}{
		{"Get-Cluster", `(Get-Cluster).Name`, []string{"EXCLUSTER"}},
		{"unknown cluster: id and category as seen on Windows", `try { Get-ClusterNode -Cluster NOPE } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }`,
			[]string{"ClusterRpcConnection,Microsoft.FailoverClusters.PowerShell.GetNodeCommand", "ConnectionError"}},
		{"Get-Cluster by name", `[string](Get-Cluster -Name excluster.contoso.local)`, []string{"EXCLUSTER"}},
		{"Get-ClusterNode table", `Get-ClusterNode`, []string{"Name ID State", "---- -- -----", "NODE1 1 Up", "NODE2 2 Up"}},
		{"Get-ClusterGroup table", `Get-ClusterGroup`, []string{"Name OwnerNode State", "---- --------- -----", "Cluster Group NODE1 Online", "Exchange Group NODE1 Online"}},
		{"resource objects", `$r = Get-ClusterResource 'Microsoft Exchange System Attendant'
$r.GetType().FullName
$r.PSObject.TypeNames[0]
[string]$r.OwnerGroup; [string]$r.OwnerNode; [string]$r.ResourceType; [string]$r.State; [int]$r.State`,
			[]string{"Microsoft.FailoverClusters.PowerShell.ClusterResource", "Microsoft.FailoverClusters.PowerShell.ClusterResource", "Exchange Group", "NODE1", "Generic Service", "Online", "2"}},
		{"state enum as number in JSON", `(Get-ClusterResource 'Cluster Name' | Select-Object Name, State | ConvertTo-Json -Compress)`,
			[]string{`{"Name":"Cluster Name","State":2}`}},
		{"checkpoint object", `$c = Add-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant' -RegistryCheckpoint 'SOFTWARE\Microsoft\Exchange\Backupinformation'
$c.PSObject.TypeNames[0]; $c.Name; [string]$c.Resource`,
			[]string{"Microsoft.FailoverClusters.PowerShell.ClusterRegistryCheckpoint", `SOFTWARE\Microsoft\Exchange\Backupinformation`, "Microsoft Exchange System Attendant"}},
		{"pipeline resource -> checkpoints", `Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint 'SOFTWARE\A' | Out-Null
Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint 'SOFTWARE\B' | Out-Null
(Get-ClusterResource 'Cluster Name' | Get-ClusterCheckpoint).Count`, []string{"2"}},
		{"move group and stop/start", `(Move-ClusterGroup -Name 'Exchange Group' -Node NODE2).OwnerNode.Name
[string](Stop-ClusterResource 'Microsoft Exchange Information Store').State
[string](Get-ClusterResource 'Microsoft Exchange Event Service').State
[string](Start-ClusterResource 'Microsoft Exchange Event Service').State
[string](Get-ClusterResource 'Microsoft Exchange Information Store').State`,
			[]string{"NODE2", "Offline", "Offline", "Online", "Online"}},
		{"stop node fails over", `Stop-ClusterNode NODE1 | Out-Null
(Get-ClusterGroup -Cluster EXCLUSTER | ForEach-Object { "$($_.Name)=$($_.OwnerNode)" }) -join ';'
[string](Get-ClusterNode -Cluster EXCLUSTER -Name NODE1).State`,
			[]string{"Cluster Group=NODE2;Exchange Group=NODE2", "Down"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n := newTestNode(t)
			assertTable(t, mustPS(t, n, tt.script), tt.want...)
		})
	}
}

func TestClusterCmdletErrors(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		wantErr string
	}{
		{"unknown cluster", `Get-ClusterResource -Cluster NOPE`, "Check the spelling of the cluster name."},
		{"unknown resource", `Get-ClusterResource -Name 'No Such Resource'`, "The cluster resource could not be found."},
		{"duplicate checkpoint", `Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint 'SOFTWARE\A' | Out-Null
Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint 'software\a'`, "already being checkpointed"},
		{"leading backslash", `Add-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint '\SOFTWARE\A'`, "The parameter is incorrect."},
		{"remove missing", `Remove-ClusterCheckpoint 'Cluster Name' -RegistryCheckpoint -CheckpointName 'Nope' -Force`, "The system cannot find the file specified."},
		{"move to unknown node", `Move-ClusterGroup 'Exchange Group' -Node NODE9`, "The cluster node was not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n := newTestNode(t)
			_, errs, _ := runPS(t, n, tt.script)
			if !strings.Contains(errs, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errs, tt.wantErr)
			}
		})
	}
}

// A node whose Cluster service is stopped still runs PowerShell: local cluster cmdlets fail,
// -Cluster reaches the cluster through another node, Start-ClusterNode works.
func TestStoppedNode(t *testing.T) {
	c, n := newTestNode(t)
	if _, err := c.StopNode("NODE1"); err != nil {
		t.Fatal(err)
	}
	if _, errs, _ := runPS(t, n, `Get-ClusterGroup`); !strings.Contains(errs, "cluster service is not running") {
		t.Errorf("local cmdlet on a stopped node: %q", errs)
	}
	assertTable(t, mustPS(t, n, `(Get-ClusterGroup -Cluster EXCLUSTER).Count`), "2")
	assertTable(t, mustPS(t, n, `[string](Start-ClusterNode).State`), "Up")
}

// The KB Q245211 story in PowerShell, as the provider and the demo drive it: the event log
// entry after a failed incremental backup, and the workaround.
func TestKBEventLogThroughPowerShell(t *testing.T) {
	c, node1 := newTestNode(t)
	node2 := New(c, "NODE2")
	run(t, node1, "", "ntbackup", "backup", "DS", `\\EXCHSRV`, "IS", `\\EXCHSRV`, "/t", "normal")
	mustPS(t, node1, `Move-ClusterGroup 'Exchange Group' NODE2 | Out-Null`)
	if _, _, code := run(t, node2, "", "ntbackup", "backup", "IS", `\\EXCHSRV`, "/t", "incremental"); code == 0 {
		t.Fatal("incremental succeeded without the checkpoint")
	}
	out := mustPS(t, node2, `$e = Get-EventLog -LogName Application -Source 'NT backup' -Newest 1
$e.EventID; [string]$e.EntryType; $e.Source; $e.Message`)
	lines := tableLines(out)
	if len(lines) != 4 || lines[0] != "8010" || lines[1] != "Error" || lines[2] != "NT backup" || !strings.Contains(lines[3], "BackupPrepare") {
		t.Errorf("event:\n%s", out)
	}
	if _, errs, _ := runPS(t, node1, `Get-EventLog -LogName Application -Source 'NT backup' -EntryType Error`); !strings.Contains(errs, "No matches found") {
		t.Errorf("NODE1 has no error event; got %q", errs)
	}

	// The workaround, then the same sequence succeeds.
	mustPS(t, node2, `Move-ClusterGroup 'Exchange Group' NODE1 | Out-Null
Add-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant' -RegistryCheckpoint 'SOFTWARE\Microsoft\Exchange\Backupinformation' | Out-Null`)
	run(t, node1, "", "ntbackup", "backup", "DS", `\\EXCHSRV`, "IS", `\\EXCHSRV`, "/t", "normal")
	mustPS(t, node1, `Move-ClusterGroup 'Exchange Group' NODE2 | Out-Null`)
	if _, errs, code := run(t, node2, "", "ntbackup", "backup", "IS", `\\EXCHSRV`, "/t", "incremental"); code != 0 {
		t.Errorf("incremental with the checkpoint: %q", errs)
	}
}

// The KB story from PowerShell alone, the programs run as native commands.
func TestKBNativeProgramsFromPowerShell(t *testing.T) {
	c, node1 := newTestNode(t)
	node2 := New(c, "NODE2")
	out := mustPS(t, node1, `ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t normal | Out-Null
"full=$LASTEXITCODE"
(reg query 'HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation' /v 'Backup Server') -match 'REG_SZ' | ForEach-Object { $_.Trim() -replace '\s+', ' ' }
Move-ClusterGroup 'Exchange Group' NODE2 | Out-Null`)
	assertTable(t, out, "full=0", "Backup Server REG_SZ EXCHSRV")
	out, _, _ = runPS(t, node2, `ntbackup backup IS \\EXCHSRV /t incremental 2>$null
"incremental=$LASTEXITCODE"`)
	assertTable(t, out, "incremental=1")
}
