package wsman

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masterzen/winrm"
)

func TestBasicOverHTTPWithAllowUnencrypted(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	stdout, stderr, code, err := c.RunWithContextWithString(context.Background(), "echo hello", "")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if stdout != "hello\r\n" || stderr != "" || code != 0 {
		t.Fatalf("got stdout %q stderr %q code %d", stdout, stderr, code)
	}
	if got := m.ran[0]; got.User != testUser || got.SkipCmdShell || !got.ConsoleModeStdin || got.Codepage != 65001 {
		t.Errorf("command as the executor saw it: %+v", got)
	}
	s := ep.Server.Counters().Snapshot()
	if s.ShellsCreated != 1 || s.ShellsOpen != 0 || s.Commands != 1 {
		t.Errorf("counters: %+v", s)
	}
	for _, a := range []string{"Create", "Command", "Receive", "Delete"} {
		if s.RequestsByAction[a] == 0 {
			t.Errorf("no %s request counted: %v", a, s.RequestsByAction)
		}
	}
	if s.BytesIn == 0 || s.BytesOut == 0 {
		t.Errorf("bytes not counted: %+v", s)
	}
}

func TestExitCodeAndStderr(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	stdout, stderr, code, err := c.RunWithContextWithString(context.Background(), "fail", "")
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "" || stderr != "boom" || code != 3 {
		t.Fatalf("got stdout %q stderr %q code %d", stdout, stderr, code)
	}
}

func TestBasicOverHTTPSVerifyingTheGeneratedCA(t *testing.T) {
	caFile := t.TempDir() + "/ca.pem"
	ep, _ := startEndpoint(t, Config{}, ListenOptions{HTTPS: true, WriteCACertTo: caFile, Hostnames: []string{"node1"}})
	if !strings.HasPrefix(ep.URL, "https://") || len(ep.CACertPEM) == 0 {
		t.Fatalf("endpoint %q, CA %d bytes", ep.URL, len(ep.CACertPEM))
	}
	c := newClient(t, ep, testPassword, nil)
	stdout, _, code, err := c.RunWithContextWithString(context.Background(), "echo over tls", "")
	if err != nil || stdout != "over tls\r\n" || code != 0 {
		t.Fatalf("got %q %d %v", stdout, code, err)
	}
}

func TestHTTPSClientWithoutTheCAFails(t *testing.T) {
	ep, m := startEndpoint(t, Config{}, ListenOptions{HTTPS: true})
	ep2 := *ep
	ep2.CACertPEM = nil
	c := newClient(t, &ep2, testPassword, nil)
	if _, _, _, err := c.RunWithContextWithString(context.Background(), "echo x", ""); err == nil {
		t.Fatal("a client that does not trust the certificate connected")
	}
	if len(m.ran) != 0 {
		t.Fatal("a command ran")
	}
}

func TestWrongPasswordIs401AndNothingRuns(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, "wrong", nil)
	_, _, _, err := c.RunWithContextWithString(context.Background(), "echo hello", "")
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want a 401 error, got %v", err)
	}
	s := ep.Server.Counters().Snapshot()
	if s.ShellsCreated != 0 || s.Commands != 0 || len(m.ran) != 0 {
		t.Fatalf("something ran: %+v", s)
	}
	if s.AuthFailures == 0 || s.RequestsByAction["unauthenticated"] == 0 {
		t.Fatalf("auth failure not counted: %+v", s)
	}
}

func TestPlainHTTPRefusedWithoutAllowUnencrypted(t *testing.T) {
	ep, m := startEndpoint(t, Config{}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	_, _, _, err := c.RunWithContextWithString(context.Background(), "echo hello", "")
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want 401, got %v", err)
	}
	if len(m.ran) != 0 || ep.Server.Counters().Snapshot().ShellsCreated != 0 {
		t.Fatal("plain HTTP request was served")
	}
}

func TestLargeStdoutOverManyReceives(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, testPassword, nil)
	const size = 1 << 20
	var stdout, stderr bytes.Buffer
	code, err := c.RunWithContext(context.Background(), "big 1048576", &stdout, &stderr)
	if err != nil || code != 0 {
		t.Fatalf("run: %d %v", code, err)
	}
	if !bytes.Equal(stdout.Bytes(), pattern(size)) {
		t.Fatalf("stdout differs: got %d bytes", stdout.Len())
	}
	// masterzen/winrm asks for envelopes of at most 153600 bytes: 1 MiB needs 7 or more.
	if n := ep.Server.Counters().Snapshot().RequestsByAction["Receive"]; n < 7 {
		t.Fatalf("only %d Receive requests", n)
	}
}

func TestStdinInSeveralSendChunks(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	// A small envelope makes the client split stdin over many Sends.
	c := newClient(t, ep, testPassword, func(p *winrm.Parameters) { p.EnvelopeSize = 8192 })
	input := string(pattern(100_000))
	stdout, _, code, err := c.RunWithContextWithString(context.Background(), "cat", input)
	if err != nil || code != 0 {
		t.Fatalf("run: %d %v", code, err)
	}
	if stdout != input {
		t.Fatalf("stdin came back as %d bytes, want %d", len(stdout), len(input))
	}
	if n := ep.Server.Counters().Snapshot().RequestsByAction["Send"]; n < 10 {
		t.Fatalf("only %d Send requests", n)
	}
}

func TestSlowCommandGetsTimedOutThenOutput(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, testPassword, func(p *winrm.Parameters) { p.Timeout = "PT0.2S" })
	start := time.Now()
	stdout, _, code, err := c.RunWithContextWithString(context.Background(), "sleep 900ms", "")
	if err != nil || stdout != "slept" || code != 0 {
		t.Fatalf("got %q %d %v", stdout, code, err)
	}
	receives := ep.Server.Counters().Snapshot().RequestsByAction["Receive"]
	// About 900/200 timed-out polls and one answer; a server that answered at once
	// would show hundreds.
	if receives < 3 || receives > 10 {
		t.Fatalf("%d Receive requests in %v", receives, time.Since(start))
	}
}
