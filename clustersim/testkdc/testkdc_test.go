package testkdc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The harness makes a working realm: kinit with the user's password gets a TGT, and the
// exported keytab holds the service's keys.
func TestStartAddKinit(t *testing.T) {
	const pw = "Alice;'\"`$(pw) 1"
	k := Start(t)
	k.AddUser(t, "alice", pw)
	kt := k.AddService(t, "HTTP/node1.example.test")
	if len(kt) < 50 || kt[0] != 5 || kt[1] != 2 {
		t.Fatalf("keytab: %d bytes, header % x", len(kt), kt[:2])
	}
	kinit, err := exec.LookPath("kinit")
	if err != nil {
		t.Skip("kinit not installed (krb5-user)")
	}
	cc := filepath.Join(t.TempDir(), "cc")
	cmd := exec.Command(kinit, "-c", "FILE:"+cc, "alice@"+Realm)
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+k.Krb5Conf)
	cmd.Stdin = strings.NewReader(pw + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kinit: %v: %s", err, out)
	}
	if st, err := os.Stat(cc); err != nil || st.Size() == 0 {
		t.Fatalf("no credential cache: %v", err)
	}
	// After a password change the old one no longer works.
	k.ChangePassword(t, "alice", "Alice-new-2")
	cmd = exec.Command(kinit, "-c", "FILE:"+cc, "alice@"+Realm)
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+k.Krb5Conf)
	cmd.Stdin = strings.NewReader(pw + "\n")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("kinit with the old password after cpw: %s", out)
	}
}
