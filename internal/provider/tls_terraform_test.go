package provider

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestTLSVerification: over HTTPS the server's certificate is checked by default, against
// ca_cert and for tls_server_name when given.
func TestTLSVerification(t *testing.T) {
	requireTerraform(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
	}
	b := startSimBackend(t, modeBasic)
	read := `data "exchange_cluster_resource" "sa" {}`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: b.factories(),
		Steps: []resource.TestStep{
			{
				// Without ca_cert the system's trust store does not know the simulator's CA.
				Config:      providerBlock(b, map[string]string{attrCACert: deleteMark}) + read,
				ExpectError: regexp.MustCompile(`(?s)Cannot reach WinRM.*(certificate|x509)`),
			},
			{
				// A certificate for other names than tls_server_name.
				Config:      providerBlock(b, map[string]string{attrTLSServerName: "wrong.contoso.com"}) + read,
				ExpectError: regexp.MustCompile(`(?s)Cannot reach WinRM.*wrong\.contoso\.com`),
			},
			{
				// The right name: the certificate is issued to the node names.
				Config: providerBlock(b, map[string]string{attrTLSServerName: "NODE1"}) + read,
				Check:  resource.TestCheckResourceAttr(saData, "state", "Online"),
			},
			{
				// insecure skips verification (with a warning at plan).
				Config: providerBlock(b, map[string]string{attrCACert: deleteMark, attrInsecure: "true"}) + read,
				Check:  resource.TestCheckResourceAttr(saData, "state", "Online"),
			},
		},
	})
}
