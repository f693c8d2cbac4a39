package wsman

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func rawEndpoint(t *testing.T, cfg Config) (*Endpoint, *testMachine, *rawClient) {
	cfg.AllowUnencrypted = true
	ep, m := startEndpoint(t, cfg, ListenOptions{})
	return ep, m, newRawClient(t, ep)
}

func TestRawSOAPRoundTrip(t *testing.T) {
	ep, m, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "cat")
	c.send(shellID, cmdID, []byte("first "), false)
	c.send(shellID, cmdID, []byte("second"), true)
	stdout, stderr, exit, bodies := c.receiveAll(shellID, cmdID)
	if stdout != "first second" || stderr != "" || exit != "0" {
		t.Fatalf("stdout %q stderr %q exit %q", stdout, stderr, exit)
	}
	last := bodies[len(bodies)-1]
	for _, want := range []string{
		`<rsp:Stream Name="stdout" CommandId="` + cmdID + `" End="true"></rsp:Stream>`,
		`<rsp:Stream Name="stderr" CommandId="` + cmdID + `" End="true"></rsp:Stream>`,
		`<rsp:ExitCode>0</rsp:ExitCode>`,
	} {
		if !strings.Contains(last, want) {
			t.Errorf("last Receive lacks %s:\n%s", want, last)
		}
	}
	if got := m.ran[0]; got.Codepage != 437 || got.NoProfile || !got.ConsoleModeStdin || got.SkipCmdShell || got.ShellID != shellID {
		t.Errorf("command: %+v", got)
	}
	c.ok(rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
		body: `<rsp:Signal CommandId="` + cmdID + `"><rsp:Code>` + SignalTerminate + `</rsp:Code></rsp:Signal>`},
		"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse")
	c.ok(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)},
		"http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse")
	if s := ep.Server.Counters().Snapshot(); s.ShellsOpen != 0 || s.ShellsCreated != 1 {
		t.Errorf("counters %+v", s)
	}
}

