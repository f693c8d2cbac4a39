// Package wiretap is a TCP relay for tests: it stands between a client and a server and
// keeps every byte that went each way, so that a test reads what travelled on the wire
// (encrypted bodies, no SOAP in clear) rather than what either end says it sent.
//
//	tap := wiretap.New(t, "127.0.0.1:5985")
//	// point the client at tap.Addr; then
//	tap.MustBeSealed(t, "application/HTTP-SPNEGO-session-encrypted", 5)
package wiretap

import (
	"bytes"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Tap relays connections to one target and records them.
type Tap struct {
	// Addr is the relay's loopback address (host:port): connect here instead of the target.
	Addr string

	mu       sync.Mutex
	toServer bytes.Buffer
	toClient bytes.Buffer
}

// New starts a relay to target until the test ends.
func New(t testing.TB, target string) *Tap {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &Tap{Addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			go w.copy(s, c, &w.toServer)
			go w.copy(c, s, &w.toClient)
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return w
}

func (w *Tap) copy(dst, src net.Conn, into *bytes.Buffer) {
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			w.mu.Lock()
			into.Write(buf[:n])
			w.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	_ = dst.Close()
	_ = src.Close()
}

// Traffic returns what went each way so far.
func (w *Tap) Traffic() (toServer, toClient []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.toServer.Bytes()), bytes.Clone(w.toClient.Bytes())
}

var reContentType = regexp.MustCompile(`(?im)^Content-Type: *([^\r\n]*)`)

// Sealed counts the multipart/encrypted bodies each way, and fails the test when any
// carries another protocol string than protocol, or when a SOAP envelope travelled in clear.
func (w *Tap) Sealed(t testing.TB, protocol string) (requests, answers int) {
	t.Helper()
	up, down := w.Traffic()
	count := func(dir string, raw []byte) int {
		if bytes.Contains(raw, []byte("Envelope")) || bytes.Contains(raw, []byte("soap-envelope")) {
			t.Fatalf("a SOAP %s travelled in clear", dir)
		}
		sealed := 0
		for _, m := range reContentType.FindAllSubmatch(raw, -1) {
			ct := string(m[1])
			if strings.HasPrefix(ct, "multipart/encrypted") {
				if !strings.Contains(ct, `protocol="`+protocol+`"`) {
					t.Fatalf("%s sealed as %s, want protocol %s", dir, ct, protocol)
				}
				sealed++
			}
		}
		return sealed
	}
	return count("request", up), count("answer", down)
}

// MustBeSealed fails unless each direction carried at least n sealed bodies, all with
// protocol, and no SOAP in clear.
func (w *Tap) MustBeSealed(t testing.TB, protocol string, n int) {
	t.Helper()
	up, down := w.Sealed(t, protocol)
	if up < n || down < n {
		t.Fatalf("%d sealed requests and %d sealed answers on the wire, want at least %d each", up, down, n)
	}
}
