package winhost

import (
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

func TestRegistryProviderScripts(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   []string // tableLines of stdout
	}{
		{"Test-Path existing, other case", `Test-Path 'hklm:\software\MICROSOFT\exchange'`, []string{"True"}},
		{"Test-Path missing", `Test-Path 'HKLM:\SOFTWARE\Microsoft\Exchange\Backupinformation'`, []string{"False"}},
		{"Test-Path via Registry::", `Test-Path 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft'`, []string{"True"}},
		{"Get-ItemProperty value", `(Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name CurrentVersion).CurrentVersion`, []string{"6.1"}},
		{"Get-ItemProperty PS properties", `$p = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Exchange\Setup'; $p.PSChildName; $p.PSPath; [string]$p.PSDrive; [string]$p.PSProvider`,
			[]string{"Setup", `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Setup`, "HKLM", `Microsoft.PowerShell.Core\Registry`}},
		{"REG_EXPAND_SZ is expanded", `(Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Services\ClusSvc').ImagePath`, []string{`C:\Windows\Cluster\clussvc.exe`}},
		{"REG_DWORD is Int32", `(Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Services\ClusSvc').Start.GetType().Name`, []string{"Int32"}},
		{"New-Item, New-ItemProperty, read back",
			`New-Item -Path 'HKLM:\SOFTWARE\Contoso\App' -Force | Out-Null
New-ItemProperty -Path 'HKLM:\SOFTWARE\Contoso\App' -Name Port -PropertyType DWord -Value 8080 | Out-Null
New-ItemProperty -Path 'HKLM:\SOFTWARE\Contoso\App' -Name Tags -PropertyType MultiString -Value @('a','b') | Out-Null
$p = Get-ItemProperty 'HKLM:\SOFTWARE\Contoso\App'
$p.Port
$p.Tags -join ','`, []string{"8080", "a,b"}},
		{"Set-ItemProperty keeps the type", `New-Item 'HKLM:\SOFTWARE\Contoso' | Out-Null
New-ItemProperty 'HKLM:\SOFTWARE\Contoso' -Name N -PropertyType DWord -Value 1 | Out-Null
Set-ItemProperty 'HKLM:\SOFTWARE\Contoso' -Name N -Value '7'
(Get-ItemProperty 'HKLM:\SOFTWARE\Contoso').N.GetType().Name`, []string{"Int32"}},
		{"Get-ChildItem names, sorted", `Get-ChildItem 'HKLM:\SOFTWARE\Microsoft' -Name`, []string{"Exchange", "Windows", "Windows NT"}},
		{"wildcard -Path", `(Get-Item 'HKLM:\SOFTWARE\Microsoft\Windows*').Count
Test-Path 'HKLM:\SOFTWARE\Micro*'
Test-Path 'HKLM:\SOFTWARE\Nope*'
(Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Exch*\Setup').SiteName
(Get-Item 'HKLM:\SOFTWARE\Microsoft\Exch*').PSChildName`, []string{"2", "True", "False", "FIRSTSITE", "Exchange"}},
		{"pipeline: keys to Get-ItemProperty by PSPath", `(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Exchange' | Get-ItemProperty).SiteName`, []string{"FIRSTSITE"}},
		{"New-Item -Force recreates an existing key (PowerShell issue 5444)", `New-Item -Force HKLM:/foo/bar | Set-ItemProperty -Name baz1 -Value 1
New-Item -Force HKLM:/foo/bar | Set-ItemProperty -Name baz2 -Value 2
(Get-Item HKLM:/foo/bar).Property -join ','`, []string{"baz2"}},
		{"Get-ChildItem -Recurse", `(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Exchange' -Recurse).Count`, []string{"1"}},
		{"Remove-ItemProperty and Remove-Item -Recurse", `New-Item 'HKLM:\SOFTWARE\Contoso\A\B' -Force | Out-Null
Set-ItemProperty 'HKLM:\SOFTWARE\Contoso\A' -Name X -Value 1
Remove-ItemProperty 'HKLM:\SOFTWARE\Contoso\A' -Name X
Remove-Item 'HKLM:\SOFTWARE\Contoso' -Recurse
Test-Path 'HKLM:\SOFTWARE\Contoso'`, []string{"False"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n := newTestNode(t)
			assertTable(t, mustPS(t, n, tt.script), tt.want...)
		})
	}
}

// A key piped to a cmdlet whose -Path also takes input by value binds by property name
// (PSPath): PowerShell tries by value without coercion, then by property name, and only then
// by value with coercion to string.
func TestPipedKeyBindsPSPath(t *testing.T) {
	_, n := newTestNode(t)
	out, errs, _ := runPS(t, n, `Get-Item 'HKLM:\SOFTWARE\Microsoft\Exchange\Setup' | Remove-Item
Test-Path 'HKLM:\SOFTWARE\Microsoft\Exchange\Setup'`)
	if errs != "" {
		t.Fatalf("piping a key to Remove-Item: %s", errs)
	}
	assertTable(t, out, "False")
}

func TestRegistryProviderErrors(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		wantErr string
	}{
		{"Get-ItemProperty missing key", `Get-ItemProperty 'HKLM:\SOFTWARE\Nope'`, `Cannot find path 'HKLM:\SOFTWARE\Nope' because it does not exist.`},
		{"Get-ItemProperty missing value", `Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Exchange\Setup' -Name Nope`, `Property Nope does not exist at path HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Setup.`},
		{"New-Item existing", `New-Item 'HKLM:\SOFTWARE\Microsoft'`, `A key at this path already exists.`},
		{"New-Item without parent", `New-Item 'HKLM:\SOFTWARE\A\B'`, `Cannot find path 'HKLM:\SOFTWARE\A' because it does not exist.`},
		{"New-ItemProperty existing", `New-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Exchange\Setup' -Name Services -Value x`, `The property already exists.`},
		{"Remove-Item with children", `Remove-Item 'HKLM:\SOFTWARE\Microsoft\Exchange'`, `has children and the Recurse parameter was not specified`},
		{"-LiteralPath takes * literally", `Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Exch*'`, `Cannot find path 'HKLM:\SOFTWARE\Microsoft\Exch*' because it does not exist.`},
		{"another drive", `Get-Item 'C:\Windows'`, `outside it`},
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

// A write through PowerShell on the owner of an online resource reaches the cluster
// database: the checkpoint carries it to the other node.
func TestRegistryWriteIsCheckpointed(t *testing.T) {
	c, n := newTestNode(t)
	mustPS(t, n, `Add-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant' -RegistryCheckpoint 'SOFTWARE\Contoso' | Out-Null
New-Item 'HKLM:\SOFTWARE\Contoso' -Force | Out-Null
New-ItemProperty 'HKLM:\SOFTWARE\Contoso' -Name Marker -Value 'from NODE1' | Out-Null
Move-ClusterGroup 'Exchange Group' -Node NODE2 | Out-Null`)
	node2 := New(c, "NODE2")
	assertTable(t, mustPS(t, node2, `(Get-ItemProperty 'HKLM:\SOFTWARE\Contoso').Marker`), "from NODE1")
	if _, err := node2.registry().GetValue(`SOFTWARE\Contoso`, "Marker"); err != nil {
		t.Error(err)
	}
	_ = cluster.RegSZ
}
