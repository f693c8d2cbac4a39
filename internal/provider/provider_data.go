package provider

import (
	"context"
	"errors"
	"sync"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
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
// The latter cannot change while Terraform runs, so it is asked once per provider process.
func (d *providerData) resolveCluster(ctx context.Context, cluster string) (string, error) {
	if cluster != "" {
		return cluster, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hostCluster != "" {
		return d.hostCluster, nil
	}
	name, err := d.client.ClusterName(ctx, "")
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", &winclient.Error{Kind: winclient.KindClusterNotFound, Op: "ClusterName", Message: "the WinRM host reported no cluster"}
	}
	d.hostCluster = name
	return name, nil
}

// errNotConfigured is returned when a resource is used before the provider was configured,
// which Terraform only does when the provider configuration depends on unknown values.
var errNotConfigured = errors.New("the exchange provider is not configured")
