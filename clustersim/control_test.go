package clustersim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

func call(t *testing.T, srv *httptest.Server, method, path, body string, wantStatus int, into any) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		var e ErrorResponse
		_ = json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("%s %s: status %d (%s), want %d", method, path, resp.StatusCode, e.Error, wantStatus)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s: content type %q", method, path, ct)
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func TestControlStats(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	runCmd(t, client(t, s.URL("NODE2"), nil, testPassword), "hostname")
	srv := httptest.NewServer(s.ControlHandler())
	defer srv.Close()

	var raw map[string]any
	call(t, srv, "GET", "/stats", "", 200, &raw)
	for _, field := range []string{"http_requests", "shells_created", "shells_open", "commands", "powershell_starts", "bytes_in", "bytes_out", "requests_by_action", "nodes"} {
		if _, ok := raw[field]; !ok {
			t.Errorf("GET /stats has no %q: %v", field, raw)
		}
	}
	var st StatsResponse
	call(t, srv, "GET", "/stats", "", 200, &st)
	if st.Commands != 1 || st.Nodes["NODE2"].Commands != 1 || st.Nodes["NODE1"].Commands != 0 || st.BytesIn == 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestControlClusterVerbs(t *testing.T) {
	s := startSim(t, Options{})
	srv := httptest.NewServer(s.ControlHandler())
	defer srv.Close()

	var res cluster.BackupResult
	call(t, srv, "POST", "/cluster/backup", `{"type":"normal"}`, 200, &res)
	if res.Node != "NODE1" {
		t.Fatalf("full backup ran on %q", res.Node)
	}
	var g cluster.GroupInfo
	call(t, srv, "POST", "/cluster/move-group", `{"group":"Exchange Group","node":"NODE2"}`, 200, &g)
	if g.OwnerNode != "NODE2" {
		t.Fatalf("moved group: %+v", g)
	}
	// The KB: the incremental backup on NODE2 fails with event 8010.
	var e ErrorResponse
	call(t, srv, "POST", "/cluster/backup", `{"type":"incremental","node":"NODE2"}`, 409, &e)
	if e.Event == nil || e.Event.EventID != 8010 || e.Event.Source != "NT backup" {
		t.Fatalf("incremental backup: %+v", e)
	}

	var n cluster.NodeInfo
	call(t, srv, "POST", "/cluster/stop-node", `{"node":"NODE2"}`, 200, &n)
	call(t, srv, "POST", "/cluster/start-node", `{"node":"NODE2"}`, 200, &n)
	if n.Name != "NODE2" {
		t.Fatalf("start-node: %+v", n)
	}
	var cp cluster.Checkpoint
	call(t, srv, "POST", "/cluster/add-checkpoint", `{"resource":"Microsoft Exchange System Attendant","key":"SOFTWARE\\Microsoft\\Exchange\\Backupinformation"}`, 200, &cp)
	call(t, srv, "POST", "/cluster/add-checkpoint", `{"resource":"Microsoft Exchange System Attendant","key":"SOFTWARE\\Microsoft\\Exchange\\Backupinformation"}`, 409, &e)
	if e.Code != 183 { // ERROR_ALREADY_EXISTS
		t.Fatalf("duplicate checkpoint: %+v", e)
	}
	call(t, srv, "POST", "/cluster/remove-checkpoint", `{"resource":"Microsoft Exchange System Attendant","key":"SOFTWARE\\Microsoft\\Exchange\\Backupinformation"}`, 200, &cp)
	var sum cluster.Summary
	call(t, srv, "GET", "/cluster/state", "", 200, &sum)
	if sum.Cluster.Name != "EXCLUSTER" || len(sum.Nodes) != 2 {
		t.Fatalf("state: %+v", sum)
	}
}

func TestControlErrors(t *testing.T) {
	s := startSim(t, Options{})
	srv := httptest.NewServer(s.ControlHandler())
	defer srv.Close()
	tests := []struct {
		method, path, body string
		status             int
		text               string
	}{
		{"POST", "/cluster/move-group", `{"group":"Exchange Group","node":"NODE9"}`, 409, ""},
		{"POST", "/cluster/move-group", `{"node":"NODE2"}`, 400, `missing field "group"`},
		{"POST", "/cluster/move-group", `{"group":`, 400, "bad JSON body"},
		{"POST", "/cluster/move-group", `{"grup":"x"}`, 400, "unknown field"},
		{"POST", "/cluster/backup", `{"type":"differential"}`, 400, "unsupported backup type"},
		{"POST", "/faults", `{"kind":"explode"}`, 400, "unknown fault kind"},
		{"POST", "/faults", `{"kind":"drop","node":"NODE7"}`, 404, "no such node"},
		{"POST", "/faults", `{"kind":"fail"}`, 400, "needs a code"},
		{"GET", "/nope", "", 404, "no such control endpoint"},
		{"GET", "/cluster/backup", "", 404, ""},
	}
	for _, tt := range tests {
		var e ErrorResponse
		call(t, srv, tt.method, tt.path, tt.body, tt.status, &e)
		if e.Error == "" || !strings.Contains(e.Error, tt.text) {
			t.Errorf("%s %s: error %q, want it to contain %q", tt.method, tt.path, e.Error, tt.text)
		}
	}
}

func TestControlFaults(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	srv := httptest.NewServer(s.ControlHandler())
	defer srv.Close()
	call(t, srv, "POST", "/faults", `{"kind":"refuse-auth","node":"NODE1","count":1}`, 200, nil)
	c := client(t, s.URL("NODE1"), nil, testPassword)
	if _, _, _, err := c.RunWithContextWithString(t.Context(), "hostname", ""); err == nil {
		t.Fatal("authentication should have been refused once")
	}
	if out, _, _ := runCmd(t, c, "hostname"); out != "NODE1\r\n" {
		t.Fatalf("after the fault: %q", out)
	}
	// NODE2 was not touched.
	call(t, srv, "POST", "/faults", `{"kind":"fail","node":"NODE2","action":"Create","code":2150859173,"text":"quota"}`, 200, nil)
	if _, _, _, err := client(t, s.URL("NODE2"), nil, testPassword).RunWithContextWithString(t.Context(), "hostname", ""); err == nil {
		t.Fatalf("injected fault: %v", err)
	}
	call(t, srv, "POST", "/faults", `{"kind":"clear"}`, 200, nil)
	if out, _, _ := runCmd(t, client(t, s.URL("NODE2"), nil, testPassword), "hostname"); out != "NODE2\r\n" {
		t.Fatalf("after clear: %q", out)
	}
}
