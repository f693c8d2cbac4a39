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
//   - [string] of a ClusterResourceState gives its name (Online, ...); result.go also maps
//     the enum's numbers (domain.md section 2), should a script ever send them.
//   - Get-Cluster -Name of a cluster that does not exist or cannot be reached throws an
//     error whose category is not PermissionDenied (common.ps1 reports cluster_not_found
//     for any such failure other than access denied).
//   - Windows accepts NTLM-sealed messages in the layout pywinrm and masterzen/winrm send
//     (wsman/sealed.go), with OriginalContent Length the plain message's length.
//   - Windows accepts Kerberos-sealed messages as pywinrm's MIT gss_wrap_iov seals them
//     (wsman/krb_wrap.go: EC 0, RRC 28 for AES, our subkey's context keyed by the AP-REP's
//     acceptor subkey), after Negotiate with the SPNEGO protocol string; keeps the context
//     of the empty POST that carried the AP-REQ for the connection's later requests, sent
//     without Authorization (pywinrm relies on both; no capture from Windows here); and
//     answers a clock skew with a KRB-ERROR in WWW-Authenticate (when it sends a bare 401
//     instead, the failure is reported as the service refusing the ticket).
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
//
// WMI (wmi*.go, wmi_errors.go), not seen on a real cluster (the recorded shapes are in
// wsman/testdata/faults; what each code means is wmi_errors.go's table, each row with its
// source):
//   - MSCluster_Resource.AddRegistryCheckpoint / RemoveRegistryCheckpoint fail with
//     HRESULT_FROM_WIN32 of the cluster's Win32 error (0x800700B7 already checkpointed,
//     0x80070002 not checkpointed), carried as a WSManFault code, an MSFT_WmiError
//     error_Code or __ExtendedStatus.StatusCode: the table looks in each. That an Invoke
//     naming a missing instance gets 2150858752 as the recorded Get does, or
//     WBEM_E_NOT_FOUND, is a guess; either means "resource not found" on an Invoke.
//   - WMI's own access denied arrives as 0x80338104..06 (wsmerror.h) or WBEM_E_ACCESS_DENIED
//     / E_ACCESSDENIED inside the WMI plug-in's fault; the WinRM service's own bare code 5 is
//     taken for the service's refusal (no fallback).
//   - A fault that carries the WMI plug-in's ProviderFault (WsmWmiPl.dll), __ExtendedStatus
//     or an MSFT_WmiError with a WBEM code comes from WMI; any other fault answered to a WMI
//     request is the WinRM service's and classified as any request's.
//   - MSCluster_Resource carries OwnerGroup and OwnerNode as names (Windows Server 2012 and
//     later); where they are absent the resource's owners read as empty.
//   - MSCluster_Cluster without an Fqdn property at all is a 2008 R2 host, whose
//     MSCluster_Resource then lacks OwnerGroup and OwnerNode too (ClusWMI gives 2012 for
//     all of them): the projected query leaves them out. A host whose WMI refuses the query
//     anyway (with a fault of its own) is read whole from then on.
//   - root\MSCluster over WinRM needs nothing beyond what the remote shell needs (over
//     DCOM it needs Packet Privacy); a host that refuses it answers WBEM_E_INVALID_NAMESPACE
//     or _INVALID_CLASS (auto switches), or access denied (auto switches only before WMI
//     has served the host).
//   - MSCluster_Cluster's Fqdn property holds the cluster's DNS name (a configured cluster
//     may be named by it).
