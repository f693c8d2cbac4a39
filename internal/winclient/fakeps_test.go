package winclient

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// This file is a test double of powershell.exe behind the real WS-Management server
// (clustersim/wsman): it reads the lines our client sends, recognises the embedded
// script by its text, and answers from a small cluster model in Go. It tests the client's
// protocol, pooling, caching and error paths over real WinRM; the scripts themselves are
// tested against the simulator's PowerShell engine in sim_test.go.

const (
	fakeUser     = "CORP\\admin"
	fakePassword = "Pa55-w0rd!secret"
)

type fakeResource struct {
	Name, Type, State, Group, Node string
	Checkpoints                    []string
}

type fakeCluster struct {
	mu        sync.Mutex
	name      string
	resources []*fakeResource
	runs      map[string]int // script runs by op
	// hooks, by op: called before the op runs; returning false makes the process exit
	// without answering (a crash).
	before func(op string, in scriptInput) bool
	// lastInput keeps the decoded input of the last run, for byte-for-byte checks.
	lastInput scriptInput
	starts    atomic.Int64
}

func newFakeCluster() *fakeCluster {
	return &fakeCluster{
		name: "EXCLUSTER",
		resources: []*fakeResource{
			{Name: "Microsoft Exchange System Attendant", Type: "Microsoft Exchange System Attendant", State: "Online", Group: "Exchange Group", Node: "NODE1"},
			{Name: "Cluster Name", Type: "Network Name", State: "Online", Group: "Cluster Group", Node: "NODE1", Checkpoints: []string{"SOFTWARE\\Clusname"}},
		},
		runs: map[string]int{},
	}
}

var reInvocation = regexp.MustCompile(`^try \{ & \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)\)\)\) -Payload '([A-Za-z0-9+/=]+)' -RunId '([0-9a-f]+)' \} finally \{ '##winclient-end ([0-9a-f]+)' \}$`)

// reProbe is the first line a new session is sent: a string that prints the end marker.
var reProbe = regexp.MustCompile(`^'##winclient-end ([0-9a-f]+)'$`)

func decodeUTF16Base64(s string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b)%2 != 0 {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u)), true
}

// Execute implements wsman.Executor.
func (f *fakeCluster) Execute(ctx context.Context, cmd wsman.Command, stdin io.Reader, stdout, stderr io.Writer) int {
	var lines io.Reader
	switch {
	case cmd.Command == powershellCommand:
		lines = stdin
	case cmd.Command == powershellPath && cmd.SkipCmdShell && len(cmd.Arguments) > 1 && cmd.Arguments[len(cmd.Arguments)-2] == "-EncodedCommand":
		script, ok := decodeUTF16Base64(cmd.Arguments[len(cmd.Arguments)-1])
		if !ok {
			fmt.Fprint(stderr, "bad -EncodedCommand\r\n")
			return 1
		}
		lines = strings.NewReader(script + "\n")
	default:
		fmt.Fprintf(stderr, "'%s' is not recognized\r\n", cmd.Command)
		return 1
	}
	f.starts.Add(1)
	sc := bufio.NewScanner(lines)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if p := reProbe.FindStringSubmatch(line); p != nil {
			fmt.Fprintf(stdout, "%s%s\r\n", endMarker, p[1])
			continue
		}
		m := reInvocation.FindStringSubmatch(line)
		if m == nil {
			fmt.Fprint(stderr, "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S S=\"Error\">The line is not an invocation_x000D__x000A_</S></Objs>")
			continue
		}
		scriptText, _ := base64.StdEncoding.DecodeString(m[1])
		op := ""
		for _, o := range scriptOps {
			if string(scriptText) == script(o) {
				op = o
			}
		}
		raw, _ := base64.StdEncoding.DecodeString(m[2])
		var in scriptInput
		_ = json.Unmarshal(raw, &in)
		if f.before != nil && !f.before(op, in) {
			return 1
		}
		env := f.answer(op, in)
		env["nonce"] = m[3]
		js, _ := json.Marshal(env)
		fmt.Fprintf(stdout, "%s%s\r\n%s%s\r\n", resultMarker, base64.StdEncoding.EncodeToString(js), endMarker, m[4])
	}
	return 0
}

