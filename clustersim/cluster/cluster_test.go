package cluster

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const backupKey = `SOFTWARE\Microsoft\Exchange\Backupinformation`

func newTestCluster(t *testing.T) *Cluster {
	t.Helper()
	c := New(DefaultConfig())
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	return c
}

func mustReg(t *testing.T, c *Cluster, node string) *Registry {
	t.Helper()
	r, err := c.Registry(node)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDefaultClusterIsOnlineOnNode1(t *testing.T) {
	c := newTestCluster(t)
	if got := c.Info().Name; got != "EXCLUSTER" {
		t.Errorf("cluster name %q", got)
	}
	for _, g := range c.Groups() {
		if g.OwnerNode != "NODE1" || g.State != GroupOnline {
			t.Errorf("group %s: owner %s state %s", g.Name, g.OwnerNode, g.State)
		}
	}
	sa, err := c.Resource("microsoft exchange system attendant")
	if err != nil {
		t.Fatal(err)
	}
	if sa.Name != SystemAttendant || sa.OwnerGroup != "Exchange Group" || sa.State != ResourceOnline || sa.IsCoreResource {
		t.Errorf("system attendant: %+v", sa)
	}
	if len(c.Resources()) != 11 {
		t.Errorf("want 11 resources, got %d", len(c.Resources()))
	}
	if mustReg(t, c, "NODE1").KeyExists(backupKey) {
		t.Error("Backupinformation must not exist before a full backup")
	}
	if !mustReg(t, c, "NODE2").KeyExists(`software\microsoft\EXCHANGE`) {
		t.Error("Exchange key missing (or lookup case-sensitive)")
	}
}

func TestIDsAreStableAndDistinct(t *testing.T) {
	a, b := New(DefaultConfig()), New(DefaultConfig())
	seen := map[string]bool{}
	for i, r := range a.Resources() {
		if r.ID != b.Resources()[i].ID {
			t.Errorf("%s: id differs between builds", r.Name)
		}
		if seen[r.ID] || len(r.ID) != 36 {
			t.Errorf("%s: bad or duplicate id %q", r.Name, r.ID)
		}
		seen[r.ID] = true
	}
}

func TestCheckpointAddRemoveErrors(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		key      string
		wantCode int
	}{
		{"leading backslash", SystemAttendant, `\SOFTWARE\Microsoft\Exchange`, ErrorInvalidParameter},
		{"empty", SystemAttendant, "", ErrorInvalidParameter},
		{"unknown resource", "No Such Resource", `SOFTWARE\X`, ErrorResourceNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCluster(t)
			_, err := c.AddCheckpoint(tt.resource, tt.key)
			if Code(err) != tt.wantCode {
				t.Fatalf("want code %d, got %v", tt.wantCode, err)
			}
		})
	}

	c := newTestCluster(t)
	if _, err := c.AddCheckpoint(SystemAttendant, backupKey); err != nil {
		t.Fatal(err)
	}
	_, err := c.AddCheckpoint(SystemAttendant, strings.ToUpper(backupKey))
	if Code(err) != ErrorAlreadyExists || !strings.Contains(err.Error(), "already being checkpointed") {
		t.Fatalf("duplicate add (other case): %v", err)
	}
	if !errors.Is(err, &Error{Code: ErrorAlreadyExists}) {
		t.Error("errors.Is on code does not match")
	}
	if _, err := c.RemoveCheckpoint(SystemAttendant, `SOFTWARE\Nope`); Code(err) != ErrorFileNotFound {
		t.Fatalf("remove missing: %v", err)
	}
	removed, err := c.RemoveCheckpoint(SystemAttendant, strings.ToLower(backupKey))
	if err != nil || removed.Key != backupKey {
		t.Fatalf("remove (other case): %+v %v", removed, err)
	}
	if cps, _ := c.Checkpoints(""); len(cps) != 0 {
		t.Errorf("checkpoints left: %v", cps)
	}
}

