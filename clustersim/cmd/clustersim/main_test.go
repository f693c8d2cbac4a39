package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// lineWriter hands the lines serve prints to the test as they come.
type lineWriter struct {
	lines chan string
	buf   bytes.Buffer
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			// bytes.Buffer's only error is io.EOF: no full line yet. Keep the partial line
			// for the next Write; all of p was accepted, so Write itself succeeded.
			w.buf.Reset()
			w.buf.WriteString(line)
			return len(p), nil //nolint:nilerr // io.EOF here means "incomplete line", not a write failure
		}
		w.lines <- strings.TrimRight(line, "\n")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func runOut(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var o, e bytes.Buffer
	code := run(context.Background(), args, &o, &e)
	return o.String(), e.String(), code
}

// TestServeAndVerbs runs serve in process, drives it with the verbs, stops it as a signal
// would, and starts it again from the state file.
func TestServeAndVerbs(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	control := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	out := &lineWriter{lines: make(chan string, 16)}
	var errOut bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--username", "u", "--password", "p",
			"--https", "--ca-out", filepath.Join(dir, "ca.pem"), "--control", control, "--state", state,
			"--node-listen", "NODE2=127.0.0.1:0", "--auth", "basic,ntlm"}, out, &errOut)
	}()
	select {
	case line := <-out.lines:
		if !strings.HasPrefix(line, "clustersim: EXCLUSTER ready NODE1=https://127.0.0.1:") || !strings.Contains(line, " NODE2=https://") || !strings.Contains(line, " control=http://"+control) {
			t.Fatalf("ready line %q", line)
		}
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errOut.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not get ready")
	}
	if _, err := os.Stat(filepath.Join(dir, "ca.pem")); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"backup", "--control", control, "--type", "normal"}, 0, "normal backup of \\\\EXCHSRV on NODE1", ""},
		{[]string{"move-group", "--control", control, "--group", "Exchange Group", "--node", "NODE2"}, 0, "Exchange Group: owner NODE2, Online\n", ""},
		{[]string{"backup", "--control", control, "--type", "incremental"}, 1, "", "Event ID 8010"},
		{[]string{"add-checkpoint", "--control", control, "--resource", "Microsoft Exchange System Attendant", "--key", `SOFTWARE\Microsoft\Exchange\Backupinformation`}, 0, "checkpoint added", ""},
		{[]string{"powershell", "--control", control, "--node", "NODE1", "--script", "(Get-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant').Name"}, 0, "SOFTWARE\\Microsoft\\Exchange\\Backupinformation", ""},
		{[]string{"powershell", "--control", control, "--node", "NODE2", "--script", "Get-Item 'HKLM:\\SOFTWARE\\Nope'"}, 1, "", "Cannot find path"},
		{[]string{"powershell", "--control", control, "--node", "NODE3", "--script", "hostname"}, 1, "", "no node named"},
		{[]string{"move-group", "--control", control, "--group", "Nope", "--node", "NODE2"}, 1, "", "clustersim move-group: "},
		{[]string{"stop-node", "--control", control, "--node", "NODE1"}, 0, "NODE1: Down\n", ""},
		{[]string{"start-node", "--control", control, "--node", "NODE1"}, 0, "NODE1: Up\n", ""},
		{[]string{"stats", "--control", control}, 0, `"http_requests"`, ""},
		{[]string{"stats", "--control", control, "--per-node"}, 0, `"NODE2": {`, ""},
		{[]string{"state", "--control", control}, 0, `"EXCLUSTER"`, ""},
		{[]string{"fault", "--control", control, "--kind", "delay", "--delay", "1ms", "--node", "NODE1"}, 0, `"NODE1"`, ""},
		{[]string{"fault", "--control", control, "--kind", "bogus"}, 1, "", "unknown fault kind"},
	}
	if o, _, _ := runOut(t, "stats", "--control", control); strings.Contains(o, "NODE1") {
		t.Errorf("stats without --per-node prints the nodes:\n%s", o)
	}
	for _, s := range steps {
		o, e, code := runOut(t, s.args...)
		if code != s.code || !strings.Contains(o, s.stdout) || !strings.Contains(e, s.stderr) {
			t.Errorf("%v: code %d stdout %q stderr %q; want %d, %q, %q", s.args, code, o, e, s.code, s.stdout, s.stderr)
		}
	}

	stop() // SIGINT / SIGTERM
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if line := <-out.lines; line != "clustersim: stopped; state saved to "+state {
		t.Fatalf("stop line %q", line)
	}

	// Started again, the cluster remembers the failover and the checkpoint.
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	out2 := &lineWriter{lines: make(chan string, 16)}
	done2 := make(chan int)
	go func() {
		done2 <- run(ctx2, []string{"serve", "--listen", "127.0.0.1:0", "--username", "u", "--password", "p", "--allow-unencrypted", "--control", control, "--state", state}, out2, io.Discard)
	}()
	<-out2.lines
	o, _, _ := runOut(t, "state", "--control", control)
	if !strings.Contains(o, `Backupinformation`) {
		t.Errorf("state after restart lost the checkpoint:\n%s", o)
	}
	stop2()
	<-done2
}

