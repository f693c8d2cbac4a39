package clusterwmi

import (
	"errors"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

func hresult(err error) uint32 {
	var we *wsman.WMIError
	if errors.As(err, &we) {
		return we.HResult
	}
	return 0
}

func TestProviderClassesAndMethods(t *testing.T) {
	c := cluster.New(cluster.DefaultConfig())
	p := New(c, "NODE1")
	res, err := p.Instances("root/MSCluster", "mscluster_resource")
	if err != nil || len(res) != len(c.Resources()) {
		t.Fatalf("%d resources, %v", len(res), err)
	}
	if _, err := p.Instances(Namespace, "MSCluster_Nope"); hresult(err) != wsman.WBEMErrInvalidClass {
		t.Fatalf("unknown class: %v", err)
	}
	keys := map[string]string{"Name": cluster.SystemAttendant}
	in := map[string]string{"CheckpointName": `SOFTWARE\K`}
	if _, err := p.Invoke(Namespace, "MSCluster_Resource", "AddRegistryCheckpoint", keys, in); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Invoke(Namespace, "MSCluster_Resource", "AddRegistryCheckpoint", keys, in); hresult(err) != wsman.HResultFromWin32(cluster.ErrorAlreadyExists) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := p.Invoke(Namespace, "MSCluster_Resource", "Delete", keys, in); hresult(err) != wsman.WBEMErrInvalidMethod {
		t.Fatalf("unknown method: %v", err)
	}
	for _, r := range mustInstances(t, p, "MSCluster_Resource") {
		if name, _ := r.Value("Name"); name == cluster.SystemAttendant {
			if v, _ := r.Value("RegistryCheckpoints"); v != `SOFTWARE\K` {
				t.Fatalf("checkpoints of the System Attendant: %+v", r)
			}
		}
	}
	p.SetRegistered(false)
	if p.HasNamespace(Namespace) || !p.HasNamespace("root/cimv2") {
		t.Fatal("unregistering root\\MSCluster")
	}
}

func mustInstances(t *testing.T, p *Provider, class string) []wsman.Instance {
	t.Helper()
	out, err := p.Instances(Namespace, class)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
