package winhost

import "strconv"

// Default table columns (the module's format file, as Microsoft's pages show them).
var (
	// Get-ClusterResource pages: Name State OwnerGroup ResourceType.
	resourceColumns = []string{"Name", "State", "OwnerGroup", "ResourceType"}
	// Checkpoints have no view: Add-ClusterCheckpoint's page shows all their properties
	// (Resource Name; Resource Name Type Key), and Get-ClusterCheckpoint's page shows a
	// registry checkpoint as a row of the table a crypto checkpoint opened, which is what
	// objects without a view do.
	// Move-ClusterGroup page: Name OwnerNode State.
	groupColumns = []string{"Name", "OwnerNode", "State"}
	// Get-ClusterNode page: "displays the name, id, and state of each node".
	nodeColumns = []string{"Name", "ID", "State"}
)

func itoa(i int) string { return strconv.Itoa(i) }
