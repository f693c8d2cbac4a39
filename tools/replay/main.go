// Command replay runs the provider's read path against a WinRM conversation recorded with
// EXCHANGE_WINRM_RECORD=FILE (see the README, "First contact with a real cluster"): a local
// endpoint answers each request with the recorded answer (package
// internal/winclient/replay), and the Windows client reads the cluster name, the resource and
// its registry checkpoints from it, as a terraform plan would, on the transport the
// recording used; and first contact's facts (the exchange_cluster data source) when the
// recording holds them.
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
	"io"
	"net"
	"net/http"
	"os"
	"slices"
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
	exchanges, err := recording.ReadFile(file)
	if err != nil {
		return err
	}
	fmt.Printf("recording: %s (%d exchanges)\n", file, len(exchanges))
	if probes := classifyProbe(exchanges, os.Stdout); probes == len(exchanges) {
		return nil // a recording of tools/probe alone: its answers are the evidence
	}
	return replayRecording(exchanges, clusterName, resource, os.Stdout)
}

// classifyProbe prints how the client's WMI table classifies the first-contact probe's
// recorded answers (tools/probe), and returns how many exchanges were the probe's.
func classifyProbe(exchanges []recording.Exchange, out io.Writer) int {
	n := 0
	for _, e := range exchanges {
		step, ok := winclient.ClassifyRecordedProbe(e.Action, e.Request, e.Response)
		if !ok {
			continue
		}
		if n == 0 {
			fmt.Fprintln(out, "first-contact probe, as the client classifies each recorded answer:")
		}
		n++
		fmt.Fprintln(out, "  "+step.String())
	}
	return n
}

// replayRecording serves exchanges on a local endpoint and runs against it the reads the
// recording holds (see readsOf), printing what they read to out.
func replayRecording(exchanges []recording.Exchange, clusterName, resource string, out io.Writer) error {
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
	reads := readsOf(srv)
	c, err := winclient.New(winclient.Config{
		Host: host, Port: port, Auth: winclient.AuthBasic, Username: "replay", Password: "replay",
		Timeout: 60 * time.Second, OperationTimeout: 2 * time.Second, Transport: reads.transport,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "transport: %s (the recording's)\n", reads.transport)
	err = reads.run(context.Background(), c, clusterName, resource, out)
	// Closing sends the shells' Deletes, which the recording holds too: they are checked
	// with the rest once no request is in flight.
	c.Close()
	if n, reasons := srv.Departures(); n > 0 {
		err = errors.Join(err, fmt.Errorf("%d request(s) did not match the recording:\n  %s", n, strings.Join(reasons, "\n  ")))
	}
	return err
}

// reads is what a replay runs: the provider's read path (the cluster's name, then the
// resource with its checkpoints), and first contact's DescribeCluster when the recording
// holds it, before or after the read path as the recording had them, on the transport the
// recording used.
type reads struct {
	transport     string
	describe      bool
	describeFirst bool
}

// readsOf tells from the recording what was read and how: enumerations are the WMI
// transport's, shells PowerShell's, both auto's (WMI read, PowerShell probed or fell back).
// DescribeCluster shows as an enumeration of Win32_ComputerSystem (WMI) or a run of its
// script (PowerShell).
func readsOf(srv *replay.Server) reads {
	var r reads
	wmi := srv.Enumerated("/MSCluster_Resource") || srv.Enumerated("/MSCluster_Cluster") || srv.Enumerated("/Win32_ComputerSystem")
	switch {
	case wmi && srv.Shells():
		r.transport = winclient.TransportAuto
	case wmi:
		r.transport = winclient.TransportWMI
	default:
		r.transport = winclient.TransportPowerShell
	}
	var ops []string
	for _, text := range srv.SentTexts() {
		ops = append(ops, winclient.ScriptRuns(text)...)
	}
	r.describe = srv.Enumerated("/Win32_ComputerSystem") || slices.Contains(ops, winclient.OpDescribe)
	// The runs on a session's stdin are replayed in their order. Enumerations are matched by
	// class, so the order matters only where shells carried the reads: on powershell, and on
	// auto once a host fell back (its faulted Enumerate still makes wmi true).
	r.describeFirst = len(ops) > 0 && ops[0] == winclient.OpDescribe
	return r
}

func (r reads) run(ctx context.Context, c *winclient.Client, clusterName, resource string, out io.Writer) error {
	if r.describe && r.describeFirst {
		if err := describe(ctx, c, clusterName, out); err != nil {
			return err
		}
	}
	res, err := Read(ctx, c, clusterName, resource)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "cluster: %s\nresource: %s (type %s, state %s, group %s, node %s)\nregistry checkpoints: %d\n",
		res.Cluster, res.Name, res.ResourceType, res.State, res.OwnerGroup, res.OwnerNode, len(res.RegistryCheckpoints))
	for _, k := range res.RegistryCheckpoints {
		fmt.Fprintln(out, "  "+k)
	}
	if r.describe && !r.describeFirst {
		return describe(ctx, c, clusterName, out)
	}
	return nil
}

// describe prints what exchange_cluster would show.
func describe(ctx context.Context, c *winclient.Client, clusterName string, out io.Writer) error {
	info, err := c.DescribeCluster(ctx, clusterName)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "first contact: node %s, cluster %s, core group on %s, read over %s\n",
		info.ConnectedNode, info.Cluster, info.CoreGroupOwner, info.Transport)
	for _, n := range info.Nodes {
		fmt.Fprintf(out, "  node %s: %s\n", n.Name, n.State)
	}
	if info.PowerShellVersion != "" || info.FailoverClustersModule != "" {
		fmt.Fprintf(out, "  Windows PowerShell %s, FailoverClusters module %s\n", info.PowerShellVersion, info.FailoverClustersModule)
	}
	if info.PowerShellProblem != "" {
		fmt.Fprintf(out, "  PowerShell did not answer: %s\n", info.PowerShellProblem)
	}
	return nil
}

// Read is the provider's read path: the cluster's name, then the resource with its
// checkpoints.
func Read(ctx context.Context, c *winclient.Client, clusterName, resource string) (*winclient.Resource, error) {
	name, err := c.ClusterName(ctx, clusterName)
	if err != nil {
		return nil, err
	}
	return c.GetResource(ctx, name, resource)
}
