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
//     error (ERROR_ALREADY_EXISTS for a duplicate checkpoint, ERROR_FILE_NOT_FOUND for a
//     missing one), as the ClusAPI behind it reports them (domain.md section 2).
//   - The methods have no output parameters (no ReturnValue): ClusWMI documents them as
//     void.
//   - Checkpoint names are matched as the cluster model matches them (see package cluster's
//     unconfirmed.go).
//   - root\cimv2 is registered and serves one class, Win32_ComputerSystem, with four of its
//     properties; DNSHostName spelled as the node's name (Windows keeps the case the host
//     name was given, often lower case).
//   - A method called with an unknown parameter, or without CheckpointName, answers
//     WBEM_E_INVALID_PARAMETER; an empty string property is written as null;
//     MSCluster_Cluster.NodeHighestVersion's value is made up.
