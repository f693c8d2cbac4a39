package provider

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	resourcetest "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/testkdc"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wiretap"
	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The service principal the simulator's first node takes by default in realm EXAMPLE.TEST.
const krbNode1SPN = "HTTP/node1.example.test"

// krbBackend is the simulator at Windows' defaults for a domain member (plain HTTP,
// AllowUnencrypted false, the node's HTTP/ keys in a keytab) with a real MIT KDC, reached
// through a relay that keeps what travels on the wire.
type krbBackend struct {
	*simBackend
	kdc   *testkdc.KDC
	tap   *wiretap.Tap
	extra map[string]string
}

func startKrbBackend(t *testing.T, auth string, tweaks ...func(*clustersim.Options)) *krbBackend {
	t.Helper()
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	kdc := testkdc.Start(t)
	user := accountName(accUser)
	kdc.AddUser(t, user, accPassword)
	kdc.Kadmin(t, "addprinc -randkey "+krbNode1SPN)
	kt := kdc.Keytab(t, krbNode1SPN)
	sb := startSimBackend(t, accMode{name: "kerberos-http", auth: auth}, append([]func(*clustersim.Options){func(o *clustersim.Options) {
		o.KerberosKeytab, o.KerberosRealm = kt, testkdc.Realm
	}}, tweaks...)...)
	tap := wiretap.New(t, net.JoinHostPort(sb.host, strconv.Itoa(sb.port)))
	// Cleanups run last-registered first: close the provider's clients (their shells'
	// Deletes go through the relay) before the relay stops.
	t.Cleanup(func() { _ = CloseClients() })
	host, port, err := net.SplitHostPort(tap.Addr)
	if err != nil {
		t.Fatal(err)
	}
	sb.host, sb.port = host, atoiT(t, port)
	return &krbBackend{simBackend: sb, kdc: kdc, tap: tap, extra: map[string]string{
		attrKerberosRealm:    testkdc.Realm,
		attrKerberosKrb5Conf: kdc.Krb5Conf,
		// Connected by address through the relay: the node's name is given as the SPN.
		attrKerberosSPN: krbNode1SPN,
	}}
}

func (b *krbBackend) settings() map[string]string {
	s := b.simBackend.settings()
	for k, v := range b.extra {
		s[k] = v
	}
	return s
}

// accountName is the user of DOMAIN\user: the Kerberos principal's name in the realm.
func accountName(account string) string {
	if i := strings.LastIndexByte(account, '\\'); i >= 0 {
		return account[i+1:]
	}
	return account
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestKerberosAtWindowsDefaults: with auth "kerberos" and "negotiate", on both transports,
// the checkpoint is created, drift is seen and repaired, and destroy removes it, against a
// node that takes nothing unencrypted over HTTP; the wire carried only sealed bodies, with
// the protocol string of Negotiate.
func TestKerberosAtWindowsDefaults(t *testing.T) {
	for _, auth := range []string{winclient.AuthKerberos, winclient.AuthNegotiate} {
		for _, transport := range []string{winclient.TransportWMI, winclient.TransportPowerShell} {
			t.Run(auth+"-"+transport, func(t *testing.T) {
				b := startKrbBackend(t, auth)
				b.extra[attrTransport] = transport
				resourcetest.UnitTest(t, resourcetest.TestCase{
					ProtoV6ProviderFactories: b.factories(),
					CheckDestroy: func(*terraform.State) error {
						if b.holds(t, systemAttendant, regkey.Default) {
							return fmt.Errorf("the checkpoint is left after destroy")
						}
						return nil
					},
					Steps: []resourcetest.TestStep{
						{
							Config: config(b, kbResource),
							Check:  expectHolds(t, b, systemAttendant, regkey.Default, true),
						},
						{
							PreConfig:          func() { b.removeCheckpointOutOfBand(t, systemAttendant, regkey.Default) },
							Config:             config(b, kbResource),
							PlanOnly:           true,
							ExpectNonEmptyPlan: true,
							ConfigPlanChecks: resourcetest.ConfigPlanChecks{
								PostApplyPostRefresh: []plancheck.PlanCheck{
									plancheck.ExpectResourceAction(kbAddress, plancheck.ResourceActionCreate),
								},
							},
						},
						{
							Config: config(b, kbResource),
							Check:  expectHolds(t, b, systemAttendant, regkey.Default, true),
						},
					},
				})
				b.tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 3)
				// Kerberos, not Negotiate's NTLM fallback: no NTLMSSP token (base64 "TlRMTVNT").
				if up, _ := b.tap.Traffic(); bytes.Contains(up, []byte("TlRMTVNT")) {
					t.Fatal("NTLM on the wire")
				}
				if st := b.sim.Stats(); st.AuthFailures != 0 {
					t.Fatalf("the node refused %d requests", st.AuthFailures)
				}
			})
		}
	}
}

