package clusterwmi

import (
	"fmt"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// An Invoke checks its class without building the instances of MSCluster_Resource (which
// hold every checkpoint of the cluster): its work, counted in allocations, is the same
// whatever the number of checkpoints on the cluster's other resources.
func TestInvokeCostIgnoresOtherCheckpoints(t *testing.T) {
	allocs := func(others int) float64 {
		c := cluster.New(cluster.DefaultConfig())
		for i := 0; i < others; i++ {
			if _, err := c.AddCheckpoint(cluster.InformationStore, fmt.Sprintf(`SOFTWARE\Other\K%05d`, i)); err != nil {
				t.Fatal(err)
			}
		}
		p := New(c, "NODE1")
		keys := map[string]string{"Name": cluster.SystemAttendant}
		in := map[string]string{"CheckpointName": `SOFTWARE\K`}
		return testing.AllocsPerRun(20, func() {
			if _, err := p.Invoke(Namespace, "MSCluster_Resource", "AddRegistryCheckpoint", keys, in); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Invoke(Namespace, "MSCluster_Resource", "RemoveRegistryCheckpoint", keys, in); err != nil {
				t.Fatal(err)
			}
		})
	}
	if small, large := allocs(0), allocs(2000); small != large {
		t.Fatalf("an add and a remove allocated %v times with no other checkpoint, %v with 2000 on another resource", small, large)
	}
}

// The checks Invoke makes without Instances answer as Instances' would.
func TestInvokeClassChecks(t *testing.T) {
	p := New(cluster.New(cluster.DefaultConfig()), "NODE1")
	keys := map[string]string{"Name": cluster.SystemAttendant}
	in := map[string]string{"CheckpointName": `SOFTWARE\K`}
	for _, tc := range []struct {
		ns, class string
		want      uint32
	}{
		{Namespace, "MSCluster_Nope", wsman.WBEMErrInvalidClass},
		{"root/cimv2", "MSCluster_Resource", wsman.WBEMErrInvalidClass},
		{Namespace, "MSCluster_Node", wsman.WBEMErrInvalidMethod},
	} {
		if _, err := p.Invoke(tc.ns, tc.class, "AddRegistryCheckpoint", keys, in); hresult(err) != tc.want {
			t.Errorf("%s %s: %v, want HRESULT %#x", tc.ns, tc.class, err, tc.want)
		}
	}
	p.SetRegistered(false)
	if _, err := p.Invoke(Namespace, "MSCluster_Resource", "AddRegistryCheckpoint", keys, in); hresult(err) != wsman.WBEMErrInvalidClass {
		t.Errorf("root\\MSCluster unregistered: %v", err)
	}
}
