// Command replay runs the provider's read path against a WinRM conversation recorded with
// EXCHANGE_WINRM_RECORD=FILE (see the README, "First contact with a real cluster"): a local
// endpoint answers each request with the recorded answer (package
// internal/winclient/replay), and the Windows client reads the cluster name, the resource and
// its registry checkpoints from it, as a terraform plan would.
//
//	go run ./tools/replay -recording FILE [-cluster NAME] [-resource NAME]
//
// It prints what it read and exits 0, or prints where the replay departed from the
// recording and exits 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/replay"
)

func main() {
	file := flag.String("recording", "", "the recording (EXCHANGE_WINRM_RECORD's file)")
	clusterName := flag.String("cluster", "", "the cluster (empty: the node's own, as the provider's default)")
	resource := flag.String("resource", "Microsoft Exchange System Attendant", "the cluster resource to read")
	flag.Parse()
	if *file == "" {
		fmt.Fprintln(os.Stderr, "usage: replay -recording FILE [-cluster NAME] [-resource NAME]")
		os.Exit(2)
	}
	if err := run(*file, *clusterName, *resource); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

func run(file, clusterName, resource string) error {
	// The replay must not record itself into the file it reads.
	_ = os.Unsetenv(recording.EnvVar)
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	exchanges, err := recording.Read(f)
	f.Close()
	if err != nil {
		return err
	}
	srv, err := replay.New(exchanges)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()

	host, portText, _ := net.SplitHostPort(ln.Addr().String())
	port, _ := strconv.Atoi(portText)
	r, err := Read(context.Background(), winclient.Config{
		Host: host, Port: port, Auth: winclient.AuthBasic, Username: "replay", Password: "replay",
		Timeout: 60 * time.Second, OperationTimeout: 2 * time.Second,
		Transport: winclient.TransportPowerShell, // the replay server serves the remote shell's exchanges
	}, clusterName, resource)
	if srv.Mismatches > 0 {
		err = errors.Join(err, fmt.Errorf("%d request(s) did not match the recording:\n  %s", srv.Mismatches, strings.Join(srv.Reasons, "\n  ")))
	}
	if err != nil {
		return err
	}
	fmt.Printf("recording: %s (%d exchanges)\ncluster: %s\nresource: %s (type %s, state %s, group %s, node %s)\nregistry checkpoints: %d\n",
		file, len(exchanges), r.Cluster, r.Name, r.ResourceType, r.State, r.OwnerGroup, r.OwnerNode, len(r.RegistryCheckpoints))
	for _, k := range r.RegistryCheckpoints {
		fmt.Println("  " + k)
	}
	return nil
}

// Read is the provider's read path: the cluster's name, then the resource with its
// checkpoints.
func Read(ctx context.Context, cfg winclient.Config, clusterName, resource string) (*winclient.Resource, error) {
	c, err := winclient.New(cfg)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	name, err := c.ClusterName(ctx, clusterName)
	if err != nil {
		return nil, err
	}
	return c.GetResource(ctx, name, resource)
}
