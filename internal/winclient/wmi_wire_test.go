package winclient

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// Names and keys go into the request as text: whatever they hold, an XML reader gets them
// back unchanged and no element is added.
func TestWMIEnvelopeCarriesValuesAsText(t *testing.T) {
	ws, err := wsman.New(wsman.Config{Host: "h", Port: 5985, Auth: wsman.AuthBasic}, hclog.NewNullLogger())
	if err != nil {
		t.Fatal(err)
	}
	w := &wire{Client: ws, params: winrm.NewParameters("PT20S", "en-US", 153600)}
	for _, v := range []string{`a"b'c<d>&e`, `]]><x:Evil/>`, "tab\tcr\rlf\n", "\u2018q\u2019", `SOFTWARE\Microsoft\Exchange`} {
		uri := wmiClassURI("MSCluster_Resource")
		in := xmlMethodInput{XMLName: xml.Name{Local: "p:AddRegistryCheckpoint_INPUT"}, P: uri,
			Params: []xmlParam{{XMLName: xml.Name{Local: "p:CheckpointName"}, Value: v}}}
		env := w.wmiEnvelope(uri+"/AddRegistryCheckpoint", uri, []xmlSelector{{Name: "Name", Value: v}}, in)
		var got struct {
			Header struct {
				Selectors []string `xml:"SelectorSet>Selector"`
			} `xml:"Header"`
			Body struct {
				Input struct {
					Params []string `xml:",any"`
				} `xml:"AddRegistryCheckpoint_INPUT"`
			} `xml:"Body"`
		}
		if err := xml.Unmarshal([]byte(env), &got); err != nil {
			t.Fatalf("%q: %v\n%s", v, err, env)
		}
		if len(got.Header.Selectors) != 1 || got.Header.Selectors[0] != v || len(got.Body.Input.Params) != 1 || got.Body.Input.Params[0] != v {
			t.Fatalf("%q came back as %+v\n%s", v, got, env)
		}
	}
}

func TestParseEnumeration(t *testing.T) {
	body := `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Body><n:EnumerateResponse><n:EnumerationContext>uuid:1</n:EnumerationContext><w:Items>` +
		`<p:MSCluster_Resource xmlns:p="u" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><p:Name>A &amp; B</p:Name><p:RegistryCheckpoints>K1</p:RegistryCheckpoints><p:RegistryCheckpoints>K2</p:RegistryCheckpoints><p:OwnerNode xsi:nil="true"/><p:State>4294967295</p:State></p:MSCluster_Resource>` +
		`<p:MSCluster_Resource xmlns:p="u" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><p:Name>C</p:Name><p:RegistryCheckpoints xsi:nil="true"/><p:State>2</p:State></p:MSCluster_Resource>` +
		`</w:Items></n:EnumerateResponse></s:Body></s:Envelope>`
	page, err := parseEnumeration(body)
	if err != nil || page.context != "uuid:1" || page.endOfSeq || len(page.items) != 2 {
		t.Fatalf("%+v %v", page, err)
	}
	a, c := resourceRowOf(page.items[0]), resourceRowOf(page.items[1])
	if a.Name != "A & B" || strings.Join(a.Checkpoints, ",") != "K1,K2" || a.OwnerNode != "" || a.State != "Unknown" {
		t.Fatalf("first row %+v", a)
	}
	if c.Name != "C" || len(c.Checkpoints) != 0 || c.State != "Online" {
		t.Fatalf("second row %+v", c)
	}
	if _, err := parseEnumeration(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>`); err == nil {
		t.Fatal("an answer that is no enumeration was taken")
	}
}

// FuzzParseEnumeration: any answer parses or fails, never panics.
func FuzzParseEnumeration(f *testing.F) {
	f.Add(`<a:EnumerateResponse><w:Items><p:X><p:Y>1</p:Y></p:X></w:Items><w:EndOfSequence/></a:EnumerateResponse>`)
	f.Add(`<PullResponse><Items><X><Y xsi:nil="true"/></X></Items></PullResponse>`)
	f.Fuzz(func(t *testing.T, body string) {
		page, err := parseEnumeration(body)
		if err == nil && page == nil {
			t.Fatal("no page and no error")
		}
	})
}
