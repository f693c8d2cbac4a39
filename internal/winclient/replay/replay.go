// Package replay serves a WinRM conversation recorded by the provider (package recording)
// back to a client: a small WS-Management endpoint that answers each request with the
// recorded answer to the request of the same action and shape, so that the provider's read
// path can be run against what a real cluster said, without the cluster.
//
// How requests are matched. Shells and commands are taken in the order the recording
// created them: the n-th live Create gets the n-th recorded shell (in turn, when the client
// opens more), its Command the next recorded Command of that shell. Ids are fresh for each
// live shell and command and replaced in the answers. A Send must have the shape of the next
// recorded Send of its command: the same text once run ids (24 hexadecimal digits, random
// per run) are set aside; the run ids of the recording are mapped to the live ones, in the
// answers too (also inside base64 tokens of the output, where the result envelope carries
// them). A Receive gets the next recorded answer that held output, once the live requests
// that carried the run ids of that output have arrived; until then it waits for at most its
// OperationTimeout and answers the w:TimedOut fault, as Windows does. Recorded TimedOut
// faults are not replayed (they carried nothing). The WMI transport's enumerations are
// matched by class (enumeration.go). A request that does not fit the recording is answered
// with a SOAP fault that says why.
package replay

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// Server is an http.Handler for POST /wsman answering from a recording.
type Server struct {
	mu      sync.Mutex
	changed *sync.Cond
	shells  []*recShell           // recorded shells in creation order
	live    map[string]*liveShell // by live ShellId
	next    int                   // next recorded shell for a Create
	// enums are the recorded enumerations by resource URI (see enumeration.go);
	// nextEnum the next one each URI's Enumerate gets; liveEnums those under way.
	enums     map[string][]*recEnumeration
	nextEnum  map[string]int
	liveEnums map[string]*liveEnumeration
	seq       int
	// mismatches counts requests the recording could not answer; reasons says why (the
	// first few). Both change under mu: read them with Departures.
	mismatches int
	reasons    []string
}

type recShell struct {
	id       string
	create   recording.Exchange
	commands []*recCommand // in creation order
	deletes  []recording.Exchange
}

type recCommand struct {
	id       string
	command  recording.Exchange
	sends    []recording.Exchange
	receives []recReceive // answers that held output or Done, in order
}

type recReceive struct {
	ex recording.Exchange
	// runIDs are the run ids the answer's output carries: it is replayed once the live
	// requests that brought them (Sends, or the Command of a one-shot run) have arrived.
	runIDs []string
}

type liveShell struct {
	id       string
	rec      *recShell
	nextCmd  int
	commands map[string]*liveCommand
	closed   bool
}

type liveCommand struct {
	id       string
	rec      *recCommand
	sends    int
	receives int
	ids      map[string]string // recorded run id -> live run id
}

var (
	reAction    = regexp.MustCompile(`<[A-Za-z0-9]*:?Action\b[^>]*>([^<]*)</`)
	reMessageID = regexp.MustCompile(`<[A-Za-z0-9]*:?MessageID\b[^>]*>([^<]*)</`)
	reShellSel  = regexp.MustCompile(`Name="Shell[Ii][Dd]"[^>]*>([^<]+)<`)
	reCmdAttr   = regexp.MustCompile(`CommandId="([^"]+)"`)
	reCmdElem   = regexp.MustCompile(`<[A-Za-z0-9]*:?CommandId>([^<]+)</`)
	reStream    = regexp.MustCompile(`<([A-Za-z0-9]*:?)Stream\b([^>]*)>([A-Za-z0-9+/=\s]*)</[A-Za-z0-9]*:?Stream>`)
	reArgument  = regexp.MustCompile(`<[A-Za-z0-9]*:?Arguments>([^<]*)</`)
	reRunID     = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
	reTimeout   = regexp.MustCompile(`<[A-Za-z0-9]*:?OperationTimeout>PT([0-9.]+)S<`)
	reTimedOut  = regexp.MustCompile(`2150858793|w:TimedOut`)
	reRelatesTo = regexp.MustCompile(`(<[A-Za-z0-9]*:?RelatesTo\b[^>]*>)[^<]*(</)`)
)

