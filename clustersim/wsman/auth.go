package wsman

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/encbody"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/ntlmauth"
)

// authResult is who sent a request and how.
type authResult struct {
	user string
	// ntlm is true when the connection authenticated with NTLM (Negotiate).
	ntlm bool
	// handshakeDone is true when this very request completed an NTLM handshake.
	handshakeDone bool
	// finalToken is a WWW-Authenticate value for the answer (SPNEGO's last token), or "".
	finalToken string
	logon      Logon
}

// authenticate checks the request's credentials. It answers 401 itself and returns
// ok=false when they are missing, wrong or refused.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, cs *connState) (authResult, bool) {
	if s.faults.takeAuthRefusal() {
		s.stats.AuthFailures.Add(1)
		cs.reset()
		s.unauthorized(w)
		return authResult{}, false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	switch strings.ToLower(scheme) {
	case "basic":
		user, ok := s.authenticateBasic(w, r, token)
		return authResult{user: user, logon: Logon{Method: "Basic"}}, ok
	case "negotiate", "ntlm":
		if strings.EqualFold(scheme, "negotiate") && s.cfg.Kerberos != nil && s.cfg.offers(AuthNegotiate) {
			// SPNEGO led by Kerberos goes to Kerberos even when it also lists NTLM: Windows
			// takes the optimistic Kerberos token.
			if raw, err := base64.StdEncoding.DecodeString(token); err == nil && kerbauth.IsKerberos(raw) {
				return s.authenticateKerberos(w, r, cs, "Negotiate", raw)
			}
		}
		return s.authenticateNTLM(w, r, cs, scheme, token)
	case "kerberos":
		if !s.cfg.offers(AuthKerberos) || s.cfg.Kerberos == nil || !kerbauth.AcceptKerberosScheme {
			s.stats.AuthFailures.Add(1)
			s.unauthorized(w)
			return authResult{}, false
		}
		raw, err := base64.StdEncoding.DecodeString(token)
		if err != nil {
			s.stats.AuthFailures.Add(1)
			cs.reset()
			s.unauthorized(w)
			return authResult{}, false
		}
		return s.authenticateKerberos(w, r, cs, "Kerberos", raw)
	case "":
		cs.mu.Lock()
		user, logon := cs.user, cs.logon
		cs.mu.Unlock()
		if user != "" && (s.cfg.offers(AuthNegotiate) || s.cfg.offers(AuthKerberos)) {
			return authResult{user: user, ntlm: true, logon: logon}, true // NTLM authenticates the connection
		}
		s.unauthorized(w)
		return authResult{}, false
	default:
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return authResult{}, false
	}
}

func (s *Server) authenticateBasic(w http.ResponseWriter, r *http.Request, token string) (string, bool) {
	// Windows refuses Basic over HTTP when AllowUnencrypted is false, with a plain 401
	// (Ansible windows_setup, "HTTP 401/Credentials Rejected").
	if !s.cfg.offers(AuthBasic) || (r.TLS == nil && !s.cfg.AllowUnencrypted) {
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
	}
	user, password, found := strings.Cut(string(raw), ":")
	want, known := lookupPassword(s.cfg.Users, user)
	if !found || !known || subtle.ConstantTimeCompare([]byte(password), []byte(want)) != 1 {
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
	}
	return user, true
}

