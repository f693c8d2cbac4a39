package provider

import (
	"net"
	"os"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

const (
	accUser     = `CONTOSO\exadmin`
	accPassword = "Tr0ub4dor&3;'\"$(calc)`x" // shell and PowerShell metacharacters on purpose
)

// accMode is one way of reaching the simulator.
type accMode struct {
	name  string
	auth  string
	https bool
}

var (
	// NTLM over plain HTTP, sealed with WinRM message encryption: the provider's default,
	// accepted by Windows with its default AllowUnencrypted=false.
	modeNTLM = accMode{name: "ntlm-http", auth: winclient.AuthNTLM}
	// Basic over HTTPS, the server's certificate checked against the simulator's CA.
	modeBasic = accMode{name: "basic-https", auth: winclient.AuthBasic, https: true}
	accModes  = []accMode{modeNTLM, modeBasic}
)

// simBackend is the simulated cluster, reached over real WinRM at its first node.
type simBackend struct {
	envBox
	sim  *clustersim.Sim
	mode accMode
	host string
	port int
}

func startSimBackend(t *testing.T, mode accMode, tweaks ...func(*clustersim.Options)) *simBackend {
	t.Helper()
	opts := clustersim.Options{
		Username: accUser,
		Password: accPassword,
		HTTPS:    mode.https,
		// Windows' default: only HTTPS and sealed NTLM or Kerberos get through.
		AllowUnencrypted: false,
	}
	for _, tweak := range tweaks {
		tweak(&opts)
	}
	sim, err := clustersim.Start(opts)
	if err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	t.Cleanup(func() { sim.Close() })
	// As main does when Terraform stops the provider: close the clients, and with them
	// their shells. The simulator must then hold none.
	t.Cleanup(func() {
		if err := CloseClients(); err != nil {
			t.Errorf("closing the Windows clients: %v", err)
		}
		if open := sim.Stats().ShellsOpen; open != 0 {
			t.Errorf("%d shell(s) left open on the simulator after the provider closed its clients", open)
		}
	})
	host, portText, err := net.SplitHostPort(sim.Addr("NODE1"))
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	return &simBackend{sim: sim, mode: mode, host: host, port: port}
}

func (b *simBackend) name() string        { return "sim-" + b.mode.name }
func (b *simBackend) clusterName() string { return b.sim.Cluster().Info().Name }

func (b *simBackend) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"exchange": providerserver.NewProtocol6WithError(newWithClient(newWindowsClient, b.lookupEnv)()),
	}
}

func (b *simBackend) settings() map[string]string {
	s := map[string]string{
		attrHost:     b.host,
		attrPort:     strconv.Itoa(b.port),
		attrUsername: accUser,
		attrPassword: accPassword,
		attrAuth:     b.mode.auth,
		attrTimeout:  "60s",
	}
	if b.mode.https {
		s[attrHTTPS] = "true"
		s[attrCACert] = string(b.sim.CACertPEM())
	}
	// The transport under test (`make test` runs the suite once per transport): in-process
	// providers read their environment from the harness, so it is passed on here.
	if v := os.Getenv(envVar(attrTransport)); v != "" {
		s[attrTransport] = v
	}
	return s
}

func (b *simBackend) checkpoints(t *testing.T, resource string) []string {
	cps, err := b.sim.Cluster().Checkpoints(resource)
	if err != nil {
		t.Fatalf("checkpoints of %s: %v", resource, err)
	}
	var keys []string
	for _, c := range cps {
		keys = append(keys, c.Key)
	}
	return keys
}

func (b *simBackend) holds(t *testing.T, resource, key string) bool {
	_, ok := regkey.Find(b.checkpoints(t, resource), key)
	return ok
}

func (b *simBackend) addCheckpointOutOfBand(t *testing.T, resource, key string) {
	if _, err := b.sim.Cluster().AddCheckpoint(resource, key); err != nil {
		t.Fatalf("Add-ClusterCheckpoint out of band: %v", err)
	}
}

func (b *simBackend) removeCheckpointOutOfBand(t *testing.T, resource, key string) {
	if _, err := b.sim.Cluster().RemoveCheckpoint(resource, key); err != nil {
		t.Fatalf("Remove-ClusterCheckpoint out of band: %v", err)
	}
}

func (b *simBackend) failover(t *testing.T) {
	g, err := b.sim.Cluster().Group(cluster.DefaultExchangeGroup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sim.Cluster().MoveGroup(cluster.DefaultExchangeGroup, ""); err != nil {
		t.Fatalf("failover: %v", err)
	}
	if after, _ := b.sim.Cluster().Group(cluster.DefaultExchangeGroup); after.OwnerNode == g.OwnerNode {
		t.Fatalf("failover left the group on %s", g.OwnerNode)
	}
}

func (b *simBackend) deleteResourceOutOfBand(t *testing.T, resource string) {
	if _, err := b.sim.Cluster().StopResource(resource); err != nil {
		t.Fatal(err)
	}
	if err := b.sim.Cluster().DeleteResource(resource); err != nil {
		t.Fatal(err)
	}
}

func (b *simBackend) requests() int64 { return b.sim.Stats().HTTPRequests }

func (b *simBackend) resource(t *testing.T, name string) resourceView {
	r, err := b.sim.Cluster().Resource(name)
	if err != nil {
		t.Fatal(err)
	}
	return resourceView{Type: r.Type, State: r.State.String(), OwnerGroup: r.OwnerGroup, OwnerNode: r.OwnerNode,
		Checkpoints: append([]string{}, r.Checkpoints...)}
}

func (b *simBackend) refuseLogons(*testing.T) {
	for _, n := range b.sim.Nodes() {
		b.sim.Faults(n).RefuseAuth(1 << 20)
	}
}

func (b *simBackend) allowLogons(*testing.T) {
	for _, n := range b.sim.Nodes() {
		b.sim.Faults(n).Clear()
	}
}
