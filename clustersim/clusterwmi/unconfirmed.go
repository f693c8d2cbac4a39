package clusterwmi

// UNCONFIRMED: guesses about root\MSCluster over WinRM, kept here so a capture can replace
// them.
//
//   - The property sets are partial: Windows writes every property of each class
//     (MSCluster_Resource has dozens: Characteristics, Flags, PendingTimeout, ...); only
//     those a client of this project reads, and a few neighbours, are written here, in
//     WMI's alphabetical order.
//   - MSCluster_Resource.OwnerGroup and OwnerNode are strings holding names (they exist on
//     Windows Server 2012 and later; earlier versions reach the owners through
//     association classes only).
//   - A resource that is not found when a method is invoked on it answers
//     WBEM_E_NOT_FOUND; a failing cluster call answers HRESULT_FROM_WIN32 of its Win32
//     error. The Win32 errors themselves are documented: the control codes behind the
//     methods return ERROR_ALREADY_EXISTS ("The specified key is already being
//     checkpointed", CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT) and ERROR_FILE_NOT_FOUND
//     ("... not currently being checkpointed", CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT).
//     That WMI hands them on as 0x800700B7 and 0x80070002 in MSFT_WmiError is the guess.
//   - (Confirmed, kept here beside the guesses it bounds: ClusWMI declares
//     AddRegistryCheckpoint and RemoveRegistryCheckpoint void, "This method does not
//     return a value", so they have no ReturnValue.)
//   - Checkpoint names are matched as the cluster model matches them (see package cluster's
//     unconfirmed.go).
//   - root\cimv2 is registered and serves one class, Win32_ComputerSystem, with four of its
//     properties; DNSHostName spelled as the node's name. Sources agree that Name is the
//     NetBIOS name, upper case and at most 15 characters, while the DNS host name keeps the
//     case it was given, often lower (learn.microsoft.com "Computer Names"; issue threads of
//     OhmGraphite #53, Salt #31290, Ansible #55283), but no recording shows both properties.
//   - A method called with an unknown parameter, or without CheckpointName, answers
//     WBEM_E_INVALID_PARAMETER; an empty string property is written as null;
//     MSCluster_Cluster.NodeHighestVersion's value is made up.
