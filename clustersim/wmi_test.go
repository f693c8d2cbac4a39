package clustersim

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// wmiEnvelope is a WS-Management request on a WMI resource URI, as WinRM clients write
// them (MS-WSMV section 4 examples).
func wmiEnvelope(action, uri string, selectors map[string]string, body string) string {
	var sel strings.Builder
	if len(selectors) > 0 {
		sel.WriteString(`<w:SelectorSet>`)
		for k, v := range selectors {
			sel.WriteString(`<w:Selector Name="` + xmlText(k) + `">` + xmlText(v) + `</w:Selector>`)
		}
		sel.WriteString(`</w:SelectorSet>`)
	}
	return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ` +
		`xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration">` +
		`<s:Header><a:To>http://localhost/wsman</a:To><w:ResourceURI s:mustUnderstand="true">` + xmlText(uri) + `</w:ResourceURI>` +
		`<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
		`<a:Action s:mustUnderstand="true">` + xmlText(action) + `</a:Action><w:MaxEnvelopeSize>512000</w:MaxEnvelopeSize>` +
		`<a:MessageID>uuid:0AB58087-C2C3-0005-0000-000000010000</a:MessageID><w:OperationTimeout>PT20S</w:OperationTimeout>` +
		sel.String() + `</s:Header><s:Body>` + body + `</s:Body></s:Envelope>`
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func postWMI(t *testing.T, url, envelope string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(envelope))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
	req.SetBasicAuth(testUser, testPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const uriResource = wsman.ResourceURIWMI + "root/mscluster/MSCluster_Resource"

var (
	reContext = regexp.MustCompile(`<n:EnumerationContext>([^<]+)</n:EnumerationContext>`)
	reName    = regexp.MustCompile(`<p:Name>([^<]*)</p:Name>`)
)

// enumerateAll runs an optimized enumeration with MaxElements maxElements and pulls to the end; it
// returns the answers' bodies.
func enumerateAll(t *testing.T, url, uri, filter string, maxElements int) []string {
	t.Helper()
	body := fmt.Sprintf(`<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>%d</w:MaxElements>%s</n:Enumerate>`, maxElements, filter)
	code, text := postWMI(t, url, wmiEnvelope(wsman.ActionEnumerate, uri, nil, body))
	if code != 200 {
		t.Fatalf("Enumerate: %d %s", code, text)
	}
	pages := []string{text}
	for i := 0; !strings.Contains(text, "EndOfSequence"); i++ {
		m := reContext.FindStringSubmatch(text)
		if m == nil || i > 100 {
			t.Fatalf("no context and no end: %s", text)
		}
		code, text = postWMI(t, url, wmiEnvelope(wsman.ActionPull, uri, nil,
			fmt.Sprintf(`<n:Pull><n:EnumerationContext>%s</n:EnumerationContext><n:MaxElements>%d</n:MaxElements></n:Pull>`, m[1], maxElements)))
		if code != 200 {
			t.Fatalf("Pull: %d %s", code, text)
		}
		pages = append(pages, text)
	}
	return pages
}

func TestWMIEnumeratePullSeesEveryResource(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	pages := enumerateAll(t, s.URL("NODE1"), uriResource, "", 2)
	var names []string
	for _, p := range pages {
		for _, m := range reName.FindAllStringSubmatch(p, -1) {
			names = append(names, m[1])
		}
	}
	want := s.Cluster().Resources()
	if len(names) != len(want) || len(pages) != (len(want)+1)/2 {
		t.Fatalf("got %d names in %d answers, want %d resources two by two: %v", len(names), len(pages), len(want), names)
	}
	if !strings.Contains(pages[0], `xsi:type="p:MSCluster_Resource_Type"`) || !strings.Contains(pages[0], `<w:Items>`) {
		t.Fatalf("first answer is not an optimized enumeration of instances: %s", pages[0])
	}
	if s.nodes[0].wsman.OpenEnumerations() != 0 {
		t.Fatal("an enumeration pulled to its end is still held")
	}
	st, _ := s.NodeStats("NODE1")
	if st.RequestsByAction["Enumerate"] != 1 || st.RequestsByAction["Pull"] != int64(len(pages)-1) || st.PowerShellStarts != 0 {
		t.Fatalf("counters %+v", st)
	}
}

func TestWMIQueryAndRelease(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	url := s.URL("NODE2")
	filter := `<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">SELECT * FROM MSCluster_Resource WHERE Name = 'Microsoft Exchange System Attendant'</w:Filter>`
	pages := enumerateAll(t, url, wsman.ResourceURIWMI+"root/mscluster/*", filter, 10)
	if len(pages) != 1 || len(reName.FindAllString(pages[0], -1)) != 1 || !strings.Contains(pages[0], "System Attendant") {
		t.Fatalf("query: %v", pages)
	}
	// A query outside the subset fails as WMI fails an invalid query (0x80041017), the
	// HRESULT as the WSManFault's code.
	code, text := postWMI(t, url, wmiEnvelope(wsman.ActionEnumerate, wsman.ResourceURIWMI+"root/mscluster/*", nil,
		`<n:Enumerate><w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">SELECT * FROM MSCluster_Resource WHERE Name LIKE 'x%'</w:Filter></n:Enumerate>`))
	if code != 500 || !strings.Contains(text, `Code="2147749911"`) {
		t.Fatalf("bad query: %d %s", code, text)
	}
	// A query of a class the namespace lacks gets the WMI plug-in's recorded fault.
	code, text = postWMI(t, url, wmiEnvelope(wsman.ActionEnumerate, wsman.ResourceURIWMI+"root/mscluster/*", nil,
		`<n:Enumerate><w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">SELECT * FROM MSCluster_Nope</w:Filter></n:Enumerate>`))
	for _, want := range []string{"<a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault</a:Action>", "<s:Value>n:CannotProcessFilter</s:Value>",
		`Code="2150858778"`, `<f:ProviderFault provider="WMI Provider"`, "The specified class does not exist in the given namespace. ", "<p:Operation xsi:type=\"cim:cimString\">ExecQuery</p:Operation>"} {
		if code != 500 || !strings.Contains(text, want) {
			t.Fatalf("query of a missing class: want %q in %d %s", want, code, text)
		}
	}
	// Not optimized: a context, then Release ends it; a second Release fails.
	code, text = postWMI(t, url, wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`))
	m := reContext.FindStringSubmatch(text)
	if code != 200 || m == nil || strings.Contains(text, "Items") {
		t.Fatalf("plain enumerate: %d %s", code, text)
	}
	release := wmiEnvelope(wsman.ActionRelease, uriResource, nil, `<n:Release><n:EnumerationContext>`+m[1]+`</n:EnumerationContext></n:Release>`)
	if code, text = postWMI(t, url, release); code != 200 {
		t.Fatalf("release: %d %s", code, text)
	}
	if code, text = postWMI(t, url, release); code != 500 || !strings.Contains(text, "InvalidEnumerationContext") {
		t.Fatalf("second release: %d %s", code, text)
	}
}

func invokeCheckpoint(t *testing.T, url, method, resource, key string) (int, string) {
	t.Helper()
	body := `<p:` + method + `_INPUT xmlns:p="` + uriResource + `"><p:CheckpointName>` + xmlText(key) + `</p:CheckpointName></p:` + method + `_INPUT>`
	return postWMI(t, url, wmiEnvelope(uriResource+"/"+method, uriResource, map[string]string{"Name": resource}, body))
}

// A change made over WMI is seen by the cmdlets, and one made by the cmdlets over WMI:
// both work on the one cluster model.
func TestWMIAndCmdletsShareTheCluster(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	url := s.URL("NODE1")
	const res = "Microsoft Exchange System Attendant"
	key := `SOFTWARE\Contoso\<&'"> x`
	code, text := invokeCheckpoint(t, url, "AddRegistryCheckpoint", res, key)
	if code != 200 || !strings.Contains(text, "AddRegistryCheckpoint_OUTPUT") {
		t.Fatalf("add: %d %s", code, text)
	}
	c := client(t, url, nil, testPassword)
	out, errOut, exit, err := c.RunWithContextWithString(context.Background(), "powershell -NoProfile -NonInteractive -Command -",
		"Get-ClusterCheckpoint -ResourceName '"+res+"' | ForEach-Object { $_.Name }\r\nAdd-ClusterCheckpoint -ResourceName '"+res+"' -RegistryCheckpoint 'SOFTWARE\\ByCmdlet' | Out-Null\r\n")
	if err != nil || exit != 0 || !strings.Contains(out, key) {
		t.Fatalf("cmdlets do not see the WMI add: %q %q %d %v", out, errOut, exit, err)
	}
	pages := enumerateAll(t, url, uriResource, "", 50)
	if !strings.Contains(pages[0], `<p:RegistryCheckpoints>SOFTWARE\ByCmdlet</p:RegistryCheckpoints>`) {
		t.Fatalf("WMI does not see the cmdlet's add: %s", pages[0])
	}
	if !strings.Contains(pages[0], `<p:RegistryCheckpoints>SOFTWARE\Contoso\&lt;&amp;&#39;&#34;&gt; x</p:RegistryCheckpoints>`) {
		t.Fatalf("the key does not come back as data: %s", pages[0])
	}

	// Windows' errors, by WSManFault code: a duplicate (ERROR_ALREADY_EXISTS), a missing
	// checkpoint (ERROR_FILE_NOT_FOUND), both as HRESULTs, and a missing resource
	// (ERROR_WSMAN_RESOURCE_NOT_FOUND, as WinRM reports WBEM_E_NOT_FOUND for an instance).
	for _, tc := range []struct{ method, resource, key, code string }{
		{"AddRegistryCheckpoint", res, strings.ToUpper(key), "2147942583"},
		{"RemoveRegistryCheckpoint", res, `SOFTWARE\Never`, "2147942402"},
		{"AddRegistryCheckpoint", "No Such Resource", `SOFTWARE\X`, "2150858752"},
	} {
		code, text := invokeCheckpoint(t, url, tc.method, tc.resource, tc.key)
		if code != 500 || !strings.Contains(text, `<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="`+tc.code+`"`) {
			t.Errorf("%s %q %q: %d %s", tc.method, tc.resource, tc.key, code, text)
		}
	}
	if code, text := invokeCheckpoint(t, url, "RemoveRegistryCheckpoint", res, key); code != 200 {
		t.Fatalf("remove: %d %s", code, text)
	}
	cps, _ := s.Cluster().Checkpoints(res)
	for _, cp := range cps {
		if cp.Key == key {
			t.Fatal("the WMI remove left the checkpoint")
		}
	}
}

func TestWMIUnregisteredNamespace(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true, WMIUnavailable: []string{"NODE2"}})
	code, text := postWMI(t, s.URL("NODE2"), wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`))
	if code != 500 || !strings.Contains(text, `Code="2150858752"`) || !strings.Contains(text, "a:DestinationUnreachable") {
		t.Fatalf("NODE2 without root\\MSCluster: %d %s", code, text)
	}
	if code, _ := postWMI(t, s.URL("NODE1"), wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`)); code != 200 {
		t.Fatalf("NODE1 has root\\MSCluster: %d", code)
	}
	s.SetWMIRegistered("NODE2", true)
	if code, _ := postWMI(t, s.URL("NODE2"), wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`)); code != 200 {
		t.Fatalf("NODE2 after registering: %d", code)
	}
	// Fault injection names WMI operations by their short names.
	s.Faults("NODE1").FailWith(1, "Invoke", 2150859174, "quota")
	if code, text := invokeCheckpoint(t, s.URL("NODE1"), "AddRegistryCheckpoint", "Microsoft Exchange System Attendant", `SOFTWARE\Q`); code != 500 || !strings.Contains(text, "2150859174") {
		t.Fatalf("injected: %d %s", code, text)
	}
}

// Pulls of one enumeration context in flight at once each get their own instances: every
// resource is handed out once, and the context ends once (the others are then told it is
// not known, as a context that ended is).
func TestWMIConcurrentPullsHandOutEachInstanceOnce(t *testing.T) {
	s := startSim(t, Options{AllowUnencrypted: true})
	url := s.URL("NODE1")
	code, text := postWMI(t, url, wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`))
	m := reContext.FindStringSubmatch(text)
	if code != 200 || m == nil {
		t.Fatalf("Enumerate: %d %s", code, text)
	}
	pull := wmiEnvelope(wsman.ActionPull, uriResource, nil,
		`<n:Pull><n:EnumerationContext>`+m[1]+`</n:EnumerationContext><n:MaxElements>1</n:MaxElements></n:Pull>`)
	var (
		mu    sync.Mutex
		names []string
		ends  int
		wg    sync.WaitGroup
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(pull))
				req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
				req.SetBasicAuth(testUser, testPassword)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode != 200 {
					return // the context ended under another Pull
				}
				mu.Lock()
				for _, n := range reName.FindAllStringSubmatch(string(b), -1) {
					names = append(names, n[1])
				}
				if strings.Contains(string(b), "EndOfSequence") {
					ends++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	want := s.Cluster().Resources()
	seen := map[string]int{}
	for _, n := range names {
		seen[n]++
	}
	if len(names) != len(want) || len(seen) != len(want) || ends != 1 {
		t.Fatalf("handed out %v (%d EndOfSequence) for %d resources", names, ends, len(want))
	}
	if s.nodes[0].wsman.OpenEnumerations() != 0 {
		t.Fatal("the enumeration is still held")
	}
}
