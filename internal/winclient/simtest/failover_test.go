package simtest

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// Connected through the cluster's own name, the client survives a failover of the group
// that holds that name in the middle of its work: the sessions on the old node are gone
// (shell not found), new ones open on the new owner, and the write lands exactly once.
func TestSimFailoverOfTheClusterAddress(t *testing.T) {
	s := startSim(t, func(o *clustersim.Options) { o.ClusterListen = "127.0.0.1:0" })
	cfg := configFor(t, s)
	host, portText, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(s.ClusterURL(), "http://"), "/wsman"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Host = host
	cfg.Port, _ = strconv.Atoi(portText)
	c := newClient(t, cfg)
	ctx := context.Background()
	if _, err := c.ListCheckpoints(ctx, "", sa); err != nil {
		t.Fatal(err)
	}
	g, err := s.Cluster().Group(cluster.CoreGroupName)
	if err != nil {
		t.Fatal(err)
	}
	var target string
	for _, n := range s.Nodes() {
		if !strings.EqualFold(n, g.OwnerNode) {
			target = n
			break
		}
	}
	if _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, target); err != nil {
		t.Fatal(err)
	}
	must(t, "AddCheckpoint after the failover", c.AddCheckpoint(ctx, "", sa, bkKey))
	if keys := modelKeys(t, s); len(keys) != 1 {
		t.Fatalf("checkpoints = %q, want exactly one", keys)
	}
	cps, err := c.ListCheckpoints(ctx, "", sa)
	must(t, "ListCheckpoints after the failover", err)
	if len(cps) != 1 {
		t.Fatalf("read after write = %q", cps)
	}
}
