package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// invalidResourceConfigs are bad arguments of the resource and the data source, each with the
// attribute its error must name.
var invalidResourceConfigs = []struct {
	name, body, wantAttr string
}{
	{"key empty", `resource "exchange_cluster_checkpoint" "bad" { key = "" }`, "key"},
	{"key blank", `resource "exchange_cluster_checkpoint" "bad" { key = "   " }`, "key"},
	{"key of HKCU", `resource "exchange_cluster_checkpoint" "bad" { key = "HKCU\\Software\\Fabrikam" }`, "key"},
	{"key of HKEY_USERS", `resource "exchange_cluster_checkpoint" "bad" { key = "HKEY_USERS\\.DEFAULT\\Software" }`, "key"},
	{"key of HKCR", `resource "exchange_cluster_checkpoint" "bad" { key = "HKCR\\CLSID" }`, "key"},
	{"key of HKCC", `resource "exchange_cluster_checkpoint" "bad" { key = "HKCC:\\Software" }`, "key"},
	{"key with leading backslash", `resource "exchange_cluster_checkpoint" "bad" { key = "\\SOFTWARE\\Fabrikam" }`, "key"},
	{"key with doubled backslash", `resource "exchange_cluster_checkpoint" "bad" { key = "SOFTWARE\\\\Fabrikam" }`, "key"},
	{"key with control character", `resource "exchange_cluster_checkpoint" "bad" { key = "SOFTWARE\\Fab\trikam" }`, "key"},
	{"key with NUL", `resource "exchange_cluster_checkpoint" "bad" { key = "SOFTWARE\\Fab\u0000rikam" }`, "key"},
	{"key component over 255", fmt.Sprintf(`resource "exchange_cluster_checkpoint" "bad" { key = "SOFTWARE\\%s" }`, strings.Repeat("k", 256)), "key"},
	{"key too long in all", fmt.Sprintf(`resource "exchange_cluster_checkpoint" "bad" { key = "%s" }`, strings.TrimSuffix(strings.Repeat(strings.Repeat("k", 250)+`\\`, 140), `\\`)), "key"},
	{"key the hive itself", `resource "exchange_cluster_checkpoint" "bad" { key = "HKLM\\" }`, "key"},
	{"resource_name empty", `resource "exchange_cluster_checkpoint" "bad" { resource_name = "" }`, "resource_name"},
	{"resource_name blank", `resource "exchange_cluster_checkpoint" "bad" { resource_name = "  " }`, "resource_name"},
	{"resource_name with newline", `resource "exchange_cluster_checkpoint" "bad" { resource_name = "System\nAttendant" }`, "resource_name"},
	{"cluster empty", `resource "exchange_cluster_checkpoint" "bad" { cluster = "" }`, "cluster"},
	{"cluster blank", `resource "exchange_cluster_checkpoint" "bad" { cluster = " " }`, "cluster"},
	{"cluster with pipe (no NetBIOS or DNS name has one)", `resource "exchange_cluster_checkpoint" "bad" { cluster = "EX|CLUSTER" }`, "cluster"},
	{"data source cluster with pipe", `data "exchange_cluster_resource" "bad" { cluster = "EX|CLUSTER" }`, "cluster"},
	{"cluster too long", fmt.Sprintf(`resource "exchange_cluster_checkpoint" "bad" { cluster = "%s" }`, strings.Repeat("c", 254)), "cluster"},
	{"data source name empty", `data "exchange_cluster_resource" "bad" { name = "" }`, "name"},
	{"data source cluster blank", `data "exchange_cluster_resource" "bad" { cluster = "\t" }`, "cluster"},
}

// TestBadInputFailsAtPlanWithoutARequest runs the whole bad input table (the provider's and
// the resources') through terraform plan: each must fail naming its attribute, and not one
// may send a request to Windows.
func TestBadInputFailsAtPlanWithoutARequest(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		var steps []resource.TestStep
		before := b.requests()
		noRequestSoFar := func(after string) {
			if n := b.requests() - before; n != 0 {
				t.Errorf("%d request(s) reached Windows by the end of %q", n, after)
			}
		}
		previous := "start"
		for _, c := range invalidProviderConfigs {
			prev := previous
			steps = append(steps, resource.TestStep{
				PreConfig: func() {
					noRequestSoFar(prev)
					b.setEnv(c.env)
				},
				Config:      providerBlock(b, c.change) + "\n" + kbResource,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Error: [^\n]*\b` + regexp.QuoteMeta(c.wantAttr) + `\b`),
			})
			previous = "provider: " + c.name
		}
		for _, c := range invalidResourceConfigs {
			prev := previous
			steps = append(steps, resource.TestStep{
				PreConfig: func() {
					noRequestSoFar(prev)
					b.setEnv(nil)
				},
				Config:      config(b, c.body),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error: Invalid.*\b` + regexp.QuoteMeta(c.wantAttr) + `\b`),
			})
			previous = "resource: " + c.name
		}
		resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: b.factories(), Steps: steps})
		noRequestSoFar(previous)
		t.Logf("%s: %d invalid configurations rejected at plan, %d requests sent", b.name(),
			len(invalidProviderConfigs)+len(invalidResourceConfigs), b.requests()-before)
	})
}