func TestCreateAnswersResourceCreatedAndShell(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{IdleTimeout: 90 * time.Second})
	body := c.ok(rawReq{action: ActionCreate, body: `<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`},
		"http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse")
	for _, want := range []string{
		`<x:ResourceCreated><a:Address>http://windows-host:5985/wsman</a:Address>`,
		`<w:ResourceURI>` + ResourceURICmd + `</w:ResourceURI>`,
		`<rsp:Owner>` + testUser + `</rsp:Owner>`,
		`<rsp:ClientIP>127.0.0.1</rsp:ClientIP>`,
		`<rsp:IdleTimeOut>PT90.000S</rsp:IdleTimeOut>`,
		`<rsp:OutputStreams>stdout stderr</rsp:OutputStreams>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Create answer lacks %s:\n%s", want, body)
		}
	}
}

func TestShellIDSelectorSpelledShellID(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	id := c.createShell()
	c.ok(rawReq{action: ActionDelete, headerExtra: `<w:SelectorSet><w:Selector Name="ShellID">` + id + `</w:Selector></w:SelectorSet>`},
		"http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse")
}

func TestFaults(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	const missing = "0B4F1A5E-0000-4000-8000-000000000000"
	tests := []struct {
		name    string
		req     rawReq
		code    uint32
		subcode string
		text    string
	}{
		{"unknown shell", rawReq{action: ActionCommand, headerExtra: shellSelector(missing), body: `<rsp:CommandLine><rsp:Command>echo</rsp:Command></rsp:CommandLine>`},
			CodeShellNotFound, "w:InvalidSelectors",
			"The request for the Windows Remote Shell with ShellId " + missing + " failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server."},
		{"delete unknown shell", rawReq{action: ActionDelete, headerExtra: shellSelector(missing)}, CodeShellNotFound, "w:InvalidSelectors", "shell was not found"},
		{"no selector", rawReq{action: ActionDelete}, CodeInsufficientSel, "w:InvalidSelectors", "did not contain all required selectors"},
		{"unknown action", rawReq{action: "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", headerExtra: shellSelector(shellID)}, CodeActionNotSupported, "a:ActionNotSupported", "does not support the action"},
		{"bad resource URI", rawReq{action: ActionDelete, resourceURI: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/nope", headerExtra: shellSelector(shellID)},
			codeResourceURINotFound, "w:DestinationUnreachable", "was not found in the WS-Management catalog"},
		{"unknown command", receiveReq(shellID, missing, "PT1S"), CodeShellNotFound, "w:InvalidSelectors", "command identifier that does not exist"},
		{"command without CommandLine", rawReq{action: ActionCommand, headerExtra: shellSelector(shellID)}, CodeInvalidSOAPBody, "w:InvalidBody", "valid SOAP body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			resp := c.fault(tt.req, tt.code)
			if !strings.Contains(resp.body, "<s:Value>"+tt.subcode+"</s:Value>") {
				t.Errorf("subcode %s missing:\n%s", tt.subcode, resp.body)
			}
			if !strings.Contains(resp.body, tt.text) {
				t.Errorf("text %q missing:\n%s", tt.text, resp.body)
			}
			if xmlText(resp.body, "Action") != "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault" {
				t.Errorf("fault action: %s", resp.body)
			}
		})
	}
}

func TestMalformedAndOversizedRequests(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{MaxEnvelopeSizeKB: 8})
	resp, err := c.postBytes("<env:Envelope this is not xml")
	if err != nil {
		t.Fatal(err)
	}
	if resp.status != 500 || faultCode(resp.body) != "2150858819" || resp.header.Get("Content-Type") != soapContentType {
		t.Fatalf("malformed XML: %d %q %s", resp.status, resp.header.Get("Content-Type"), resp.body)
	}
	big, _ := rawReq{action: ActionCreate, body: `<rsp:Shell>` + strings.Repeat(" ", 9000) + `</rsp:Shell>`}.xml()
	resp, err = c.postBytes(big)
	if err != nil {
		t.Fatal(err)
	}
	if resp.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized request: HTTP %d", resp.status)
	}
}

func TestNotWsmanPathOrMethod(t *testing.T) {
	ep, _, _ := rawEndpoint(t, Config{})
	resp, err := http.Post(strings.TrimSuffix(ep.URL, "/wsman")+"/other", soapContentType, strings.NewReader("<x/>"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("other path: %d", resp.StatusCode)
	}
	resp, err = http.Get(ep.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("GET: %d", resp.StatusCode)
	}
}

func TestUnauthenticatedGets401WithWindowsHeaders(t *testing.T) {
	ep, _, _ := rawEndpoint(t, Config{})
	resp, err := http.Post(ep.URL, soapContentType, strings.NewReader("<x/>"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	got := resp.Header.Values("WWW-Authenticate")
	if resp.StatusCode != 401 || body.Len() != 0 || len(got) != 2 || got[0] != "Negotiate" || got[1] != `Basic realm="WSMAN"` {
		t.Fatalf("HTTP %d, body %d bytes, WWW-Authenticate %q", resp.StatusCode, body.Len(), got)
	}
}

func TestReceiveTimesOutWithTheWindowsFault(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "block")
	start := time.Now()
	resp := c.fault(receiveReq(shellID, cmdID, "PT0.300S"), CodeOperationTimedOut)
	if el := time.Since(start); el < 250*time.Millisecond {
		t.Fatalf("answered after %v, before the OperationTimeout", el)
	}
	for _, want := range []string{"<s:Value>s:Receiver</s:Value>", "<s:Value>w:TimedOut</s:Value>",
		"The WS-Management service cannot complete the operation within the time specified in OperationTimeout."} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("lacks %s: %s", want, resp.body)
		}
	}
}

func TestReceiveIsCappedByMaxTimeout(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{MaxTimeout: 200 * time.Millisecond})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "block")
	start := time.Now()
	c.fault(receiveReq(shellID, cmdID, "PT60S"), CodeOperationTimedOut)
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("a PT60S Receive was held %v despite MaxTimeout 200ms", el)
	}
}

func TestReceiveWakesAsSoonAsOutputArrives(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "cat")
	go func() {
		time.Sleep(100 * time.Millisecond)
		c2 := *c
		c2.send(shellID, cmdID, []byte("ping"), false)
	}()
	start := time.Now()
	body := c.ok(receiveReq(shellID, cmdID, "PT20S"), "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse")
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("Receive held %v after output arrived", el)
	}
	if !strings.Contains(body, "cGluZw==") || !strings.Contains(body, stateRunning) {
		t.Fatalf("body: %s", body)
	}
}

func TestReceiveResponsesStayUnderMaxEnvelopeSize(t *testing.T) {
	_, _, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "big 200000")
	var got []byte
	for i := 0; i < 100; i++ {
		r := receiveReq(shellID, cmdID, "")
		r.maxEnvelope = 16384
		body := c.ok(r, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse")
		if len(body) > 16384 {
			t.Fatalf("response of %d bytes for MaxEnvelopeSize 16384", len(body))
		}
		for _, m := range streamData(t, body, "stdout") {
			got = append(got, m...)
		}
		if strings.Contains(body, stateDone) {
			break
		}
	}
	if !bytes.Equal(got, pattern(200000)) {
		t.Fatalf("got %d bytes", len(got))
	}
}

func TestSignalTerminateStopsTheCommand(t *testing.T) {
	_, m, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "sleep 1h")
	<-m.started
	c.ok(rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
		body: `<rsp:Signal CommandId="` + cmdID + `"><rsp:Code>` + SignalTerminate + `</rsp:Code></rsp:Signal>`},
		"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse")
	_, _, exit, _ := c.receiveAll(shellID, cmdID)
	if exit != "130" || m.cancelledCount() != 1 {
		t.Fatalf("exit %q, cancelled %d", exit, m.cancelledCount())
	}
}

func TestSignalCtrlCStopsTheCommand(t *testing.T) {
	_, m, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "block")
	<-m.started
	c.ok(rawReq{action: ActionSignal, headerExtra: shellSelector(shellID),
		body: `<rsp:Signal CommandId="` + cmdID + `"><rsp:Code>` + SignalCtrlC + `</rsp:Code></rsp:Signal>`},
		"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse")
	if _, _, exit, _ := c.receiveAll(shellID, cmdID); exit != "1" || m.cancelledCount() != 1 {
		t.Fatalf("exit %q, cancelled %d", exit, m.cancelledCount())
	}
}

func TestDeleteCancelsCommands(t *testing.T) {
	ep, m, c := rawEndpoint(t, Config{})
	shellID := c.createShell()
	c.startCommand(shellID, "block")
	<-m.started
	c.ok(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}, "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse")
	waitFor(t, func() bool { return m.cancelledCount() == 1 })
	if ep.Server.OpenShells() != 0 {
		t.Fatal("shell still open")
	}
	c.fault(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}, CodeShellNotFound)
}

func TestIdleShellIsReaped(t *testing.T) {
	ep, m, c := rawEndpoint(t, Config{IdleTimeout: 150 * time.Millisecond})
	shellID := c.createShell()
	c.startCommand(shellID, "block")
	<-m.started
	waitFor(t, func() bool { return m.cancelledCount() == 1 && ep.Server.OpenShells() == 0 })
	if s := ep.Server.Counters().Snapshot(); s.ShellsOpen != 0 {
		t.Fatalf("shells_open %d", s.ShellsOpen)
	}
	c.fault(rawReq{action: ActionDelete, headerExtra: shellSelector(shellID)}, CodeShellNotFound)
}

func TestPendingReceiveKeepsShellAlive(t *testing.T) {
	ep, _, c := rawEndpoint(t, Config{IdleTimeout: 150 * time.Millisecond})
	shellID := c.createShell()
	cmdID := c.startCommand(shellID, "sleep 600ms")
	_, _, exit, _ := c.receiveAll(shellID, cmdID) // one long poll of about 600ms
	if exit != "0" || ep.Server.OpenShells() != 1 {
		t.Fatalf("exit %q, open shells %d", exit, ep.Server.OpenShells())
	}
}

func TestCloseAllShellsForgetsEveryShell(t *testing.T) {
	ep, m, c := rawEndpoint(t, Config{})
	a, b := c.createShell(), c.createShell()
	c.startCommand(a, "block")
	<-m.started
	ep.Server.CloseAllShells()
	waitFor(t, func() bool { return m.cancelledCount() == 1 })
	c.fault(rawReq{action: ActionDelete, headerExtra: shellSelector(a)}, CodeShellNotFound)
	c.fault(rawReq{action: ActionDelete, headerExtra: shellSelector(b)}, CodeShellNotFound)
	if s := ep.Server.Counters().Snapshot(); s.ShellsOpen != 0 || s.ShellsCreated != 2 {
		t.Fatalf("counters %+v", s)
	}
}

func TestMaxConcurrentOperationsPerUser(t *testing.T) {
	_, m, c := rawEndpoint(t, Config{MaxConcurrentOperationsPerUser: 2})
	shellID := c.createShell()
	c.startCommand(shellID, "block")
	done := c.startCommand(shellID, "echo hi")
	<-m.started
	<-m.started
	cmd := rawReq{action: ActionCommand, headerExtra: shellSelector(shellID), body: `<rsp:CommandLine><rsp:Command>echo</rsp:Command></rsp:CommandLine>`}
	resp := c.fault(cmd, CodeMaxOperations)
	if !strings.Contains(resp.body, "The maximum number of concurrent operations for this user has been exceeded.") {
		t.Fatalf("text: %s", resp.body)
	}
	c.receiveAll(shellID, done) // delivering Done frees its slot
	c.startCommand(shellID, "echo again")
}

func streamData(t *testing.T, body, name string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, part := range strings.Split(body, `<rsp:Stream Name="`+name+`"`)[1:] {
		start := strings.Index(part, ">")
		end := strings.Index(part, "</rsp:Stream>")
		data, err := decodeStreamData(part[start+1 : end])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStopDuringLatencyEndsTheConnection: a request still waiting out the latency when the
// server closes gets no answer (the connection ends), never an empty 200.
func TestStopDuringLatencyEndsTheConnection(t *testing.T) {
	ep, _ := startEndpoint(t, Config{AllowUnencrypted: true, Latency: 2 * time.Second}, ListenOptions{})
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, ep.URL, strings.NewReader("<x/>"))
		req.SetBasicAuth(testUser, testPassword)
		req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("got HTTP %d, want the connection to end", resp.StatusCode)
		} else {
			err = nil
		}
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	_ = ep.Server.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
