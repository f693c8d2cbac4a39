package wsman

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/encbody"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/ntlmauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
)

// Server is the WS-Management endpoint of one simulated Windows machine. It is an
// http.Handler for POST /wsman.
type Server struct {
	cfg     Config
	stats   *simstats.Counters
	faults  *Faults
	shells  *shellTable
	ntlm    *ntlmauth.Server
	latency atomic.Int64 // time.Duration
	started startedLog

	ctx       context.Context // cancelled by Close: every command stops
	cancel    context.CancelFunc
	closeOnce sync.Once

	// conns holds per-connection auth state for servers that were not given ConnContext
	// (keyed by the remote address, which is unique per TCP connection).
	conns sync.Map

	// tlsLeaf is the certificate served over HTTPS: NTLM channel bindings are checked
	// against it (Windows' CbtHardeningLevel Relaxed: no binding is accepted, a wrong one
	// refused).
	tlsLeaf atomic.Pointer[x509.Certificate]

	// wmiEnums holds the open WMI enumerations (wmi_enumerate.go), made on first use.
	wmiOnce  sync.Once
	wmiEnums *wmiEnumerations
}

// SetTLSCertificate tells the server which certificate its HTTPS listener presents, so that
// NTLM channel bindings (RFC 5929 tls-server-end-point) sent by clients can be verified.
// Listen and Serve call it; whoever serves the Server on TLS by other means should too.
func (s *Server) SetTLSCertificate(cert *x509.Certificate) { s.tlsLeaf.Store(cert) }

// NewServer makes an endpoint from cfg.
func NewServer(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:    cfg,
		stats:  cfg.Counters,
		faults: &Faults{},
		shells: newShellTable(),
		ctx:    ctx,
		cancel: cancel,
	}
	s.latency.Store(int64(cfg.Latency))
	s.ntlm = cfg.NTLM
	if s.ntlm == nil {
		users := cfg.Users
		netbios := strings.ToUpper(cfg.MachineName)
		s.ntlm = &ntlmauth.Server{
			Domain:     netbios,
			ServerName: netbios,
			Lookup: func(user, _ string) (string, bool) {
				return lookupPassword(users, user)
			},
		}
	}
	return s, nil
}

// Counters returns the endpoint's counters.
func (s *Server) Counters() *simstats.Counters { return s.stats }

// Faults returns the fault injector of the endpoint.
func (s *Server) Faults() *Faults { return s.faults }

// SetLatency changes the per-request delay of the latency model at run time.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// OpenShells returns the number of shells currently open.
func (s *Server) OpenShells() int {
	s.shells.mu.Lock()
	defer s.shells.mu.Unlock()
	return len(s.shells.shells)
}

// CloseAllShells forgets every shell and stops their commands, as a restart of the WinRM
// service does. Later requests naming them get the shell-not-found fault.
func (s *Server) CloseAllShells() {
	for _, sh := range s.shells.removeAll() {
		sh.close()
		s.stats.ShellsOpen.Add(-1)
	}
}

// Close stops every command and forgets every shell. It does not close listeners
// (Endpoint.Close does).
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.CloseAllShells()
		s.cancel()
	})
	return nil
}

// connState is the authentication state of one TCP connection.
type connState struct {
	mu   sync.Mutex
	ntlm *ntlmauth.ConnState
	user string // set once an NTLM handshake completed on this connection
	// logon is how user logged on to this connection.
	logon Logon
	// tlsBound is set once the connection's TLS certificate was handed to ntlm.
	tlsBound bool
	// krb is the message security of the Kerberos context last established on this
	// connection (nil when NTLM, or nothing, authenticated it), and krbProtocol the
	// multipart/encrypted protocol string of the scheme that carried it.
	krb         *kerbauth.Session
	krbProtocol string
}

func (cs *connState) reset() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.user = ""
	cs.ntlm.Reset()
	cs.krb, cs.krbProtocol = nil, ""
}

