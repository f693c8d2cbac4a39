package winclient

import (
	"errors"
	"fmt"
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
	case hrWBEMInvalidNamespace, hrWBEMInvalidClass, hrWBEMInvalidMethod:
		return KindWMIUnavailable
	}
	return KindWindows
}

func wmiErrorMessage(f *wsmanFault) string {
	return fmt.Sprintf("WMI error 0x%08X: %s", f.WMICode, f.Reason)
}

// pluginMissing reports whether err is WinRM's fault for a URI no plug-in serves: the
// service has no WMI on this host.
func pluginMissing(err error) (*wsmanFault, bool) {
	var f *wsmanFault
	return f, errors.As(err, &f) && f.WMICode == 0 && f.Code == faultPluginMissing
}
