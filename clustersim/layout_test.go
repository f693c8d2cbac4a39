package clustersim

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// The Exchange 2000/2003 layout: two virtual servers, each a group owned by its own node
// with its own System Attendant, as Get-ClusterResource shows them over WinRM.
func TestLayoutExchange2003(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, Layout: LayoutExchange2003})
	c := client(t, s.URL("NODE1"), nil, testPassword)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	script := `Get-ClusterResource | Where-Object { $_.ResourceType.Name -eq 'Microsoft Exchange System Attendant' } | ` +
		`ForEach-Object { $_.Name + '|' + $_.OwnerGroup.Name + '|' + $_.OwnerNode.Name }`
	out, errOut, code, err := c.RunPSWithContext(ctx, script)
	if err != nil || code != 0 {
		t.Fatalf("%v %d %q", err, code, errOut)
	}
	want := "EVS1 System Attendant|EVS1|NODE1\r\nEVS2 System Attendant|EVS2|NODE2\r\n"
	if out != want {
		t.Fatalf("System Attendants:\n%q\nwant\n%q", out, want)
	}
	// KB Q245211's resource of Exchange 5.5 is not there.
	if _, err := s.Cluster().Resource(cluster.SystemAttendant); err == nil {
		t.Fatalf("the 2003 layout has %q", cluster.SystemAttendant)
	}
	// Checkpoints work on each System Attendant, and the backup model acts on EVS1.
	for _, evs := range cluster.Exchange2003VirtualServers {
		if _, err := s.Cluster().AddCheckpoint(cluster.Exchange2003SystemAttendant(evs), `SOFTWARE\Microsoft\Exchange\Backupinformation`); err != nil {
			t.Fatalf("%s: %v", evs, err)
		}
	}
	if got := s.Cluster().ExchangeServer(); got != "EVS1" {
		t.Fatalf("ExchangeServer = %q", got)
	}
}

func TestLayoutDefaultAndUnknown(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	if _, err := s.Cluster().Resource(cluster.SystemAttendant); err != nil {
		t.Fatalf("the default layout lacks the KB's resource: %v", err)
	}
	_, err := Start(Options{Username: testUser, Password: testPassword, AllowUnencrypted: true, Layout: "exchange2019"})
	if err == nil || !strings.Contains(err.Error(), `unknown layout "exchange2019"`) || !strings.Contains(err.Error(), "exchange2003") {
		t.Fatalf("Start with an unknown layout = %v", err)
	}
}
