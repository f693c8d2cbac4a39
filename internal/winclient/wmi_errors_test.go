package winclient

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
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
		f, ok := wsman.ParseFault(500, readFixture(t, tc.file))
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

// The captured end of an optimized enumeration with nothing to return (an empty
// EnumerationContext beside EndOfSequence, no Items) reads as an empty, finished page.
func TestEmptyEnumerationCapture(t *testing.T) {
	page, err := parseEnumeration(readFixture(t, "enumerate_end_empty_context.xml"))
	if err != nil || !page.endOfSeq || len(page.items) != 0 || page.context != "" {
		t.Fatalf("empty enumeration: %+v %v", page, err)
	}
}

// Unknown codes from WMI are a plain Windows error, which is never retried.
func TestUnknownWMICodeIsWindowsError(t *testing.T) {
	f, _ := wsman.ParseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Detail>`+
		`<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2147749889"><f:Message><f:ProviderFault provider="WMI Provider" path="%systemroot%\system32\WsmWmiPl.dll">failed</f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`)
	e := classifyWMI("op", wmiEnumerate, f)
	if e.Kind != KindWindows || retryable(e) {
		t.Fatalf("%s retryable=%v: %v", e.Kind, retryable(e), e)
	}
	// WMI's own access denied carries the mark auto falls back on; the WinRM service's
	// (a logon without rights on the service) does not.
	denied, _ := wsman.ParseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="2150859012"/></s:Detail></s:Fault></s:Body></s:Envelope>`)
	if e := classifyWMI("op", wmiEnumerate, denied); e.Kind != KindAccessDenied || !isWMIDenied(e) {
		t.Fatalf("WMI access denied: %v", e)
	}
	service, _ := wsman.ParseFault(500, `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="5"/></s:Detail></s:Fault></s:Body></s:Envelope>`)
	if e := classifyWMI("op", wmiEnumerate, service); e.Kind != KindAccessDenied || isWMIDenied(e) {
		t.Fatalf("the service's access denied: %v", e)
	}
	var target *Error
	if !errors.As(classifyWMI("op", wmiInvoke, f), &target) {
		t.Fatal("not an *Error")
	}
}

// FuzzClassifyWMIFault: any body the reader takes as a fault gets a kind on every WMI
// operation, and ParseFault takes exactly the bodies the reader finds a fault in.
func FuzzClassifyWMIFault(f *testing.F) {
	entries, _ := os.ReadDir(faultFixtures)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".xml" {
			f.Add(readFixture(f, e.Name()))
		}
	}
	f.Add(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>x:y</s:Value></s:Code></s:Fault></s:Body></s:Envelope>`)
	f.Fuzz(func(t *testing.T, body string) {
		d, err := wsman.ReadFault([]byte(body))
		fault, ok := wsman.ParseFault(500, body)
		if ok != (err == nil && d.IsFault) {
			t.Fatalf("ParseFault ok=%v, reader err=%v isFault=%v", ok, err, d.IsFault)
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