func lastSegment(action string) string {
	action = strings.TrimSpace(action)
	return action[strings.LastIndex(action, "/")+1:]
}

// New builds a replay server from a recording. Exchanges of other hosts than the first are
// ignored (one endpoint is replayed).
func New(exchanges []recording.Exchange) (*Server, error) {
	s := &Server{live: map[string]*liveShell{}, enums: map[string][]*recEnumeration{},
		nextEnum: map[string]int{}, liveEnums: map[string]*liveEnumeration{}}
	s.changed = sync.NewCond(&s.mu)
	byShell := map[string]*recShell{}
	byContext := map[string]*recEnumeration{}
	byCommand := map[string]*recCommand{}
	host := ""
	for _, e := range exchanges {
		if host == "" {
			host = e.Host
		}
		if e.Host != host || e.Response == "" || s.addEnumeration(e, byContext) {
			continue
		}
		switch e.Action {
		case "Create":
			if e.Fault {
				continue
			}
			id := firstMatch(reShellSel, e.Response)
			if id == "" {
				continue
			}
			sh := &recShell{id: id, create: e}
			byShell[id] = sh
			s.shells = append(s.shells, sh)
		case "Command":
			sh := byShell[firstMatch(reShellSel, e.Request)]
			id := firstMatch(reCmdElem, e.Response)
			if sh == nil {
				continue
			}
			c := &recCommand{id: id, command: e}
			sh.commands = append(sh.commands, c)
			if id != "" {
				byCommand[id] = c
			}
		case "Send":
			if c := byCommand[firstMatch(reCmdAttr, e.Request)]; c != nil {
				c.sends = append(c.sends, e)
			}
		case "Receive":
			c := byCommand[firstMatch(reCmdAttr, e.Request)]
			if c == nil || (e.Fault && reTimedOut.MatchString(e.Response)) {
				continue
			}
			c.receives = append(c.receives, recReceive{ex: e, runIDs: runIDsIn(streamText(e.Response))})
		case "Delete":
			if sh := byShell[firstMatch(reShellSel, e.Request)]; sh != nil {
				sh.deletes = append(sh.deletes, e)
			}
		}
	}
	if len(s.shells) == 0 && len(s.enums) == 0 {
		return nil, fmt.Errorf("the recording holds no shell that was created and no enumeration (%d exchanges)", len(exchanges))
	}
	return s, nil
}

func firstMatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

func (s *Server) freshID() string {
	s.seq++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq)
}

// ServeHTTP answers one request. Any credentials are accepted: the recording holds none.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return
	}
	req := string(data)
	action := lastSegment(firstMatch(reAction, req))
	body, fault := s.answer(action, req)
	body = reRelatesTo.ReplaceAllString(body, "${1}"+firstMatch(reMessageID, req)+"${2}")
	w.Header().Set("Content-Type", "application/soap+xml;charset=UTF-8")
	if fault {
		w.WriteHeader(http.StatusInternalServerError)
	}
	_, _ = io.WriteString(w, body)
}

