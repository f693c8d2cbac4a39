package winclient

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// faultFixtures holds the public captures of real Windows (README.md there names each
// file's source).
const faultFixtures = "wsman/testdata/faults"

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(faultFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every capture, answered to each WMI operation, gets the kind the table says: the same
// code means a missing class on an Enumerate and a missing instance on a Get or Invoke.
func TestFaultFixturesClassified(t *testing.T) {
	for _, tc := range []struct {
		file string
		want map[wmiOp]Kind
	}{
		{"get_instance_missing_2012r2.xml", map[wmiOp]Kind{wmiEnumerate: KindWMIUnavailable, wmiGet: KindResourceNotFound, wmiInvoke: KindResourceNotFound}},
		{"enumerate_wql_class_missing_2008r2.xml", map[wmiOp]Kind{wmiEnumerate: KindWMIUnavailable, wmiGet: KindWindows, wmiInvoke: KindWindows}},
		{"enumerate_wql_class_missing_winrm1.xml", map[wmiOp]Kind{wmiEnumerate: KindWMIUnavailable, wmiGet: KindWindows, wmiInvoke: KindWindows}},
		{"enumerate_namespace_missing_msft_wmierror.xml", map[wmiOp]Kind{wmiEnumerate: KindWMIUnavailable}},
		{"quota_as_msft_wmierror.xml", map[wmiOp]Kind{wmiEnumerate: KindQuota, wmiGet: KindQuota, wmiInvoke: KindQuota}},
		// OMI's bare InternalError carries no code and nothing of WMI: a fault of the
		// service, classified as any request's (a transport failure).
		{"internal_error_omi.xml", map[wmiOp]Kind{wmiEnumerate: KindTransport, wmiInvoke: KindTransport}},
	} {
		f, ok := parseFault(500, readFixture(t, tc.file))
		if !ok {
			t.Fatalf("%s: not read as a fault", tc.file)
		}
		for op, want := range tc.want {
			if e := classifyWMI("op", op, f); e.Kind != want {
				t.Errorf("%s on %s: %s (%v), want %s", tc.file, op, e.Kind, e, want)
			}
		}
	}
}

// The reader finds each field in every recorded shape, whatever the prefixes.
func TestReadFaultShapes(t *testing.T) {
	const (
		soap  = "http://www.w3.org/2003/05/soap-envelope"
		wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
	)
	d, err := readFault([]byte(readFixture(t, "get_instance_missing_2012r2.xml")))
	if err != nil || !d.IsFault {
		t.Fatal(err)
	}
	if d.Code != (faultQName{soap, "Sender"}) || d.Subcode != (faultQName{"http://schemas.xmlsoap.org/ws/2004/08/addressing", "DestinationUnreachable"}) ||
		d.Action != "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault" ||
		d.FaultDetail != "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidResourceURI" ||
		len(d.WSManCodes) != 2 || d.WSManCodes[0] != 2150858752 || d.WSManCodes[1] != 2150858752 ||
		d.Provider != "WMI Provider" || !d.fromWMI() || d.Extended == nil || d.Extended.Operation != "GetObject" ||
		d.Extended.ProviderName != "CIMWin32" || d.Extended.StatusCode != 0 || d.HasWMIError {
		t.Errorf("2012 R2 Get: %+v %+v", d, d.Extended)
	}
	d, _ = readFault([]byte(readFixture(t, "enumerate_wql_class_missing_2008r2.xml")))
	if d.Subcode.Local != "CannotProcessFilter" || d.Extended == nil || d.Extended.Operation != "ExecQuery" || d.Message != "(fixture) The class is not in the namespace." {
		t.Errorf("2008 R2 query: %+v %+v", d, d.Extended)
	}
	d, _ = readFault([]byte(readFixture(t, "internal_error_omi.xml")))
	if d.Code != (faultQName{soap, "Receiver"}) || d.Subcode != (faultQName{wsman, "InternalError"}) || len(d.WSManCodes) != 0 || d.fromWMI() {
		t.Errorf("OMI: %+v", d)
	}
	d, _ = readFault([]byte(readFixture(t, "quota_as_msft_wmierror.xml")))
	if !d.HasWMIError || d.WMIErrorCode != 2150859173 || d.fromWMI() || len(d.codes()) != 1 {
		t.Errorf("MSFT_WmiError: %+v", d)
	}
	// A nested code more precise than the outer one comes first.
	d, _ = readFault([]byte(`<s:Envelope xmlns:s="` + soap + `"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="2150859012"><f:Message><f:ProviderFault provider="WMI Provider" path="C:\Windows\system32\WsmWmiPl.dll"><f:WSManFault xmlns:f="x" Code="2147749891"><f:Message>m</f:Message></f:WSManFault></f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`))
	if c := d.codes(); len(c) != 2 || c[0] != hrWBEMAccessDenied || c[1] != wsmanWMIAccessDenied {
		t.Errorf("codes: %v", c)
	}
	// The captured empty enumeration is no fault, and reads as an empty, finished page.
	body := readFixture(t, "enumerate_end_empty_context.xml")
	if _, ok := parseFault(200, body); ok {
		t.Error("an EnumerateResponse read as a fault")
	}
	page, err := parseEnumeration(body)
	if err != nil || !page.endOfSeq || len(page.items) != 0 || page.context != "" {
		t.Errorf("empty enumeration: %+v %v", page, err)
	}
}

// Unknown codes from WMI are a plain Windows error, which is never retried.
func TestUnknownWMICodeIsWindowsError(t *testing.T) {
	f, _ := parseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Detail>`+
		`<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2147749889"><f:Message><f:ProviderFault provider="WMI Provider" path="%systemroot%\system32\WsmWmiPl.dll">failed</f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`)
	e := classifyWMI("op", wmiEnumerate, f)
	if e.Kind != KindWindows || retryable(e) {
		t.Fatalf("%s retryable=%v: %v", e.Kind, retryable(e), e)
	}
	// WMI's own access denied carries the mark auto falls back on; the WinRM service's
	// (a logon without rights on the service) does not.
	denied, _ := parseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="2150859012"/></s:Detail></s:Fault></s:Body></s:Envelope>`)
	if e := classifyWMI("op", wmiEnumerate, denied); e.Kind != KindAccessDenied || !isWMIDenied(e) {
		t.Fatalf("WMI access denied: %v", e)
	}
	service, _ := parseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="5"/></s:Detail></s:Fault></s:Body></s:Envelope>`)
	if e := classifyWMI("op", wmiEnumerate, service); e.Kind != KindAccessDenied || isWMIDenied(e) {
		t.Fatalf("the service's access denied: %v", e)
	}
	var target *Error
	if !errors.As(classifyWMI("op", wmiInvoke, f), &target) {
		t.Fatal("not an *Error")
	}
}

// FuzzReadFault: any body reads without panicking; parseFault takes exactly the bodies the
// reader finds a fault in; the codes are the ones read.
func FuzzReadFault(f *testing.F) {
	entries, _ := os.ReadDir(faultFixtures)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".xml" {
			f.Add(readFixture(f, e.Name()))
		}
	}
	f.Add(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>x:y</s:Value></s:Code></s:Fault></s:Body></s:Envelope>`)
	f.Fuzz(func(t *testing.T, body string) {
		d, err := readFault([]byte(body))
		fault, ok := parseFault(500, body)
		if ok != (err == nil && d.IsFault) {
			t.Fatalf("parseFault ok=%v, reader err=%v isFault=%v", ok, err, d.IsFault)
		}
		if ok {
			for _, op := range []wmiOp{wmiEnumerate, wmiGet, wmiInvoke} {
				if e := classifyWMI("op", op, fault); e == nil || e.Kind == "" {
					t.Fatalf("no kind for %q", body)
				}
			}
		}
	})
}
