package winclient

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// WS-Management fault codes (WSManFault Code) the client acts on.
const (
	faultTimedOut          = "2150858793" // OperationTimeout elapsed with no output: poll again
	faultShellNotFound     = "2150858843" // the shell is gone (idle timeout, service restart)
	faultShellQuota        = "2150859173" // MaxShellsPerUser exceeded
	faultOperationsQuota   = "2150859174" // MaxConcurrentOperationsPerUser exceeded
	faultAccessDenied      = "5"          // ERROR_ACCESS_DENIED
	faultAccessDeniedHResu = "2147942405" // E_ACCESSDENIED as an HRESULT
	faultFileNotFound      = "2147942402" // ERROR_FILE_NOT_FOUND as an HRESULT: a program not found
)

// wsmanFault is a SOAP fault returned by the WinRM service (HTTP 500 with a SOAP body).
type wsmanFault struct {
	Status  int    // HTTP status
	Subcode string // e.g. "w:TimedOut", "w:InvalidSelectors"
	Code    string // WSManFault Code, e.g. "2150858793"
	Reason  string // the s:Reason text or the WSManFault message
	Raw     string // the fault's SOAP envelope as received (for recordings)
	// WMICode is the HRESULT of a WMI error (the error_Code of an MSFT_WmiError detail,
	// wmi_errors.go); 0 when the fault carries none.
	WMICode uint32
	// detail is everything else the fault says (faultread.go).
	detail faultDetail
}

func (f *wsmanFault) Error() string {
	var b strings.Builder
	b.WriteString("WinRM fault")
	if f.Subcode != "" {
		b.WriteString(" " + f.Subcode)
	}
	if f.Code != "" {
		b.WriteString(" (code " + f.Code + ")")
	}
	if f.WMICode != 0 {
		fmt.Fprintf(&b, " (WMI error 0x%08X)", f.WMICode)
	}
	if f.Reason != "" {
		b.WriteString(": " + f.Reason)
	}
	if f.timedOut() && !strings.Contains(f.Reason, "OperationTimeout") {
		// masterzen/winrm keeps polling when the error text names OperationTimeout.
		b.WriteString(" (OperationTimeout)")
	}
	return b.String()
}

// IsServiceFault reports whether err is, or was caused by, a SOAP fault of the WinRM
// service: the service was reached and refused the request, unlike a network failure.
func IsServiceFault(err error) bool {
	var f *wsmanFault
	return errors.As(err, &f)
}

func (f *wsmanFault) timedOut() bool {
	return f.Code == faultTimedOut || strings.HasSuffix(f.Subcode, "TimedOut")
}

// parseFault decodes a SOAP fault body (readFault); ok is false when the body holds no fault.
func parseFault(status int, body string) (*wsmanFault, bool) {
	d, err := readFault([]byte(body))
	if err != nil || !d.IsFault {
		return nil, false //nolint:nilerr // a body that is not XML holds no fault: ok=false says so
	}
	f := &wsmanFault{Status: status, Subcode: d.SubcodeText, Raw: body, detail: d}
	if len(d.WSManCodes) > 0 {
		f.Code = strconv.FormatUint(uint64(d.WSManCodes[0]), 10)
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

// httpStatusError is a response that is neither 200 nor a SOAP fault.
type httpStatusError struct {
	Status      int
	ContentType string
	Body        string // at most a short prefix
}

func (e *httpStatusError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.Status)
	if e.ContentType != "" {
		s += " (" + e.ContentType + ")"
	}
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}