func TestBadFlags(t *testing.T) {
	t.Setenv("CLUSTERSIM_PASSWORD", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--password", "p", "--allow-unencrypted"}, "--username is required"},
		{[]string{"serve", "--username", "u", "--allow-unencrypted"}, "--password (or CLUSTERSIM_PASSWORD) is required"},
		{[]string{"serve", "--username", "u", "--password", "p", "--ca-out", "x.pem"}, "need --https"},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--cert", "x.pem"}, "--cert and --key go together"},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--auth", "kerberos"}, `--auth: unknown method "kerberos"`},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--latency", "soon"}, `invalid value "soon" for flag -latency`},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--node-listen", "NODE2"}, "want NODE=HOST:PORT"},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--layout", "exchange2019"}, `unknown layout "exchange2019"`},
		{[]string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--without-module", ","}, "want a module name"},
		{[]string{"serve", "--username", "u", "--password", "p", "--https", "--listen", "nowhere"}, "--listen:"},
		{[]string{"move-group", "--group", "G"}, "--control is required"},
		{[]string{"move-group", "--control", "127.0.0.1:1"}, "--group is required"},
		{[]string{"backup", "--control", "127.0.0.1:1"}, "--type is required"},
		{[]string{"fault", "--control", "127.0.0.1:1"}, "--kind is required"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		_, e, code := runOut(t, tt.args...)
		if code != 2 || !strings.Contains(e, tt.want) {
			t.Errorf("%v: code %d stderr %q; want 2 and %q", tt.args, code, e, tt.want)
		}
	}
	// A control API that is not there is a clear error, exit 1.
	_, e, code := runOut(t, "stats", "--control", freeAddr(t))
	if code != 1 || !strings.Contains(e, "control API at") {
		t.Errorf("unreachable control API: %d %q", code, e)
	}
}

// TestSignalStopsTheProgram builds the program and stops it with a real SIGTERM.
func TestSignalStopsTheProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "clustersim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	state := filepath.Join(t.TempDir(), "s.json")
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--username", "u", "--password", "p", "--allow-unencrypted", "--state", state)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || !strings.Contains(sc.Text(), "NODE1=http://127.0.0.1:") {
		t.Fatalf("ready line %q", sc.Text())
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	sc.Scan()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state not saved: %v", err)
	}
}

// TestUsageListsEveryCommand: the usage text names every command the program runs, so that
// a new verb cannot be left out of it (powershell once was).
func TestUsageListsEveryCommand(t *testing.T) {
	names := []string{"serve"}
	for name := range verbs {
		names = append(names, name)
	}
	for _, name := range names {
		if !strings.Contains(usage, "\n  "+name+" ") {
			t.Errorf("usage does not list %q", name)
		}
	}
}
