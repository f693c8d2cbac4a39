package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

const (
	user     = `EXCHANGE\tfadmin`
	password = "Replay-Secret-1"
	sa       = "Microsoft Exchange System Attendant"
	key      = `SOFTWARE\Microsoft\Exchange\Backupinformation`
)

// record runs a first contact and the read path against a simulated cluster on transport,
// with EXCHANGE_WINRM_RECORD set, as a user's terraform plan with exchange_cluster and a
// checkpoint resource would, and returns the recording.
func record(t *testing.T, transport string, describeFirst bool) []recording.Exchange {
	return recordOn(t, clustersim.Options{}, cluster.DefaultConfig(), transport, describeFirst)
}

// recordOn is record on a simulator started with opts (its account and cluster set here) on
// a cluster of the given configuration.
func recordOn(t *testing.T, opts clustersim.Options, cfg cluster.Config, transport string, describeFirst bool) []recording.Exchange {
	t.Helper()
	path := filepath.Join(t.TempDir(), "winrm.jsonl")
	t.Setenv(recording.EnvVar, path)
	opts.Username, opts.Password, opts.Cluster = user, password, &cfg
	sim, err := clustersim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	if _, err := sim.Cluster().AddCheckpoint(sa, key); err != nil {
		t.Fatal(err)
	}

	host, portText, _ := net.SplitHostPort(sim.Addr(sim.Nodes()[0]))
	port, _ := strconv.Atoi(portText)
	// NTLM with message encryption, Windows' default: the recording holds the envelopes
	// decrypted.
	c, err := winclient.New(winclient.Config{Host: host, Port: port, Username: user, Password: password,
		Auth: winclient.AuthNTLM, Timeout: 30 * time.Second, OperationTimeout: 5 * time.Second, Transport: transport})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	r := reads{describe: true, describeFirst: describeFirst}
	if err := r.run(ctx, c, "", sa, &out); err != nil {
		t.Fatalf("recording on %s: %v", transport, err)
	}
	_ = c.Close()
	os.Unsetenv(recording.EnvVar)
	exchanges, err := recording.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return exchanges
}

