package ntlmauth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A minimal HTTP server wired to this package the way the wsman server is meant to be: one
// ConnState per TCP connection, Step on every Authorization header, DecryptBody/EncryptBody
// on encrypted bodies. Unencrypted requests without Authorization are refused with 401, as
// Windows does with AllowUnencrypted=false, which also lets masterzen/winrm (a new NTLM client
// per message) authenticate again on a kept-alive connection. Its handler echoes the SOAP body.

type connKey struct{}

type echoServer struct {
	*httptest.Server
	handshakes atomic.Int32
	encrypted  atomic.Int32 // requests that arrived encrypted
}

func newEchoServer(t *testing.T, srv *Server) *echoServer {
	t.Helper()
	e := &echoServer{}
	e.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.serve(srv, w, r)
	}))
	e.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, NewConnState())
	}
	e.Start()
	t.Cleanup(e.Close)
	return e
}

func unauthorized(w http.ResponseWriter, token []byte) {
	w.Header().Set("WWW-Authenticate", WWWAuthenticate("Negotiate", token))
	w.WriteHeader(http.StatusUnauthorized)
}

func (e *echoServer) serve(srv *Server, w http.ResponseWriter, r *http.Request) {
	cs, ok := r.Context().Value(connKey{}).(*ConnState)
	if !ok {
		http.Error(w, "no ConnState in the connection context", http.StatusInternalServerError)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if h := r.Header.Get("Authorization"); h != "" {
		_, token, err := ParseAuthorization(h)
		if err != nil {
			unauthorized(w, nil)
			return
		}
		reply, _, done, err := srv.Step(cs, token)
		switch {
		case err != nil:
			unauthorized(w, nil)
			return
		case !done:
			unauthorized(w, reply)
			return
		}
		e.handshakes.Add(1)
		if reply != nil {
			w.Header().Set("WWW-Authenticate", WWWAuthenticate("Negotiate", reply))
		}
	}
	if !cs.Authenticated() {
		unauthorized(w, nil)
		return
	}
	if !IsEncrypted(r.Header.Get("Content-Type")) {
		if r.Header.Get("Authorization") == "" {
			unauthorized(w, nil) // plain request outside a handshake: refused
			return
		}
		if len(body) != 0 {
			w.Header().Set("Content-Type", "application/soap+xml;charset=UTF-8")
		}
		_, _ = w.Write(body)
		return
	}
	soap, err := DecryptBody(cs, r.Header.Get("Content-Type"), body)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrBadSignature) {
			status = http.StatusUnauthorized
		}
		http.Error(w, err.Error(), status)
		return
	}
	e.encrypted.Add(1)
	ct, out, err := EncryptBody(cs, append([]byte("echo:"), soap...))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(out)
}
