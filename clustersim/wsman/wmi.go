package wsman

import (
	"errors"
	"net/http"
	"strings"
)

// WMI over WS-Management: the WinRM service's WMI plug-in (WsmWmiPl.dll) serves every WMI
// class at the resource URI http://schemas.microsoft.com/wbem/wsman/1/wmi/<namespace>/<Class>
// (learn.microsoft.com "Windows Remote Management and WMI", "Resource URIs"), and WQL
// queries as an Enumerate on .../wmi/<namespace>/* with a Filter in the WQL dialect
// (MS-WSMV 3.1.4.8). Get reads one instance named by its key selectors; a method is an
// Invoke whose Action is the class URI followed by "/<Method>" (MS-WSMV 4.1.4).
//
// This file holds what the WMI side of the machine provides (WMIProvider) and the dispatch;
// wmi_enumerate.go Enumerate, Pull and Release; wmi_invoke.go Get and Invoke; wmi_wql.go
// the WQL subset; wmi_render.go instances and faults.

// ResourceURIWMI is the prefix of every WMI class's resource URI.
const ResourceURIWMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/"

// DialectWQL is the filter dialect of WQL queries (MS-WSMV 3.1.4.8).
const DialectWQL = "http://schemas.microsoft.com/wbem/wsman/1/WQL"

// Enumeration actions (WS-Enumeration, as MS-WSMV uses them).
const (
	ActionEnumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"
	ActionPull      = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"
	ActionRelease   = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"
	ActionGet       = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
)

// Property is one property of a WMI instance. Values holds one value for a scalar and any
// number for an array; Null is a property with no value (xsi:nil); CIMType names the
// property's type for the record (uint32, string, boolean...).
type Property struct {
	Name    string
	Values  []string
	Array   bool
	Null    bool
	CIMType string
}

// Instance is one WMI object: its class and its properties in the order WMI lists them.
type Instance struct {
	Class      string
	Properties []Property
}

// Value returns the first value of the property name (matched without regard to case).
func (in Instance) Value(name string) (string, bool) {
	for _, p := range in.Properties {
		if strings.EqualFold(p.Name, name) && !p.Null && len(p.Values) > 0 {
			return p.Values[0], true
		}
	}
	return "", false
}

// WMIError is a failure WMI reports: an HRESULT (a WBEM_E_* code, or a Win32 error as
// HRESULT_FROM_WIN32) and its text.
type WMIError struct {
	HResult uint32
	Message string
}

func (e *WMIError) Error() string { return e.Message }

// WMI HRESULTs (wbemcli.h) and Win32 errors as HRESULTs (winerror.h HRESULT_FROM_WIN32).
const (
	WBEMErrFailed           uint32 = 0x80041001
	WBEMErrNotFound         uint32 = 0x80041002
	WBEMErrAccessDenied     uint32 = 0x80041003
	WBEMErrInvalidParameter uint32 = 0x80041008
	WBEMErrNotSupported     uint32 = 0x8004100C
	WBEMErrInvalidNamespace uint32 = 0x8004100E
	WBEMErrInvalidClass     uint32 = 0x80041010
	WBEMErrInvalidQuery     uint32 = 0x80041017
	WBEMErrInvalidMethod    uint32 = 0x8004102E
)

// HResultFromWin32 is HRESULT_FROM_WIN32 (winerror.h): 0x8007xxxx.
func HResultFromWin32(code int) uint32 {
	if code <= 0 {
		return uint32(code) //nolint:gosec // 0 and negative HRESULTs pass as they are, as the macro does
	}
	return 0x80070000 | uint32(code&0xFFFF) //nolint:gosec // masked to 16 bits
}