func (f *fakeCluster) find(name string) *fakeResource {
	for _, r := range f.resources {
		if strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

func (f *fakeCluster) row(r *fakeResource) map[string]any {
	cps := append([]string{}, r.Checkpoints...)
	return map[string]any{"name": r.Name, "type": r.Type, "state": r.State, "ownerGroup": r.Group, "ownerNode": r.Node, "checkpoints": cps}
}

func fail(kind, msg string) map[string]any {
	return map[string]any{"ok": false, "kind": kind, "message": msg}
}

func (f *fakeCluster) answer(op string, in scriptInput) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs[op]++
	f.lastInput = in
	if in.Cluster != "" && !strings.EqualFold(in.Cluster, f.name) {
		return fail("cluster_not_found", "no such cluster")
	}
	switch op {
	case opSnapshot:
		var rows []any
		for _, r := range f.resources {
			rows = append(rows, f.row(r))
		}
		return map[string]any{"ok": true, "data": map[string]any{"cluster": f.name, "resources": rows}}
	case opAdd, opRemove:
		r := f.find(in.Resource)
		if r == nil {
			return fail("resource_not_found", "no such resource")
		}
		idx := -1
		for i, cp := range r.Checkpoints {
			if strings.EqualFold(cp, in.Key) {
				idx = i
			}
		}
		if op == opAdd {
			if idx >= 0 {
				return fail("already_exists", "already checkpointed")
			}
			r.Checkpoints = append(r.Checkpoints, in.Key)
		} else {
			if idx < 0 {
				return fail("checkpoint_not_found", "not checkpointed")
			}
			r.Checkpoints = append(r.Checkpoints[:idx], r.Checkpoints[idx+1:]...)
		}
		return map[string]any{"ok": true, "data": map[string]any{"cluster": f.name, "resources": []any{f.row(r)}}}
	}
	return fail("windows_error", "unknown script")
}

func (f *fakeCluster) runCount(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runs[op]
}

// saCheckpoints are the System Attendant's checkpoints.
func (f *fakeCluster) saCheckpoints() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string{}, f.find(sa).Checkpoints...)
}

// fakeEndpoint serves a fake cluster over the real WS-Management server.
type fakeEndpoint struct {
	ep      *wsman.Endpoint
	cluster *fakeCluster
	host    string
	port    int
}

func startFake(t *testing.T, tweak func(*wsman.Config)) *fakeEndpoint {
	t.Helper()
	fc := newFakeCluster()
	cfg := wsman.Config{
		Executor:         fc,
		Users:            map[string]string{fakeUser: fakePassword},
		AllowUnencrypted: true,
		MachineName:      "NODE1",
		MaxShellsPerUser: 5,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	ep, err := wsman.Listen(cfg, wsman.ListenOptions{})
	if err != nil {
		t.Fatalf("wsman.Listen: %v", err)
	}
	t.Cleanup(func() { _ = ep.Close() })
	u, _ := url.Parse(ep.URL)
	host, portStr, _ := net.SplitHostPort(u.Host)
	port, _ := strconv.Atoi(portStr)
	return &fakeEndpoint{ep: ep, cluster: fc, host: host, port: port}
}

func (fe *fakeEndpoint) config() Config {
	return Config{
		Host:                  fe.host,
		Port:                  fe.port,
		Username:              fakeUser,
		Password:              fakePassword,
		Auth:                  AuthNTLM,
		NTLMWithoutEncryption: true,
		Timeout:               20 * time.Second,
		OperationTimeout:      5 * time.Second,
	}
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
