package winhost

import "strconv"

// Default table columns (the module's format file, as Microsoft's pages show them).
var (
	// Get-ClusterResource pages: Name State OwnerGroup ResourceType.
	resourceColumns = []string{"Name", "State", "OwnerGroup", "ResourceType"}
	// Add-ClusterCheckpoint page: Resource Name.
	checkpointColumns = []string{"Resource", "Name"}
	// Add-ClusterCheckpoint example 2: Resource Name Type Key.
	cryptoCheckpointColumns = []string{"Resource", "Name", "Type", "Key"}
	// Move-ClusterGroup page: Name OwnerNode State.
	groupColumns = []string{"Name", "OwnerNode", "State"}
	// Get-ClusterNode page: "displays the name, id, and state of each node".
	nodeColumns = []string{"Name", "ID", "State"}
)

func itoa(i int) string { return strconv.Itoa(i) }
