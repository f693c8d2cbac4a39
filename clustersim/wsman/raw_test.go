package wsman

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Requests written the way pywinrm (winrm/protocol.py) builds them: the "env" prefix,
// a:ReplyTo/a:Address with mustUnderstand, w:Locale and p:DataLocale, an OperationTimeout
// with milliseconds, and selectors after the options. Nothing here comes from
// masterzen/winrm, so the server is held to the protocol rather than to one client.
const pywinrmHeader = `<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"
  xmlns:b="http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"
  xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
  xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
  xmlns:cfg="http://schemas.microsoft.com/wbem/wsman/1/config">
 <env:Header>
  <a:To>http://windows-host:5985/wsman</a:To>
  <a:ReplyTo><a:Address mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>
  <w:MaxEnvelopeSize mustUnderstand="true">%d</w:MaxEnvelopeSize>
  <a:MessageID>%s</a:MessageID>
  <w:Locale mustUnderstand="false" xml:lang="en-US"/>
  <p:DataLocale mustUnderstand="false" xml:lang="en-US"/>
  <w:OperationTimeout>%s</w:OperationTimeout>
  <w:ResourceURI mustUnderstand="true">%s</w:ResourceURI>
  <a:Action mustUnderstand="true">%s</a:Action>
  %s
 </env:Header>
 <env:Body>%s</env:Body>
</env:Envelope>`

type rawReq struct {
	action      string
	resourceURI string // ResourceURICmd when empty
	timeout     string // "PT20.000S" when empty
	maxEnvelope int    // 153600 when 0
	messageID   string // a fresh one when empty
	headerExtra string // options, selectors
	body        string
}

func (r rawReq) xml() (string, string) {
	if r.resourceURI == "" {
		r.resourceURI = ResourceURICmd
	}
	if r.timeout == "" {
		r.timeout = "PT20.000S"
	}
	if r.maxEnvelope == 0 {
		r.maxEnvelope = 153600
	}
	if r.messageID == "" {
		r.messageID = "uuid:" + strings.ToLower(newUUID())
	}
	return fmt.Sprintf(pywinrmHeader, r.maxEnvelope, r.messageID, r.timeout, r.resourceURI, r.action, r.headerExtra, r.body), r.messageID
}

func shellSelector(id string) string {
	return `<w:SelectorSet><w:Selector Name="ShellId">` + id + `</w:Selector></w:SelectorSet>`
}

// rawClient posts hand-written envelopes with Basic authentication.
type rawClient struct {
	t    *testing.T
	url  string
	http *http.Client
}

func newRawClient(t *testing.T, ep *Endpoint) *rawClient {
	return &rawClient{t: t, url: ep.URL, http: &http.Client{}}
}

type rawResp struct {
	status int
	header http.Header
	body   string
}

