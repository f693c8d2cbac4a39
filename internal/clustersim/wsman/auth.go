package wsman

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
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
		return authResult{user: user}, ok
	case "negotiate", "ntlm":
		return s.authenticateNTLM(w, cs, scheme, token)
	case "":
		cs.mu.Lock()
		user := cs.user
		cs.mu.Unlock()
		if user != "" && s.cfg.offers(AuthNegotiate) {
			return authResult{user: user, ntlm: true}, true // NTLM authenticates the connection
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

func (s *Server) authenticateNTLM(w http.ResponseWriter, cs *connState, scheme, token string) (authResult, bool) {
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
	reply, user, done, err := s.ntlm.Step(cs.ntlm, raw)
	if err != nil {
		cs.ntlm.Reset()
		cs.mu.Unlock()
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return authResult{}, false
	}
	if done {
		cs.user = user
	}
	cs.mu.Unlock()
	if !done {
		w.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(reply))
		w.Header().Set("Server", serverHeader)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusUnauthorized)
		return authResult{}, false
	}
	res := authResult{user: user, ntlm: true, handshakeDone: true}
	if len(reply) > 0 {
		res.finalToken = scheme + " " + base64.StdEncoding.EncodeToString(reply)
	}
	return res, true
}

// unauthorized answers 401 with an empty body and the WWW-Authenticate headers Windows
// sends, each in its own header line.
func (s *Server) unauthorized(w http.ResponseWriter) {
	h := w.Header()
	for _, v := range offeredAuthHeaders(s.cfg.offers(AuthBasic), s.cfg.offers(AuthNegotiate)) {
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