// answer returns the body to send and whether it is a fault.
func (s *Server) answer(action, req string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if body, fault, ok := s.answerEnumeration(action, req); ok {
		return body, fault
	}
	switch action {
	case "Create":
		if len(s.shells) == 0 {
			return s.mismatch("the recording holds no shell")
		}
		rec := s.shells[s.next%len(s.shells)]
		s.next++
		sh := &liveShell{id: s.freshID(), rec: rec, commands: map[string]*liveCommand{}}
		s.live[sh.id] = sh
		return strings.ReplaceAll(rec.create.Response, rec.id, sh.id), false
	}
	sh := s.live[firstMatch(reShellSel, req)]
	if sh == nil {
		return s.mismatch("no live shell with this ShellId")
	}
	if sh.closed {
		// As Windows answers a request for a deleted shell (a client's pending Receive
		// meets its own Delete).
		return shellNotFoundFault, true
	}
	switch action {
	case "Command":
		if sh.nextCmd >= len(sh.rec.commands) {
			return s.mismatch("the recorded shell started no further command")
		}
		rc := sh.rec.commands[sh.nextCmd]
		sh.nextCmd++
		c := &liveCommand{id: s.freshID(), rec: rc, ids: map[string]string{}}
		mapRunIDs(c.ids, commandText(rc.command.Request), commandText(req))
		sh.commands[c.id] = c
		resp := strings.ReplaceAll(rc.command.Response, sh.rec.id, sh.id)
		if rc.id != "" {
			resp = strings.ReplaceAll(resp, rc.id, c.id)
		}
		return resp, rc.command.Fault
	case "Send":
		c := sh.commands[firstMatch(reCmdAttr, req)]
		if c == nil {
			return s.mismatch("Send for a command this shell did not start")
		}
		if c.sends >= len(c.rec.sends) {
			return s.mismatch("the recorded command was sent nothing more")
		}
		rec := c.rec.sends[c.sends]
		got, want := streamText(req), streamText(rec.Request)
		if shape(got) != shape(want) {
			return s.mismatch(fmt.Sprintf("Send %d differs from the recording: got %q, recorded %q (request %q)", c.sends+1, clip(shape(got)), clip(shape(want)), clip(req[strings.Index(req, "Body"):])))
		}
		mapRunIDs(c.ids, want, got)
		c.sends++
		s.changed.Broadcast()
		return s.fix(rec.Response, sh, c), rec.Fault
	case "Receive":
		c := sh.commands[firstMatch(reCmdAttr, req)]
		if c == nil {
			return s.mismatch("Receive for a command this shell did not start")
		}
		deadline := time.Now().Add(operationTimeout(req))
		for {
			if c.receives < len(c.rec.receives) && c.knows(c.rec.receives[c.receives].runIDs) {
				rec := c.rec.receives[c.receives].ex
				c.receives++
				return s.fix(rec.Response, sh, c), rec.Fault
			}
			if sh.closed || !time.Now().Before(deadline) {
				return timedOutFault, true
			}
			s.waitUntil(deadline)
		}
	case "Signal":
		return signalResponse, false
	case "Delete":
		sh.closed = true
		s.changed.Broadcast()
		if len(sh.rec.deletes) > 0 {
			return sh.rec.deletes[0].Response, sh.rec.deletes[0].Fault
		}
		return deleteResponse, false
	}
	return s.mismatch("action " + action + " is not replayed")
}

// waitUntil waits on the condition at most until deadline (s.mu held).
func (s *Server) waitUntil(deadline time.Time) {
	t := time.AfterFunc(time.Until(deadline), func() {
		s.mu.Lock()
		s.changed.Broadcast()
		s.mu.Unlock()
	})
	s.changed.Wait()
	t.Stop()
}

func operationTimeout(req string) time.Duration {
	if v, err := strconv.ParseFloat(firstMatch(reTimeout, req), 64); err == nil && v > 0 {
		return time.Duration(v * float64(time.Second))
	}
	return 20 * time.Second
}

// Departures is how many requests so far the recording could not answer, and why (the
// first ten).
func (s *Server) Departures() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mismatches, slices.Clone(s.reasons)
}

// mismatch records a departure from the recording (s.mu held) and returns the fault that
// answers it.
func (s *Server) mismatch(why string) (string, bool) {
	s.mismatches++
	if len(s.reasons) < 10 {
		s.reasons = append(s.reasons, why)
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte("replay: "+why))
	return strings.ReplaceAll(mismatchFault, "WHY", b.String()), true
}

