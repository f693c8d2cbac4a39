package wsman

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// request is one parsed WS-Management request: the SOAP header fields Windows looks at,
// and the body of whichever shell operation it carries.
type request struct {
	Action           string
	MessageID        string
	To               string
	ResourceURI      string
	OperationTimeout time.Duration // 0 when absent
	MaxEnvelopeSize  int           // bytes; 0 when absent
	Selectors        map[string]string
	Options          map[string]string

	Shell       *xShell
	CommandLine *xCommandLine
	Send        *xSend
	Receive     *xReceive
	Signal      *xSignal

	// body is the whole decoded body, for the WMI operations (wmi_*.go).
	body *xBody
}

// selector returns a selector value matched case-insensitively: clients send "ShellId";
// some send "ShellID".
func (r *request) selector(name string) (string, bool) {
	for k, v := range r.Selectors {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// option returns a w:Option value by name (option names are matched exactly, as sent).
func (r *request) option(name string) (string, bool) {
	v, ok := r.Options[name]
	return v, ok
}

// The XML shapes, namespace-qualified, as encoding/xml reads them.

type xEnvelope struct {
	XMLName xml.Name `xml:"http://www.w3.org/2003/05/soap-envelope Envelope"`
	Header  *xHeader `xml:"http://www.w3.org/2003/05/soap-envelope Header"`
	Body    *xBody   `xml:"http://www.w3.org/2003/05/soap-envelope Body"`
}

type xHeader struct {
	Action           string        `xml:"http://schemas.xmlsoap.org/ws/2004/08/addressing Action"`
	MessageID        string        `xml:"http://schemas.xmlsoap.org/ws/2004/08/addressing MessageID"`
	To               string        `xml:"http://schemas.xmlsoap.org/ws/2004/08/addressing To"`
	ResourceURI      string        `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd ResourceURI"`
	OperationTimeout string        `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd OperationTimeout"`
	MaxEnvelopeSize  string        `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd MaxEnvelopeSize"`
	SelectorSet      *xSelectorSet `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd SelectorSet"`
	OptionSet        *xOptionSet   `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd OptionSet"`
}

type xSelectorSet struct {
	Selectors []xNamedValue `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd Selector"`
}

type xOptionSet struct {
	Options []xNamedValue `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd Option"`
}

type xNamedValue struct {
	Name  string `xml:"Name,attr"`
	Value string `xml:",chardata"`
}

type xBody struct {
	Shell       *xShell       `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Shell"`
	CommandLine *xCommandLine `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell CommandLine"`
	Send        *xSend        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Send"`
	Receive     *xReceive     `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Receive"`
	Signal      *xSignal      `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Signal"`
	// The WMI operations' bodies (wmi_enumerate.go), and the body as received: an Invoke's
	// input element is named after its method (wmi_invoke.go).
	Enumerate *xEnumerate `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration Enumerate"`
	Pull      *xPull      `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration Pull"`
	Release   *xRelease   `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration Release"`
	Inner     []byte      `xml:",innerxml"`
}

type xShell struct {
	WorkingDirectory string        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell WorkingDirectory"`
	Environment      *xEnvironment `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Environment"`
	InputStreams     string        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell InputStreams"`
	OutputStreams    string        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell OutputStreams"`
	IdleTimeOut      string        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell IdleTimeOut"`
	Lifetime         string        `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Lifetime"`
}

type xEnvironment struct {
	Variables []xNamedValue `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Variable"`
}

type xCommandLine struct {
	CommandID string   `xml:"CommandId,attr"`
	Command   string   `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Command"`
	Arguments []string `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Arguments"`
}

type xSend struct {
	Streams []xStream `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Stream"`
}

type xStream struct {
	Name      string `xml:"Name,attr"`
	CommandID string `xml:"CommandId,attr"`
	End       string `xml:"End,attr"`
	Data      string `xml:",chardata"`
}

type xReceive struct {
	DesiredStream *xDesiredStream `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell DesiredStream"`
}

type xDesiredStream struct {
	CommandID string `xml:"CommandId,attr"`
	Streams   string `xml:",chardata"`
}

type xSignal struct {
	CommandID string `xml:"CommandId,attr"`
	Code      string `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Code"`
}

// errMalformed marks a request that is not a well-formed SOAP 1.2 envelope.
var errMalformed = errors.New("malformed SOAP envelope")

// parseRequest reads one SOAP envelope. It never panics on hostile input: encoding/xml does
// not expand entities and the caller bounds the size.
func parseRequest(data []byte) (*request, error) {
	var env xEnvelope
	dec := xml.NewDecoder(bytes.NewReader(utf16ToUTF8(data)))
	// Windows accepts UTF-8 and UTF-16 envelopes (MS-WSMV 2.2.1); UTF-16 with a byte order
	// mark was converted above, so a declared charset is not acted on again.
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	if env.Header == nil || env.Body == nil {
		return nil, fmt.Errorf("%w: no s:Header or s:Body", errMalformed)
	}
	h := env.Header
	r := &request{
		Action:      strings.TrimSpace(h.Action),
		MessageID:   strings.TrimSpace(h.MessageID),
		To:          strings.TrimSpace(h.To),
		ResourceURI: strings.TrimSpace(h.ResourceURI),
		Selectors:   map[string]string{},
		Options:     map[string]string{},
		Shell:       env.Body.Shell,
		CommandLine: env.Body.CommandLine,
		Send:        env.Body.Send,
		Receive:     env.Body.Receive,
		Signal:      env.Body.Signal,
		body:        env.Body,
	}
	if s := strings.TrimSpace(h.OperationTimeout); s != "" {
		d, err := parseDuration(s)
		if err != nil {
			return nil, fmt.Errorf("%w: OperationTimeout: %v", errMalformed, err)
		}
		r.OperationTimeout = d
	}
	if s := strings.TrimSpace(h.MaxEnvelopeSize); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%w: MaxEnvelopeSize %q", errMalformed, s)
		}
		r.MaxEnvelopeSize = n
	}
	if h.SelectorSet != nil {
		for _, s := range h.SelectorSet.Selectors {
			r.Selectors[strings.TrimSpace(s.Name)] = strings.TrimSpace(s.Value)
		}
	}
	if h.OptionSet != nil {
		for _, o := range h.OptionSet.Options {
			r.Options[strings.TrimSpace(o.Name)] = strings.TrimSpace(o.Value)
		}
	}
	return r, nil
}

// decodeStreamData decodes the base64 content of an rsp:Stream, ignoring the whitespace a
// pretty-printing client may put around it.
func decodeStreamData(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
	return base64.StdEncoding.DecodeString(s)
}

// isTrue reads an xs:boolean attribute or a WinRM option value ("true", "TRUE", "1").
func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true
	}
	return false
}

// utf16ToUTF8 converts a body that starts with a UTF-16 byte order mark to UTF-8; other
// bodies are returned as they are.
func utf16ToUTF8(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		order = binary.LittleEndian
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		order = binary.BigEndian
	default:
		return data
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order.Uint16(data[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}
