package clustersim

import "strings"

// Windows names the Windows Server release every node runs (Options.Windows, serve
// --windows). Each release differs where Microsoft's documents or recordings of real hosts
// say it does; what no source gives is in unconfirmed.go (windowsBuildRevision).
type Windows string

// The releases a node can run.
const (
	Windows2008R2 Windows = "2008r2"
	Windows2012R2 Windows = "2012r2"
	Windows2016   Windows = "2016"
	Windows2019   Windows = "2019"
	Windows2022   Windows = "2022"
	Windows2025   Windows = "2025"
)

// WindowsReleases lists every release, oldest first.
var WindowsReleases = []Windows{Windows2008R2, Windows2012R2, Windows2016, Windows2019, Windows2022, Windows2025}

func joinReleases() string {
	names := make([]string, len(WindowsReleases))
	for i, w := range WindowsReleases {
		names[i] = string(w)
	}
	return strings.Join(names, ", ")
}
