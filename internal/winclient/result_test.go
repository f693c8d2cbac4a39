package winclient

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func resultLine(t *testing.T, env any) string {
	t.Helper()
	js, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return resultMarker + base64.StdEncoding.EncodeToString(js)
}

func TestFindEnvelope(t *testing.T) {
	okLine := resultLine(t, map[string]any{"ok": true, "nonce": "n1", "data": map[string]any{"cluster": "C1"}})
	staleLine := resultLine(t, map[string]any{"ok": true, "nonce": "n0", "data": map[string]any{"cluster": "OLD"}})
	failLine := resultLine(t, map[string]any{"ok": false, "nonce": "n1", "kind": "resource_not_found", "message": "gone"})
	oddKind := resultLine(t, map[string]any{"ok": false, "nonce": "n1", "kind": "brand_new", "message": "x"})

	env, found, err := findEnvelope("banner\r\n"+staleLine+"\r\n"+okLine+"\r\n", "n1")
	if !found || err != nil || !env.OK {
		t.Fatalf("found=%v err=%v env=%+v", found, err, env)
	}
	var d clusterData
	if err := decodeData(env.Data, &d); err != nil || d.Cluster != "C1" {
		t.Fatalf("data = %+v, %v", d, err)
	}
	if _, found, _ := findEnvelope(staleLine+"\n", "n1"); found {
		t.Fatal("an envelope of another run was taken")
	}
	env, _, _ = findEnvelope(failLine, "n1")
	if e := env.asError("Op"); !errors.Is(e, ErrResourceNotFound) || e.Message != "gone" {
		t.Fatalf("asError = %v", e)
	}
	missing := resultLine(t, map[string]any{"ok": false, "nonce": "n1", "kind": "module_missing", "message": "no module"})
	env, _, _ = findEnvelope(missing, "n1")
	if e := env.asError("Op"); !errors.Is(e, ErrModuleMissing) || errors.Is(e, ErrClusterNotFound) {
		t.Fatalf("module_missing decoded as %v (kind %s)", e, e.Kind)
	}
	env, _, _ = findEnvelope(oddKind, "n1")
	if e := env.asError("Op"); e.Kind != KindWindows {
		t.Fatalf("unknown kind mapped to %s", e.Kind)
	}
	if _, found, err := findEnvelope(resultMarker+"!!notbase64", "n1"); found || err == nil {
		t.Fatalf("bad base64: found=%v err=%v", found, err)
	}
}

// A result line the console host wrapped at 80 columns (Windows PowerShell 2.0 over WinRM,
// diyan/pywinrm#216) is joined again; the lines after it join only while they are base64.
func TestFindEnvelopeWrapped(t *testing.T) {
	line := resultLine(t, map[string]any{"ok": false, "nonce": "n1", "kind": "powershell_too_old", "message": "2.0"})
	var wrapped strings.Builder
	for len(line) > 80 {
		wrapped.WriteString(line[:80] + "\r\n")
		line = line[80:]
	}
	wrapped.WriteString(line + "\r\nPS> \r\n")
	env, found, err := findEnvelope(wrapped.String(), "n1")
	if !found || err != nil {
		t.Fatalf("wrapped: found=%v err=%v", found, err)
	}
	if e := env.asError("Op"); !errors.Is(e, ErrPowerShellTooOld) || !strings.Contains(e.Message, "Windows Management Framework 3.0") || !strings.Contains(e.Message, `transport = "wmi"`) {
		t.Fatalf("too old: %v", e)
	}
	cut := resultLine(t, map[string]any{"ok": true, "nonce": "n1"})
	if _, found, _ := findEnvelope(cut[:40]+"\r\nnot base64 at all\r\n"+cut[40:]+"\r\n", "n1"); found {
		t.Fatal("a line that is not base64 was joined")
	}
}

// Windows PowerShell 5.1 shapes: single-element arrays unrolled, enums as numbers, nulls.
func TestClusterDataTolerates51Shapes(t *testing.T) {
	cases := []struct {
		name, js string
		state    string
		cps      []string
	}{
		{"array and name", `{"cluster":"C","resources":[{"name":"R","state":"Online","checkpoints":["A","B"]}]}`, "Online", []string{"A", "B"}},
		{"unrolled row and key", `{"cluster":"C","resources":{"name":"R","state":2,"checkpoints":"A"}}`, "Online", []string{"A"}},
		{"null checkpoints", `{"cluster":"C","resources":[{"name":"R","state":130,"checkpoints":null}]}`, "OfflinePending", []string{}},
		{"empty checkpoints", `{"cluster":"C","resources":[{"name":"R","state":-1,"checkpoints":[]}]}`, "Unknown", []string{}},
		{"unknown state number", `{"cluster":"C","resources":[{"name":"R","state":77}]}`, "77", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d clusterData
			if err := json.Unmarshal([]byte(tc.js), &d); err != nil {
				t.Fatal(err)
			}
			r := d.Resources[0].toResource(d.Cluster)
			if r.State != tc.state || strings.Join(r.RegistryCheckpoints, "|") != strings.Join(tc.cps, "|") {
				t.Fatalf("got state %q checkpoints %q", r.State, r.RegistryCheckpoints)
			}
		})
	}
}

func FuzzFindEnvelope(f *testing.F) {
	f.Add(resultMarker+base64.StdEncoding.EncodeToString([]byte(`{"ok":true,"nonce":"n","data":{"cluster":"C","resources":[{"name":"R","state":2,"checkpoints":"A"}]}}`)), "n")
	f.Add("garbage\n"+resultMarker+"e30=", "n")
	f.Fuzz(func(t *testing.T, stdout, nonce string) {
		env, found, _ := findEnvelope(stdout, nonce)
		if found {
			if env.Nonce != nonce {
				t.Fatalf("envelope of nonce %q taken for %q", env.Nonce, nonce)
			}
			var d clusterData
			_ = decodeData(env.Data, &d)
			_ = env.asError("x")
		}
	})
}

func FuzzClusterData(f *testing.F) {
	f.Add(`{"cluster":"C","resources":{"name":"R","state":2,"checkpoints":"A"}}`)
	f.Add(`{"cluster":"C","resources":[{"name":"R","state":"Online","checkpoints":[null,"B"]}]}`)
	f.Fuzz(func(t *testing.T, js string) {
		var d clusterData
		if json.Unmarshal([]byte(js), &d) == nil {
			for _, r := range d.Resources {
				_ = r.toResource(d.Cluster)
			}
		}
	})
}
