package wsman

import (
	"strings"
	"testing"
)

// These tests hold the server to the byte shapes of responses recorded from real Windows
// (pypsrp tests/tests_pypsrp/responses/test_winrs_*.yml from Server 2016 and 2008 R2 hosts;
// masterzen/winrm fixture_test.go; pywinrm tests/conftest.py). The recordings are not
// copied here; each expected fragment is the recorded shape around our own ids.

const shellBody = `<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`

func TestRecordedDefaultIdleTimeOut(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	body := c.ok(rawReq{action: ActionCreate, body: shellBody}, "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse")
	if !strings.Contains(body, `</rsp:ClientIP><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut><rsp:InputStreams>`) {
		t.Errorf("CreateResponse without the recorded default IdleTimeOut:\n%s", body)
	}
}

func TestRecordedCreateEchoes(t *testing.T) {
	tests := []struct {
		name, shell, want string
	}{
		{"environment",
			`<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams><rsp:Environment><rsp:Variable Name="env1">var1</rsp:Variable><rsp:Variable Name="1234">5678</rsp:Variable></rsp:Environment></rsp:Shell>`,
			`</rsp:ClientIP><rsp:Environment><rsp:Variable Name="env1">var1</rsp:Variable><rsp:Variable Name="1234">5678</rsp:Variable></rsp:Environment><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>`},
		{"working directory and idle timeout",
			`<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams><rsp:IdleTimeOut>PT60S</rsp:IdleTimeOut><rsp:Lifetime>PT60S</rsp:Lifetime><rsp:Name>shell 1</rsp:Name><rsp:WorkingDirectory>C:\Windows</rsp:WorkingDirectory></rsp:Shell>`,
			`</rsp:ClientIP><rsp:WorkingDirectory>C:\Windows</rsp:WorkingDirectory><rsp:IdleTimeOut>PT60.000S</rsp:IdleTimeOut><rsp:InputStreams>stdin</rsp:InputStreams>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, c := rawEndpoint(t, Config{})
			body := c.ok(rawReq{action: ActionCreate, body: tt.shell}, "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse")
			if !strings.Contains(body, tt.want) {
				t.Errorf("CreateResponse lacks %s:\n%s", tt.want, body)
			}
		})
	}
}

// Each response declares the prefixes Windows declares for it: ReceiveResponse no x:,
// DeleteResponse neither x: nor rsp:; the others all six. Send and Signal answer with an
// empty element written as <rsp:SendResponse/>.
func TestRecordedEnvelopeDeclarations(t *testing.T) {
	const (
		full    = `<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"><s:Header>`
		receive = `<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"><s:Header>`
		del     = `<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"><s:Header>`
	)
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	create := c.do(rawReq{action: ActionCreate, body: shellBody}).body
	cmdID := c.startCommand(shellID, "cat")
	sendResp := c.do(rawReq{action: ActionSend, headerExtra: shellSelector(shellID),
		body: `<rsp:Send><rsp:Stream Name="stdin" CommandId="` + cmdID + `" End="true">aGk=</rsp:Stream></rsp:Send>`}).body
	_, _, _, bodies := c.receiveAll(shellID, cmdID)
	signal := c.do(rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
		body: `<rsp:Signal CommandId="` + cmdID + `"><rsp:Code>` + SignalCtrlC + `</rsp:Code></rsp:Signal>`}).body
	deleteResp := c.do(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}).body

	for _, tt := range []struct{ name, body, open, bodyPart string }{
		{"CreateResponse", create, full, `<s:Body><x:ResourceCreated>`},
		{"SendResponse", sendResp, full, `<s:Body><rsp:SendResponse/></s:Body></s:Envelope>`},
		{"ReceiveResponse", bodies[len(bodies)-1], receive, `<s:Body><rsp:ReceiveResponse>`},
		{"SignalResponse", signal, full, `<s:Body><rsp:SignalResponse/></s:Body></s:Envelope>`},
		{"DeleteResponse", deleteResp, del, `<s:Body></s:Body></s:Envelope>`},
	} {
		if !strings.HasPrefix(tt.body, tt.open) {
			t.Errorf("%s opens with other declarations:\n%s", tt.name, tt.body)
		}
		if !strings.Contains(tt.body, tt.bodyPart) {
			t.Errorf("%s lacks %s:\n%s", tt.name, tt.bodyPart, tt.body)
		}
	}
}