func TestCheckpointRestoredOnFailoverWholeSubtree(t *testing.T) {
	c := newTestCluster(t)
	r1 := mustReg(t, c, "NODE1")
	if _, err := c.AddCheckpoint(SystemAttendant, `SOFTWARE\Contoso\App`); err != nil {
		t.Fatal(err)
	}
	// Written after the add, while the resource is online on its owner: saved on write.
	if _, err := r1.CreateKey(`SOFTWARE\Contoso\App\Deep\Deeper`); err != nil {
		t.Fatal(err)
	}
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App`, SZ("Top", "1")))
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App\Deep\Deeper`, Qword("Q", 1<<40)))
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App\Deep`, MultiSZ("M", "a", "b")))
	// A sibling outside the checkpoint must not travel.
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso`, SZ("Outside", "x")))

	r2 := mustReg(t, c, "NODE2")
	if r2.KeyExists(`SOFTWARE\Contoso\App`) {
		t.Fatal("NODE2 has the key before any failover")
	}
	if _, err := c.MoveGroup("Exchange Group", "NODE2"); err != nil {
		t.Fatal(err)
	}
	v, err := r2.GetValue(`software\contoso\app\deep\deeper`, "q")
	if err != nil || v.Number != 1<<40 || v.Type != RegQword {
		t.Fatalf("deep value not restored: %+v %v", v, err)
	}
	if v, _ := r2.GetValue(`SOFTWARE\Contoso\App\Deep`, "M"); len(v.Strings) != 2 {
		t.Errorf("multi-sz not restored: %+v", v)
	}
	if _, err := r2.GetValue(`SOFTWARE\Contoso`, "Outside"); err == nil {
		t.Error("value outside the checkpoint was replicated")
	}
}

func TestChangeWhileOfflineIsOverwritten(t *testing.T) {
	c := newTestCluster(t)
	r1 := mustReg(t, c, "NODE1")
	_, _ = r1.CreateKey(`SOFTWARE\Contoso\App`)
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App`, SZ("Setting", "saved")))
	if _, err := c.AddCheckpoint(SystemAttendant, `SOFTWARE\Contoso\App`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StopResource(SystemAttendant); err != nil {
		t.Fatal(err)
	}
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App`, SZ("Setting", "changed while offline")))
	mustNil(t, r1.SetValue(`SOFTWARE\Contoso\App`, SZ("Extra", "added while offline")))
	if _, err := c.StartResource(SystemAttendant); err != nil {
		t.Fatal(err)
	}
	if v, _ := r1.GetValue(`SOFTWARE\Contoso\App`, "Setting"); v.String != "saved" {
		t.Errorf("offline change survived: %q", v.String)
	}
	if _, err := r1.GetValue(`SOFTWARE\Contoso\App`, "Extra"); err == nil {
		t.Error("value added while offline survived")
	}
}

func TestChangeOnNonOwnerIsNotSaved(t *testing.T) {
	c := newTestCluster(t)
	_, _ = mustReg(t, c, "NODE1").CreateKey(`SOFTWARE\Contoso\App`)
	_, _ = c.AddCheckpoint(SystemAttendant, `SOFTWARE\Contoso\App`)
	r2 := mustReg(t, c, "NODE2")
	_, _ = r2.CreateKey(`SOFTWARE\Contoso\App`)
	mustNil(t, r2.SetValue(`SOFTWARE\Contoso\App`, SZ("Rogue", "1")))
	_, _ = c.MoveGroup("Exchange Group", "NODE2")
	if _, err := r2.GetValue(`SOFTWARE\Contoso\App`, "Rogue"); err == nil {
		t.Error("a change on the non-owner survived the restore")
	}
	_, _ = c.MoveGroup("Exchange Group", "NODE1")
	if _, err := mustReg(t, c, "NODE1").GetValue(`SOFTWARE\Contoso\App`, "Rogue"); err == nil {
		t.Error("a change on the non-owner was saved")
	}
}

func TestDependencyOrder(t *testing.T) {
	c := newTestCluster(t)
	// Taking the network name offline takes everything that depends on it offline first.
	if _, err := c.StopResource(DefaultExchangeServer); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{SystemAttendant, DirectoryService, InformationStore, MessageTransferAgent, EventService} {
		if r, _ := c.Resource(n); r.State != ResourceOffline {
			t.Errorf("%s still %s", n, r.State)
		}
	}
	if r, _ := c.Resource("Exchange IP Address"); r.State != ResourceOnline {
		t.Errorf("IP address went offline: %s", r.State)
	}
	if g, _ := c.Group("Exchange Group"); g.State != GroupPartialOnline {
		t.Errorf("group state %s", g.State)
	}
	// Bringing the event service online brings its whole chain online.
	if _, err := c.StartResource(EventService); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{DefaultExchangeServer, SystemAttendant, DirectoryService, InformationStore} {
		if r, _ := c.Resource(n); r.State != ResourceOnline {
			t.Errorf("%s is %s", n, r.State)
		}
	}
	if r, _ := c.Resource(MessageTransferAgent); r.State != ResourceOffline {
		t.Errorf("MTA (not a dependency) is %s", r.State)
	}
}

