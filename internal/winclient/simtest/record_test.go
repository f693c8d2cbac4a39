package simtest

import (
	"context"
	"encoding/base64"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/replay"
)

// sealedConfig is NTLM with WinRM message encryption over plain HTTP to a node that refuses
// unencrypted traffic (Windows' default): the recording must hold the decrypted envelopes.
func sealedConfig(t *testing.T) (*clustersim.Sim, winclient.Config) {
	s := startSim(t, func(o *clustersim.Options) { o.AllowUnencrypted = false })
	cfg := configFor(t, s)
	cfg.NTLMWithoutEncryption = false
	// The remote shell's exchanges (Create, Command, Send with stdin, Receive, Delete) are the
	// ones that carry scripts and streams (tools/replay's tests replay WMI's enumerations).
	cfg.Transport = winclient.TransportPowerShell
	return s, cfg
}

func readRecording(t *testing.T, path string) ([]recording.Exchange, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := recording.Read(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return ex, string(data)
}

// TestRecordingHoldsNoSecret records a session whose requests carry the password as data
// (a checkpoint key holding it) and hunts for it in every spelling, also inside nested base64,
// and for authentication tokens and headers.
func TestRecordingHoldsNoSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "winrm.jsonl")
	t.Setenv(recording.EnvVar, path)
	_, cfg := sealedConfig(t)
	c := newClient(t, cfg)
	ctx := context.Background()
	must(t, "read", func() error { _, err := c.GetResource(ctx, "", sa); return err }())
	// The password as data: a checkpoint key holding it travels in the script's input.
	must(t, "add", c.AddCheckpoint(ctx, "", sa, `SOFTWARE\`+password))
	must(t, "remove", c.RemoveCheckpoint(ctx, "", sa, `SOFTWARE\`+password))
	_ = c.Close()

	exchanges, file := readRecording(t, path)
	// Search the envelopes as recorded (and the file as written, for the plain spellings).
	text := file
	actions := map[string]int{}
	for _, e := range exchanges {
		actions[e.Action]++
		if !strings.Contains(e.Request, "Envelope") || (e.Error == "" && !strings.Contains(e.Response, "Envelope")) {
			t.Errorf("exchange %s is not plain SOAP: %.200q / %.200q", e.Action, e.Request, e.Response)
		}
		if e.Time.IsZero() {
			t.Errorf("exchange %s has no time", e.Action)
		}
		text += "\n" + e.Request + "\n" + e.Response + "\n" + e.Error
	}
	for _, a := range []string{"Create", "Command", "Send", "Receive", "Delete"} {
		if actions[a] == 0 {
			t.Errorf("no %s recorded: %v", a, actions)
		}
	}
	for _, bad := range append(secretSpellings(password),
		"Authorization", "NTLM ", "Negotiate ", "Kerberos YII", "TlRMTVNTUA", // "Kerberos YII": the scheme and a token (the scripts name Kerberos in prose) // "NTLMSSP" in base64
		"YII", // the start of a base64 SPNEGO token
		"multipart/encrypted", "HTTP-SPNEGO-session-encrypted") {
		if where := findNested(text, bad, 3); where != "" {
			t.Errorf("the recording holds %q (%s)", bad, where)
		}
	}
	if !strings.Contains(text, recording.Redacted) && !strings.Contains(findDecoded(text), recording.Redacted) {
		t.Error("the password given as data was not blanked where it appeared")
	}
}

func secretSpellings(s string) []string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return []string{s, base64.StdEncoding.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString(b), string(b)}
}

var reB64 = regexp.MustCompile(`[A-Za-z0-9+/]{8,}={0,2}`)

// findNested looks for needle in text and in the base64 tokens of text, depth levels deep.
func findNested(text, needle string, depth int) string {
	if strings.Contains(text, needle) {
		return "in the text"
	}
	if depth == 0 {
		return ""
	}
	for _, tok := range reB64.FindAllString(text, -1) {
		raw, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			continue
		}
		if w := findNested(string(raw), needle, depth-1); w != "" {
			return "inside base64 " + w
		}
	}
	return ""
}

func findDecoded(text string) string {
	var b strings.Builder
	for _, tok := range reB64.FindAllString(text, -1) {
		if raw, err := base64.StdEncoding.DecodeString(tok); err == nil {
			b.Write(raw)
			b.WriteString(findDecoded(string(raw)))
		}
	}
	return b.String()
}

// TestReplayOfASimulatorRecording records the provider's read path against the simulator
// (sealed NTLM), then replays the file: the read path run against the replay server reads
// the same cluster, resource and checkpoints, and no request departs from the recording.
func TestReplayOfASimulatorRecording(t *testing.T) {
	path := filepath.Join(t.TempDir(), "winrm.jsonl")
	t.Setenv(recording.EnvVar, path)
	s, cfg := sealedConfig(t)
	if _, err := s.Cluster().AddCheckpoint(sa, bkKey); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, cfg)
	live := readPath(t, c)
	_ = c.Close()
	_ = s.Close()

	exchanges, _ := readRecording(t, path)
	srv, err := replay.New(exchanges)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	os.Unsetenv(recording.EnvVar)
	host, portText, _ := net.SplitHostPort(strings.TrimPrefix(hs.URL, "http://"))
	port, _ := strconv.Atoi(portText)
	rc := newClient(t, winclient.Config{Host: host, Port: port, Auth: winclient.AuthBasic, Username: "replay", Password: "replay",
		Timeout: 30 * time.Second, OperationTimeout: 2 * time.Second, Transport: winclient.TransportPowerShell})
	replayed := readPath(t, rc)
	if !reflect.DeepEqual(live, replayed) {
		t.Errorf("replayed read differs:\n live %+v\n replay %+v", live, replayed)
	}
	if n, reasons := srv.Departures(); n != 0 {
		t.Errorf("%d requests departed from the recording: %v", n, reasons)
	}
	if len(replayed.RegistryCheckpoints) != 1 {
		t.Errorf("checkpoints %v", replayed.RegistryCheckpoints)
	}
}

func readPath(t *testing.T, c *winclient.Client) *winclient.Resource {
	t.Helper()
	ctx := context.Background()
	name, err := c.ClusterName(ctx, "")
	must(t, "cluster name", err)
	r, err := c.GetResource(ctx, name, sa)
	must(t, "get resource", err)
	return r
}
