package cluster

import "strings"

// baseRegistry builds the HKLM of a freshly installed node: the hives a reader expects, the
// Windows version, the computer name, the services the story involves and Exchange 5.5's
// own key (without Backupinformation, which only a full backup writes).
func baseRegistry(cfg Config, node string) *Key {
	root := &Key{Name: "HKEY_LOCAL_MACHINE"}
	for _, top := range []string{"HARDWARE", "SAM", "SECURITY", "SOFTWARE", "SYSTEM"} {
		root.create(top)
	}
	set := func(path string, vals ...Value) {
		k := root.create(path)
		for _, v := range vals {
			k.setValue(v)
		}
	}

	set(`SOFTWARE\Microsoft\Windows NT\CurrentVersion`,
		SZ("ProductName", osProductName),
		SZ("CurrentVersion", osVersion),
		SZ("CurrentBuild", osBuild),
		SZ("CurrentBuildNumber", osBuild),
		SZ("CSDVersion", osCSDVersion),
		SZ("EditionID", "ServerEnterprise"),
		SZ("InstallationType", "Server"),
		SZ("SystemRoot", `C:\Windows`),
		SZ("RegisteredOrganization", cfg.Domain),
		SZ("RegisteredOwner", "Administrator"),
		Dword("InstallDate", osInstallEpoch),
		Binary("DigitalProductId", []byte{0xa4, 0, 0, 0, 3, 0, 0, 0}),
	)
	set(`SOFTWARE\Microsoft\Windows\CurrentVersion`,
		SZ("ProgramFilesDir", `C:\Program Files`),
		SZ("CommonFilesDir", `C:\Program Files\Common Files`),
	)
	set(`SOFTWARE\Microsoft\Exchange`)
	set(`SOFTWARE\Microsoft\Exchange\Setup`, exchangeSetupValues...)

	set(`SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName`, SZ("ComputerName", strings.ToUpper(node)))
	set(`SYSTEM\CurrentControlSet\Control\Session Manager\Environment`,
		ExpandSZ("Path", `%SystemRoot%\system32;%SystemRoot%;%SystemRoot%\System32\Wbem;%SYSTEMROOT%\System32\WindowsPowerShell\v1.0\`),
		SZ("OS", "Windows_NT"),
		ExpandSZ("TEMP", `%SystemRoot%\TEMP`),
		Dword("NUMBER_OF_PROCESSORS", 2),
	)
	set(`SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`,
		SZ("Hostname", strings.ToLower(node)),
		SZ("Domain", strings.ToLower(cfg.Domain)+".local"),
		MultiSZ("SearchList"),
	)
	service := func(name, display, image string, start uint32) {
		set(`SYSTEM\CurrentControlSet\Services\`+name,
			SZ("DisplayName", display),
			ExpandSZ("ImagePath", image),
			Dword("Start", start),
			Dword("Type", 0x10),
			Dword("ErrorControl", 1),
			SZ("ObjectName", "LocalSystem"),
		)
	}
	service("ClusSvc", "Cluster Service", `%SystemRoot%\Cluster\clussvc.exe`, 2)
	service("WinRM", "Windows Remote Management (WS-Management)", `%SystemRoot%\System32\svchost.exe -k NetworkService`, 2)
	// Exchange services are started by the cluster, not by the service control manager.
	service("MSExchangeSA", "Microsoft Exchange System Attendant", `E:\exchsrvr\bin\mad.exe`, 3)
	service("MSExchangeDS", "Microsoft Exchange Directory", `E:\exchsrvr\bin\dsamain.exe`, 3)
	service("MSExchangeIS", "Microsoft Exchange Information Store", `E:\exchsrvr\bin\store.exe`, 3)
	service("MSExchangeMTA", "Microsoft Exchange Message Transfer Agent", `E:\exchsrvr\bin\emsmta.exe`, 3)
	service("MSExchangeES", "Microsoft Exchange Event Service", `E:\exchsrvr\bin\events.exe`, 3)
	return root
}
