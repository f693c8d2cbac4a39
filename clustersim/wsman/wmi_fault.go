package wsman

import (
	"sort"
	"strconv"
	"strings"
)

// How the WMI plug-in reports a WMI failure. Two forms are recorded from real Windows:
//
//   - WMIFaultWSMan (the default): f:WSManFault with a WinRM code 0x8033xxxx (or the
//     failure's own HRESULT) wrapping f:ProviderFault of WsmWmiPl.dll, which holds a nested
//     f:WSManFault and f:ExtendedError with WMI's __ExtendedStatus. Recorded for a WQL
//     query of a missing class on 2008 R2 (WinRb/WinRM tests/spec/stubs/responses/
//     soap_fault_v2.xml) and for a Get of a missing instance on 2012 R2 (microsoft/omi
//     Unix/tests/wsman/test_wsmanparser.cpp, TestInnerMessageFaultResponse).
//   - WMIFaultMSFTWmiError: MSFT_WmiError as the whole s:Detail with the HRESULT in
//     error_Code (WinRb/WinRM wmi_error_v2.xml; candlepin/virt-who tests/test_hyperv.py).
//
// Which Windows sends which form for which failure is not recorded; the WSMan form is the
// default because the only recordings of WMI failures (as opposed to a shell quota) use it.

// WMIFaultForm picks the form of WMI failures (Config.WMIFaultForm).
type WMIFaultForm string

// The recorded forms.
const (
	WMIFaultWSMan        WMIFaultForm = ""              // f:WSManFault / f:ProviderFault / f:ExtendedError
	WMIFaultMSFTWmiError WMIFaultForm = "msft_wmierror" // MSFT_WmiError as the detail
)

// WinRM codes of WMI failures (wsmerror.h; windows-sys ERROR_WSMAN_*).
const (
	// CodeResourceNotFound is ERROR_WSMAN_RESOURCE_NOT_FOUND (0x80338000): the instance a
	// resource URI and selectors name does not exist (recorded for a Get, omi test above).
	CodeResourceNotFound uint32 = 2150858752
	// CodeWMIAccessDenied is 0x80338104, "The WMI service returned an 'access denied'
	// error" (wsmerror.h).
	CodeWMIAccessDenied uint32 = 2150859012
	// CodeWMIInvalidParameter is 0x8033811E, "The WMI provider returned an 'invalid
	// parameter' error" (wsmerror.h).
	CodeWMIInvalidParameter uint32 = 2150859038
)

const (
	faultDetailInvalidResourceURI = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidResourceURI"
	actionAddressingFault         = nsAddressing + "/fault"
	// wmiPluginName is the provider attribute of the WMI plug-in's f:ProviderFault on 2008
	// R2 and 2012 R2 (both recordings above).
	wmiPluginName = "WMI Provider"
	// The plug-in's path: unexpanded on 2008 R2 (soap_fault_v2.xml), expanded on 2012 R2
	// (the omi test).
	wmiPluginPath2008R2 = `%systemroot%\system32\WsmWmiPl.dll`
	wmiPluginPath       = `C:\Windows\system32\WsmWmiPl.dll`
	// __ExtendedStatus's namespace: the class URI in root/cimv2 on 2008 R2, the CIM schema
	// URI (with xsi:type on each property) on 2012 R2.
	nsExtendedStatus2008R2 = ResourceURIWMI + "root/cimv2/__ExtendedStatus"
	nsExtendedStatus       = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/__ExtendedStatus"
)

// wmiCall is the WMI call a request became, as __ExtendedStatus names it.
type wmiCall struct {
	op        string // Enumerate, Get or Invoke (the WS-Management operation)
	wql       bool   // an Enumerate with a WQL filter
	operation string // IWbemServices method: ExecQuery, CreateInstanceEnum, GetObject, ExecMethod
	param     string // the query or the object path
}

// class is the class a call is about: the target's, or the class a WQL query names.
func (c wmiCall) class(t wmiTarget) string {
	if c.wql {
		if q, err := parseWQL(c.param); err == nil {
			return q.class
		}
	}
	return t.class
}

// wmiCallOf describes the WMI call behind req on t.
func wmiCallOf(req *request, t wmiTarget) wmiCall {
	switch wmiShortAction(req) {
	case "Enumerate":
		if e := req.body.Enumerate; e != nil && e.Filter != nil {
			return wmiCall{op: "Enumerate", wql: true, operation: "ExecQuery", param: strings.TrimSpace(e.Filter.Text)}
		}
		return wmiCall{op: "Enumerate", operation: "CreateInstanceEnum", param: t.class}
	case "Get":
		return wmiCall{op: "Get", operation: "GetObject", param: objectPath(t.class, req.Selectors)}
	}
	return wmiCall{op: "Invoke", operation: "ExecMethod", param: objectPath(t.class, req.Selectors)}
}

// objectPath writes a WMI object path, Class.Key="value",... (keys in a stable order).
func objectPath(class string, sel map[string]string) string {
	keys := make([]string, 0, len(sel))
	for k := range sel {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+`="`+strings.ReplaceAll(sel[k], `"`, `\"`)+`"`)
	}
	if len(parts) == 0 {
		return class
	}
	return class + "." + strings.Join(parts, ",")
}