func TestMoveGroupErrors(t *testing.T) {
	c := newTestCluster(t)
	if _, err := c.MoveGroup("Nope", "NODE2"); Code(err) != ErrorGroupNotFound {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := c.MoveGroup("Exchange Group", "NODE9"); Code(err) != ErrorClusterNodeNotFound {
		t.Errorf("unknown node: %v", err)
	}
	_, _ = c.StopNode("NODE2")
	if _, err := c.MoveGroup("Exchange Group", "NODE2"); Code(err) != ErrorClusterNodeDown {
		t.Errorf("down node: %v", err)
	}
	if _, err := c.MoveGroup("Exchange Group", ""); Code(err) != ErrorHostNodeNotAvailable {
		t.Errorf("no other node: %v", err)
	}
}

func TestStopNodeFailsOverAndStrandsWithoutTarget(t *testing.T) {
	c := newTestCluster(t)
	if _, err := c.StopNode("NODE1"); err != nil {
		t.Fatal(err)
	}
	for _, g := range c.Groups() {
		if g.OwnerNode != "NODE2" || g.State != GroupOnline {
			t.Errorf("after failover %s: %s %s", g.Name, g.OwnerNode, g.State)
		}
	}
	if n, _ := c.Node("NODE1"); n.State != NodeDown {
		t.Errorf("NODE1 %s", n.State)
	}
	// The stopped node's machine (its registry) is still there.
	if _, err := c.Registry("NODE1"); err != nil {
		t.Error(err)
	}
	_, _ = c.StopNode("NODE2")
	for _, g := range c.Groups() {
		if g.State != GroupOffline {
			t.Errorf("%s with no node up: %s", g.Name, g.State)
		}
	}
	_, _ = c.StartNode("NODE1")
	for _, g := range c.Groups() {
		if g.OwnerNode != "NODE1" || g.State != GroupOnline {
			t.Errorf("after start %s: %s %s", g.Name, g.OwnerNode, g.State)
		}
	}
}

func TestDeleteResourceDeletesCheckpoints(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.AddCheckpoint(EventService, `SOFTWARE\Contoso`)
	hasRegSync := func() bool {
		r, _ := c.Resource(EventService)
		return mustReg(t, c, "NODE2").KeyExists(`Cluster\Resources\` + r.ID + `\RegSync`)
	}
	if !hasRegSync() {
		t.Fatal("RegSync missing from the cluster hive")
	}
	if err := c.DeleteResource(EventService); Code(err) != ErrorResourceOnline {
		t.Fatalf("delete online: %v", err)
	}
	_, _ = c.StopResource(EventService)
	r, _ := c.Resource(EventService)
	if err := c.DeleteResource(EventService); err != nil {
		t.Fatal(err)
	}
	if cps, _ := c.Checkpoints(""); len(cps) != 0 {
		t.Errorf("checkpoints left: %v", cps)
	}
	if mustReg(t, c, "NODE1").KeyExists(`Cluster\Resources\` + r.ID) {
		t.Error("resource key left in the cluster hive")
	}
	if _, err := c.AddCheckpoint(EventService, `SOFTWARE\Contoso`); Code(err) != ErrorResourceNotFound {
		t.Errorf("add on deleted resource: %v", err)
	}
}

func TestRegSyncNumbering(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.AddCheckpoint(SystemAttendant, `SOFTWARE\A`)
	_, _ = c.AddCheckpoint(SystemAttendant, `SOFTWARE\B`)
	r, _ := c.Resource(SystemAttendant)
	ki, err := mustReg(t, c, "NODE1").Key(`Cluster\Resources\` + r.ID + `\RegSync`)
	if err != nil {
		t.Fatal(err)
	}
	if len(ki.Values) != 2 || ki.Values[0].String != `SOFTWARE\A` || ki.Values[1].String != `SOFTWARE\B` {
		t.Errorf("RegSync values: %+v", ki.Values)
	}
}

// The KB Q245211 story, without and with the workaround.
func TestKBQ245211(t *testing.T) {
	for _, withCheckpoint := range []bool{false, true} {
		t.Run(map[bool]string{false: "without checkpoint", true: "with checkpoint"}[withCheckpoint], func(t *testing.T) {
			c := newTestCluster(t)
			if withCheckpoint {
				if _, err := c.AddCheckpoint(SystemAttendant, backupKey); err != nil {
					t.Fatal(err)
				}
			}
			full, err := c.Backup("NODE1", BackupNormal)
			if err != nil || full.Node != "NODE1" {
				t.Fatalf("full backup: %+v %v", full, err)
			}
			if !mustReg(t, c, "NODE1").KeyExists(backupKey) {
				t.Fatal("full backup did not write Backupinformation")
			}
			if _, err := c.MoveGroup("Exchange Group", "NODE2"); err != nil {
				t.Fatal(err)
			}
			inc, err := c.Backup("NODE2", BackupIncremental)
			if !withCheckpoint {
				var be *BackupError
				if !errors.As(err, &be) {
					t.Fatalf("incremental should fail, got %+v %v", inc, err)
				}
				if be.Event.EventID != 8010 || be.Event.Source != "NT backup" || be.Event.EntryType != EntryError ||
					!strings.Contains(be.Event.Message, "BackupPrepare") {
					t.Errorf("event: %+v", be.Event)
				}
				events, _ := c.Events("NODE2")
				if len(events) == 0 || events[0].EventID != 8010 {
					t.Errorf("8010 not newest in NODE2's log: %+v", events)
				}
				return
			}
			if err != nil || inc.Node != "NODE2" || inc.LogGeneration <= full.LogGeneration {
				t.Fatalf("incremental: %+v %v", inc, err)
			}
		})
	}
}

func TestBackupNeedsInformationStore(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.StopResource(InformationStore)
	var be *BackupError
	if _, err := c.Backup("", BackupNormal); !errors.As(err, &be) || be.Event.EventID == 8010 {
		t.Fatalf("backup with store offline: %v", err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.AddCheckpoint(SystemAttendant, backupKey)
	_, _ = c.Backup("NODE1", BackupNormal)
	_, _ = c.MoveGroup("Exchange Group", "NODE2")
	_, _ = c.StopNode("NODE1")
	mustNil(t, mustReg(t, c, "NODE1").SetValue(`SOFTWARE\Microsoft\Exchange`, Binary("Blob", []byte{1, 2, 3})))

	path := filepath.Join(t.TempDir(), "state.json")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	d, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := c.MarshalState()
	b, _ := d.MarshalState()
	if string(a) != string(b) {
		t.Error("state differs after a save/load round trip")
	}
	if n, _ := d.Node("NODE1"); n.State != NodeDown {
		t.Errorf("NODE1 state %s", n.State)
	}
	// The loaded cluster keeps working: the saved checkpoint copy travels back.
	_, _ = d.StartNode("NODE1")
	if _, err := d.MoveGroup("Exchange Group", "NODE1"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Backup("NODE1", BackupIncremental); err != nil {
		t.Errorf("incremental after load: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("loading a missing file succeeded")
	}
}

func TestSummaryJSON(t *testing.T) {
	c := newTestCluster(t)
	_, _ = c.Backup("", BackupNormal)
	s := string(c.DumpJSON())
	for _, want := range []string{`"EXCLUSTER"`, `"has_backup_information": true`, `"Online"`, SystemAttendant} {
		if !strings.Contains(s, want) {
			t.Errorf("dump lacks %s", want)
		}
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCryptoCheckpoints(t *testing.T) {
	c := newTestCluster(t)
	cp := CryptoCheckpoint{Name: "Microsoft Base Cryptographic Provider v1.0", Type: "1", Key: "Crypto"}
	got, err := c.AddCryptoCheckpoint("cluster name", cp)
	if err != nil || got.Resource != "Cluster Name" {
		t.Fatalf("add: %+v %v", got, err)
	}
	if _, err := c.AddCryptoCheckpoint("Cluster Name", cp); Code(err) != ErrorAlreadyExists {
		t.Errorf("duplicate: %v", err)
	}
	if list, _ := c.CryptoCheckpoints(""); len(list) != 1 || list[0].Key != "Crypto" {
		t.Errorf("list: %+v", list)
	}
	if err := c.RemoveCryptoCheckpoint("Cluster Name", cp); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveCryptoCheckpoint("Cluster Name", cp); Code(err) != ErrorFileNotFound {
		t.Errorf("remove missing: %v", err)
	}
}

// A checkpoint configured from the start on a key the owner already has travels on the first
// failover, without any write in between.
func TestConfiguredCheckpointTravels(t *testing.T) {
	cfg := DefaultConfig()
	for i, r := range cfg.Groups[1].Resources {
		if r.Name == SystemAttendant {
			cfg.Groups[1].Resources[i].Checkpoints = []string{`SOFTWARE\Microsoft\Exchange\Setup`}
		}
	}
	c := New(cfg)
	r2 := mustReg(t, c, "NODE2")
	mustNil(t, r2.SetValue(`SOFTWARE\Microsoft\Exchange\Setup`, SZ("SiteName", "WRONG")))
	if _, err := c.MoveGroup(DefaultExchangeGroup, "NODE2"); err != nil {
		t.Fatal(err)
	}
	if v, _ := r2.GetValue(`SOFTWARE\Microsoft\Exchange\Setup`, "SiteName"); v.String != "FIRSTSITE" {
		t.Errorf("SiteName on NODE2 = %q, want NODE1's FIRSTSITE", v.String)
	}
}
