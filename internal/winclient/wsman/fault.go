package wsman

import (
	"fmt"
	"strconv"
	"strings"
)

// WS-Management fault codes (WSManFault Code) that callers act on.
const (
	CodeTimedOut          = "2150858793" // OperationTimeout elapsed with no output: poll again
	CodeShellNotFound     = "2150858843" // the shell is gone (idle timeout, service restart)
	CodeShellQuota        = "2150859173" // MaxShellsPerUser exceeded
	CodeOperationsQuota   = "2150859174" // MaxConcurrentOperationsPerUser exceeded
	CodeAccessDenied      = "5"          // ERROR_ACCESS_DENIED
	CodeAccessDeniedHResu = "2147942405" // E_ACCESSDENIED as an HRESULT
	CodeFileNotFound      = "2147942402" // ERROR_FILE_NOT_FOUND as an HRESULT: a program not found
)

// Fault is a SOAP fault returned by the WinRM service (HTTP 500 with a SOAP body), read into
// the parts callers decide by (ReadFault, one reader for every recorded shape).
type Fault struct {
	Status    int    // HTTP status
	Code      string // the SOAP Code's Value, e.g. "s:Receiver"
	Subcode   string // the SOAP Subcode's Value, e.g. "w:TimedOut", "w:InvalidSelectors"
	WSManCode string // the WSManFault detail's Code, e.g. "2150858793"
	Reason    string // the s:Reason text or the WSManFault message
	Detail    string // the s:Detail element's content, as received
	Raw       string // the fault's SOAP envelope as received (for recordings)
	// WMICode is the HRESULT of a WMI error (the error_Code of an MSFT_WmiError detail);
	// 0 when the fault carries none.
	WMICode uint32
	// Parts is everything the fault says, in every recorded shape (faultread.go): the
	// codes outer and nested, the provider's fault, WMI's extended status.
	Parts FaultDetail
}

func (f *Fault) Error() string {
	var b strings.Builder
	b.WriteString("WinRM fault")
	if f.Subcode != "" {
		b.WriteString(" " + f.Subcode)
	}
	if f.WSManCode != "" {
		b.WriteString(" (code " + f.WSManCode + ")")
	}
	if f.WMICode != 0 {
		fmt.Fprintf(&b, " (WMI error 0x%08X)", f.WMICode)
	}
	if f.Reason != "" {
		b.WriteString(": " + f.Reason)
	}
	if f.TimedOut() && !strings.Contains(f.Reason, "OperationTimeout") {
		// masterzen/winrm keeps polling when the error text names OperationTimeout.
		b.WriteString(" (OperationTimeout)")
	}
	return b.String()
}

// TimedOut reports whether the fault says OperationTimeout elapsed with nothing to answer
// (a Receive polled with no output).
func (f *Fault) TimedOut() bool {
	return f.WSManCode == CodeTimedOut || strings.HasSuffix(f.Subcode, "TimedOut")
}

// ParseFault decodes a SOAP fault body (ReadFault); ok is false when the body holds no
// fault.
func ParseFault(status int, body string) (*Fault, bool) {
	d, err := ReadFault([]byte(body))
	if err != nil || !d.IsFault {
		return nil, false //nolint:nilerr // a body that is not XML holds no fault: ok=false says so
	}
	f := &Fault{
		Status:  status,
		Code:    d.CodeText,
		Subcode: d.SubcodeText,
		Detail:  d.DetailXML,
		Raw:     body,
		Parts:   d,
	}
	if len(d.WSManCodes) > 0 {
		f.WSManCode = strconv.FormatUint(uint64(d.WSManCodes[0]), 10)
	}
	f.Reason = d.Message
	if f.Reason == "" {
		f.Reason = d.Reason
	}
	if d.HasWMIError {
		f.WMICode = d.WMIErrorCode
	}
	return f, true
}

// HTTPStatusError is a response that is neither 200 nor a SOAP fault.
type HTTPStatusError struct {
	Status      int
	ContentType string
	Body        string // at most a short prefix
}

func (e *HTTPStatusError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.Status)
	if e.ContentType != "" {
		s += " (" + e.ContentType + ")"
	}
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}
