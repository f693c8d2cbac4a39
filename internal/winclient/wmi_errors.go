package winclient

import (
	"errors"
	"fmt"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// KindWMIUnavailable: the node cannot answer over WMI: root\MSCluster is not registered
// (WBEM_E_INVALID_NAMESPACE), the class is missing (WBEM_E_INVALID_CLASS), or the WinRM
// service has no WMI plug-in for the URI. With transport "auto" the client then uses
// PowerShell for that host.
const KindWMIUnavailable Kind = "wmi_unavailable"

// ErrWMIUnavailable is the sentinel of KindWMIUnavailable for errors.Is.
var ErrWMIUnavailable = &Error{Kind: KindWMIUnavailable}

// wmiOp is the WS-Management operation a WMI failure answered: the same code means
// different things on each (a resource URI not found is a missing class on an Enumerate,
// a missing instance on a Get or an Invoke).
type wmiOp string

const (
	wmiEnumerate wmiOp = "Enumerate" // also its Pulls
	wmiGet       wmiOp = "Get"
	wmiInvoke    wmiOp = "Invoke"
)

// Codes the table decides by: WMI's HRESULTs (wbemcli.h), Win32 errors as HRESULTs
// (winerror.h HRESULT_FROM_WIN32) and WinRM's own (wsmerror.h). Never by message text,
// which follows the server's language.
const (
	hrWBEMNotFound         uint32 = 0x80041002
	hrWBEMAccessDenied     uint32 = 0x80041003
	hrWBEMInvalidParameter uint32 = 0x80041008
	hrWBEMInvalidNamespace uint32 = 0x8004100E
	hrWBEMInvalidClass     uint32 = 0x80041010
	hrWBEMInvalidMethod    uint32 = 0x8004102E
	hrFileNotFound         uint32 = 0x80070002 // ERROR_FILE_NOT_FOUND: the checkpoint is not there
	hrAccessDenied         uint32 = 0x80070005
	hrInvalidParameter     uint32 = 0x80070057
	hrAlreadyExists        uint32 = 0x800700B7 // ERROR_ALREADY_EXISTS: already checkpointed
	hrResourceNotFound     uint32 = 0x8007138F // ERROR_RESOURCE_NOT_FOUND (5007)
	win32AccessDenied      uint32 = 5          // ERROR_ACCESS_DENIED, bare

	wsmanResourceNotFound     uint32 = 0x80338000 // ERROR_WSMAN_RESOURCE_NOT_FOUND, 2150858752
	wsmanPluginMissing        uint32 = 0x80338012 // the resource URI is not in the WS-Management catalog, 2150858770
	wsmanCannotProcessFilter  uint32 = 0x8033801A // ERROR_WSMAN_ENUMERATE_CANNOT_PROCESS_FILTER, 2150858778
	wsmanWMIAccessDenied      uint32 = 0x80338104 // "The WMI service returned an 'access denied' error"
	wsmanWMIAccessDeniedNext1 uint32 = 0x80338105 // WMI's neighbouring refusals (wsmerror.h)
	wsmanWMIAccessDeniedNext2 uint32 = 0x80338106
	wsmanWMIInvalidParameter  uint32 = 0x8033811E // "WMI provider returned an 'invalid parameter' error"
	wsmanQuotaMaxShells       uint32 = 0x803381A5 // 2150859173
	wsmanQuotaMaxOperations   uint32 = 0x803381A6 // 2150859174
	anyWMIOp                  wmiOp  = ""
	sourceWsmerror                   = "wsmerror.h"
	sourceWbemcli                    = "wbemcli.h (WMI Error Constants)"
	sourceClusctl                    = "CLUSCTL_RESOURCE_ADD/DELETE_REGISTRY_CHECKPOINT (MicrosoftDocs/win32 mscs)"
	sourceOMIGet                     = "microsoft/omi Unix/tests/wsman/test_wsmanparser.cpp TestInnerMessageFaultResponse (a Get of a missing instance, 2012 R2); GLPI agent WsMan.pm: \"WMI resource not available\""
	sourceWinRbClassMissing          = "WinRb/WinRM soap_fault_v1.xml, soap_fault_v2.xml (2008 R2); candlepin/virt-who tests/test_hyperv.py test_wrong_namespace (MSFT_WmiError)"
	sourceQuota                      = "WinRb/WinRM wmi_error_v2.xml (MSFT_WmiError with the shell quota's code); domain.md section 3"
)

// wmiRule is one row of the table: a code, on an operation (anyWMIOp: every one), means a
// kind. Each row names where the meaning was read.
type wmiRule struct {
	code   uint32
	op     wmiOp
	kind   Kind
	source string
}

// wmiRules is the one table that turns a WMI failure into a kind. A fault's codes are tried
// most specific first (wsman.FaultDetail.codes); the first row that matches one decides. Codes no
// row explains are a plain Windows error (KindWindows), which is never retried: nothing says
// that trying again would help.
var wmiRules = []wmiRule{
	// The WMI path is not there: auto falls back to PowerShell.
	{wsmanResourceNotFound, wmiEnumerate, KindWMIUnavailable, sourceOMIGet + ": on an Enumerate the resource URI is the class's, so the class is not served"},
	{wsmanCannotProcessFilter, wmiEnumerate, KindWMIUnavailable, sourceWinRbClassMissing},
	{wsmanPluginMissing, anyWMIOp, KindWMIUnavailable, sourceWsmerror + ": no plug-in serves the WMI resource URIs"},
	{hrWBEMInvalidNamespace, anyWMIOp, KindWMIUnavailable, sourceWbemcli},
	{hrWBEMInvalidClass, anyWMIOp, KindWMIUnavailable, sourceWbemcli},
	{hrWBEMInvalidMethod, wmiInvoke, KindWMIUnavailable, sourceWbemcli},
	// A resource that is not there, only when the request named it.
	{wsmanResourceNotFound, wmiGet, KindResourceNotFound, sourceOMIGet},
	{wsmanResourceNotFound, wmiInvoke, KindResourceNotFound, sourceOMIGet + " (the instance an Invoke names is found as a Get's is)"},
	{hrWBEMNotFound, wmiGet, KindResourceNotFound, sourceWbemcli},
	{hrWBEMNotFound, wmiInvoke, KindResourceNotFound, sourceWbemcli},
	{hrResourceNotFound, wmiInvoke, KindResourceNotFound, "winerror.h ERROR_RESOURCE_NOT_FOUND"},
	// WBEM_E_NOT_FOUND on an Enumerate names no resource: a plain error, never "gone".
	{hrWBEMNotFound, wmiEnumerate, KindWindows, sourceWbemcli + ": an enumeration names no instance"},
	// Refusals.
	{wsmanWMIAccessDenied, anyWMIOp, KindAccessDenied, sourceWsmerror},
	{wsmanWMIAccessDeniedNext1, anyWMIOp, KindAccessDenied, sourceWsmerror},
	{wsmanWMIAccessDeniedNext2, anyWMIOp, KindAccessDenied, sourceWsmerror},
	{hrWBEMAccessDenied, anyWMIOp, KindAccessDenied, sourceWbemcli},
	{hrAccessDenied, anyWMIOp, KindAccessDenied, "winerror.h E_ACCESSDENIED"},
	{win32AccessDenied, anyWMIOp, KindAccessDenied, "winerror.h ERROR_ACCESS_DENIED"},
	{wsmanWMIInvalidParameter, anyWMIOp, KindInvalidArgument, sourceWsmerror},
	{hrWBEMInvalidParameter, anyWMIOp, KindInvalidArgument, sourceWbemcli},
	{hrInvalidParameter, anyWMIOp, KindInvalidArgument, "winerror.h E_INVALIDARG"},
	// The checkpoint methods' own answers, wherever they travel (outer or nested
	// WSManFault, MSFT_WmiError, __ExtendedStatus).
	{hrAlreadyExists, wmiInvoke, KindAlreadyExists, sourceClusctl + ": ERROR_ALREADY_EXISTS"},
	{hrFileNotFound, wmiInvoke, KindCheckpointNotFound, sourceClusctl + ": ERROR_FILE_NOT_FOUND"},
	// WinRM's quotas, also when they come as MSFT_WmiError.
	{wsmanQuotaMaxShells, anyWMIOp, KindQuota, sourceQuota},
	{wsmanQuotaMaxOperations, anyWMIOp, KindQuota, sourceQuota},
}

// wmiKind decides a fault answered to a WMI request of op: the kind and the code that
// decided it; ok is false when no row matches.
func wmiKind(op wmiOp, d wsman.FaultDetail) (Kind, uint32, bool) {
	for _, code := range d.Codes() {
		for _, r := range wmiRules {
			if r.code == code && (r.op == anyWMIOp || r.op == op) {
				return r.kind, code, true
			}
		}
	}
	return "", 0, false
}

// wmiDenied marks an access denied that WMI itself answered (not the WinRM service's logon,
// an HTTP 401): the account reached the host but lacks rights on root\MSCluster. auto
// falls back to PowerShell for it before any WMI request of the host has succeeded.
type wmiDenied struct{ fault *wsman.Fault }

func (e *wmiDenied) Error() string { return e.fault.Error() }
func (e *wmiDenied) Unwrap() error { return e.fault }

// IsWMIAccessDenied reports whether err is WMI's own refusal of the account (rights on
// root\MSCluster), as opposed to the WinRM service's or the cluster's.
func IsWMIAccessDenied(err error) bool { return isWMIDenied(err) }

// isWMIDenied reports whether err is WMI's own access denied.
func isWMIDenied(err error) bool {
	var d *wmiDenied
	return errors.As(err, &d)
}

// classifyWMI classifies a failure of a WMI request of op: a fault by the table, the rest
// (network, authentication, WinRM's own faults) as any request's.
func classifyWMI(op string, wop wmiOp, err error) *Error {
	var f *wsman.Fault
	if !errors.As(wsman.LiftMasterzenError(err), &f) {
		return classify(op, err)
	}
	kind, code, ok := wmiKind(wop, f.Parts)
	switch {
	case ok && kind == KindAccessDenied && (f.Parts.FromWMI() || code>>16 == 0x8033):
		return &Error{Kind: kind, Op: op, Message: wmiErrorMessage(code, f), Err: &wmiDenied{fault: f}}
	case ok:
		return &Error{Kind: kind, Op: op, Message: wmiErrorMessage(code, f), Err: f}
	case f.Parts.FromWMI():
		// WMI answered with a code no source explains: a plain Windows error, not retried.
		var code uint32
		if codes := f.Parts.Codes(); len(codes) > 0 {
			code = codes[0]
		}
		return &Error{Kind: KindWindows, Op: op, Message: wmiErrorMessage(code, f), Err: f}
	}
	return classify(op, err)
}

func wmiErrorMessage(code uint32, f *wsman.Fault) string {
	return fmt.Sprintf("WMI error 0x%08X: %s", code, f.Reason)
}
