package winhost

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// newTestNode is node NODE1 of a default cluster whose clock is fixed.
func newTestNode(t *testing.T) (*cluster.Cluster, *Node) {
	t.Helper()
	c := cluster.New(cluster.DefaultConfig())
	c.SetClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
	return c, New(c, "NODE1")
}

// newTestNodeF is newTestNode for fuzz targets (no *testing.T at setup).
func newTestNodeF() (*cluster.Cluster, *Node) {
	c := cluster.New(cluster.DefaultConfig())
	return c, New(c, "NODE1")
}

// run runs one of the node's programs with argv and stdin.
func run(t *testing.T, n *Node, stdin string, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	prog := n.Programs()[strings.TrimSuffix(strings.ToLower(argv[0]), ".exe")]
	if prog == nil {
		t.Fatalf("no program %s", argv[0])
	}
	code = prog(context.Background(), argv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestRegQueryLayout(t *testing.T) {
	_, n := newTestNode(t)
	reg := n.registry()
	_, _ = reg.CreateKey(`SOFTWARE\Test\sub2`)
	_, _ = reg.CreateKey(`SOFTWARE\Test\Sub1`)
	_ = reg.SetValue(`SOFTWARE\Test`, cluster.SZ("Test1", "Hello, World"))
	_ = reg.SetValue(`SOFTWARE\Test`, cluster.Dword("Test2", 0x123))
	_ = reg.SetValue(`SOFTWARE\Test\Sub1`, cluster.MultiSZ("M", "a", "b"))
	_ = reg.SetValue(`SOFTWARE\Test\Sub1`, cluster.Binary("B", []byte{0xa4, 0x01}))
	_ = reg.SetValue(`SOFTWARE\Test\Sub1`, cluster.Qword("Q", 0x10000000000))

	tests := []struct {
		name string
		argv []string
		want string
	}{
		{"key with values and subkeys", []string{"reg", "query", `HKLM\SOFTWARE\Test`},
			"\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Test\r\n    Test1    REG_SZ    Hello, World\r\n    Test2    REG_DWORD    0x123\r\n\r\n" +
				"HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Sub1\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\sub2\r\n"},
		{"one value", []string{"reg", "QUERY", `HKEY_LOCAL_MACHINE\SOFTWARE\Test`, "/v", "test2"},
			"\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Test\r\n    Test2    REG_DWORD    0x123\r\n\r\n"},
		{"recursive", []string{"reg", "query", `HKLM\SOFTWARE\Test\`, "/s"},
			"\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Test\r\n    Test1    REG_SZ    Hello, World\r\n    Test2    REG_DWORD    0x123\r\n\r\n" +
				"HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Sub1\r\n    M    REG_MULTI_SZ    a\\0b\r\n    B    REG_BINARY    A401\r\n    Q    REG_QWORD    0x10000000000\r\n\r\n" +
				"HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\sub2\r\n\r\n"},
		{"subkeys only", []string{"reg", "query", `hklm\software\test\sub2\..`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := run(t, n, "", tt.argv...)
			if tt.want == "" {
				if code != 1 || !strings.Contains(errs, "unable to find") {
					t.Errorf("want not found, got %d %q %q", code, out, errs)
				}
				return
			}
			if code != 0 || out != tt.want {
				t.Errorf("code %d stderr %q\ngot  %q\nwant %q", code, errs, out, tt.want)
			}
		})
	}
}

func TestRegErrors(t *testing.T) {
	_, n := newTestNode(t)
	tests := []struct {
		argv []string
		want string
		code int
	}{
		{[]string{"reg", "query", `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation`}, "ERROR: The system was unable to find the specified registry key or value.\r\n", 1},
		{[]string{"reg", "query", `HKLM\SOFTWARE\Microsoft\Exchange`, "/v", "Nope"}, "ERROR: The system was unable to find the specified registry key or value.\r\n", 1},
		{[]string{"reg", "query", `HKLM\SOFTWARE`, "/v"}, "ERROR: Invalid syntax.", 1},
		{[]string{"reg", "query", `HKLM\SOFTWARE`, "/s", "/s"}, "ERROR: Invalid syntax.", 1},
		{[]string{"reg", "query", `HKCU\Software`}, "ERROR: Invalid key name.", 1},
		{[]string{"reg", "frobnicate"}, "ERROR: Invalid syntax.", 1},
		{[]string{"reg", "add", `HKLM\SOFTWARE\X`, "/v", "n", "/t", "REG_DWORD", "/d", "zz"}, "ERROR: Invalid syntax.", 1},
		{[]string{"reg", "delete", `HKLM\SOFTWARE\Nope`, "/f"}, "ERROR: The system was unable", 1},
	}
	for _, tt := range tests {
		_, errs, code := run(t, n, "", tt.argv...)
		if code != tt.code || !strings.HasPrefix(errs, tt.want) {
			t.Errorf("%v: code %d stderr %q, want %d %q", tt.argv, code, errs, tt.code, tt.want)
		}
	}
}

func TestRegAddDelete(t *testing.T) {
	_, n := newTestNode(t)
	out, errs, code := run(t, n, "", "reg", "add", `HKLM\SOFTWARE\Contoso\App`, "/v", "Port", "/t", "REG_DWORD", "/d", "0x1F90", "/f")
	if code != 0 || out != "The operation completed successfully.\r\n" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	v, err := n.registry().GetValue(`SOFTWARE\Contoso\App`, "port")
	if err != nil || v.Type != cluster.RegDword || v.Number != 8080 {
		t.Fatalf("value: %+v %v", v, err)
	}
	// Overwrite without /f asks; "n" keeps the value.
	out, _, code = run(t, n, "n\r\n", "reg", "add", `HKLM\SOFTWARE\Contoso\App`, "/v", "Port", "/t", "REG_DWORD", "/d", "1")
	if code != 0 || !strings.Contains(out, "overwrite(Yes/No)?") {
		t.Errorf("overwrite prompt: %d %q", code, out)
	}
	if v, _ := n.registry().GetValue(`SOFTWARE\Contoso\App`, "Port"); v.Number != 8080 {
		t.Errorf("declined overwrite changed the value to %d", v.Number)
	}
	// Multi-string with a separator, then the default value.
	run(t, n, "", "reg", "add", `HKLM\SOFTWARE\Contoso\App`, "/v", "List", "/t", "REG_MULTI_SZ", "/d", "a#b", "/s", "#", "/f")
	if v, _ := n.registry().GetValue(`SOFTWARE\Contoso\App`, "List"); len(v.Strings) != 2 || v.Strings[1] != "b" {
		t.Errorf("multi-sz: %+v", v)
	}
	run(t, n, "", "reg", "add", `HKLM\SOFTWARE\Contoso\App`, "/ve", "/d", "dflt", "/f")
	if v, _ := n.registry().GetValue(`SOFTWARE\Contoso\App`, ""); v.String != "dflt" {
		t.Errorf("default value: %+v", v)
	}
	// Delete a value with confirmation on stdin, then the key.
	out, _, code = run(t, n, "yes\r\n", "reg", "delete", `HKLM\SOFTWARE\Contoso\App`, "/v", "Port")
	if code != 0 || !strings.HasSuffix(out, "The operation completed successfully.\r\n") {
		t.Errorf("delete value: %d %q", code, out)
	}
	if _, err := n.registry().GetValue(`SOFTWARE\Contoso\App`, "Port"); err == nil {
		t.Error("value still there")
	}
	if _, _, code := run(t, n, "", "reg", "delete", `HKLM\SOFTWARE\Contoso`); code != 0 || !n.registry().KeyExists(`SOFTWARE\Contoso`) {
		t.Error("delete without /f and without an answer must not delete")
	}
	if _, _, code := run(t, n, "", "reg", "delete", `HKLM\SOFTWARE\Contoso`, "/f"); code != 0 || n.registry().KeyExists(`SOFTWARE\Contoso`) {
		t.Error("delete /f failed")
	}
	if _, errs, code := run(t, n, "", "reg", "delete", `HKLM\SOFTWARE`, "/f"); code != 1 || !strings.Contains(errs, "Access is denied") {
		t.Errorf("deleting a hive root: %d %q", code, errs)
	}
}

// The KB Q245211 story through ntbackup and reg.exe on the nodes.
func TestNTBackupKB(t *testing.T) {
	for _, withCheckpoint := range []bool{false, true} {
		c, node1 := newTestNode(t)
		node2 := New(c, "node2")
		if withCheckpoint {
			if _, err := c.AddCheckpoint(cluster.SystemAttendant, `SOFTWARE\Microsoft\Exchange\Backupinformation`); err != nil {
				t.Fatal(err)
			}
		}
		out, errs, code := run(t, node1, "", "ntbackup", "backup", "DS", `\\EXCHSRV`, "IS", `\\exchsrv`, "/t", "normal")
		if code != 0 || !strings.Contains(out, "completed successfully") {
			t.Fatalf("full backup: %d %q %q", code, out, errs)
		}
		if _, _, code := run(t, node1, "", "reg", "query", `HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation`); code != 0 {
			t.Fatal("Backupinformation missing on NODE1 after the full backup")
		}
		if _, err := c.MoveGroup("Exchange Group", "NODE2"); err != nil {
			t.Fatal(err)
		}
		out, errs, code = run(t, node2, "", "ntbackup.exe", "backup", "DS", `\\EXCHSRV`, "IS", `\\EXCHSRV`, "/t", "incremental")
		if withCheckpoint {
			if code != 0 {
				t.Errorf("with checkpoint, incremental failed: %q", errs)
			}
			continue
		}
		if code == 0 || !strings.Contains(errs, "8010") || !strings.Contains(errs, "BackupPrepare") {
			t.Errorf("without checkpoint: %d %q %q", code, out, errs)
		}
		events, _ := c.Events("NODE2")
		if len(events) == 0 || events[0].EventID != 8010 || events[0].Source != "NT backup" {
			t.Errorf("NODE2 log: %+v", events)
		}
	}
}

func TestNTBackupSyntax(t *testing.T) {
	_, n := newTestNode(t)
	for _, argv := range [][]string{
		{"ntbackup"},
		{"ntbackup", "restore", "DS", `\\EXCHSRV`},
		{"ntbackup", "backup", "DS", `\\OTHER`},
		{"ntbackup", "backup", "DS", "EXCHSRV"},
		{"ntbackup", "backup", "/t", "normal"},
		{"ntbackup", "backup", "IS", `\\EXCHSRV`, "/t", "differential"},
		{"ntbackup", "backup", "IS", `\\EXCHSRV`, "/bogus"},
	} {
		if _, errs, code := run(t, n, "", argv...); code == 0 || errs == "" {
			t.Errorf("%v: accepted (code %d)", argv, code)
		}
	}
	if _, errs, code := run(t, n, "", "ntbackup", "backup", "IS", `\\EXCHSRV`, "/v", "/d", "nightly", "/l:s"); code != 0 {
		t.Errorf("options rejected: %q", errs)
	}
}