type connKey struct{}

// logonKey carries the request's Logon in its context, for create.
type logonKey struct{}

// ConnContext gives every TCP connection its own NTLM state. Set it as
// http.Server.ConnContext (Listen does); without it the state is keyed by remote address.
func (s *Server) ConnContext(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, &connState{ntlm: ntlmauth.NewConnState()})
}

func (s *Server) connStateFor(r *http.Request) *connState {
	cs, ok := r.Context().Value(connKey{}).(*connState)
	if !ok {
		v, _ := s.conns.LoadOrStore(r.RemoteAddr, &connState{ntlm: ntlmauth.NewConnState()})
		if cs, ok = v.(*connState); !ok {
			panic(fmt.Sprintf("wsman: conns holds %T, want *connState", v))
		}
	}
	if r.TLS != nil {
		cs.mu.Lock()
		if !cs.tlsBound {
			if leaf := s.tlsLeaf.Load(); leaf != nil {
				cs.ntlm.SetTLSServerCertificate(leaf)
			}
			cs.tlsBound = true
		}
		cs.mu.Unlock()
	}
	return cs
}

// maxEnvelope is the server's MaxEnvelopeSizekb in bytes.
func (s *Server) maxEnvelope() int { return s.cfg.MaxEnvelopeSizeKB * 1024 }

// ServeHTTP answers POST /wsman.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/wsman" {
		http.NotFound(w, r)
		return
	}
	s.stats.HTTPRequests.Add(1)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		w.Header().Set("Server", serverHeader)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if !s.sleep(r.Context(), time.Duration(s.latency.Load())+s.faults.takeDelay()) {
		// The client went away or the service is stopping: the connection ends without an
		// answer, as when the WinRM service stops. Returning would send an empty 200.
		panic(http.ErrAbortHandler)
	}
	cs := s.connStateFor(r)
	auth, ok := s.authenticate(w, r, cs)
	if !ok {
		s.stats.CountAction("unauthenticated")
		return
	}
	user := auth.user
	if auth.finalToken != "" {
		// SPNEGO: the accept-completed token goes back with the answer.
		w.Header().Set("WWW-Authenticate", auth.finalToken)
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, int64(s.maxEnvelope())+1))
	s.stats.BytesIn.Add(int64(len(body)))
	if err != nil {
		s.stats.CountAction("unknown")
		return
	}
	if len(body) > s.maxEnvelope() {
		s.stats.CountAction("unknown")
		w.Header().Set("Server", serverHeader)
		w.WriteHeader(oversizedRequestStatus)
		return
	}
	if len(body) == 0 && auth.handshakeDone && answerEmptyPostAfterNTLM {
		s.stats.CountAction("unknown")
		w.Header().Set("Server", serverHeader)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	}

	sealed := encbody.IsEncrypted(r.Header.Get("Content-Type"))
	if sealed {
		body, err = s.unseal(cs, r.Header.Get("Content-Type"), body)
		if err != nil {
			s.stats.AuthFailures.Add(1)
			s.stats.CountAction("unauthenticated")
			cs.reset()
			s.unauthorized(w)
			return
		}
	} else if r.TLS == nil && !s.cfg.AllowUnencrypted && refuseUnencryptedNTLM {
		// Basic over plain HTTP was already refused in authenticate; this is NTLM or
		// Kerberos without message encryption.
		s.stats.AuthFailures.Add(1)
		s.stats.CountAction("unauthenticated")
		s.unauthorized(w)
		return
	}

	req, err := parseRequest(body)
	if err != nil {
		s.stats.CountAction("unknown")
		s.writeFault(w, cs, sealed, faultMalformedXML(), "")
		return
	}
	short, known := shortActions[req.Action]
	if !known {
		short = "unknown"
	}
	injectAs := req.Action
	if isWMIRequest(req) {
		short = wmiShortAction(req)
		injectAs = short // fault rules name WMI operations by these short names
	}
	s.stats.CountAction(short)

	if s.faults.takeDrop(injectAs) {
		dropConnection(w)
		return
	}
	if f := s.faults.takeFail(injectAs); f != nil {
		s.writeFault(w, cs, sealed, f, req.MessageID)
		return
	}

	resp, fault := s.dispatch(r.WithContext(context.WithValue(r.Context(), logonKey{}, auth.logon)), req, user)
	if r.Context().Err() != nil {
		return // the client went away during a long poll
	}
	if fault != nil {
		s.writeFault(w, cs, sealed, fault, req.MessageID)
		return
	}
	s.write(w, cs, sealed, http.StatusOK, resp)
}

