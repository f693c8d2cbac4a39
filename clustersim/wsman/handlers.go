package wsman

import (
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// dispatch runs one authenticated, parsed request and returns the response envelope or a
// fault.
func (s *Server) dispatch(r *http.Request, req *request, user string) ([]byte, *Fault) {
	if isWMIRequest(req) {
		return s.dispatchWMI(r, req, user)
	}
	if _, ok := shortActions[req.Action]; !ok {
		return nil, faultActionNotSupported(req.Action)
	}
	if req.ResourceURI != ResourceURICmd {
		return nil, faultResourceURINotFound(req.ResourceURI)
	}
	if req.Action == ActionCreate {
		return s.create(r, req, user)
	}
	id, ok := req.selector("ShellId")
	if !ok || id == "" {
		return nil, faultInsufficientSelectors()
	}
	sh := s.shells.get(id)
	if sh == nil || !sh.begin() {
		return nil, faultShellNotFound(id)
	}
	defer sh.end(sh.idle)
	switch req.Action {
	case ActionCommand:
		return s.command(req, sh, user)
	case ActionSend:
		return s.send(req, sh)
	case ActionReceive:
		return s.receive(r.Context(), req, sh)
	case ActionSignal:
		return s.signal(req, sh)
	default: // ActionDelete
		return s.deleteShell(req, sh)
	}
}

func (s *Server) respond(req *request, body string) []byte {
	return renderResponse(responseActions[req.Action], req.MessageID, body)
}

// create opens a shell (WS-Transfer Create). The answer carries x:ResourceCreated with the
// ShellId selector and the rsp:Shell description, as Windows sends both.
func (s *Server) create(r *http.Request, req *request, user string) ([]byte, *Fault) {
	if s.faults.shellQuotaFilled() {
		return nil, faultMaxShells(s.cfg.MaxShellsPerUser)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	sh := &shell{
		id:       newUUID(),
		owner:    user,
		ownerKey: normalizeUser(user),
		clientIP: clientIP(r),
		created:  time.Now(),
		codepage: 437,
		ctx:      ctx,
		cancel:   cancel,
		commands: map[string]*command{},
		env:      map[string]string{},
	}
	// The shell's processes run under the logon of its Create (UNCONFIRMED: whether
	// Windows takes the Create's logon or each Command's; a client uses one method).
	sh.logon, _ = r.Context().Value(logonKey{}).(Logon)
	if v, ok := req.option("WINRS_NOPROFILE"); ok {
		sh.noProfile = isTrue(v)
	}
	if v, ok := req.option("WINRS_CODEPAGE"); ok {
		if n, err := strconv.Atoi(v); err == nil {
			sh.codepage = n
		}
	}
	inputStreams, outputStreams := "stdin", "stdout stderr"
	sh.idle = s.cfg.IdleTimeout
	if b := req.Shell; b != nil {
		sh.workDir = strings.TrimSpace(b.WorkingDirectory)
		if b.Environment != nil {
			for _, v := range b.Environment.Variables {
				if _, seen := sh.env[v.Name]; !seen {
					sh.envOrder = append(sh.envOrder, v.Name)
				}
				sh.env[v.Name] = v.Value
			}
		}
		// A requested IdleTimeOut is the shell's own and is echoed in Windows' spelling
		// (PT60S answered as PT60.000S: pypsrp test_winrs_extra_opts.yml).
		if d, err := parseDuration(strings.TrimSpace(b.IdleTimeOut)); err == nil && d > 0 {
			sh.idle = acceptedIdleTimeout(d)
		}
		if f := strings.Fields(b.InputStreams); len(f) > 0 {
			inputStreams = strings.Join(f, " ")
		}
		if f := strings.Fields(b.OutputStreams); len(f) > 0 {
			outputStreams = strings.Join(f, " ")
		}
	}
	sh.lastActivity = sh.created
	if !s.shells.add(sh, s.cfg.MaxShellsPerUser) {
		cancel()
		return nil, faultMaxShells(s.cfg.MaxShellsPerUser)
	}
	sh.mu.Lock()
	sh.idleTimer = time.AfterFunc(sh.idle, func() { s.reap(sh) })
	sh.mu.Unlock()
	s.stats.ShellsCreated.Add(1)
	s.stats.ShellsOpen.Add(1)

	address := req.To
	if address == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		address = scheme + "://" + r.Host + "/wsman"
	}
	var b strings.Builder
	b.WriteString(`<x:ResourceCreated><a:Address>` + esc(address) + `</a:Address><a:ReferenceParameters>`)
	b.WriteString(`<w:ResourceURI>` + ResourceURICmd + `</w:ResourceURI><w:SelectorSet><w:Selector Name="ShellId">`)
	b.WriteString(sh.id)
	b.WriteString(`</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>`)
	b.WriteString(`<rsp:Shell xmlns:rsp="` + nsShell + `"><rsp:ShellId>` + sh.id + `</rsp:ShellId>`)
	b.WriteString(`<rsp:ResourceUri>` + ResourceURICmd + `</rsp:ResourceUri>`)
	b.WriteString(`<rsp:Owner>` + esc(user) + `</rsp:Owner><rsp:ClientIP>` + esc(sh.clientIP) + `</rsp:ClientIP>`)
	writeShellEcho(&b, sh)
	b.WriteString(`<rsp:IdleTimeOut>` + formatDuration(sh.idle) + `</rsp:IdleTimeOut>`)
	b.WriteString(`<rsp:InputStreams>` + esc(inputStreams) + `</rsp:InputStreams>`)
	b.WriteString(`<rsp:OutputStreams>` + esc(outputStreams) + `</rsp:OutputStreams>`)
	b.WriteString(`<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity></rsp:Shell>`)
	return s.respond(req, b.String()), nil
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// reap deletes a shell whose IdleTimeout expired with no request in flight.
func (s *Server) reap(sh *shell) {
	if !sh.reapIfIdle() {
		return
	}
	if s.shells.remove(sh.id) != nil {
		s.stats.ShellsOpen.Add(-1)
	}
	sh.close()
}

// command starts a command in the shell and answers its CommandId at once; the command
// runs in its own goroutine.
func (s *Server) command(req *request, sh *shell, user string) ([]byte, *Fault) {
	cl := req.CommandLine
	if cl == nil {
		return nil, faultMissingBody()
	}
	if s.shells.countOperations(sh.ownerKey) >= s.cfg.MaxConcurrentOperationsPerUser {
		return nil, faultMaxOperations()
	}
	id := strings.TrimSpace(cl.CommandID)
	if id == "" {
		id = newUUID()
	}
	cmd := Command{
		ShellID:          sh.id,
		CommandID:        id,
		User:             user,
		Logon:            sh.logon,
		Command:          strings.TrimSpace(cl.Command),
		Arguments:        append([]string(nil), cl.Arguments...),
		Codepage:         sh.codepage,
		NoProfile:        sh.noProfile,
		WorkingDirectory: sh.workDir,
		Environment:      map[string]string{},
	}
	for k, v := range sh.env {
		cmd.Environment[k] = v
	}
	if v, ok := req.option("WINRS_SKIP_CMD_SHELL"); ok {
		cmd.SkipCmdShell = isTrue(v)
	}
	// WINRS_CONSOLEMODE_STDIN: TRUE is console mode, FALSE pipe mode (MS-WSMV 3.1.4.11).
	// Absent, it is taken as TRUE (consoleModeByDefault, unconfirmed.go).
	cmd.ConsoleModeStdin = consoleModeByDefault
	if v, ok := req.option("WINRS_CONSOLEMODE_STDIN"); ok {
		cmd.ConsoleModeStdin = isTrue(v)
	}
	if sc, ok := s.cfg.Executor.(StartChecker); ok {
		if e := sc.CheckStart(cmd); e != nil {
			return nil, faultStart(e)
		}
	}
	s.noteStarted(cmd)
	c := newCommand(sh.ctx, id)
	sh.addCommand(c)
	s.stats.Commands.Add(1)
	go c.run(s.cfg.Executor, cmd)
	return s.respond(req, `<rsp:CommandResponse><rsp:CommandId>`+esc(id)+`</rsp:CommandId></rsp:CommandResponse>`), nil
}

// send feeds stdin. End="true" closes it.
func (s *Server) send(req *request, sh *shell) ([]byte, *Fault) {
	if req.Send == nil {
		return nil, faultMissingBody()
	}
	type chunk struct {
		c    *command
		data []byte
		end  bool
	}
	var chunks []chunk
	// Validate every stream before feeding any, so a bad request changes nothing.
	for _, st := range req.Send.Streams {
		if st.Name != "stdin" {
			return nil, faultInvalidInput("stream " + st.Name)
		}
		c := sh.command(st.CommandID)
		if c == nil {
			return nil, faultCommandNotFound()
		}
		data, err := decodeStreamData(st.Data)
		if err != nil {
			return nil, faultInvalidInput("the content is not base64")
		}
		chunks = append(chunks, chunk{c: c, data: data, end: isTrue(st.End)})
	}
	for _, ch := range chunks {
		ch.c.stdin.write(ch.data)
		if ch.end {
			ch.c.stdin.closeWithError(io.EOF)
		}
	}
	return s.respond(req, `<rsp:SendResponse/>`), nil
}

// signal delivers terminate / ctrl_c / ctrl_break: the command's context is cancelled.
func (s *Server) signal(req *request, sh *shell) ([]byte, *Fault) {
	sig := req.Signal
	if sig == nil {
		return nil, faultMissingBody()
	}
	code := strings.TrimSpace(sig.Code)
	switch code {
	case SignalTerminate, SignalCtrlC, SignalCtrlBreak:
	default:
		return nil, faultUnknownSignal(code)
	}
	c := sh.command(sig.CommandID)
	if c == nil {
		return nil, faultCommandNotFound()
	}
	c.signal()
	return s.respond(req, `<rsp:SignalResponse/>`), nil
}

// deleteShell deletes the shell and cancels its commands.
func (s *Server) deleteShell(req *request, sh *shell) ([]byte, *Fault) {
	if s.shells.remove(sh.id) == nil {
		return nil, faultShellNotFound(sh.id)
	}
	s.stats.ShellsOpen.Add(-1)
	sh.close()
	return s.respond(req, ""), nil
}

// operationTimeout is the request's OperationTimeout capped by MaxTimeoutms.
func (s *Server) operationTimeout(req *request) time.Duration {
	d := req.OperationTimeout
	if d <= 0 || (capOperationTimeout && d > s.cfg.MaxTimeout) {
		d = s.cfg.MaxTimeout
	}
	return d
}

// receive is the long poll: it answers as soon as the command has output or has exited, and
// with the w:TimedOut fault when neither happens within the OperationTimeout.
func (s *Server) receive(ctx context.Context, req *request, sh *shell) ([]byte, *Fault) {
	rc := req.Receive
	if rc == nil || rc.DesiredStream == nil {
		return nil, faultMissingBody()
	}
	if strings.TrimSpace(rc.DesiredStream.CommandID) == "" {
		return nil, faultReceiveWithoutCommandID()
	}
	c := sh.command(rc.DesiredStream.CommandID)
	if c == nil {
		return nil, faultCommandNotFound()
	}
	wantOut, wantErr := false, false
	for _, name := range strings.Fields(rc.DesiredStream.Streams) {
		switch name {
		case "stdout":
			wantOut = true
		case "stderr":
			wantErr = true
		}
	}
	if !wantOut && !wantErr { // an empty DesiredStream means the shell's output streams
		wantOut, wantErr = true, true
	}
	timer := time.NewTimer(s.operationTimeout(req))
	defer timer.Stop()
	for {
		c.mu.Lock()
		ready := (wantOut && len(c.stdout) > 0) || (wantErr && len(c.stderr) > 0) ||
			(c.done && (!c.doneDelivered || repeatDoneAfterDelivery))
		if ready {
			body := s.takeOutputLocked(c, req, wantOut, wantErr)
			c.mu.Unlock()
			return s.respond(req, body), nil
		}
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return nil, faultTimedOut()
		case <-ctx.Done():
			return nil, faultTimedOut() // nobody reads it; ServeHTTP drops it
		case <-s.ctx.Done():
			return nil, faultShellNotFound(sh.id)
		}
	}
}

// takeOutputLocked moves as much undelivered output as fits under the request's
// MaxEnvelopeSize into a ReceiveResponse body. c.mu is held.
func (s *Server) takeOutputLocked(c *command, req *request, wantOut, wantErr bool) string {
	limit := s.maxEnvelope()
	if req.MaxEnvelopeSize > 0 && req.MaxEnvelopeSize < limit {
		limit = req.MaxEnvelopeSize
	}
	budget := (limit - receiveOverheadBytes) / 4 * 3 // raw bytes that fit once base64-encoded
	if budget < 1024 {
		budget = 1024
	}
	var b strings.Builder
	b.WriteString(`<rsp:ReceiveResponse>`)
	take := func(name string, buf *[]byte) {
		n := min(len(*buf), budget)
		if n == 0 {
			return
		}
		b.WriteString(`<rsp:Stream Name="` + name + `" CommandId="` + esc(c.id) + `">`)
		b.WriteString(base64.StdEncoding.EncodeToString((*buf)[:n]))
		b.WriteString(`</rsp:Stream>`)
		*buf = (*buf)[n:]
		budget -= n
	}
	if wantOut {
		take("stdout", &c.stdout)
	}
	if wantErr {
		take("stderr", &c.stderr)
	}
	drained := (!wantOut || len(c.stdout) == 0) && (!wantErr || len(c.stderr) == 0)
	if c.done && drained {
		if wantOut {
			b.WriteString(`<rsp:Stream Name="stdout" CommandId="` + esc(c.id) + `" End="true"></rsp:Stream>`)
		}
		if wantErr {
			b.WriteString(`<rsp:Stream Name="stderr" CommandId="` + esc(c.id) + `" End="true"></rsp:Stream>`)
		}
		b.WriteString(`<rsp:CommandState CommandId="` + esc(c.id) + `" State="` + stateDone + `"><rsp:ExitCode>`)
		b.WriteString(strconv.Itoa(c.exitCode))
		b.WriteString(`</rsp:ExitCode></rsp:CommandState>`)
		c.doneDelivered = true
	} else {
		b.WriteString(`<rsp:CommandState CommandId="` + esc(c.id) + `" State="` + stateRunning + `"></rsp:CommandState>`)
	}
	b.WriteString(`</rsp:ReceiveResponse>`)
	c.notifyLocked() // output was drained: wake blocked writers
	return b.String()
}

// writeShellEcho writes what the CreateResponse repeats of the request between ClientIP and
// IdleTimeOut: rsp:Environment with the variables as sent (pypsrp test_winrs_environment.yml)
// and rsp:WorkingDirectory (test_winrs_extra_opts.yml). Their order when both are sent is
// echoOrderEnvironmentFirst (unconfirmed.go).
func writeShellEcho(b *strings.Builder, sh *shell) {
	env := func() {
		if len(sh.envOrder) == 0 {
			return
		}
		b.WriteString(`<rsp:Environment>`)
		for _, name := range sh.envOrder {
			b.WriteString(`<rsp:Variable Name="` + esc(name) + `">` + esc(sh.env[name]) + `</rsp:Variable>`)
		}
		b.WriteString(`</rsp:Environment>`)
	}
	dir := func() {
		if sh.workDir != "" {
			b.WriteString(`<rsp:WorkingDirectory>` + esc(sh.workDir) + `</rsp:WorkingDirectory>`)
		}
	}
	if echoOrderEnvironmentFirst {
		env()
		dir()
	} else {
		dir()
		env()
	}
}
