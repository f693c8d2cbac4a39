package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// verb is a control API call: its flags, its request and how to print the answer.
type verb struct {
	method, path string
	// flags lists the body fields the verb takes (and which are required).
	flags    []string
	required []string
	print    func(w io.Writer, body []byte) error
}

var verbs = map[string]verb{
	"move-group":        {"POST", "/cluster/move-group", []string{"group", "node"}, []string{"group"}, printGroup},
	"stop-node":         {"POST", "/cluster/stop-node", []string{"node"}, []string{"node"}, printNode},
	"start-node":        {"POST", "/cluster/start-node", []string{"node"}, []string{"node"}, printNode},
	"backup":            {"POST", "/cluster/backup", []string{"node", "type"}, []string{"type"}, printBackup},
	"add-checkpoint":    {"POST", "/cluster/add-checkpoint", []string{"resource", "key"}, []string{"resource", "key"}, printCheckpoint("added")},
	"remove-checkpoint": {"POST", "/cluster/remove-checkpoint", []string{"resource", "key"}, []string{"resource", "key"}, printCheckpoint("removed")},
	"powershell":        {"POST", "/node/powershell", []string{"node", "script"}, []string{"node", "script"}, nil}, // see runPowerShellVerb
	"state":             {"GET", "/cluster/state", nil, nil, printJSON},
	"stats":             {"GET", "/stats", nil, nil, nil}, // printStats, with --per-node
	"fault":             {"POST", "/faults", nil, nil, printJSON},
}

var flagHelp = map[string]string{
	"group":    "cluster group `NAME`",
	"node":     "node `NAME`",
	"type":     "backup type: normal or incremental",
	"resource": "cluster resource `NAME`",
	"key":      `registry key relative to HKLM (SOFTWARE\...)`,
	"script":   "PowerShell `SCRIPT` to run on the node, as at its console",
}

func runVerb(ctx context.Context, name string, v verb, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clustersim "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	control := fs.String("control", "", "control API address `HOST:PORT` of a running clustersim serve (required)")
	fields := map[string]*string{}
	for _, f := range v.flags {
		fields[f] = fs.String(f, "", flagHelp[f])
	}
	var fault clustersim.FaultRequest
	var perNode bool
	if name == "stats" {
		fs.BoolVar(&perNode, "per-node", false, "also print each node's counters")
		v.print = func(w io.Writer, body []byte) error { return printStats(w, body, perNode) }
	}
	if name == "fault" {
		fs.StringVar(&fault.Kind, "kind", "", "drop, fail, delay, refuse-auth, fill-shell-quota, latency or clear (required)")
		fs.StringVar(&fault.Node, "node", "", "node `NAME` (every node when empty)")
		fs.IntVar(&fault.Count, "count", 1, "number of requests affected")
		fs.StringVar(&fault.Action, "action", "", "only this WinRM action (Create, Command, Send, Receive, Signal, Delete)")
		code := fs.Uint("code", 0, "WSManFault code for --kind fail")
		fs.StringVar(&fault.Text, "text", "", "fault text for --kind fail")
		fs.StringVar(&fault.Delay, "delay", "", "duration for --kind delay or latency")
		fs.BoolVar(&fault.On, "on", false, "for --kind fill-shell-quota: on (absent: off)")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		fault.Code = uint32(*code)
		if fault.Kind == "" {
			fmt.Fprintf(stderr, "clustersim %s: --kind is required\n", name)
			return 2
		}
	} else if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "clustersim %s: unexpected argument %q\n", name, fs.Arg(0))
		return 2
	}
	if *control == "" {
		fmt.Fprintf(stderr, "clustersim %s: --control is required\n", name)
		return 2
	}
	for _, f := range v.required {
		if *fields[f] == "" {
			fmt.Fprintf(stderr, "clustersim %s: --%s is required\n", name, f)
			return 2
		}
	}

	var body any
	switch {
	case name == "fault":
		body = fault
	case v.method == "POST":
		body = clustersim.ClusterRequest{Group: val(fields, "group"), Node: val(fields, "node"), Type: val(fields, "type"),
			Resource: val(fields, "resource"), Key: val(fields, "key"), Script: val(fields, "script")}
	}
	status, resp, err := callControl(ctx, *control, v.method, v.path, body)
	if err != nil {
		fmt.Fprintf(stderr, "clustersim %s: %v\n", name, err)
		return 1
	}
	if status/100 != 2 {
		printError(stderr, name, resp)
		return 1
	}
	if name == "powershell" {
		return printPowerShell(stdout, stderr, resp)
	}
	if err := v.print(stdout, resp); err != nil {
		fmt.Fprintf(stderr, "clustersim %s: %v\n", name, err)
		return 1
	}
	return 0
}

func val(fields map[string]*string, name string) string {
	if p := fields[name]; p != nil {
		return *p
	}
	return ""
}

// callControl sends one request to the control API at addr ("host:port" or a URL).
func callControl(ctx context.Context, addr, method, path string, body any) (int, []byte, error) {
	base := addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(base, "/")+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("control API at %s: %w", addr, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return resp.StatusCode, data, err
}

func printError(w io.Writer, name string, body []byte) {
	var e clustersim.ErrorResponse
	if json.Unmarshal(body, &e) != nil || e.Error == "" {
		fmt.Fprintf(w, "clustersim %s: %s\n", name, strings.TrimSpace(string(body)))
		return
	}
	if e.Event != nil {
		fmt.Fprintf(w, "clustersim %s: failed: Event ID %d, source %q, %s: %s\n", name, e.Event.EventID, e.Event.Source, e.Event.EntryType, e.Event.Message)
		return
	}
	fmt.Fprintf(w, "clustersim %s: %s\n", name, e.Error)
}

func printGroup(w io.Writer, body []byte) error {
	var g cluster.GroupInfo
	if err := json.Unmarshal(body, &g); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s: owner %s, %s\n", g.Name, g.OwnerNode, g.State)
	return err
}

func printNode(w io.Writer, body []byte) error {
	var n cluster.NodeInfo
	if err := json.Unmarshal(body, &n); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s: %s\n", n.Name, n.State)
	return err
}

func printBackup(w io.Writer, body []byte) error {
	var r cluster.BackupResult
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s backup of \\\\%s on %s: %s\n", r.Type, r.Server, r.Node, r.Message)
	return err
}

func printCheckpoint(what string) func(io.Writer, []byte) error {
	return func(w io.Writer, body []byte) error {
		var cp cluster.Checkpoint
		if err := json.Unmarshal(body, &cp); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "checkpoint %s: %s on %q\n", what, cp.Key, cp.Resource)
		return err
	}
}

// printStats prints the counters summed over the nodes (and per node when asked).
func printStats(w io.Writer, body []byte, perNode bool) error {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return err
	}
	if !perNode {
		delete(m, "nodes")
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}

func printJSON(w io.Writer, body []byte) error {
	if !json.Valid(body) {
		return errors.New("the control API answered something that is not JSON")
	}
	_, err := w.Write(body)
	return err
}

// printPowerShell writes what the script printed to our stdout and stderr and returns its
// exit code, so that `clustersim powershell` behaves like the powershell.exe it stands for.
func printPowerShell(stdout, stderr io.Writer, body []byte) int {
	var r clustersim.PowerShellResponse
	if err := json.Unmarshal(body, &r); err != nil {
		fmt.Fprintf(stderr, "clustersim powershell: %v\n", err)
		return 1
	}
	_, _ = io.WriteString(stdout, r.Stdout)
	_, _ = io.WriteString(stderr, r.Stderr)
	return r.ExitCode
}
