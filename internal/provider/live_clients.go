package provider

import (
	"errors"
	"fmt"
	"sync"
	"time"

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

// closeBudget bounds CloseClients: go-plugin kills the provider process two seconds after
// Terraform asks it to stop, so the shells must be deleted well within that.
const closeBudget = 1500 * time.Millisecond

// CloseClients closes every Windows client configured in this process, all at once, and
// returns after closeBudget at the latest (a shell not deleted by then is reaped by the
// server's IdleTimeout).
func CloseClients() error {
	liveClients.mu.Lock()
	clients := liveClients.clients
	liveClients.clients = nil
	liveClients.mu.Unlock()
	errs := make(chan error, len(clients))
	for _, c := range clients {
		go func() { errs <- c.Close() }()
	}
	deadline := time.NewTimer(closeBudget)
	defer deadline.Stop()
	var all []error
	for range clients {
		select {
		case err := <-errs:
			all = append(all, err)
		case <-deadline.C:
			return errors.Join(append(all, fmt.Errorf("some WinRM sessions were still closing after %s; the server reaps them when idle", closeBudget))...)
		}
	}
	return errors.Join(all...)
}
