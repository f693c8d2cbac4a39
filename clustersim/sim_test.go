package clustersim

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
)

const (
	testUser     = `CONTOSO\exadmin`
	testPassword = "P@ss w0rd;&'\"x"
)

func startSim(t *testing.T, opts Options) *Sim {
	t.Helper()
	if opts.Username == "" {
		opts.Username, opts.Password = testUser, testPassword
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// client is a masterzen/winrm client for a WinRM URL, with a copy of DefaultParameters.
func client(t testing.TB, url string, caPEM []byte, password string) *winrm.Client {
	t.Helper()
	return newClient(t, url, caPEM, password, nil)
}

// clientWith is a client whose parameters tune changes (on a copy).
func clientWith(t testing.TB, url string, tune func(*winrm.Parameters)) *winrm.Client {
	t.Helper()
	return newClient(t, url, nil, testPassword, tune)
}

func newClient(t testing.TB, url string, caPEM []byte, password string, tune func(*winrm.Parameters)) *winrm.Client {
	t.Helper()
	https := strings.HasPrefix(url, "https://")
	hostport := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://"), "/wsman")
	host, portText, err := net.SplitHostPort(hostport)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	params := *winrm.DefaultParameters
	params.Timeout = "PT5S"
	if tune != nil {
		tune(&params)
	}
	c, err := winrm.NewClientWithParameters(winrm.NewEndpoint(host, port, https, false, caPEM, nil, nil, 20*time.Second), testUser, password, &params)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func runCmd(t *testing.T, c *winrm.Client, command string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, errOut, code, err := c.RunWithContextWithString(ctx, command, "")
	if err != nil {
		t.Fatalf("%s: %v", command, err)
	}
	return out, errOut, code
}

func TestEachNodeAnswersAtItsOwnAddress(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	if got := s.Nodes(); len(got) != 2 || got[0] != "NODE1" || got[1] != "NODE2" {
		t.Fatalf("Nodes() = %v", got)
	}
	for _, n := range s.Nodes() {
		out, errOut, code := runCmd(t, client(t, s.URL(n), nil, testPassword), "hostname")
		if out != n+"\r\n" || errOut != "" || code != 0 {
			t.Errorf("hostname on %s: %q %q %d", n, out, errOut, code)
		}
	}
	st := s.Stats()
	if st.Commands != 2 || st.ShellsCreated != 2 || st.PowerShellStarts != 0 || st.RequestsByAction["Create"] != 2 {
		t.Errorf("stats %+v", st)
	}
	if n1, _ := s.NodeStats("NODE1"); n1.Commands != 1 {
		t.Errorf("NODE1 stats %+v", n1)
	}
}

func TestWrongPasswordRunsNothing(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	_, _, _, err := client(t, s.URL("NODE1"), nil, "wrong").RunWithContextWithString(context.Background(), "hostname", "")
	if err == nil {
		t.Fatal("a wrong password must fail")
	}
	if st := s.Stats(); st.Commands != 0 || st.ShellsCreated != 0 {
		t.Fatalf("something ran: %+v", st)
	}
}

func TestHTTPSWithSelfSignedCertificate(t *testing.T) {
	caOut := filepath.Join(t.TempDir(), "ca.pem")
	s := startSim(t, Options{HTTPS: true, CAOut: caOut})
	if !strings.HasPrefix(s.URL("NODE2"), "https://") {
		t.Fatalf("URL %s", s.URL("NODE2"))
	}
	written, err := os.ReadFile(caOut)
	if err != nil || string(written) != string(s.CACertPEM()) || len(written) == 0 {
		t.Fatalf("CA file: %v", err)
	}
	out, _, code := runCmd(t, client(t, s.URL("NODE2"), written, testPassword), "hostname")
	if out != "NODE2\r\n" || code != 0 {
		t.Fatalf("hostname over HTTPS: %q %d", out, code)
	}
	// A client that does not trust the certificate fails.
	if _, _, _, err := client(t, s.URL("NODE2"), nil, testPassword).RunWithContextWithString(context.Background(), "hostname", ""); err == nil {
		t.Fatal("an untrusted certificate must fail")
	}
}

// Without AllowUnencrypted, plain HTTP takes NTLM-sealed messages only, as on Windows.
func TestPlainHTTPWithoutAllowUnencrypted(t *testing.T) {
	s := startSim(t, Options{})
	if _, _, _, err := client(t, s.URL("NODE1"), nil, testPassword).RunWithContextWithString(context.Background(), "hostname", ""); err == nil {
		t.Fatal("Basic over plain HTTP must be refused")
	}
	c := clientWith(t, s.URL("NODE1"), func(p *winrm.Parameters) {
		p.TransportDecorator = func() winrm.Transporter {
			enc, err := winrm.NewEncryption("ntlm")
			if err != nil {
				t.Fatal(err)
			}
			return enc
		}
	})
	out, _, code, err := c.RunCmdWithContext(context.Background(), "hostname")
	if err != nil || out != "NODE1\r\n" || code != 0 {
		t.Fatalf("NTLM-sealed hostname: %q %d %v", out, code, err)
	}
	if st := s.Stats(); st.Commands != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestPowerShellEncodedCommand(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, PSStartCost: 10 * time.Millisecond})
	c := client(t, s.URL("NODE1"), nil, testPassword)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, errOut, code, err := c.RunPSWithContext(ctx, "Write-Output 'hello'")
	if err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.PowerShellStarts != 1 {
		t.Fatalf("powershell_starts = %d", st.PowerShellStarts)
	}
	if out != "hello\r\n" || withoutProgress(errOut) != "" || code != 0 {
		t.Fatalf("got %q %q %d", out, errOut, code)
	}

	// With -EncodedCommand, errors reach stderr as CLIXML, as 5.1 writes them.
	_, errOut, code, err = c.RunPSWithContext(ctx, `Get-Item 'HKLM:\SOFTWARE\Nope'`)
	if err != nil || code == 0 || !strings.HasPrefix(errOut, "#< CLIXML\r\n<Objs ") || !strings.Contains(errOut, "ItemNotFoundException") {
		t.Fatalf("error of an encoded command: %q %d %v", errOut, code, err)
	}
	if st := s.Stats(); st.PowerShellStarts != 2 {
		t.Fatalf("powershell_starts = %d", st.PowerShellStarts)
	}
}

// "-Command -" reads the script from stdin, statement by statement; errors are text.
func TestPowerShellCommandFromStdin(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	c := client(t, s.URL("NODE2"), nil, testPassword)
	script := "$x = 'on '\r\nWrite-Output \"$x$env:COMPUTERNAME\"\r\n(Get-ClusterGroup -Name 'Exchange Group').OwnerNode.Name\r\nexit 3\r\nWrite-Output 'not reached'\r\n"
	out, errOut, code, err := c.RunWithContextWithString(context.Background(), "powershell -NoProfile -NonInteractive -Command -", script)
	if err != nil || out != "on NODE2\r\nNODE1\r\n" || errOut != "" || code != 3 {
		t.Fatalf("got %q %q %d %v", out, errOut, code, err)
	}
}

func TestPowerShellBadSwitchOverWinRM(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	_, errOut, code := runCmd(t, client(t, s.URL("NODE1"), nil, testPassword), "powershell -NoProfile -EncodedCommand abc")
	if code != 0xFFFD0000 || !strings.Contains(errOut, "-EncodedCommand is not properly encoded") {
		t.Fatalf("got %q %d", errOut, code)
	}
}

func TestClusterNameFollowsClusterGroup(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, ClusterListen: "127.0.0.1:0"})
	c := client(t, s.ClusterURL(), nil, testPassword)
	if out, _, _ := runCmd(t, c, "hostname"); out != "NODE1\r\n" {
		t.Fatalf("before the move: %q", out)
	}
	if _, err := s.Cluster().MoveGroup(cluster.CoreGroupName, "NODE2"); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := runCmd(t, c, "hostname"); out != "NODE2\r\n" {
		t.Fatalf("after the move: %q", out)
	}
}

func TestStateFileSurvivesRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "cluster.json")
	s, err := Start(Options{Username: testUser, Password: testPassword, StateFile: state})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cluster().MoveGroup(cluster.DefaultExchangeGroup, "NODE2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := startSim(t, Options{StateFile: state})
	g, err := s2.Cluster().Group(cluster.DefaultExchangeGroup)
	if err != nil || g.OwnerNode != "NODE2" {
		t.Fatalf("after restart: %+v %v", g, err)
	}
}

func TestBindingReachesTheNode(t *testing.T) {
	var bound []string
	s := startSim(t, Options{AllowUnencrypted: true, NodeSoftware: func(c *cluster.Cluster, node string) Software {
		bound = append(bound, node)
		return Software{Programs: map[string]cmdexe.Program{"whereami": func(_ context.Context, argv []string, _ io.Reader, stdout, _ io.Writer) int {
			fmt.Fprintf(stdout, "%s %s\r\n", node, strings.Join(argv[1:], "|"))
			return 7
		}}}
	}})
	if strings.Join(bound, ",") != "NODE1,NODE2" {
		t.Fatalf("bound %v", bound)
	}
	out, _, code := runCmd(t, client(t, s.URL("NODE2"), nil, testPassword), `whereami.exe "a b" c`)
	if out != "NODE2 a b|c\r\n" || code != 7 {
		t.Fatalf("got %q %d", out, code)
	}
}

func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(Options{Username: testUser, Password: testPassword, AllowUnencrypted: true, ClusterListen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range s.Nodes() {
		runCmd(t, client(t, s.URL(n), nil, testPassword), "hostname")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("a second Close must be harmless:", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		// Idle keep-alive connections of the client's transport end on their own.
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before Start, %d after Close:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
	if _, err := net.DialTimeout("tcp", s.Addr("NODE1"), time.Second); err == nil {
		t.Fatal("NODE1 still listens after Close")
	}
}

// TestNativeProgramsFromPowerShell: PowerShell on a node runs the node's executables, as
// Windows PowerShell runs reg.exe or hostname.exe: their output lines reach the pipeline and
// their exit code $LASTEXITCODE.
func TestNativeProgramsFromPowerShell(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	c := client(t, s.URL("NODE2"), nil, testPassword)
	// ps runs with $ErrorActionPreference='Stop', under which 5.1 turns a native command's
	// redirected stderr into a terminating NativeCommandError: relax it for the failing reg.
	out := ps(t, c, `$h = hostname; "name=$h"; $ErrorActionPreference = 'Continue'
reg query 'HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation' 2>$null | Out-Null; "missing=$LASTEXITCODE"
$lines = reg query 'HKLM\SOFTWARE\Microsoft\Exchange'; "present=$LASTEXITCODE lines=$($lines.Count)"`)
	if !strings.Contains(out, "name=NODE2") || !strings.Contains(out, "missing=1") || !strings.Contains(out, "present=0") || strings.Contains(out, "lines=0") {
		t.Fatalf("native programs from PowerShell: %q", out)
	}
}
