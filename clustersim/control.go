package clustersim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// SetStdinHang turns the 2016 RTM stdin hang (Options.StdinCommandHangs) on or off for one
// node; PowerShell processes already started keep their behaviour.
func (s *Sim) SetStdinHang(nodeName string, on bool) error {
	n := s.node(nodeName)
	if n == nil {
		return fmt.Errorf("no such node: %q", nodeName)
	}
	n.stdinHang.Store(on)
	return nil
}

// SetWMIRegistered registers (true) or unregisters (false) root\MSCluster on a node, as
// installing or removing the cluster's WMI provider does. It reports whether the node
// exists.
func (s *Sim) SetWMIRegistered(nodeName string, on bool) bool {
	n := s.node(nodeName)
	if n == nil {
		return false
	}
	n.wmi.SetRegistered(on)
	return true
}

// Faults is a node's fault injector (nil when there is no such node).
func (s *Sim) Faults(nodeName string) *wsman.Faults {
	if n := s.node(nodeName); n != nil {
		return n.wsman.Faults()
	}
	return nil
}

// SetLatency changes the per-request latency of every node.
func (s *Sim) SetLatency(d time.Duration) {
	for _, n := range s.nodes {
		n.wsman.SetLatency(d)
	}
}

// StatsResponse is GET /stats: the counters summed over the nodes, and per node.
type StatsResponse struct {
	simstats.Snapshot
	Nodes map[string]simstats.Snapshot `json:"nodes"`
}

// FaultRequest is POST /faults.
type FaultRequest struct {
	// Node is the node to act on; every node when empty.
	Node string `json:"node,omitempty"`
	// Kind is one of: drop (close the connection before answering), fail (HTTP 500 with
	// the fault Code/Text), delay (hold answers back by Delay), refuse-auth (answer 401),
	// fill-shell-quota (On: every Create gets the MaxShellsPerUser fault), stdin-hang (On:
	// powershell.exe -Command - hangs, see Options.StdinCommandHangs), latency (set
	// the per-request latency to Delay), clear (remove pending faults).
	Kind string `json:"kind"`
	// Count is how many requests the fault applies to (1 when 0).
	Count int `json:"count,omitempty"`
	// Action limits drop and fail to one action (Create, Command, Send, Receive, Signal,
	// Delete); every action when empty.
	Action string `json:"action,omitempty"`
	Code   uint32 `json:"code,omitempty"`
	Text   string `json:"text,omitempty"`
	// Delay is a Go duration ("500ms", "2s").
	Delay string `json:"delay,omitempty"`
	On    bool   `json:"on,omitempty"`
}

// ClusterRequest is the body of the cluster verbs.
type ClusterRequest struct {
	Group string `json:"group,omitempty"`
	Node  string `json:"node,omitempty"`
	// Type is the backup type: normal or incremental.
	Type string `json:"type,omitempty"`
	// Resource and Key name a registry checkpoint (the key relative to HKLM).
	Resource string `json:"resource,omitempty"`
	Key      string `json:"key,omitempty"`
	// Script is the PowerShell script of POST /node/powershell.
	Script string `json:"script,omitempty"`
}

// PowerShellResponse is what a script run by POST /node/powershell printed, and its exit code.
type PowerShellResponse struct {
	Stdout   string `json:"stdout"`
	Stderr   string `json:"stderr"`
	ExitCode int    `json:"exit_code"`
}

// ErrorResponse is every error of the control API.
type ErrorResponse struct {
	Error string `json:"error"`
	// Code is the Win32 error code of a failed cluster operation, when there is one.
	Code int `json:"code,omitempty"`
	// Event is the event a failed backup wrote.
	Event *cluster.EventEntry `json:"event,omitempty"`
}

// ControlHandler is the JSON control API: GET /stats, POST /faults, POST
// /cluster/move-group, /cluster/stop-node, /cluster/start-node, /cluster/backup,
// /cluster/add-checkpoint, /cluster/remove-checkpoint and GET /cluster/state.
func (s *Sim) ControlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", s.handleStats)
	mux.HandleFunc("POST /faults", s.handleFaults)
	mux.HandleFunc("POST /cluster/move-group", s.handleMoveGroup)
	mux.HandleFunc("POST /cluster/stop-node", s.handleStopNode)
	mux.HandleFunc("POST /cluster/start-node", s.handleStartNode)
	mux.HandleFunc("POST /cluster/backup", s.handleBackup)
	mux.HandleFunc("GET /cluster/state", s.handleState)
	mux.HandleFunc("POST /cluster/add-checkpoint", s.handleAddCheckpoint)
	mux.HandleFunc("POST /cluster/remove-checkpoint", s.handleRemoveCheckpoint)
	mux.HandleFunc("POST /node/powershell", s.handlePowerShell)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no such control endpoint: %s %s", r.Method, r.URL.Path))
	})
	return mux
}