// wmiFailure is the fault answering a WMI failure of call, in the server's form.
func (s *Server) wmiFailure(call wmiCall, err error) *Fault {
	if s.cfg.WMIFaultForm == WMIFaultMSFTWmiError {
		return wmiFault(err)
	}
	we := asWMIError(err)
	legacy := s.cfg.WMIFaults2008R2
	f := &Fault{
		Provider:     wmiPluginName,
		ProviderPath: wmiPluginPath,
		Message:      strings.TrimSpace(we.Message) + " ",
		extended: &extendedStatus{
			operation: call.operation,
			param:     call.param,
			provider:  wmiStatusProvider(we.HResult),
			legacy:    legacy,
		},
	}
	if legacy {
		f.ProviderPath = wmiPluginPath2008R2
	}
	switch {
	case call.wql && we.HResult == WBEMErrInvalidClass:
		// Recorded (soap_fault_v2.xml): the query's class is not in the namespace.
		f.Action = nsEnumerate + "/fault"
		f.Code, f.Subcode = "s:Sender", "n:CannotProcessFilter"
		f.Reason = "The data source could not process the filter. The filter might be missing or it might be invalid. Change the filter and try the request again. "
		f.WSManCode = CodeCannotProcessFilter
		f.Message = "The specified class does not exist in the given namespace. "
	case we.HResult == WBEMErrNotFound, we.HResult == WBEMErrInvalidClass, we.HResult == WBEMErrInvalidNamespace:
		// Recorded for a Get of a missing instance (the omi test); a missing class or
		// namespace answered alike is a guess (unconfirmed.go).
		f.Action = actionAddressingFault
		f.Code, f.Subcode = "s:Sender", "a:DestinationUnreachable"
		f.Detail = faultDetailInvalidResourceURI
		f.Reason = "The WS-Management service cannot process the request. The service cannot find the resource identified by the resource URI and selectors. "
		f.Message = f.Reason
		f.WSManCode = CodeResourceNotFound
	case we.HResult == WBEMErrAccessDenied, we.HResult == HResultFromWin32(5):
		// Code and text from wsmerror.h; Code/Subcode guessed (unconfirmed.go).
		f.Code, f.Subcode = "s:Sender", "w:AccessDenied"
		f.Reason = "The WS-Management service cannot process the request. The WMI service returned an 'access denied' error. "
		f.Message = f.Reason
		f.WSManCode = CodeWMIAccessDenied
	case we.HResult == WBEMErrInvalidParameter, we.HResult == HResultFromWin32(87):
		f.Code, f.Subcode = "s:Sender", "w:InvalidParameter"
		f.Reason = "The WS-Management service cannot process the request. The WMI provider returned an 'invalid parameter' error. "
		f.Message = f.Reason
		f.WSManCode = CodeWMIInvalidParameter
	default:
		// A provider's own failure (a Win32 error of the cluster API, WBEM_E_FAILED...): the
		// HRESULT as the code, as the shell plug-in reports its Win32 errors
		// (faultStart); the shape is a guess (unconfirmed.go).
		f.Code, f.Subcode = "s:Receiver", "w:InternalError"
		f.Reason = f.Message
		f.WSManCode = we.HResult
		f.extended.status = we.HResult
	}
	f.ProviderCode = f.WSManCode
	return f
}

// wmiStatusProvider names the WMI provider that failed, as __ExtendedStatus.ProviderName:
// WMI itself ("WinMgmt", soap_fault_v2.xml) for a class or namespace it does not know, the
// cluster's provider otherwise (its name is a guess, unconfirmed.go).
func wmiStatusProvider(hr uint32) string {
	switch hr {
	case WBEMErrInvalidClass, WBEMErrInvalidNamespace, WBEMErrInvalidQuery:
		return "WinMgmt"
	}
	return clusterWMIProviderName
}

// extendedStatus is WMI's __ExtendedStatus in f:ExtendedError.
type extendedStatus struct {
	operation, param, provider string
	status                     uint32 // 0: nil, as both recordings have it
	legacy                     bool   // the 2008 R2 form
}

// render writes f:ExtendedError. The 2008 R2 form binds p to the class URI in root/cimv2 and
// types nothing; the 2012 R2 form binds p to the CIM schema URI and writes xsi:type on each
// property (cim:cimString, cim:cimUnsignedInt), nil ones included.
func (e *extendedStatus) render(b *strings.Builder) {
	ns, typed := nsExtendedStatus, true
	if e.legacy {
		ns, typed = nsExtendedStatus2008R2, false
	}
	b.WriteString(`<f:ExtendedError><p:__ExtendedStatus xmlns:xsi="` + nsXSI + `" xmlns:p="` + ns + `" xmlns:cim="` + nsCIMCommon +
		`" xsi:type="p:__ExtendedStatus_Type">`)
	prop := func(name, typ, value string, null bool) {
		b.WriteString(`<p:` + name)
		if null {
			b.WriteString(` xsi:nil="true"`)
		}
		if typed {
			b.WriteString(` xsi:type="cim:` + typ + `"`)
		}
		if null {
			b.WriteString(`/>`)
			return
		}
		b.WriteString(`>` + esc(value) + `</p:` + name + `>`)
	}
	prop("Description", "cimString", "", true)
	prop("Operation", "cimString", e.operation, false)
	prop("ParameterInfo", "cimString", e.param, false)
	prop("ProviderName", "cimString", e.provider, false)
	prop("StatusCode", "cimUnsignedInt", strconv.FormatUint(uint64(e.status), 10), e.status == 0)
	b.WriteString(`</p:__ExtendedStatus></f:ExtendedError>`)
}
