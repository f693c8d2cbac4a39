package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// fakeBackend serves the provider with the in-memory fake Windows client.
type fakeBackend struct {
	envBox
	api *fakeAPI
}

func newFakeBackend() *fakeBackend {
	f := newFakeAPI()
	f.cluster = "EXCLUSTER"
	for _, r := range f.resources {
		r.Cluster = f.cluster
	}
	f.addResource(&winclient.Resource{
		Name: "Microsoft Exchange Information Store", ResourceType: "Microsoft Exchange Information Store",
		State: "Online", OwnerGroup: "Exchange Group", OwnerNode: "NODE1",
	})
	return &fakeBackend{api: f}
}

func (b *fakeBackend) name() string        { return "fake" }
func (b *fakeBackend) clusterName() string { return b.api.cluster }

func (b *fakeBackend) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"exchange": providerserver.NewProtocol6WithError(newWithClient(b.api.connect(), b.lookupEnv)()),
	}
}

func (b *fakeBackend) settings() map[string]string {
	return map[string]string{
		attrHost: "exnode1.contoso.test", attrUsername: accUser, attrPassword: accPassword, attrTimeout: "60s",
	}
}

func (b *fakeBackend) holds(_ *testing.T, resource, key string) bool {
	_, ok := regkey.Find(b.api.checkpoints(resource), key)
	return ok
}

func (b *fakeBackend) addCheckpointOutOfBand(t *testing.T, resource, key string) {
	b.api.setCheckpoints(resource, append(b.api.checkpoints(resource), key)...)
}

func (b *fakeBackend) removeCheckpointOutOfBand(t *testing.T, resource, key string) {
	var kept []string
	for _, k := range b.api.checkpoints(resource) {
		if !regkey.Equal(k, key) {
			kept = append(kept, k)
		}
	}
	b.api.setCheckpoints(resource, kept...)
}

func (b *fakeBackend) failover(*testing.T) {
	b.api.mu.Lock()
	defer b.api.mu.Unlock()
	for _, r := range b.api.resources {
		if r.OwnerNode == "NODE1" {
			r.OwnerNode = "NODE2"
		} else {
			r.OwnerNode = "NODE1"
		}
	}
}

func (b *fakeBackend) deleteResourceOutOfBand(_ *testing.T, resource string) {
	b.api.deleteResource(resource)
}

func (b *fakeBackend) requests() int64 { return int64(b.api.totalCalls()) }

func (b *fakeBackend) resource(t *testing.T, name string) resourceView {
	b.api.mu.Lock()
	defer b.api.mu.Unlock()
	for _, r := range b.api.resources {
		if r.Name == name {
			return resourceView{Type: r.ResourceType, State: r.State, OwnerGroup: r.OwnerGroup, OwnerNode: r.OwnerNode,
				Checkpoints: append([]string{}, r.RegistryCheckpoints...)}
		}
	}
	t.Fatalf("no resource %q", name)
	return resourceView{}
}

func (b *fakeBackend) refuseLogons(*testing.T) {
	for _, op := range []string{"ClusterName", "GetResource", "ListCheckpoints", "FindCheckpoint", "AddCheckpoint", "RemoveCheckpoint"} {
		b.api.failWith(op, &winclient.Error{Kind: winclient.KindAuth, Op: op, Message: "http response error: 401 - invalid content type"})
	}
}

func (b *fakeBackend) allowLogons(*testing.T) {
	for _, op := range []string{"ClusterName", "GetResource", "ListCheckpoints", "FindCheckpoint", "AddCheckpoint", "RemoveCheckpoint"} {
		b.api.failWith(op, nil)
	}
}
