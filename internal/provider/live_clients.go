package provider

import (
	"errors"
	"sync"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// liveClients are the Windows clients of this process. Each keeps WinRM shells open on the
// server for the life of the process (that is what makes a plan fast); closing them deletes
// those shells instead of leaving them until the server's idle timeout reaps them, which
// would count against MaxShellsPerUser meanwhile. The plugin framework has no hook for the
// end of a provider process, so main calls CloseClients once the server has stopped.
var liveClients struct {
	mu      sync.Mutex
	clients []winclient.API
}

func registerClient(c winclient.API) {
	liveClients.mu.Lock()
	defer liveClients.mu.Unlock()
	liveClients.clients = append(liveClients.clients, c)
}

// CloseClients closes every Windows client configured in this process.
func CloseClients() error {
	liveClients.mu.Lock()
	clients := liveClients.clients
	liveClients.clients = nil
	liveClients.mu.Unlock()
	var errs []error
	for _, c := range clients {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
