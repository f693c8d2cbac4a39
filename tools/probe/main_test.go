package main

import (
	"bytes"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// The probe against the simulator, as a 2012 R2 node answers: each step classified as the
// table says, the conversation recorded, and the recording classified again alike.
func TestProbeRecordsAndClassifies(t *testing.T) {
	t.Setenv(recording.EnvVar, "") // restored after run sets it
	s, err := clustersim.Start(clustersim.Options{Username: "admin", Password: "probe-secret", AllowUnencrypted: true, Windows: clustersim.Windows2012R2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	host, port, _ := net.SplitHostPort(s.Addr(s.Nodes()[0]))
	cfg, err := configFromEnv(func(name string) string {
		return map[string]string{"EXCHANGE_WINRM_HOST": host, "EXCHANGE_WINRM_PORT": port, "EXCHANGE_WINRM_USERNAME": "admin",
			"EXCHANGE_WINRM_PASSWORD": "probe-secret", "EXCHANGE_WINRM_AUTH": "basic"}[name]
	})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "probe.jsonl")
	var out bytes.Buffer
	if err := run(cfg, file, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := []winclient.Kind{winclient.KindWMIUnavailable, winclient.KindResourceNotFound, winclient.KindResourceNotFound, ""}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")[1:]
	if len(lines) != len(want) {
		t.Fatalf("want %d steps:\n%s", len(want), out.String())
	}
	for i, k := range want {
		if k == "" && !strings.Contains(lines[i], " ok: ") || k != "" && !strings.Contains(lines[i], " "+string(k)+" ") {
			t.Errorf("step %d: want %q in %q", i, k, lines[i])
		}
	}
	exchanges, err := recording.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got []winclient.Kind
	for _, e := range exchanges {
		if strings.Contains(e.Request, "probe-secret") || strings.Contains(e.Response, "probe-secret") {
			t.Fatal("the password is in the recording")
		}
		if step, ok := winclient.ClassifyRecordedProbe(e.Action, e.Request, e.Response); ok {
			got = append(got, step.Kind)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("recorded probe steps %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("recorded step %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, bad := range []map[string]string{
		{},
		{"EXCHANGE_WINRM_HOST": "h", "EXCHANGE_WINRM_PORT": "x"},
		{"EXCHANGE_WINRM_HOST": "h", "EXCHANGE_WINRM_HTTPS": "maybe"},
		{"EXCHANGE_WINRM_HOST": "h", "EXCHANGE_WINRM_TIMEOUT": "soon"},
	} {
		if _, err := configFromEnv(func(n string) string { return bad[n] }); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
	cfg, err := configFromEnv(func(n string) string {
		return map[string]string{"EXCHANGE_WINRM_HOST": "h", "EXCHANGE_WINRM_PORT": "5986", "EXCHANGE_WINRM_HTTPS": "true"}[n]
	})
	if err != nil || cfg.Port != 5986 || !cfg.HTTPS || cfg.Transport != winclient.TransportWMI || strconv.Itoa(cfg.Port) != "5986" {
		t.Fatalf("%+v %v", cfg, err)
	}
}