// fix puts the live ids into a recorded answer: shell, command and run ids, also inside the
// base64 of its streams and of the base64 tokens those carry.
func (s *Server) fix(resp string, sh *liveShell, c *liveCommand) string {
	resp = strings.ReplaceAll(resp, sh.rec.id, sh.id)
	if c.rec.id != "" {
		resp = strings.ReplaceAll(resp, c.rec.id, c.id)
	}
	if len(c.ids) == 0 {
		return resp
	}
	return reStream.ReplaceAllStringFunc(resp, func(m string) string {
		p := reStream.FindStringSubmatch(m)
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(p[3]), ""))
		if err != nil || len(raw) == 0 {
			return m
		}
		text := replaceIDs(string(raw), c.ids)
		return "<" + p[1] + "Stream" + p[2] + ">" + base64.StdEncoding.EncodeToString([]byte(text)) + "</" + p[1] + "Stream>"
	})
}

var reB64Token = regexp.MustCompile(`[A-Za-z0-9+/]{16,}={0,2}`)

// replaceIDs maps run ids in text, and in the base64 tokens of text that decode to text
// holding one.
func replaceIDs(text string, ids map[string]string) string {
	text = reB64Token.ReplaceAllStringFunc(text, func(tok string) string {
		raw, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			return tok
		}
		inner := string(raw)
		changed := inner
		for old, nu := range ids {
			changed = strings.ReplaceAll(changed, old, nu)
		}
		if changed == inner {
			return tok
		}
		return base64.StdEncoding.EncodeToString([]byte(changed))
	})
	for old, nu := range ids {
		text = strings.ReplaceAll(text, old, nu)
	}
	return text
}

// streamText is the decoded content of a request's streams.
func streamText(req string) string {
	var b bytes.Buffer
	for _, m := range reStream.FindAllStringSubmatch(req, -1) {
		raw, _ := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(m[3]), ""))
		b.Write(raw)
	}
	return b.String()
}

// commandText is a Command's arguments, with -EncodedCommand values decoded.
func commandText(req string) string {
	var parts []string
	for _, m := range reArgument.FindAllStringSubmatch(req, -1) {
		a := m[1]
		if raw, err := base64.StdEncoding.DecodeString(a); err == nil && len(raw)%2 == 0 && len(raw) > 0 {
			u := make([]uint16, len(raw)/2)
			for i := range u {
				u[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
			}
			a = string(utf16.Decode(u))
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// runIDsIn lists the run ids in text and in the base64 tokens it carries.
func runIDsIn(text string) []string {
	ids := reRunID.FindAllString(text, -1)
	for _, tok := range reB64Token.FindAllString(text, -1) {
		if raw, err := base64.StdEncoding.DecodeString(tok); err == nil {
			ids = append(ids, reRunID.FindAllString(string(raw), -1)...)
		}
	}
	return ids
}

// knows reports whether every recorded run id has its live counterpart.
func (c *liveCommand) knows(ids []string) bool {
	for _, id := range ids {
		if _, ok := c.ids[id]; !ok {
			return false
		}
	}
	return true
}

// shape is text with its run ids set aside.
func shape(text string) string { return reRunID.ReplaceAllString(text, "<run-id>") }

func mapRunIDs(ids map[string]string, recorded, live string) {
	r, l := reRunID.FindAllString(recorded, -1), reRunID.FindAllString(live, -1)
	for i := 0; i < len(r) && i < len(l); i++ {
		ids[r[i]] = l[i]
	}
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

const (
	envOpen            = `<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header><a:Action>`
	timedOutFault      = envOpen + `http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858793" Machine="replay"><f:Message>The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
	mismatchFault      = envOpen + `http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">WHY</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858810" Machine="replay"><f:Message>WHY</f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
	shellNotFoundFault = envOpen + `http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidSelectors</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot process the request because the request contained invalid selectors for the resource. </s:Text></s:Reason><s:Detail><w:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors</w:FaultDetail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858843" Machine="replay"><f:Message>The request for the Windows Remote Shell failed because the shell was not found on the server. </f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
	signalResponse     = envOpen + `http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body><rsp:SignalResponse/></s:Body></s:Envelope>`
	deleteResponse     = envOpen + `http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body></s:Body></s:Envelope>`
)
