package winclient

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestClusterDataResources(t *testing.T) {
	d := &clusterData{Cluster: "EXCLUSTER", Resources: rowList{
		{Name: "EVS1 System Attendant", Type: "Microsoft Exchange System Attendant", State: "Online", OwnerGroup: "EVS1", OwnerNode: "NODE1", Checkpoints: stringList{`SOFTWARE\A`, `SOFTWARE\B`}},
		{Name: "Cluster Name", Type: "Network Name", State: "Offline", OwnerGroup: "Cluster Group", OwnerNode: "NODE2"},
	}}
	got := d.resources()
	want := []Resource{
		{Name: "EVS1 System Attendant", Cluster: "EXCLUSTER", ResourceType: "Microsoft Exchange System Attendant", State: "Online",
			OwnerGroup: "EVS1", OwnerNode: "NODE1", RegistryCheckpoints: []string{`SOFTWARE\A`, `SOFTWARE\B`}},
		{Name: "Cluster Name", Cluster: "EXCLUSTER", ResourceType: "Network Name", State: "Offline",
			OwnerGroup: "Cluster Group", OwnerNode: "NODE2", RegistryCheckpoints: []string{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("resources() =\n%+v\nwant\n%+v", got, want)
	}
	// The result shares nothing with the snapshot, which other readers keep using.
	got[0].RegistryCheckpoints[0] = "changed"
	if d.Resources[0].Checkpoints[0] != `SOFTWARE\A` {
		t.Fatal("changing the result changed the snapshot")
	}
	if n := len((&clusterData{Cluster: "C"}).resources()); n != 0 {
		t.Fatalf("a cluster without resources lists %d", n)
	}
}

func TestFakeListResources(t *testing.T) {
	fe := startFake(t, nil)
	c := newTestClient(t, fe.config())
	ctx := context.Background()

	all, err := c.ListResources(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != sa || all[1].Name != "Cluster Name" ||
		all[1].RegistryCheckpoints[0] != `SOFTWARE\Clusname` || all[1].Cluster != "EXCLUSTER" {
		t.Fatalf("ListResources = %+v", all)
	}
	// One snapshot serves the list and every read after it.
	if _, err := c.GetResource(ctx, "", sa); err != nil {
		t.Fatal(err)
	}
	if runs := fe.cluster.runCount(opSnapshot); runs != 1 {
		t.Fatalf("snapshot ran %d times, want 1", runs)
	}
	// A write is seen by the next list in the same process.
	if err := c.AddCheckpoint(ctx, "", sa, bkKey); err != nil {
		t.Fatal(err)
	}
	all, err = c.ListResources(ctx, "EXCLUSTER")
	if err != nil || len(all[0].RegistryCheckpoints) != 1 || all[0].RegistryCheckpoints[0] != bkKey {
		t.Fatalf("ListResources after add = %+v, %v", all, err)
	}
	if _, err := c.ListResources(ctx, "OTHER"); !errors.Is(err, ErrClusterNotFound) {
		t.Fatalf("ListResources(OTHER) = %v, want cluster_not_found", err)
	}
	var e *Error
	if _, err := c.ListResources(ctx, "  "); !errors.As(err, &e) || e.Kind != KindInvalidArgument || e.Op != "ListResources" {
		t.Fatalf("ListResources(blank) = %v, want invalid_argument", err)
	}
}
