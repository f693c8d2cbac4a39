package wsman

import (
	"os"
	"path/filepath"
	"testing"
)

// faultFixtures holds the public captures of real Windows (README.md there names each
// file's source).
const faultFixtures = "testdata/faults"

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(faultFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The reader finds each field in every recorded shape, whatever the prefixes.
func TestReadFaultShapes(t *testing.T) {
	const (
		soap    = "http://www.w3.org/2003/05/soap-envelope"
		nsWSMan = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
	)
	d, err := ReadFault([]byte(readFixture(t, "get_instance_missing_2012r2.xml")))
	if err != nil || !d.IsFault {
		t.Fatal(err)
	}
	if d.Code != (QName{Space: soap, Local: "Sender"}) || d.Subcode != (QName{Space: "http://schemas.xmlsoap.org/ws/2004/08/addressing", Local: "DestinationUnreachable"}) ||
		d.Action != "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault" ||
		d.FaultDetail != "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidResourceURI" ||
		len(d.WSManCodes) != 2 || d.WSManCodes[0] != 2150858752 || d.WSManCodes[1] != 2150858752 ||
		d.Provider != "WMI Provider" || !d.FromWMI() || d.Extended == nil || d.Extended.Operation != "GetObject" ||
		d.Extended.ProviderName != "CIMWin32" || d.Extended.StatusCode != 0 || d.HasWMIError {
		t.Errorf("2012 R2 Get: %+v %+v", d, d.Extended)
	}
	d, _ = ReadFault([]byte(readFixture(t, "enumerate_wql_class_missing_2008r2.xml")))
	if d.Subcode.Local != "CannotProcessFilter" || d.Extended == nil || d.Extended.Operation != "ExecQuery" || d.Message != "(fixture) The class is not in the namespace." {
		t.Errorf("2008 R2 query: %+v %+v", d, d.Extended)
	}
	d, _ = ReadFault([]byte(readFixture(t, "internal_error_omi.xml")))
	if d.Code != (QName{Space: soap, Local: "Receiver"}) || d.Subcode != (QName{Space: nsWSMan, Local: "InternalError"}) || len(d.WSManCodes) != 0 || d.FromWMI() {
		t.Errorf("OMI: %+v", d)
	}
	d, _ = ReadFault([]byte(readFixture(t, "quota_as_msft_wmierror.xml")))
	if !d.HasWMIError || d.WMIErrorCode != 2150859173 || d.FromWMI() || len(d.Codes()) != 1 {
		t.Errorf("MSFT_WmiError: %+v", d)
	}
	// A nested code more precise than the outer one comes first.
	d, _ = ReadFault([]byte(`<s:Envelope xmlns:s="` + soap + `"><s:Body><s:Fault><s:Detail><f:WSManFault xmlns:f="x" Code="2150859012"><f:Message><f:ProviderFault provider="WMI Provider" path="C:\Windows\system32\WsmWmiPl.dll"><f:WSManFault xmlns:f="x" Code="2147749891"><f:Message>m</f:Message></f:WSManFault></f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`))
	if c := d.Codes(); len(c) != 2 || c[0] != uint32(0x80041003) || c[1] != uint32(0x80338104) {
		t.Errorf("codes: %v", c)
	}
	// The captured empty enumeration is no fault.
	if _, ok := ParseFault(200, readFixture(t, "enumerate_end_empty_context.xml")); ok {
		t.Error("an EnumerateResponse read as a fault")
	}
}

// FuzzReadFault: any body reads without panicking or a runaway; ParseFault takes exactly the
// bodies the reader finds a fault in, and its WSManCode is the outer code read.
func FuzzReadFault(f *testing.F) {
	entries, _ := os.ReadDir(faultFixtures)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".xml" {
			f.Add(readFixture(f, e.Name()))
		}
	}
	f.Add(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>x:y</s:Value></s:Code><s:Detail/></s:Fault></s:Body></s:Envelope>`)
	f.Fuzz(func(t *testing.T, body string) {
		d, err := ReadFault([]byte(body))
		fault, ok := ParseFault(500, body)
		if ok != (err == nil && d.IsFault) {
			t.Fatalf("ParseFault ok=%v, reader err=%v isFault=%v", ok, err, d.IsFault)
		}
		if ok && (len(d.WSManCodes) > 0) != (fault.WSManCode != "") {
			t.Fatalf("outer code %q, read %v", fault.WSManCode, d.WSManCodes)
		}
		if len(d.Codes()) > len(d.WSManCodes)+2 {
			t.Fatalf("codes %v from %v", d.Codes(), d.WSManCodes)
		}
	})
}
