package provider

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// fakeAPI is an in-memory winclient.API for unit tests: one cluster with resources and their
// checkpoints, an error to inject per operation, and a count of the calls made.
type fakeAPI struct {
	mu          sync.Mutex
	cluster     string
	resources   map[string]*winclient.Resource // by lower-case name
	errs        map[string]error               // operation -> error to return
	calls       map[string]int
	lastConfig  winclient.Config
	closedCount int
	info        *winclient.ClusterInfo // DescribeCluster's answer, when set
}

var _ winclient.API = (*fakeAPI)(nil)

func newFakeAPI() *fakeAPI {
	f := &fakeAPI{
		cluster:   "EXCLUS",
		resources: map[string]*winclient.Resource{},
		errs:      map[string]error{},
		calls:     map[string]int{},
	}
	f.addResource(&winclient.Resource{
		Name: defaultResourceName, ResourceType: defaultResourceName, State: "Online",
		OwnerGroup: "Exchange Group", OwnerNode: "NODE1",
	})
	return f
}

func (f *fakeAPI) addResource(r *winclient.Resource) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r.Cluster = f.cluster
	f.resources[strings.ToLower(r.Name)] = r
}

func (f *fakeAPI) deleteResource(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.resources, strings.ToLower(name))
}

func (f *fakeAPI) setCheckpoints(resource string, keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resources[strings.ToLower(resource)].RegistryCheckpoints = append([]string{}, keys...)
}

func (f *fakeAPI) checkpoints(resource string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.resources[strings.ToLower(resource)]
	if !ok {
		return nil
	}
	return append([]string{}, r.RegistryCheckpoints...)
}

func (f *fakeAPI) failWith(op string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		delete(f.errs, op)
		return
	}
	f.errs[op] = err
}

func (f *fakeAPI) callCount(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeAPI) totalCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

// enter counts a call and returns the injected error, if any. The lock is held on return.
func (f *fakeAPI) enter(op string) error {
	f.mu.Lock()
	f.calls[op]++
	return f.errs[op]
}

func (f *fakeAPI) find(op, cluster, resource string) (*winclient.Resource, error) {
	if cluster != "" && !strings.EqualFold(cluster, f.cluster) {
		return nil, &winclient.Error{Kind: winclient.KindClusterNotFound, Op: op, Message: "no cluster " + cluster}
	}
	r, ok := f.resources[strings.ToLower(resource)]
	if !ok {
		return nil, &winclient.Error{Kind: winclient.KindResourceNotFound, Op: op, Message: "no resource " + resource}
	}
	return r, nil
}

func (f *fakeAPI) ClusterName(_ context.Context, cluster string) (string, error) {
	err := f.enter("ClusterName")
	defer f.mu.Unlock()
	if err != nil {
		return "", err
	}
	if cluster != "" && !strings.EqualFold(cluster, f.cluster) {
		return "", &winclient.Error{Kind: winclient.KindClusterNotFound, Op: "ClusterName", Message: "no cluster " + cluster}
	}
	return f.cluster, nil
}

func (f *fakeAPI) GetResource(_ context.Context, cluster, resource string) (*winclient.Resource, error) {
	err := f.enter("GetResource")
	defer f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	r, err := f.find("GetResource", cluster, resource)
	if err != nil {
		return nil, err
	}
	c := *r
	c.RegistryCheckpoints = append([]string{}, r.RegistryCheckpoints...)
	return &c, nil
}

func (f *fakeAPI) ListCheckpoints(_ context.Context, cluster, resource string) ([]string, error) {
	err := f.enter("ListCheckpoints")
	defer f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	r, err := f.find("ListCheckpoints", cluster, resource)
	if err != nil {
		return nil, err
	}
	return append([]string{}, r.RegistryCheckpoints...), nil
}

// ListResources lists the resources by name (the fake keeps them in a map).
func (f *fakeAPI) ListResources(_ context.Context, cluster string) ([]winclient.Resource, error) {
	err := f.enter("ListResources")
	defer f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if cluster != "" && !strings.EqualFold(cluster, f.cluster) {
		return nil, &winclient.Error{Kind: winclient.KindClusterNotFound, Op: "ListResources", Message: "no cluster " + cluster}
	}
	out := make([]winclient.Resource, 0, len(f.resources))
	for _, r := range f.resources {
		c := *r
		c.RegistryCheckpoints = append([]string{}, r.RegistryCheckpoints...)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// DescribeCluster answers f.info (a two-node cluster read over WMI when it is nil).
func (f *fakeAPI) DescribeCluster(_ context.Context, cluster string) (*winclient.ClusterInfo, error) {
	err := f.enter("DescribeCluster")
	defer f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if cluster != "" && !strings.EqualFold(cluster, f.cluster) {
		return nil, &winclient.Error{Kind: winclient.KindOtherCluster, Op: "DescribeCluster", Message: "not " + cluster}
	}
	if f.info != nil {
		c := *f.info
		return &c, nil
	}
	return &winclient.ClusterInfo{ConnectedNode: "NODE1", Cluster: f.cluster, Transport: winclient.TransportWMI,
		Nodes: []winclient.ClusterNode{{Name: "NODE1", State: "Up"}, {Name: "NODE2", State: "Up"}}, CoreGroupOwner: "NODE1"}, nil
}

func (f *fakeAPI) FindCheckpoint(_ context.Context, cluster, resource, key string) (string, bool, error) {
	err := f.enter("FindCheckpoint")
	defer f.mu.Unlock()
	if err != nil {
		return "", false, err
	}
	r, err := f.find("FindCheckpoint", cluster, resource)
	if err != nil {
		return "", false, err
	}
	// As the client does: stored names as stored, only key normalised.
	stored, ok := regkey.FindStored(r.RegistryCheckpoints, key)
	return stored, ok, nil
}

func (f *fakeAPI) AddCheckpoint(_ context.Context, cluster, resource, key string) error {
	err := f.enter("AddCheckpoint")
	defer f.mu.Unlock()
	if err != nil {
		return err
	}
	r, err := f.find("AddCheckpoint", cluster, resource)
	if err != nil {
		return err
	}
	for _, k := range r.RegistryCheckpoints {
		if strings.EqualFold(k, key) {
			return &winclient.Error{Kind: winclient.KindAlreadyExists, Op: "AddCheckpoint", Message: "The specified key is already being checkpointed."}
		}
	}
	r.RegistryCheckpoints = append(r.RegistryCheckpoints, key)
	return nil
}

func (f *fakeAPI) RemoveCheckpoint(_ context.Context, cluster, resource, key string) error {
	err := f.enter("RemoveCheckpoint")
	defer f.mu.Unlock()
	if err != nil {
		return err
	}
	r, err := f.find("RemoveCheckpoint", cluster, resource)
	if err != nil {
		return err
	}
	for i, k := range r.RegistryCheckpoints {
		if k == key {
			r.RegistryCheckpoints = append(r.RegistryCheckpoints[:i], r.RegistryCheckpoints[i+1:]...)
			return nil
		}
	}
	return &winclient.Error{Kind: winclient.KindCheckpointNotFound, Op: "RemoveCheckpoint", Message: "not checkpointed: " + key}
}

func (f *fakeAPI) Warm() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["Warm"]++
}

func (f *fakeAPI) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closedCount++
	return nil
}

// connect returns a connectFunc that hands out f and remembers the configuration.
func (f *fakeAPI) connect() connectFunc {
	return func(cfg winclient.Config) (winclient.API, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.lastConfig = cfg
		return f, nil
	}
}
