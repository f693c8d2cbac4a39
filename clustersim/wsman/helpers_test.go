package wsman

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masterzen/winrm"
)

const (
	testUser     = "vagrant"
	testPassword = "S3cret!pw"
)

// testMachine is the Executor of the tests: a tiny command set, and a record of what ran.
type testMachine struct {
	mu        sync.Mutex
	ran       []Command
	cancelled int
	started   chan string // receives each command line as it starts (buffered)
}

func newTestMachine() *testMachine { return &testMachine{started: make(chan string, 100)} }

// Execute understands:
//
//	echo TEXT        prints TEXT and CRLF
//	cat              copies stdin to stdout
//	countstdin       prints how many bytes stdin had
//	sleep DURATION   waits, then prints "slept"; exits 130 when cancelled
//	big N            writes N bytes (a repeating pattern) to stdout
//	fail             prints "boom" on stderr and exits 3
//	block            waits for cancellation, exits 1
func (m *testMachine) Execute(ctx context.Context, cmd Command, stdin io.Reader, stdout, stderr io.Writer) int {
	m.mu.Lock()
	m.ran = append(m.ran, cmd)
	m.mu.Unlock()
	m.started <- cmd.Command
	name, rest, _ := strings.Cut(cmd.Command, " ")
	switch name {
	case "echo":
		fmt.Fprint(stdout, rest+"\r\n")
		return 0
	case "cat":
		_, _ = io.Copy(stdout, stdin)
		return 0
	case "countstdin":
		n, _ := io.Copy(io.Discard, stdin)
		fmt.Fprint(stdout, n)
		return 0
	case "sleep":
		d, _ := time.ParseDuration(rest)
		select {
		case <-time.After(d):
			fmt.Fprint(stdout, "slept")
			return 0
		case <-ctx.Done():
			m.noteCancel()
			return 130
		}
	case "big":
		n, _ := strconv.Atoi(rest)
		_, _ = stdout.Write(pattern(n))
		return 0
	case "fail":
		fmt.Fprint(stderr, "boom")
		return 3
	case "block":
		<-ctx.Done()
		m.noteCancel()
		return 1
	}
	fmt.Fprintf(stderr, "'%s' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n", name)
	return 1
}

func (m *testMachine) noteCancel() {
	m.mu.Lock()
	m.cancelled++
	m.mu.Unlock()
}

func (m *testMachine) cancelledCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cancelled
}

// pattern is n bytes that make a misplaced or lost chunk visible.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + (i/7+i)%26)
	}
	return b
}

// startEndpoint serves cfg (with the test machine and user unless set) on loopback.
func startEndpoint(t *testing.T, cfg Config, opts ListenOptions) (*Endpoint, *testMachine) {
	t.Helper()
	m := newTestMachine()
	if cfg.Executor == nil {
		cfg.Executor = m
	}
	if cfg.Users == nil {
		cfg.Users = map[string]string{testUser: testPassword}
	}
	ep, err := Listen(cfg, opts)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { _ = ep.Close() })
	return ep, m
}

// newClient makes a masterzen/winrm client for ep as testUser, copying DefaultParameters
// (never mutating them).
func newClient(t *testing.T, ep *Endpoint, password string, tweak func(*winrm.Parameters)) *winrm.Client {
	t.Helper()
	u, err := url.Parse(ep.URL)
	if err != nil {
		t.Fatal(err)
	}
	host, portStr, _ := net.SplitHostPort(u.Host)
	port, _ := strconv.Atoi(portStr)
	endpoint := winrm.NewEndpoint(host, port, u.Scheme == "https", false, ep.CACertPEM, nil, nil, 30*time.Second)
	params := *winrm.DefaultParameters
	if tweak != nil {
		tweak(&params)
	}
	c, err := winrm.NewClientWithParameters(endpoint, testUser, password, &params)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
