package winclient

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// KindWMIUnavailable: the node cannot answer over WMI: root\MSCluster is not registered
// (WBEM_E_INVALID_NAMESPACE), the class is missing (WBEM_E_INVALID_CLASS), or the WinRM
// service has no WMI plug-in for the URI. With transport "auto" the client then uses
// PowerShell for that host.
const KindWMIUnavailable Kind = "wmi_unavailable"

// ErrWMIUnavailable is the sentinel of KindWMIUnavailable for errors.Is.
var ErrWMIUnavailable = &Error{Kind: KindWMIUnavailable}

// WMI HRESULTs the client decides by (wbemcli.h; Win32 errors as HRESULT_FROM_WIN32,
// winerror.h). Never by message text, which follows the server's language.
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
)

// codeCannotProcessFilter is ERROR_WSMAN_ENUMERATE_CANNOT_PROCESS_FILTER (0x8033801A), which
// Windows' WMI plug-in answers when an enumeration's class does not exist in its namespace:
// recorded as a WSManFault with the nested text "The specified class does not exist in the
// given namespace." (WinRb/WinRM tests/spec/stubs/responses/soap_fault_v1.xml), and read as
// the wrong namespace, in MSFT_WmiError's error_Code, by virt-who's Hyper-V client
// (candlepin/virt-who tests/test_hyperv.py test_wrong_namespace). Both came from WQL
// Enumerates; the client sends no filter, so from an Enumerate of ours it can only mean that
// root\MSCluster or its class is not there: the WMI path is unavailable. What Windows answers
// to a filterless Enumerate of a missing namespace is not recorded anywhere we found; the
// WBEM_E_INVALID_NAMESPACE and _CLASS codes above are taken too, so auto falls back either way.
const codeCannotProcessFilter uint32 = 0x8033801A

// faultPluginMissing is the WSManFault code of "the resource URI was not found in the
// WS-Management catalog": no plug-in serves the WMI URIs.
const faultPluginMissing = "2150858770"

// wmiErrorKind classifies a WMI error by its HRESULT.
func wmiErrorKind(hr uint32) Kind {
	switch hr {
	case hrWBEMNotFound, hrResourceNotFound:
		return KindResourceNotFound
	case hrAlreadyExists:
		return KindAlreadyExists
	case hrFileNotFound:
		return KindCheckpointNotFound
	case hrWBEMAccessDenied, hrAccessDenied:
		return KindAccessDenied
	case hrWBEMInvalidParameter, hrInvalidParameter:
		return KindInvalidArgument
	case hrWBEMInvalidNamespace, hrWBEMInvalidClass, hrWBEMInvalidMethod, codeCannotProcessFilter:
		return KindWMIUnavailable
	}
	return KindWindows
}

func wmiErrorMessage(f *wsman.Fault) string {
	return fmt.Sprintf("WMI error 0x%08X: %s", wmiHResult(f), f.Reason)
}

// wmiHResult is the WMI error a fault carries: MSFT_WmiError's error_Code, or the WMI
// plug-in's codeCannotProcessFilter, which it reports as the WSManFault code instead; 0 for
// any other fault.
func wmiHResult(f *wsman.Fault) uint32 {
	if f.WMICode != 0 {
		return f.WMICode
	}
	if f.WSManCode == strconv.FormatUint(uint64(codeCannotProcessFilter), 10) {
		return codeCannotProcessFilter
	}
	return 0
}

// pluginMissing reports whether err is WinRM's fault for a URI no plug-in serves: the
// service has no WMI on this host.
func pluginMissing(err error) (*wsman.Fault, bool) {
	var f *wsman.Fault
	return f, errors.As(err, &f) && f.WMICode == 0 && f.WSManCode == faultPluginMissing
}
