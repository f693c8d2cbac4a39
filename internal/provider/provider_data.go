package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

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
