package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// list calls the ListResource RPC, as `terraform query` does, and returns one line per
// result: the display name, the identity, and with includeResource the resource's id.
func (r *protocolRig) list(typeName string, config map[string]string, includeResource bool) []string {
	r.t.Helper()
	sch, ok := r.schemas.ListResourceSchemas[typeName]
	if !ok {
		r.t.Fatalf("no list resource schema for %s", typeName)
	}
	lister, ok := r.srv.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // the only way terraform-plugin-go v0.31 serves ListResource
	if !ok {
		r.t.Fatal("the provider server does not serve ListResource")
	}
	stream, err := lister.ListResource(r.ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: r.value(sch.ValueType(), config), IncludeResource: includeResource, Limit: 100,
	})
	if err != nil {
		r.t.Fatalf("ListResource: %v", err)
	}
	idType := identityType(r.identityTypes()[typeName])
	var out []string
	for res := range stream.Results {
		if hasErrors(res.Diagnostics) {
			out = append(out, fmt.Sprintf("error: %s: %s", res.Diagnostics[0].Summary, res.Diagnostics[0].Detail))
			continue
		}
		id := r.strings(idType, res.Identity.IdentityData)
		line := fmt.Sprintf("%s | identity cluster=%q resource_name=%q", res.DisplayName, id["cluster"], id["resource_name"])
		if k, ok := id["key"]; ok {
			line += fmt.Sprintf(" key=%q", k)
		}
		if includeResource {
			st := r.strings(r.schemas.ResourceSchemas[typeName].ValueType(), res.Resource)
			line += fmt.Sprintf(" | id=%q", st["id"])
		}
		out = append(out, line)
	}
	return out
}

func TestProtocolListResources(t *testing.T) {
	r := newProtocolRig(t)
	const sa2 = "EVS2 System Attendant"
	r.api.addResource(&winclient.Resource{Name: sa2, ResourceType: defaultResourceName, State: "Online", OwnerGroup: "EVS2", OwnerNode: "NODE2"})
	r.api.addResource(&winclient.Resource{Name: "Cluster Name", ResourceType: "Network Name", State: "Online", OwnerGroup: "Cluster Group", OwnerNode: "NODE1"})
	r.api.setCheckpoints(defaultResourceName, `SOFTWARE\Microsoft\Exchange\Backupinformation`, `SOFTWARE\Fabrikam`)
	r.api.setCheckpoints(sa2, `SOFTWARE\Vendor|App`)
	r.api.setCheckpoints("Cluster Name", `SOFTWARE\Clusname`)

	cases := []struct {
		typeName string
		config   map[string]string
		include  bool
		want     []string
	}{
		{"exchange_cluster_checkpoint", nil, true, []string{
			`Cluster Name: SOFTWARE\Clusname | identity cluster="EXCLUSTER" resource_name="Cluster Name" key="SOFTWARE\\Clusname" | id="EXCLUSTER|Cluster Name|SOFTWARE\\Clusname"`,
			`EVS2 System Attendant: SOFTWARE\Vendor|App | identity cluster="EXCLUSTER" resource_name="EVS2 System Attendant" key="SOFTWARE\\Vendor|App" | id="|EXCLUSTER|EVS2 System Attendant|SOFTWARE\\Vendor%7CApp"`,
			`Microsoft Exchange System Attendant: SOFTWARE\Microsoft\Exchange\Backupinformation | identity cluster="EXCLUSTER" resource_name="Microsoft Exchange System Attendant" key="SOFTWARE\\Microsoft\\Exchange\\Backupinformation" | id="EXCLUSTER|Microsoft Exchange System Attendant|SOFTWARE\\Microsoft\\Exchange\\Backupinformation"`,
			`Microsoft Exchange System Attendant: SOFTWARE\Fabrikam | identity cluster="EXCLUSTER" resource_name="Microsoft Exchange System Attendant" key="SOFTWARE\\Fabrikam" | id="EXCLUSTER|Microsoft Exchange System Attendant|SOFTWARE\\Fabrikam"`,
		}},
		// Filtered by type, without the resource objects.
		{"exchange_cluster_checkpoint", map[string]string{"resource_type": strings.ToUpper(defaultResourceName), "resource_name": "EVS? *"}, false, []string{
			`EVS2 System Attendant: SOFTWARE\Vendor|App | identity cluster="EXCLUSTER" resource_name="EVS2 System Attendant" key="SOFTWARE\\Vendor|App"`,
		}},
		{"exchange_cluster_checkpoints_exclusive", map[string]string{"cluster": "EXCLUSTER", "resource_type": defaultResourceName}, true, []string{
			`EVS2 System Attendant: 1 checkpoint(s) | identity cluster="EXCLUSTER" resource_name="EVS2 System Attendant" | id="EXCLUSTER|EVS2 System Attendant"`,
			`Microsoft Exchange System Attendant: 2 checkpoint(s) | identity cluster="EXCLUSTER" resource_name="Microsoft Exchange System Attendant" | id="EXCLUSTER|Microsoft Exchange System Attendant"`,
		}},
		// Resources without checkpoints are not listed for the exclusive resource.
		{"exchange_cluster_checkpoints_exclusive", map[string]string{"resource_name": "Microsoft Exchange Information Store"}, true, nil},
		{"exchange_cluster_checkpoint", map[string]string{"cluster": "OTHER"}, false, []string{"error: Cluster not found"}},
	}
	for _, c := range cases {
		got := r.list(c.typeName, c.config, c.include)
		t.Logf("%s %v:\n%s", c.typeName, c.config, strings.Join(got, "\n"))
		if len(got) != len(c.want) {
			t.Errorf("%s %v: %d results, want %d", c.typeName, c.config, len(got), len(c.want))
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%s %v: result %d =\n%s\nwant\n%s", c.typeName, c.config, i, got[i], c.want[i])
			}
		}
	}
	// Each list asks Windows once for the whole cluster (one snapshot), not once per resource.
	if n := r.api.callCount("ListResources"); n != len(cases) || r.api.callCount("GetResource")+r.api.callCount("ListCheckpoints") != 0 {
		t.Errorf("ListResources called %d times", n)
	}
}
