package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// connectFunc builds the Windows client of one configured provider. Tests swap it for a fake.
type connectFunc func(cfg winclient.Config) (winclient.API, error)

// providerData is what Configure hands to resources and data sources: one Windows client per
// configured provider, kept for the life of the provider process so that its WinRM sessions
// are reused across resources.
type providerData struct {
	client winclient.API

	mu          sync.Mutex
	hostCluster string // the WinRM host's cluster, once asked
}

// resolveCluster returns cluster when it is set, else the cluster the WinRM host belongs to.
// The latter cannot change while Terraform runs, so it is kept once known. The lock is not
// held across the WinRM call: concurrent first callers each ask (the client shares one
// script run among them) and each can give up with its own context (Ctrl-C).
func (d *providerData) resolveCluster(ctx context.Context, cluster string) (string, error) {
	if cluster != "" {
		return cluster, nil
	}
	d.mu.Lock()
	known := d.hostCluster
	d.mu.Unlock()
	if known != "" {
		return known, nil
	}
	name, err := d.client.ClusterName(ctx, "")
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", &winclient.Error{Kind: winclient.KindClusterNotFound, Op: "ClusterName", Message: "the WinRM host reported no cluster"}
	}
	d.mu.Lock()
	d.hostCluster = name
	d.mu.Unlock()
	return name, nil
}

// errNotConfigured is returned when a resource is used before the provider was configured,
// which Terraform only does when the provider configuration depends on unknown values.
var errNotConfigured = errors.New("the exchange provider is not configured")

// configuredData is the providerData a resource's or data source's Configure is handed: nil
// while the provider is not configured yet (validation), else the provider's.
func configuredData(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", v))
	}
	return data
}

// resolveClusterFor is resolveCluster for a resource or data source whose Configure was
// handed d: ok=false, with the diagnostic that says why, when the provider is not configured
// or the WinRM host's cluster cannot be found.
func resolveClusterFor(ctx context.Context, d *providerData, cluster string, diags *diag.Diagnostics) (string, bool) {
	if d == nil {
		addNotConfigured(diags)
		return "", false
	}
	if cluster != "" {
		return cluster, true // the usual case, the cluster in the state: nothing to ask
	}
	cluster, err := d.resolveCluster(ctx, cluster)
	if err != nil {
		diags.Append(clientErrorDiagnostic("finding the cluster of the WinRM host", err))
		return "", false
	}
	return cluster, true
}

func addNotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider not configured", errNotConfigured.Error()+"; check that its configuration does not depend on values unknown until apply.")
}

// showNotices adds what the client wants the user to see although the operation went on
// (auto switching a host to PowerShell) as warning diagnostics, so that it shows in
// Terraform's output and not only in a log. Deferred by every operation: the notice belongs
// to the operation that caused it. Each notice is shown once per provider process.
func (d *providerData) showNotices(diags *diag.Diagnostics) {
	if d == nil {
		return
	}
	n, ok := d.client.(interface{ TakeNotices() []winclient.Notice })
	if !ok {
		return
	}
	for _, x := range n.TakeNotices() {
		diags.AddWarning(x.Summary, x.Detail)
	}
}

// newWindowsClient is the one place the provider constructs the real Windows client. The
// client does not connect until its first operation, so a configured provider that plans
// nothing sends nothing.
func newWindowsClient(cfg winclient.Config) (winclient.API, error) {
	c, err := winclient.New(cfg)
	if err != nil {
		return nil, err // not a nil *Client inside a non-nil interface
	}
	return c, nil
}

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