// TestKerberosFailuresThroughTerraform: each Kerberos failure reaches the user with its own
// cause and fix, and only the refused password stops further logons.
func TestKerberosFailuresThroughTerraform(t *testing.T) {
	b := startKrbBackend(t, winclient.AuthKerberos)
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadKDC := dead.Addr().String()
	_ = dead.Close()
	unreachable := filepath.Join(t.TempDir(), "krb5.conf")
	conf := "[libdefaults]\n default_realm = EXAMPLE.TEST\n dns_lookup_kdc = false\n[realms]\n EXAMPLE.TEST = {\n  kdc = " + deadKDC + "\n }\n"
	if err := os.WriteFile(unreachable, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	user := accountName(accUser)
	shortLived := b.kdc.Kinit(t, user, accPassword, "-l", "1s")
	read := `data "exchange_cluster_resource" "sa" {}`
	step := func(changes map[string]string, want string) resourcetest.TestStep {
		return resourcetest.TestStep{Config: providerBlock(b, changes) + read, ExpectError: regexp.MustCompile(want)}
	}
	expired := step(map[string]string{attrKerberosCCache: shortLived, attrPassword: deleteMark}, `(?s)Kerberos logon failed.*expired.*kinit`)
	expired.PreConfig = func() { time.Sleep(1500 * time.Millisecond) } // the ticket lives 1s
	resourcetest.UnitTest(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{
			// (Terraform wraps messages: words are matched across line ends.)
			step(map[string]string{attrPassword: "not-the-password"}, `(?s)Kerberos logon failed.*KDC_ERR_PREAUTH_FAILED.*No\s+further\s+logon`),
			step(map[string]string{attrKerberosSPN: "HTTP/10.0.0.7"}, `(?s)Kerberos logon failed.*no\s+service\s+principal\s+HTTP/10\.0\.0\.7.*setspn\s+-L`),
			step(map[string]string{attrKerberosKrb5Conf: unreachable, attrTimeout: "3s"}, `(?s)no\s+KDC\s+of\s+realm\s+EXAMPLE\.TEST\s+answered.*`+regexp.QuoteMeta(deadKDC)+`.*krb5\.conf`),
			step(map[string]string{attrKerberosCCache: filepath.Join(t.TempDir(), "absent"), attrPassword: deleteMark}, `(?s)kerberos_ccache`),
			expired,
		},
	})

	// A node whose clock is an hour off answers KRB_AP_ERR_SKEW.
	skewed := startKrbBackend(t, winclient.AuthKerberos, func(o *clustersim.Options) { o.ClockOffset = time.Hour })
	resourcetest.UnitTest(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: skewed.factories(),
		Steps: []resourcetest.TestStep{{
			Config:      config(skewed, read),
			ExpectError: regexp.MustCompile(`(?s)Kerberos logon failed.*KRB_AP_ERR_SKEW.*5\s+minutes.*w32tm\s+/resync`),
		}},
	})
}

// TestKerberosKeytabFromEnvironment: a service account logs on with a keytab named by
// EXCHANGE_WINRM_KERBEROS_KEYTAB, no password anywhere, with the default auth (negotiate).
func TestKerberosKeytabFromEnvironment(t *testing.T) {
	b := startKrbBackend(t, "")
	user := accountName(accUser)
	// Exporting the keys gives the account new ones: from now on only the keytab logs on.
	path := filepath.Join(t.TempDir(), "user.keytab")
	if err := os.WriteFile(path, b.kdc.Keytab(t, user), 0o600); err != nil {
		t.Fatal(err)
	}
	b.setEnv(map[string]string{envVar(attrKerberosKeytab): path})
	resourcetest.UnitTest(t, resourcetest.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resourcetest.TestStep{{
			Config: providerBlock(b, map[string]string{attrPassword: deleteMark, attrAuth: deleteMark}) + `data "exchange_cluster_resource" "sa" {}`,
			Check:  resourcetest.TestCheckResourceAttr(saData, "state", "Online"),
		}},
	})
	b.tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 1)
}
