package wsman

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/ntlmauth"
)

// authenticate checks the request's credentials. It answers 401 itself and returns
// ok=false when they are missing, wrong or refused.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, cs *connState) (user string, ok bool) {
	if s.faults.takeAuthRefusal() {
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	switch strings.ToLower(scheme) {
	case "basic":
		return s.authenticateBasic(w, r, token)
	case "negotiate", "ntlm":
		return s.authenticateNTLM(w, cs, scheme, token)
	case "":
		cs.mu.Lock()
		user = cs.user
		cs.mu.Unlock()
		if user != "" && s.cfg.offers(AuthNegotiate) {
			return user, true // NTLM authenticates the connection, not each request
		}
		s.unauthorized(w)
		return "", false
	default:
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
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

func (s *Server) authenticateNTLM(w http.ResponseWriter, cs *connState, scheme, token string) (string, bool) {
	if !s.cfg.offers(AuthNegotiate) {
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
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.user = "" // a new handshake on this connection replaces the old identity
	reply, user, done, err := s.ntlm.Step(cs.ntlm, raw)
	if err != nil {
		cs.ntlm = ntlmauth.NewConnState()
		s.stats.AuthFailures.Add(1)
		s.unauthorized(w)
		return "", false
	}
	if !done {
		w.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(reply))
		w.Header().Set("Server", serverHeader)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusUnauthorized)
		return "", false
	}
	cs.user = user
	return user, true
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