func (c *rawClient) postBytes(body string) (rawResp, error) {
	req, err := http.NewRequest(http.MethodPost, c.url, strings.NewReader(body))
	if err != nil {
		return rawResp{}, err
	}
	req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
	req.SetBasicAuth(testUser, testPassword)
	resp, err := c.http.Do(req)
	if err != nil {
		return rawResp{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return rawResp{status: resp.StatusCode, header: resp.Header, body: string(b)}, err
}

// do sends r and checks that the answer relates to it.
func (c *rawClient) do(r rawReq) rawResp {
	c.t.Helper()
	body, id := r.xml()
	resp, err := c.postBytes(body)
	if err != nil {
		c.t.Fatalf("POST %s: %v", r.action, err)
	}
	if ct := resp.header.Get("Content-Type"); ct != "application/soap+xml;charset=UTF-8" {
		c.t.Fatalf("Content-Type %q (status %d)", ct, resp.status)
	}
	if got := xmlText(resp.body, "RelatesTo"); got != id {
		c.t.Fatalf("RelatesTo %q, want %q", got, id)
	}
	if mid := xmlText(resp.body, "MessageID"); !strings.HasPrefix(mid, "uuid:") || mid == id {
		c.t.Fatalf("response MessageID %q", mid)
	}
	return resp
}

// ok sends r, requires HTTP 200 and the response action.
func (c *rawClient) ok(r rawReq, wantAction string) string {
	c.t.Helper()
	resp := c.do(r)
	if resp.status != http.StatusOK {
		c.t.Fatalf("%s: HTTP %d: %s", r.action, resp.status, resp.body)
	}
	if got := xmlText(resp.body, "Action"); got != wantAction {
		c.t.Fatalf("response action %q, want %q", got, wantAction)
	}
	return resp.body
}

// fault sends r and requires a WSManFault with the code.
func (c *rawClient) fault(r rawReq, code uint32) rawResp {
	c.t.Helper()
	resp := c.do(r)
	if resp.status != http.StatusInternalServerError {
		c.t.Fatalf("%s: HTTP %d, want 500: %s", r.action, resp.status, resp.body)
	}
	if got := faultCode(resp.body); got != fmt.Sprint(code) {
		c.t.Fatalf("fault code %q, want %d: %s", got, code, resp.body)
	}
	return resp
}

func (c *rawClient) createShell() string {
	c.t.Helper()
	body := c.ok(rawReq{action: ActionCreate,
		headerExtra: `<w:OptionSet><w:Option Name="WINRS_NOPROFILE">FALSE</w:Option><w:Option Name="WINRS_CODEPAGE">437</w:Option></w:OptionSet>`,
		body:        `<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`,
	}, "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse")
	id := selectorValue(body)
	if id == "" || xmlText(body, "ShellId") != id {
		c.t.Fatalf("no shell id: %s", body)
	}
	return id
}

// startCommand starts command (no Arguments elements) in shellID and returns its id.
func (c *rawClient) startCommand(shellID, command string) string {
	c.t.Helper()
	body := c.ok(rawReq{action: ActionCommand,
		headerExtra: `<w:OptionSet><w:Option Name="WINRS_CONSOLEMODE_STDIN">TRUE</w:Option><w:Option Name="WINRS_SKIP_CMD_SHELL">FALSE</w:Option></w:OptionSet>` + shellSelector(shellID),
		body:        `<rsp:CommandLine><rsp:Command>` + escText(command) + `</rsp:Command></rsp:CommandLine>`,
	}, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse")
	id := xmlText(body, "CommandId")
	if id == "" {
		c.t.Fatalf("no command id: %s", body)
	}
	return id
}

func (c *rawClient) send(shellID, commandID string, data []byte, end bool) {
	c.t.Helper()
	endAttr := ""
	if end {
		endAttr = ` End="true"`
	}
	c.ok(rawReq{action: ActionSend, headerExtra: shellSelector(shellID),
		body: `<rsp:Send><rsp:Stream Name="stdin" CommandId="` + commandID + `"` + endAttr + `>` + base64.StdEncoding.EncodeToString(data) + `</rsp:Stream></rsp:Send>`,
	}, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SendResponse")
}

func receiveReq(shellID, commandID, timeout string) rawReq {
	return rawReq{action: ActionReceive, timeout: timeout, headerExtra: shellSelector(shellID),
		body: `<rsp:Receive><rsp:DesiredStream CommandId="` + commandID + `">stdout stderr</rsp:DesiredStream></rsp:Receive>`}
}

// receiveAll polls until Done and returns stdout, stderr, the exit code and the responses.
func (c *rawClient) receiveAll(shellID, commandID string) (stdout, stderr string, exit string, bodies []string) {
	c.t.Helper()
	for i := 0; i < 1000; i++ {
		body := c.ok(receiveReq(shellID, commandID, ""), "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse")
		bodies = append(bodies, body)
		var r xReceiveResponse
		if err := xml.Unmarshal([]byte(body), &r); err != nil {
			c.t.Fatal(err)
		}
		for _, s := range r.Body.Response.Streams {
			data, err := base64.StdEncoding.DecodeString(s.Data)
			if err != nil {
				c.t.Fatal(err)
			}
			if s.CommandID != commandID {
				c.t.Fatalf("stream of command %q", s.CommandID)
			}
			switch s.Name {
			case "stdout":
				stdout += string(data)
			case "stderr":
				stderr += string(data)
			}
		}
		if st := r.Body.Response.State; st.State == stateDone {
			return stdout, stderr, st.ExitCode, bodies
		} else if st.State != stateRunning {
			c.t.Fatalf("command state %q", st.State)
		}
	}
	c.t.Fatal("command never done")
	return
}

type xReceiveResponse struct {
	Body struct {
		Response struct {
			Streams []xStream `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell Stream"`
			State   struct {
				CommandID string `xml:"CommandId,attr"`
				State     string `xml:"State,attr"`
				ExitCode  string `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell ExitCode"`
			} `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell CommandState"`
		} `xml:"http://schemas.microsoft.com/wbem/wsman/1/windows/shell ReceiveResponse"`
	} `xml:"http://www.w3.org/2003/05/soap-envelope Body"`
}

func escText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// xmlText returns the text of the first element with that local name (any prefix).
func xmlText(doc, local string) string {
	re := regexp.MustCompile(`<(?:\w+:)?` + local + `(?:\s[^>]*)?>([^<]*)</`)
	m := re.FindStringSubmatch(doc)
	if m == nil {
		return ""
	}
	return m[1]
}

func selectorValue(doc string) string {
	m := regexp.MustCompile(`<w:Selector Name="ShellId">([^<]*)</w:Selector>`).FindStringSubmatch(doc)
	if m == nil {
		return ""
	}
	return m[1]
}

func faultCode(doc string) string {
	m := regexp.MustCompile(`<f:WSManFault [^>]*Code="(\d+)"`).FindStringSubmatch(doc)
	if m == nil {
		return ""
	}
	return m[1]
}