// serverHeader is what http.sys sends for the WinRM service (captures in domain.md sources).
const serverHeader = "Microsoft-HTTPAPI/2.0"

func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}

func (s *Server) writeFault(w http.ResponseWriter, cs *connState, sealed bool, f *Fault, relatesTo string) {
	s.write(w, cs, sealed, f.status(), renderFault(f, relatesTo, s.cfg.MachineName))
}

func (s *Server) write(w http.ResponseWriter, cs *connState, sealed bool, status int, envelope []byte) {
	contentType, body := soapContentType, envelope
	if sealed {
		ct, b, err := s.seal(cs, envelope)
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		contentType, body = ct, b
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Server", serverHeader)
	w.WriteHeader(status)
	n, _ := w.Write(body)
	s.stats.BytesOut.Add(int64(n))
}

// unseal opens an encrypted request body with the security context of the connection: the
// Kerberos context when Kerberos authenticated it last, else NTLM's (Config.SessionSecurity).
func (s *Server) unseal(cs *connState, contentType string, body []byte) ([]byte, error) {
	cs.mu.Lock()
	krb, protocol := cs.krb, cs.krbProtocol
	cs.mu.Unlock()
	if krb == nil {
		return s.security().Unseal(cs.ntlm, contentType, body)
	}
	if p, err := encbody.Protocol(contentType); err != nil || !kerberosProtocolAccepted(p, protocol) {
		return nil, fmt.Errorf("wsman: encrypted body of protocol %q on a connection authenticated for %q", p, protocol)
	}
	return encbody.Open(contentType, body, krb.Unseal)
}

// seal encrypts an answer with the connection's security context, as unseal chose it.
func (s *Server) seal(cs *connState, envelope []byte) (string, []byte, error) {
	cs.mu.Lock()
	krb, protocol := cs.krb, cs.krbProtocol
	cs.mu.Unlock()
	if krb == nil {
		return s.security().Seal(cs.ntlm, envelope)
	}
	header, sealed, err := krb.Seal(envelope)
	if err != nil {
		return "", nil, err
	}
	ct, body := encbody.Frame(protocol, len(envelope), header, sealed)
	return ct, body, nil
}

// security is the configured session security, or NTLM sealing from package ntlmauth.
func (s *Server) security() SessionSecurity {
	if s.cfg.SessionSecurity != nil {
		return s.cfg.SessionSecurity
	}
	return NTLMSessionSecurity{}
}

// NTLMSessionSecurity seals and unseals bodies with the NTLM session of the connection
// (ntlmauth.DecryptBody and EncryptBody). It is the default SessionSecurity.
type NTLMSessionSecurity struct{}

// Unseal implements SessionSecurity.
func (NTLMSessionSecurity) Unseal(cs *ntlmauth.ConnState, contentType string, body []byte) ([]byte, error) {
	return ntlmauth.DecryptBody(cs, contentType, body)
}

// Seal implements SessionSecurity.
func (NTLMSessionSecurity) Seal(cs *ntlmauth.ConnState, envelope []byte) (string, []byte, error) {
	return ntlmauth.EncryptBody(cs, envelope)
}

// dropConnection closes the TCP connection without answering.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