func TestRecordedCommandFaults(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "block")
	const missing = "87E77BEB-6761-4C48-9D70-A00266B8459A"
	const unknownCommand = `<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidSelectors</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot process the request because the request contained invalid selectors for the resource. </s:Text></s:Reason><s:Detail><w:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors</w:FaultDetail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858843" Machine="localhost"><f:Message>The Windows Remote Shell received a request to perform an operation on a command identifier that does not exist. Either the command has completed execution or the client specified an invalid command identifier. </f:Message></f:WSManFault></s:Detail></s:Fault>`
	tests := []struct {
		name string
		req  rawReq
		code uint32
		want string
	}{
		{"Receive with an unknown CommandId", receiveReq(shellID, missing, "PT1S"), CodeShellNotFound, unknownCommand},
		{"Send with an unknown CommandId", rawReq{action: ActionSend, headerExtra: shellSelector(shellID),
			body: `<rsp:Send><rsp:Stream Name="stdin" CommandId="` + missing + `">aGk=</rsp:Stream></rsp:Send>`}, CodeShellNotFound, unknownCommand},
		{"Signal with an unknown CommandId", rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
			body: `<rsp:Signal CommandId="` + missing + `"><rsp:Code>` + SignalCtrlC + `</rsp:Code></rsp:Signal>`}, CodeShellNotFound, unknownCommand},
		{"Receive without CommandId", rawReq{action: ActionReceive, headerExtra: shellSelector(shellID),
			body: `<rsp:Receive><rsp:DesiredStream>stdout stderr</rsp:DesiredStream></rsp:Receive>`}, CodeWin32InvalidParameter,
			`<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The parameter is incorrect. </s:Text></s:Reason><s:Detail><w:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidValue</w:FaultDetail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="87" Machine="localhost"><f:Message><f:ProviderFault provider="Shell cmd plugin" path="%systemroot%\system32\winrscmd.dll">The parameter is incorrect. </f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			resp := c.fault(tt.req, tt.code)
			if !strings.Contains(resp.body, tt.want) {
				t.Errorf("fault differs from the recording; want\n%s\ngot\n%s", tt.want, resp.body)
			}
		})
	}
	// The command the faults did not name is untouched.
	c.t = t
	c.ok(rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
		body: `<rsp:Signal CommandId="` + cmdID + `"><rsp:Code>` + SignalTerminate + `</rsp:Code></rsp:Signal>`},
		"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse")
}

// refusingMachine refuses to start what CreateProcess would refuse, as cmdexe.Host does.
type refusingMachine struct{ *testMachine }

func (refusingMachine) CheckStart(cmd Command) *StartError {
	switch {
	case len(cmd.Command) > 100:
		return &StartError{Code: CodeFilenameTooLong, Text: "The filename or extension is too long. "}
	case cmd.SkipCmdShell && !strings.Contains(cmd.Command, `\`):
		return &StartError{Code: CodeFileNotFound, Text: "The system cannot find the file specified. "}
	}
	return nil
}

func TestRecordedStartFaults(t *testing.T) {
	m := newTestMachine()
	_, _, c := rawEndpoint(t, Config{Executor: refusingMachine{m}})
	shellID := c.createShell()
	tests := []struct {
		name, command, options string
		code                   uint32
		want                   string
	}{
		{"command line too long", strings.Repeat("x", 101), "", CodeFilenameTooLong,
			`<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:InternalError</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="">The filename or extension is too long. </s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2147942606" Machine="localhost"><f:Message><f:ProviderFault provider="Shell cmd plugin" path="%systemroot%\system32\winrscmd.dll">The filename or extension is too long. </f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault>`},
		{"program not found without cmd.exe", "powershell.exe", `<w:OptionSet><w:Option Name="WINRS_SKIP_CMD_SHELL">True</w:Option></w:OptionSet>`, CodeFileNotFound,
			`<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:InternalError</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The system cannot find the file specified. </s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2147942402" Machine="localhost"><f:Message><f:ProviderFault provider="Shell cmd plugin" path="%systemroot%\system32\winrscmd.dll">The system cannot find the file specified. </f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			resp := c.fault(rawReq{action: ActionCommand, headerExtra: tt.options + shellSelector(shellID),
				body: `<rsp:CommandLine><rsp:Command>` + tt.command + `</rsp:Command></rsp:CommandLine>`}, tt.code)
			if !strings.Contains(resp.body, tt.want) {
				t.Errorf("fault differs from the recording; want\n%s\ngot\n%s", tt.want, resp.body)
			}
		})
	}
	if len(m.ran) != 0 {
		t.Errorf("a refused command ran: %+v", m.ran)
	}
}

// The endpoint keeps the stdin mode each command was started with (MS-WSMV 3.1.4.11:
// WINRS_CONSOLEMODE_STDIN TRUE is console mode, FALSE pipe mode).
func TestStartedCommandsKeepStdinMode(t *testing.T) {
	ep, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	for _, v := range []string{"FALSE", "TRUE"} {
		c.ok(rawReq{action: ActionCommand,
			headerExtra: `<w:OptionSet><w:Option Name="WINRS_CONSOLEMODE_STDIN">` + v + `</w:Option></w:OptionSet>` + shellSelector(shellID),
			body:        `<rsp:CommandLine><rsp:Command>echo ` + v + `</rsp:Command></rsp:CommandLine>`},
			"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse")
	}
	got := ep.Server.StartedCommands()
	if len(got) != 2 || got[0].ConsoleModeStdin || !got[1].ConsoleModeStdin {
		t.Fatalf("started commands: %+v", got)
	}
}