// A recording made on each transport replays on that transport, with first contact where
// the recording had it, and reads what the cluster held, without a request departing from
// the recording.
func TestReplayOfEachTransport(t *testing.T) {
	for _, tc := range []struct {
		transport      string
		describeFirst  bool
		wmiUnavailable bool
		want           []string
	}{
		{winclient.TransportWMI, false, false, []string{"transport: wmi", "read over wmi"}},
		{winclient.TransportWMI, true, false, []string{"transport: wmi", "read over wmi"}},
		{winclient.TransportPowerShell, false, false, []string{"transport: powershell", "read over powershell", "FailoverClusters module answers"}},
		{winclient.TransportPowerShell, true, false, []string{"transport: powershell", "read over powershell"}},
		{winclient.TransportAuto, false, false, []string{"transport: auto", "read over wmi", "FailoverClusters module answers"}},
		{winclient.TransportAuto, true, false, []string{"transport: auto", "read over wmi", "FailoverClusters module answers"}},
		// A node without root\MSCluster: auto's first Enumerate faults, and shells carry
		// every read, in the order the recording has them.
		{winclient.TransportAuto, false, true, []string{"transport: auto", "read over powershell"}},
		{winclient.TransportAuto, true, true, []string{"transport: auto", "read over powershell"}},
	} {
		name := tc.transport + "/describe first " + strconv.FormatBool(tc.describeFirst)
		if tc.wmiUnavailable {
			name += "/without WMI"
		}
		t.Run(name, func(t *testing.T) {
			var opts clustersim.Options
			if tc.wmiUnavailable {
				opts.WMIUnavailable = []string{"*"}
			}
			exchanges := recordOn(t, opts, cluster.DefaultConfig(), tc.transport, tc.describeFirst)
			var out bytes.Buffer
			if err := replayRecording(exchanges, "", sa, &out); err != nil {
				t.Fatalf("replay: %v\n%s", err, out.String())
			}
			want := append([]string{"cluster: EXCLUSTER", "registry checkpoints: 1", "  " + key,
				"first contact: node NODE1, cluster EXCLUSTER", "node NODE2: Up"}, tc.want...)
			for _, w := range want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("the replay printed no %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// A recording that lacks what the replay asks for says which request departed from it.
func TestReplaySaysWhatTheRecordingLacks(t *testing.T) {
	exchanges := record(t, winclient.TransportWMI, false)
	var kept []recording.Exchange
	for _, e := range exchanges {
		if !strings.Contains(e.Request, "/MSCluster_Resource<") && !strings.Contains(e.Request, "FROM MSCluster_Resource") {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(exchanges) {
		t.Fatal("the recording holds no enumeration of MSCluster_Resource")
	}
	var out bytes.Buffer
	err := replayRecording(kept, "", sa, &out)
	if err == nil || !strings.Contains(err.Error(), "the recording holds no enumeration of") || !strings.Contains(err.Error(), "MSCluster_Resource") {
		t.Fatalf("replay without the resources' enumeration: %v\n%s", err, out.String())
	}
}

// An enumeration longer than one answer (MaxEnvelopeSize) goes on by Pulls: the replay
// hands the recorded pages in order, under its own EnumerationContext.
func TestReplayPullsPagesAsRecorded(t *testing.T) {
	cfg := cluster.DefaultConfig()
	g := cluster.GroupConfig{Name: "Bulk Group"}
	for i := range 60 {
		r := cluster.ResourceConfig{Name: fmt.Sprintf("Bulk Service %02d", i), Type: "Generic Service"}
		for j := range 30 {
			r.Checkpoints = append(r.Checkpoints, fmt.Sprintf(`SOFTWARE\Contoso\Bulk\%s\Service%02d\Key%02d`, strings.Repeat("x", 40), i, j))
		}
		g.Resources = append(g.Resources, r)
	}
	cfg.Groups = append(cfg.Groups, g)
	exchanges := recordOn(t, clustersim.Options{}, cfg, winclient.TransportWMI, false)
	pulls := 0
	for _, e := range exchanges {
		if e.Action == "Pull" {
			pulls++
		}
	}
	if pulls == 0 {
		t.Fatal("the recording holds no Pull: the cluster's resources fit in one answer")
	}
	var out bytes.Buffer
	if err := replayRecording(exchanges, "", sa, &out); err != nil {
		t.Fatalf("replay: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "registry checkpoints: 1\n  "+key) {
		t.Errorf("replay of %d Pulls:\n%s", pulls, out.String())
	}
}

// A recording of tools/probe is classified from the file: each answer as the table says, and
// nothing else is taken for a probe step.
func TestReplayClassifiesProbe(t *testing.T) {
	fault, err := os.ReadFile("../../internal/winclient/wsman/testdata/faults/get_instance_missing_2012r2.xml")
	if err != nil {
		t.Fatal(err)
	}
	exchanges := []recording.Exchange{
		{Action: "Get", Request: `<s:Envelope><w:Selector Name="Name">exchange-provider-probe: no such resource</w:Selector></s:Envelope>`, Response: string(fault), Fault: true},
		{Action: "RemoveRegistryCheckpoint", Request: `<w:Selector Name="Name">exchange-provider-probe: no such resource</w:Selector>`, Response: string(fault), Fault: true},
		{Action: "Enumerate", Request: "<n:Enumerate/>", Response: ""},
	}
	var out strings.Builder
	if n := classifyProbe(exchanges, &out); n != 2 {
		t.Fatalf("%d probe steps:\n%s", n, out.String())
	}
	if strings.Count(out.String(), "resource_not_found") != 2 {
		t.Fatalf("want both classified resource_not_found:\n%s", out.String())
	}
}
