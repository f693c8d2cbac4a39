package wsman

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

// ListenOptions says where and how Listen serves an endpoint.
type ListenOptions struct {
	// Addr is the TCP address, "127.0.0.1:0" for a free loopback port when empty.
	Addr string
	// HTTPS serves TLS. With CertFile and KeyFile it uses that pair, otherwise a
	// self-signed certificate made now for 127.0.0.1, ::1, localhost and Hostnames.
	HTTPS    bool
	CertFile string
	KeyFile  string
	// WriteCACertTo, when set with HTTPS, receives the PEM a client must trust.
	WriteCACertTo string
	// Hostnames are extra names (or addresses) for the self-signed certificate.
	Hostnames []string
	// Certificate, when set with HTTPS, is presented as is and CACertPEM is the PEM a
	// client trusts: one certificate made once (by TLSCertificate) for several endpoints,
	// as the nodes of a cluster share. CertFile, KeyFile, WriteCACertTo and Hostnames are
	// then unused.
	Certificate *tls.Certificate
	CACertPEM   []byte
	// Handler, when set, answers the requests in the Server's place: a front that hands
	// each request to the Server of its choice, as a cluster's name goes to the node that
	// owns it at that moment. The Server still gives each connection its NTLM state, and
	// closing the Endpoint does not close it.
	Handler http.Handler
}

// Endpoint is a Server listening on a TCP port.
type Endpoint struct {
	// URL is the endpoint's address, "http://127.0.0.1:PORT/wsman" or "https://...".
	URL string
	// Addr is the listening address ("127.0.0.1:PORT").
	Addr string
	// CACertPEM is the PEM a client trusts for HTTPS (the certificate served, when it
	// was made here or read from CertFile); nil for HTTP.
	CACertPEM []byte
	// Server is the WS-Management server behind the listener.
	Server *Server

	httpServer *http.Server
	done       chan struct{}
	front      bool // serves ListenOptions.Handler: the Server is not this endpoint's
}

// Listen builds a Server from cfg and serves it on a new listener.
func Listen(cfg Config, opts ListenOptions) (*Endpoint, error) {
	srv, err := NewServer(cfg)
	if err != nil {
		return nil, err
	}
	ep, err := Serve(srv, opts)
	if err != nil {
		_ = srv.Close()
		return nil, err
	}
	return ep, nil
}

// Serve serves an existing Server on a new listener.
func Serve(srv *Server, opts ListenOptions) (*Endpoint, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var handler http.Handler = srv
	if opts.Handler != nil {
		handler = opts.Handler
	}
	hs := &http.Server{
		Handler:           handler,
		ConnContext:       srv.ConnContext,
		ReadHeaderTimeout: 30 * time.Second,
		// No HTTP/2: the WinRM service speaks HTTP/1.1, and NTLM needs one connection.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		// A client that rejects the certificate is its own business; keep the log quiet.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	scheme := "http"
	var caPEM []byte
	if opts.HTTPS {
		scheme = "https"
		var cert tls.Certificate
		if opts.Certificate != nil {
			cert, caPEM = *opts.Certificate, opts.CACertPEM
		} else {
			var err error
			if cert, caPEM, err = TLSCertificate(opts); err != nil {
				return nil, err
			}
		}
		if leaf, err := x509.ParseCertificate(cert.Certificate[0]); err == nil {
			srv.SetTLSCertificate(leaf)
		}
		hs.TLSConfig = &tls.Config{
			Certificates: []tls.Certificate{cert},
			MinVersion:   tls.VersionTLS12,
			NextProtos:   []string{"http/1.1"},
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if hs.TLSConfig != nil {
		ln = tls.NewListener(ln, hs.TLSConfig)
	}
	ep := &Endpoint{
		URL:        scheme + "://" + ln.Addr().String() + "/wsman",
		Addr:       ln.Addr().String(),
		CACertPEM:  caPEM,
		Server:     srv,
		httpServer: hs,
		done:       make(chan struct{}),
		front:      opts.Handler != nil,
	}
	go func() {
		defer close(ep.done)
		_ = hs.Serve(ln)
	}()
	return ep, nil
}

// TLSCertificate is the certificate opts describe: the pair of CertFile and KeyFile, or
// else a self-signed one made now (SelfSignedCert of Hostnames), with the PEM a client
// trusts, which is written to WriteCACertTo when set. Serve calls it unless
// opts.Certificate is set.
func TLSCertificate(opts ListenOptions) (tls.Certificate, []byte, error) {
	var cert tls.Certificate
	var caPEM []byte
	var err error
	if opts.CertFile != "" || opts.KeyFile != "" {
		if opts.CertFile == "" || opts.KeyFile == "" {
			return cert, nil, errors.New("wsman: CertFile and KeyFile go together")
		}
		cert, err = tls.LoadX509KeyPair(opts.CertFile, opts.KeyFile)
		if err == nil {
			caPEM, err = os.ReadFile(opts.CertFile)
		}
	} else {
		cert, caPEM, err = SelfSignedCert(opts.Hostnames)
	}
	if err != nil {
		return cert, nil, fmt.Errorf("wsman: certificate: %w", err)
	}
	if opts.WriteCACertTo != "" {
		if err := os.WriteFile(opts.WriteCACertTo, caPEM, 0o644); err != nil {
			return cert, nil, fmt.Errorf("wsman: writing the CA certificate: %w", err)
		}
	}
	return cert, caPEM, nil
}

// Close stops the listener, ends open connections and every shell's commands (not those of
// the Server behind a ListenOptions.Handler, which is not the endpoint's own).
func (e *Endpoint) Close() error {
	if !e.front {
		_ = e.Server.Close() // ends long polls first, so Shutdown need not wait for them
	}
	// A short grace, then Close: a client's spare connection that never sent a request
	// would otherwise hold a graceful Shutdown for seconds (net/http waits for new
	// connections to age).
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := e.httpServer.Shutdown(ctx)
	if err != nil {
		err = e.httpServer.Close()
	}
	<-e.done
	return err
}