func (s *Sim) handleStats(w http.ResponseWriter, _ *http.Request) {
	resp := StatsResponse{Snapshot: s.Stats(), Nodes: map[string]simstats.Snapshot{}}
	for _, n := range s.nodes {
		resp.Nodes[n.name] = n.counters.Snapshot()
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Sim) handleFaults(w http.ResponseWriter, r *http.Request) {
	var req FaultRequest
	if !readJSON(w, r, &req) {
		return
	}
	nodes := s.nodes
	if req.Node != "" {
		n := s.node(req.Node)
		if n == nil {
			writeError(w, http.StatusNotFound, fmt.Errorf("no such node: %q", req.Node))
			return
		}
		nodes = []*node{n}
	}
	count := req.Count
	if count <= 0 {
		count = 1
	}
	var delay time.Duration
	if req.Delay != "" {
		var err error
		if delay, err = time.ParseDuration(req.Delay); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("delay: %w", err))
			return
		}
	}
	for _, n := range nodes {
		f := n.wsman.Faults()
		switch strings.ToLower(req.Kind) {
		case "drop":
			f.DropConnections(count, req.Action)
		case "fail":
			if req.Code == 0 {
				writeError(w, http.StatusBadRequest, errors.New("fail needs a code (a WSManFault code such as 2150858793)"))
				return
			}
			f.FailWith(count, req.Action, req.Code, req.Text)
		case "delay":
			f.Delay(count, delay)
		case "refuse-auth":
			f.RefuseAuth(count)
		case "fill-shell-quota":
			f.FillShellQuota(req.On)
		case "stdin-hang":
			n.stdinHang.Store(req.On)
		case "latency":
			n.wsman.SetLatency(delay)
		case "clear":
			f.Clear()
		default:
			writeError(w, http.StatusBadRequest, fmt.Errorf("unknown fault kind %q (drop, fail, delay, refuse-auth, fill-shell-quota, stdin-hang, latency, clear)", req.Kind))
			return
		}
	}
	names := make([]string, len(nodes))
	for i, n := range nodes {
		names[i] = n.name
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": req.Kind, "nodes": names})
}

func (s *Sim) handleMoveGroup(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "group", req.Group) {
		return
	}
	g, err := s.cluster.MoveGroup(req.Group, req.Node)
	s.reply(w, g, err)
}

func (s *Sim) handleStopNode(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "node", req.Node) {
		return
	}
	n, err := s.cluster.StopNode(req.Node)
	s.reply(w, n, err)
}

func (s *Sim) handleStartNode(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "node", req.Node) {
		return
	}
	n, err := s.cluster.StartNode(req.Node)
	s.reply(w, n, err)
}

// handleBackup runs ntbackup as if started on Node ("" means the node owning the
// Exchange group), as the KB's operator does.
func (s *Sim) handleBackup(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "type", req.Type) {
		return
	}
	kind, err := cluster.ParseBackupType(req.Type)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	res, err := s.cluster.Backup(req.Node, kind)
	s.reply(w, res, err)
}

// handleAddCheckpoint and handleRemoveCheckpoint change checkpoints out of band, as an
// administrator in Cluster Administrator would.
func (s *Sim) handleAddCheckpoint(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "resource", req.Resource) || !require(w, "key", req.Key) {
		return
	}
	cp, err := s.cluster.AddCheckpoint(req.Resource, req.Key)
	s.reply(w, cp, err)
}

func (s *Sim) handleRemoveCheckpoint(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "resource", req.Resource) || !require(w, "key", req.Key) {
		return
	}
	cp, err := s.cluster.RemoveCheckpoint(req.Resource, req.Key)
	s.reply(w, cp, err)
}

// handlePowerShell runs a script in a new PowerShell process on a node, as an administrator
// at the node's console would (powershell -NoProfile -NonInteractive -Command): the node's
// cmdlets, registry and programs, not WinRM. It is not counted in the WinRM statistics.
func (s *Sim) handlePowerShell(w http.ResponseWriter, r *http.Request) {
	var req ClusterRequest
	if !readJSON(w, r, &req) || !require(w, "node", req.Node) || !require(w, "script", req.Script) {
		return
	}
	n := s.node(req.Node)
	if n == nil {
		writeError(w, http.StatusNotFound, fmt.Errorf("no node named %q", req.Node))
		return
	}
	var stdout, stderr bytes.Buffer
	inv := cmdexe.Invocation{Argv: []string{"powershell.exe"}, Script: req.Script, NoProfile: true, NonInteractive: true}
	code := n.host.PowerShell(r.Context(), inv, strings.NewReader(""), &stdout, &stderr)
	writeJSON(w, http.StatusOK, PowerShellResponse{Stdout: stdout.String(), Stderr: stderr.String(), ExitCode: code})
}

func (s *Sim) handleState(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(s.cluster.DumpJSON())
}

// reply writes a cluster operation's result, or its error: 409 with the Win32 code (and
// the event of a failed backup).
func (s *Sim) reply(w http.ResponseWriter, v any, err error) {
	if err == nil {
		writeJSON(w, http.StatusOK, v)
		return
	}
	resp := ErrorResponse{Error: err.Error(), Code: cluster.Code(err)}
	var be *cluster.BackupError
	if errors.As(err, &be) {
		resp.Event = &be.Event
	}
	writeJSON(w, http.StatusConflict, resp)
}

func require(w http.ResponseWriter, field, value string) bool {
	if value == "" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("missing field %q", field))
		return false
	}
	return true
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		writeError(w, http.StatusBadRequest, fmt.Errorf("bad JSON body: %w", err))
		return false
	}
	return true
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, ErrorResponse{Error: err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
