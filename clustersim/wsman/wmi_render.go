package wsman

import (
	"fmt"
	"strconv"
	"strings"
)

// Instances and WMI errors as the WMI plug-in writes them.

const (
	nsCIMCommon  = "http://schemas.dmtf.org/wbem/wscim/1/common"
	nsXSI        = "http://www.w3.org/2001/XMLSchema-instance"
	nsCIMBinding = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
	uriWMIError  = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError"
)

// renderInstance writes one instance: an element named after the class in the prefix p
// bound to the class's resource URI, with cim, xsi, xsi:type="p:<Class>_Type" and
// xml:lang; one child per property in WMI's order, arrays as repeated elements, null as
// xsi:nil="true" (domain.md section 8; the shape of WinRM's Win32_* instances in the
// MS-WSMV section 4 examples).
func renderInstance(namespace string, in Instance) string {
	uri := ResourceURIWMI + namespace + "/" + in.Class
	var b strings.Builder
	b.WriteString(`<p:` + in.Class + ` xmlns:p="` + esc(uri) + `" xmlns:cim="` + nsCIMCommon + `" xmlns:xsi="` + nsXSI +
		`" xsi:type="p:` + in.Class + `_Type" xml:lang="en-US">`)
	for _, p := range in.Properties {
		renderProperty(&b, p)
	}
	b.WriteString(`</p:` + in.Class + `>`)
	return b.String()
}

func renderProperty(b *strings.Builder, p Property) {
	if p.Null || (p.Array && len(p.Values) == 0) {
		// An empty array is written as null (see unconfirmed.go).
		b.WriteString(`<p:` + p.Name + ` xsi:nil="true"/>`)
		return
	}
	for _, v := range p.Values {
		b.WriteString(`<p:` + p.Name + `>`)
		b.WriteString(esc(v))
		b.WriteString(`</p:` + p.Name + `>`)
	}
}

// cimStatus maps a WMI HRESULT to the CIM status code of MSFT_WmiError (DSP0200 status
// codes: 1 failed, 2 access denied, 3 invalid namespace, 4 invalid parameter, 5 invalid
// class, 6 not found, 7 not supported, 11 already exists, 15 invalid query, 16 method not
// available).
func cimStatus(hr uint32) int {
	switch hr {
	case WBEMErrAccessDenied, HResultFromWin32(5):
		return 2
	case WBEMErrInvalidNamespace:
		return 3
	case WBEMErrInvalidParameter, HResultFromWin32(87):
		return 4
	case WBEMErrInvalidClass:
		return 5
	case WBEMErrNotFound:
		return 6
	case WBEMErrNotSupported:
		return 7
	case HResultFromWin32(183):
		return 11
	case WBEMErrInvalidQuery:
		return 15
	case WBEMErrInvalidMethod:
		return 16
	}
	return 1
}

// wmiFault is the fault that carries a WMI error: the SOAP fault with an MSFT_WmiError
// instance as its whole s:Detail, error_Code the HRESULT (unsigned decimal), MessageID
// "HRESULT 0x...", as WinRM 3.0 and later send it (the fault psrpcore/pypsrp test against:
// CIMStatusCode, error_Code, error_Type HRESULT, error_WindowsErrorMessage). The subcode
// per error is a guess (unconfirmed.go wmiFaultCodes).
func wmiFault(err error) *Fault {
	we := asWMIError(err)
	code, subcode := wmiFaultCodes(we.HResult)
	msg := strings.TrimSpace(we.Message) + " "
	var b strings.Builder
	b.WriteString(`<p:MSFT_WmiError b:IsCIM_Error="true" xmlns:xsi="` + nsXSI + `" xmlns:b="` + nsCIMBinding +
		`" xmlns:p="` + uriWMIError + `" xmlns:cim="` + nsCIMCommon + `" xsi:type="p:MSFT_WmiError_Type">`)
	field := func(name, typ, value string) {
		if value == "" {
			b.WriteString(`<p:` + name + ` xsi:type="cim:` + typ + `" xsi:nil="true"/>`)
			return
		}
		b.WriteString(`<p:` + name + ` xsi:type="cim:` + typ + `">` + esc(value) + `</p:` + name + `>`)
	}
	field("CIMStatusCode", "cimUnsignedInt", strconv.Itoa(cimStatus(we.HResult)))
	field("CIMStatusCodeDescription", "cimString", "")
	field("ErrorSource", "cimString", "")
	field("ErrorSourceFormat", "cimUnsignedShort", "0")
	field("ErrorType", "cimUnsignedShort", "0")
	field("Message", "cimString", msg)
	field("MessageID", "cimString", fmt.Sprintf("HRESULT 0x%08x", we.HResult))
	field("OtherErrorSourceFormat", "cimString", "")
	field("OtherErrorType", "cimString", "")
	field("OwningEntity", "cimString", "")
	field("PerceivedSeverity", "cimUnsignedShort", "0")
	field("ProbableCause", "cimUnsignedShort", "0")
	field("ProbableCauseDescription", "cimString", "")
	field("error_Category", "cimUnsignedInt", "0")
	field("error_Code", "cimUnsignedInt", strconv.FormatUint(uint64(we.HResult), 10))
	field("error_Type", "cimString", "HRESULT")
	field("error_WindowsErrorMessage", "cimString", msg)
	b.WriteString(`</p:MSFT_WmiError>`)
	return &Fault{Code: code, Subcode: subcode, Reason: msg, WSManCode: we.HResult, detailXML: b.String()}
}

// faultWMINoKeys answers a Get or Invoke on a class URI without key selectors. Code and
// text as Windows reports them (WinRM scripting API error documentation: "The resource URI
// is not valid: it does not contain keys, but the class selected is not a singleton",
// WSManFault Code 2150859002).
func faultWMINoKeys() *Fault {
	return &Fault{
		Code:    "s:Sender",
		Subcode: "w:InvalidSelectors",
		Reason:  "The WinRM client cannot process the request. The resource URI is not valid: it does not contain keys, but the class selected is not a singleton. To access an instance which is not a singleton, keys must be provided. Use the following command to get more information in how to construct a resource URI: \"winrm help uris\". ",
		Detail:  "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InsufficientSelectors",
		// ERROR_WSMAN_INVALID_RESOURCE_URI_WRONG_KEYS... as the documentation quotes it.
		WSManCode: 2150859002,
	}
}

const msgNotFound = "Not found "
