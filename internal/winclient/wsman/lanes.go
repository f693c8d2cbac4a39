package wsman

import (
	"net/http"
	"sync"
)

// NTLM authenticates a TCP connection, not a request: the three legs of a handshake must
// travel on one connection, and so must every message sealed with that connection's
// session key. A shared http.Transport hands idle connections to whichever request comes
// next, so under concurrency one request's Type 3 message can leave on another's
// connection and be refused with 401. A lane is one connection (its own transport, at most
// one connection) used by one request at a time.
type lane struct {
	transport *http.Transport
	client    *http.Client
	state     any // per-lane data of the poster (the NTLM client for sealing)
	ready     bool
}

// lanes keeps idle lanes for reuse; a request takes one (or a new one) and gives it back.
type lanes struct {
	mu      sync.Mutex
	idle    []*lane
	maxIdle int
	create  func() (*lane, error)
}

func (l *lanes) take() (*lane, error) {
	l.mu.Lock()
	if n := len(l.idle); n > 0 {
		ln := l.idle[n-1]
		l.idle = l.idle[:n-1]
		l.mu.Unlock()
		return ln, nil
	}
	l.mu.Unlock()
	return l.create()
}

// give returns a healthy lane; drop discards one whose connection is in doubt.
func (l *lanes) give(ln *lane) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.idle) < l.maxIdle {
		l.idle = append(l.idle, ln)
		return
	}
	ln.transport.CloseIdleConnections()
}

func (l *lanes) drop(ln *lane) { ln.transport.CloseIdleConnections() }