func (s *Server) authenticateNTLM(w http.ResponseWriter, r *http.Request, cs *connState, scheme, token string) (authResult, bool) {
	if !s.cfg.offers(AuthNegotiate) {
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return authResult{}, false
	}
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		s.stats.AuthFailures.Add(1)
		cs.reset()
		s.unauthorized(w)
		return authResult{}, false
	}
	cs.mu.Lock()
	cs.user = "" // a new handshake on this connection replaces the old identity
	cs.krb, cs.krbProtocol = nil, ""
	reply, user, done, err := s.ntlm.Step(cs.ntlm, raw)
	if errors.Is(err, ntlmauth.ErrNoNTLM) && s.cfg.Kerberos != nil && strings.EqualFold(scheme, "negotiate") {
		// Not NTLM: the Kerberos acceptor has the last word.
		cs.ntlm.Reset()
		cs.mu.Unlock()
		return s.authenticateKerberos(w, r, cs, "Negotiate", raw)
	}
	if err != nil {
		cs.ntlm.Reset()
		cs.mu.Unlock()
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return authResult{}, false
	}
	if done {
		cs.user = user
		cs.logon = Logon{Method: "NTLM"}
	}
	cs.mu.Unlock()
	if !done {
		w.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(reply))
		w.Header().Set("Server", serverHeader)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusUnauthorized)
		return authResult{}, false
	}
	res := authResult{user: user, ntlm: true, handshakeDone: true, logon: Logon{Method: "NTLM"}}
	if len(reply) > 0 {
		res.finalToken = scheme + " " + base64.StdEncoding.EncodeToString(reply)
	}
	return res, true
}

// authenticateKerberos verifies a Kerberos token (package kerbauth). The principal must be an
// account of Users. The reply token (accept-completed, with the AP-REP when the client asked
// for mutual authentication) goes back in WWW-Authenticate with the 200.
func (s *Server) authenticateKerberos(w http.ResponseWriter, r *http.Request, cs *connState, scheme string, raw []byte) (authResult, bool) {
	res, err := s.cfg.Kerberos.Accept(raw, r.RemoteAddr)
	if err != nil {
		s.stats.AuthFailures.Add(1)
		cs.reset()
		var refusal *kerbauth.Refusal
		if errors.As(err, &refusal) && len(refusal.Reply) > 0 {
			// The error token (KRB_AP_ERR_SKEW) tells the client why.
			w.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(refusal.Reply))
			w.Header().Set("Server", serverHeader)
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusUnauthorized)
			return authResult{}, false
		}
		s.unauthorized(w)
		return authResult{}, false
	}
	if _, known := lookupPassword(s.cfg.Users, res.User); !known {
		s.stats.AuthFailures.Add(1)
		cs.reset()
		if kerberosUnknownAccountStatus == http.StatusUnauthorized {
			s.unauthorized(w)
		} else {
			w.Header().Set("Server", serverHeader)
			w.WriteHeader(kerberosUnknownAccountStatus)
		}
		return authResult{}, false
	}
	cs.mu.Lock()
	cs.ntlm.Reset()
	cs.user = ""
	logon := Logon{Method: "Kerberos", Delegable: res.Delegated}
	if kerberosAuthenticatesConnection {
		cs.user = res.User
		cs.logon = logon
	}
	// The context's message security serves the connection's encrypted bodies from now on
	// (MS-WSMV 2.2.9.1.2), with the protocol string of the scheme that carried the AP-REQ.
	cs.krb, cs.krbProtocol = res.Session, encbody.ProtocolSPNEGO
	if scheme == "Kerberos" {
		cs.krbProtocol = encbody.ProtocolKerberos
	}
	cs.mu.Unlock()
	// handshakeDone: an empty POST carrying the AP-REQ is answered 200, as for NTLM (pywinrm
	// authenticates that way before its first sealed message).
	out := authResult{user: res.User, logon: logon, handshakeDone: true}
	if len(res.Reply) > 0 {
		out.finalToken = scheme + " " + base64.StdEncoding.EncodeToString(res.Reply)
	}
	return out, true
}

// unauthorized answers 401 with an empty body and the WWW-Authenticate headers Windows
// sends, each in its own header line.
func (s *Server) unauthorized(w http.ResponseWriter) {
	h := w.Header()
	for _, v := range offeredAuthHeaders(s.cfg.offers(AuthBasic), s.cfg.offers(AuthNegotiate), s.cfg.offers(AuthKerberos) && s.cfg.Kerberos != nil) {
		h.Add("WWW-Authenticate", v)
	}
	h.Set("Server", serverHeader)
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusUnauthorized)
}

// lookupPassword finds an account's password; names match as Windows account names do.
func lookupPassword(users map[string]string, user string) (string, bool) {
	key := normalizeUser(user)
	for name, pw := range users {
		if normalizeUser(name) == key {
			return pw, true
		}
	}
	return "", false
}