// WMIProvider is the WMI side of a machine: the namespaces and classes it has registered.
// Namespaces are paths with forward slashes, as in resource URIs ("root/mscluster");
// names are compared without regard to case, as WMI does.
type WMIProvider interface {
	// HasNamespace reports whether the namespace is registered (WBEM_E_INVALID_NAMESPACE
	// otherwise).
	HasNamespace(namespace string) bool
	// Instances lists every instance of class (WBEM_E_INVALID_CLASS when there is none).
	Instances(namespace, class string) ([]Instance, error)
	// Invoke runs method on the instance named by keys with the input parameters; it
	// returns the output parameters.
	Invoke(namespace, class, method string, keys, in map[string]string) ([]Property, error)
}

// wmiTarget is a parsed WMI resource URI.
type wmiTarget struct {
	uri       string // as requested
	namespace string // "root/mscluster"
	class     string // "MSCluster_Resource", or "*" for a WQL query
}

// parseWMIResourceURI splits a WMI resource URI; ok is false for any other URI.
func parseWMIResourceURI(uri string) (wmiTarget, bool) {
	if len(uri) < len(ResourceURIWMI) || !strings.EqualFold(uri[:len(ResourceURIWMI)], ResourceURIWMI) {
		return wmiTarget{}, false
	}
	rest := uri[len(ResourceURIWMI):]
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return wmiTarget{uri: uri}, true // a namespace without class: refused by dispatchWMI
	}
	return wmiTarget{uri: uri, namespace: rest[:i], class: rest[i+1:]}, true
}

// isWMIAction reports whether req is for the WMI plug-in.
func isWMIRequest(req *request) bool {
	_, ok := parseWMIResourceURI(req.ResourceURI)
	return ok
}

// wmiShortAction names a WMI request for the counters and for fault injection: Enumerate,
// Pull, Release, Get, or Invoke for any method.
func wmiShortAction(req *request) string {
	switch req.Action {
	case ActionEnumerate:
		return "Enumerate"
	case ActionPull:
		return "Pull"
	case ActionRelease:
		return "Release"
	case ActionGet:
		return "Get"
	}
	if strings.HasPrefix(req.Action, req.ResourceURI+"/") {
		return "Invoke"
	}
	return "unknown"
}

// dispatchWMI answers a request on a WMI resource URI.
func (s *Server) dispatchWMI(_ *http.Request, req *request, user string) ([]byte, *Fault) {
	t, _ := parseWMIResourceURI(req.ResourceURI)
	if s.cfg.WMI == nil {
		// The WMI plug-in is not registered at all (winrm enumerate winrm/config/plugin).
		return nil, faultResourceURINotFound(req.ResourceURI)
	}
	switch req.Action {
	case ActionPull:
		return s.wmiPull(req, user)
	case ActionRelease:
		return s.wmiRelease(req, user)
	}
	call := wmiCallOf(req, t)
	if hr, ok := s.faults.takeWMIError(wmiShortAction(req), call.class(t)); ok {
		return nil, s.wmiFailure(call, &WMIError{HResult: hr, Message: injectedWMIText(hr)})
	}
	if t.namespace == "" || !s.cfg.WMI.HasNamespace(t.namespace) {
		return nil, s.wmiFailure(call, &WMIError{HResult: WBEMErrInvalidNamespace, Message: msgInvalidNamespace})
	}
	switch {
	case req.Action == ActionEnumerate:
		return s.wmiEnumerate(req, t, call, user)
	case req.Action == ActionGet:
		return s.wmiGet(req, t, call)
	case strings.HasPrefix(req.Action, req.ResourceURI+"/"):
		return s.wmiInvoke(req, t, call, strings.TrimPrefix(req.Action, req.ResourceURI+"/"))
	}
	return nil, faultActionNotSupported(req.Action)
}

// asWMIError turns a provider's error into a WMIError (WBEM_E_FAILED for any other).
func asWMIError(err error) *WMIError {
	var we *WMIError
	if errors.As(err, &we) {
		return we
	}
	return &WMIError{HResult: WBEMErrFailed, Message: err.Error()}
}

// msgInvalidNamespace is WMI's text for WBEM_E_INVALID_NAMESPACE (WMI Error Constants).
const msgInvalidNamespace = "Invalid namespace "
