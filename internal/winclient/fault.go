package winclient

import (
	"encoding/xml"
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

// faultXML picks the fields of a SOAP 1.2 fault by local name, whatever the prefixes.
type faultXML struct {
	Body struct {
		Fault *struct {
			Code struct {
				Value   string `xml:"Value"`
				Subcode struct {
					Value string `xml:"Value"`
				} `xml:"Subcode"`
			} `xml:"Code"`
			Reason struct {
				Text []string `xml:"Text"`
			} `xml:"Reason"`
			Detail struct {
				WMIError struct {
					ErrorCode string `xml:"error_Code"`
				} `xml:"MSFT_WmiError"`
				WSManFault struct {
					Code    string `xml:"Code,attr"`
					Message struct {
						Inner string `xml:",innerxml"`
					} `xml:"Message"`
				} `xml:"WSManFault"`
			} `xml:"Detail"`
		} `xml:"Fault"`
	} `xml:"Body"`
}

// parseFault decodes a SOAP fault body; ok is false when the body holds no fault.
func parseFault(status int, body string) (*wsmanFault, bool) {
	var env faultXML
	if err := xml.Unmarshal([]byte(body), &env); err != nil || env.Body.Fault == nil {
		return nil, false //nolint:nilerr // a body that is not XML holds no fault: ok=false says so
	}
	fx := env.Body.Fault
	f := &wsmanFault{
		Status:  status,
		Subcode: strings.TrimSpace(fx.Code.Subcode.Value),
		Code:    strings.TrimSpace(fx.Detail.WSManFault.Code),
		Raw:     body,
	}
	msg := strings.TrimSpace(stripTags(fx.Detail.WSManFault.Message.Inner))
	if msg == "" && len(fx.Reason.Text) > 0 {
		msg = strings.TrimSpace(fx.Reason.Text[0])
	}
	f.Reason = msg
	if n, err := strconv.ParseUint(strings.TrimSpace(fx.Detail.WMIError.ErrorCode), 10, 32); err == nil {
		f.WMICode = uint32(n)
	}
	return f, true
}

// stripTags keeps the text of an XML fragment (WSManFault messages may nest elements such as
// f:ProviderFault).
func stripTags(fragment string) string {
	d := xml.NewDecoder(strings.NewReader("<x>" + fragment + "</x>"))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
	if b.Len() == 0 {
		return fragment
	}
	return b.String()
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
