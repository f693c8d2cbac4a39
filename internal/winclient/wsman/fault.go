package wsman

import (
	"encoding/xml"
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
// the parts callers decide by. A richer reader (a provider's own detail) reads Detail.
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
				Inner    string `xml:",innerxml"`
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

// ParseFault decodes a SOAP fault body; ok is false when the body holds no fault.
func ParseFault(status int, body string) (*Fault, bool) {
	var env faultXML
	if err := xml.Unmarshal([]byte(body), &env); err != nil || env.Body.Fault == nil {
		return nil, false //nolint:nilerr // a body that is not XML holds no fault: ok=false says so
	}
	fx := env.Body.Fault
	f := &Fault{
		Status:    status,
		Code:      strings.TrimSpace(fx.Code.Value),
		Subcode:   strings.TrimSpace(fx.Code.Subcode.Value),
		WSManCode: strings.TrimSpace(fx.Detail.WSManFault.Code),
		Detail:    fx.Detail.Inner,
		Raw:       body,
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
