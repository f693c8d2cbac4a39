package winclient

// What this package assumes about Windows without having seen it on a real cluster. Each
// guess is listed here, with where it is used, so that a capture from a real host can
// confirm or replace it.
//
//   - powershell.exe -Command - over WinRM runs each complete line read from stdin at once
//     and flushes its output after each line, printing no prompt (session.go waits for the
//     end marker line; other lines are ignored, so a prompt would be harmless).
//   - A ClusterRegistryCheckpoint's Resource property is a ClusterResource object (its Name
//     is the resource name); the scripts also accept a plain string (Get-ObjectName).
//   - [string] of a ClusterResourceState gives its name (Online, ...); envelope.go also maps
//     the enum's numbers (domain.md section 2), should a script ever send them.
//   - Get-Cluster -Name of a cluster that does not exist or cannot be reached throws an
//     error whose category is not PermissionDenied (common.ps1 reports cluster_not_found
//     for any such failure other than access denied).
//   - Windows accepts NTLM-sealed messages in the layout pywinrm and masterzen/winrm send
//     (transport_encrypted.go), with OriginalContent Length the plain message's length.
//   - The scripts need Windows PowerShell 3.0 or later (ConvertTo-Json, ConvertFrom-Json);
//     Windows Server 2008 R2 ships 2.0 and needs WMF 3.0+ (5.1 recommended).
//   - Pipe-mode stdin (WINRS_CONSOLEMODE_STDIN=FALSE, launch.go) feeds "-Command -" line by
//     line as console mode does; Ansible streams stdin that way, but to a bootstrap that
//     reads $input, not to "-Command -".
//   - powershell.exe lives at C:\Windows\System32\WindowsPowerShell\v1.0 (launch.go
//     powershellPath); a node installed elsewhere fails one-shot runs with file not found.
//   - A healthy node's new session answers a trivial line sent before its first within a quarter of the
//     timeout, at most 15 s (session.go firstAnswerBound); a slower one is taken for a node
//     whose PowerShell ignores stdin and is served one-shot, which still works.
//   - -EncodedCommand with stdin closed at once (an empty Send with End) runs the line and
//     exits without waiting for input.
