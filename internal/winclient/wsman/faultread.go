package wsman

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// One reader for every WS-Management fault shape recorded from real Windows (the fixtures in
// testdata/faults, each with its source in the README there):
//
//   - SOAP 1.2 s:Code / s:Subcode values with any prefix (s:, SOAP-ENV:; w:, wsman:, a:, n:),
//     resolved to their namespaces;
//   - w:FaultDetail;
//   - f:WSManFault's Code, the outer one and any nested in f:Message/f:ProviderFault;
//   - f:ProviderFault's provider and path attributes (WsmWmiPl.dll for WMI);
//   - f:ExtendedError holding WMI's __ExtendedStatus (or a provider's own *_ExtendedStatus
//     class such as MSCluster_ExtendedStatus): Operation, ParameterInfo, ProviderName,
//     StatusCode;
//   - MSFT_WmiError as the detail, with its error_Code.
//
// Elements are matched by local name inside the s:Fault, so that a prefix or a namespace
// declared elsewhere changes nothing; the reader never interprets text as markup.

// QName is a qualified name from a fault's Code or Subcode value: the namespace its
// prefix was bound to, and its local part.
type QName struct {
	Space, Local string
}

// ExtendedStatus is WMI's __ExtendedStatus (or a provider's subclass) in f:ExtendedError.
type ExtendedStatus struct {
	Class         string // __ExtendedStatus, MSCluster_ExtendedStatus, ...
	Operation     string // GetObject, ExecQuery, ExecMethod, ...
	ParameterInfo string
	ProviderName  string
	StatusCode    uint32 // 0 when nil
}

// FaultDetail is what a fault says besides its reason text.
type FaultDetail struct {
	Action       string
	Code         QName
	CodeText     string // the Code value as written ("s:Sender")
	Subcode      QName
	SubcodeText  string // the Subcode value as written ("a:DestinationUnreachable")
	Reason       string
	DetailXML    string // the s:Detail element's content, as received
	FaultDetail  string
	WSManCodes   []uint32 // f:WSManFault Code attributes, outermost first
	Message      string   // the innermost f:Message's text
	Provider     string   // f:ProviderFault provider
	ProviderPath string   // f:ProviderFault path
	Extended     *ExtendedStatus
	WMIErrorCode uint32 // MSFT_WmiError error_Code; 0 when none
	HasWMIError  bool
	IsFault      bool // an s:Fault was there
}

// ReadFault reads a SOAP envelope's fault. It returns IsFault false, and no error, for an
// envelope without one; an error only for XML that does not parse.
func ReadFault(body []byte) (FaultDetail, error) {
	var d FaultDetail
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	type frame struct {
		local  string
		scope  map[string]string // prefixes this element declares
		text   strings.Builder
		isNil  bool
		attrs  []xml.Attr
		parent *frame
	}
	var stack []*frame
	lookup := func(prefix string) string {
		for i := len(stack) - 1; i >= 0; i-- {
			if ns, ok := stack[i].scope[prefix]; ok {
				return ns
			}
		}
		return ""
	}
	inside := func(local string) bool {
		for _, f := range stack {
			if f.local == local {
				return true
			}
		}
		return false
	}
	detailStart := int64(-1)
	for {
		before := dec.InputOffset()
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		if err != nil {
			return d, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			f := &frame{local: t.Name.Local, scope: map[string]string{}, attrs: t.Attr}
			if len(stack) > 0 {
				f.parent = stack[len(stack)-1]
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					f.scope[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					f.scope[""] = a.Value
				case a.Name.Local == "nil":
					f.isNil = strings.EqualFold(strings.TrimSpace(a.Value), "true")
				}
			}
			stack = append(stack, f)
			switch {
			case t.Name.Local == "Fault" && inside("Body"):
				d.IsFault = true
			case t.Name.Local == "WSManFault" && inside("Fault"):
				for _, a := range t.Attr {
					if a.Name.Local == "Code" && a.Name.Space == "" {
						if n, ok := parseCode(a.Value); ok {
							d.WSManCodes = append(d.WSManCodes, n)
						}
					}
				}
			case t.Name.Local == "ProviderFault" && inside("Fault") && d.Provider == "":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "provider":
						d.Provider = a.Value
					case "path":
						d.ProviderPath = a.Value
					}
				}
			case strings.HasSuffix(t.Name.Local, "ExtendedStatus") && inside("ExtendedError") && d.Extended == nil:
				d.Extended = &ExtendedStatus{Class: t.Name.Local}
			case t.Name.Local == "MSFT_WmiError" && inside("Detail"):
				d.HasWMIError = true
			case t.Name.Local == "Detail" && f.parent != nil && f.parent.local == "Fault" && detailStart < 0:
				detailStart = dec.InputOffset()
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return d, errors.New("unbalanced XML")
			}
			f := stack[len(stack)-1]
			text := strings.TrimSpace(f.text.String())
			parent := ""
			if f.parent != nil {
				parent = f.parent.local
			}
			switch {
			case f.local == "Action" && parent == "Header":
				d.Action = text
			case f.local == "Value" && parent == "Code" && inside("Fault"):
				d.Code, d.CodeText = resolveQName(text, lookup), text
			case f.local == "Detail" && parent == "Fault" && detailStart >= 0 && d.DetailXML == "":
				d.DetailXML = string(body[detailStart:before])
			case f.local == "Value" && parent == "Subcode" && inside("Fault"):
				d.Subcode, d.SubcodeText = resolveQName(text, lookup), text
			case f.local == "Text" && parent == "Reason" && d.Reason == "":
				d.Reason = text
			case f.local == "FaultDetail":
				d.FaultDetail = text
			case f.local == "Message" && parent == "WSManFault" && d.Message == "" && text != "":
				d.Message = text // nested messages close first: the innermost, most precise, wins
			case f.local == "ProviderFault" && d.Message == "" && text != "":
				d.Message = text // a plug-in's text straight in f:ProviderFault
			case d.Extended != nil && parent == d.Extended.Class && !f.isNil:
				switch f.local {
				case "Operation":
					d.Extended.Operation = text
				case "ParameterInfo":
					d.Extended.ParameterInfo = text
				case "ProviderName":
					d.Extended.ProviderName = text
				case "StatusCode":
					if n, ok := parseCode(text); ok {
						d.Extended.StatusCode = n
					}
				}
			case f.local == "error_Code" && parent == "MSFT_WmiError" && !f.isNil:
				if n, ok := parseCode(text); ok {
					d.WMIErrorCode = n
				}
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// resolveQName resolves "prefix:local" with the prefixes in scope.
func resolveQName(v string, lookup func(string) string) QName {
	prefix, local, ok := strings.Cut(v, ":")
	if !ok {
		return QName{Space: lookup(""), Local: v}
	}
	return QName{Space: lookup(prefix), Local: local}
}

// parseCode reads a fault code: unsigned decimal as Windows writes them, or a negative
// decimal (a signed HRESULT, as PowerShell prints them), or 0x hex.
func parseCode(s string) (uint32, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		n, err := strconv.ParseUint(s[2:], 16, 32)
		return uint32(n), err == nil
	}
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return uint32(n), true
	}
	if n, err := strconv.ParseInt(s, 10, 32); err == nil {
		return uint32(int32(n)), true //nolint:gosec // a signed HRESULT read back as its unsigned bits
	}
	return 0, false
}

// Codes lists every code the fault carries, the most specific first: __ExtendedStatus's
// StatusCode, MSFT_WmiError's error_Code, the nested WSManFault codes innermost first,
// the outer WSManFault code last.
func (d FaultDetail) Codes() []uint32 {
	var out []uint32
	if d.Extended != nil && d.Extended.StatusCode != 0 {
		out = append(out, d.Extended.StatusCode)
	}
	if d.HasWMIError && d.WMIErrorCode != 0 {
		out = append(out, d.WMIErrorCode)
	}
	for i := len(d.WSManCodes) - 1; i >= 0; i-- {
		out = append(out, d.WSManCodes[i])
	}
	return out
}

// FromWMI reports whether WMI (its WinRM plug-in or a WMI provider) raised the fault, rather
// than the WinRM service itself: the plug-in's f:ProviderFault (WsmWmiPl.dll),
// __ExtendedStatus, or MSFT_WmiError with a WMI HRESULT.
func (d FaultDetail) FromWMI() bool {
	return strings.Contains(strings.ToLower(d.ProviderPath), "wsmwmipl.dll") || d.Extended != nil ||
		(d.HasWMIError && d.WMIErrorCode>>16 == 0x8004)
}
