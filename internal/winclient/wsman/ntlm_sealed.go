package wsman

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/bodgit/ntlmssp"
	ntlmhttp "github.com/bodgit/ntlmssp/http"
)

// sealedPoster speaks NTLM with WinRM message encryption over plain HTTP (what
// masterzen's NewEncryption("ntlm") does, built on the same library, github.com/bodgit/ntlmssp).
//
// Why not winrm.NewEncryption itself: it keeps one NTLM security context in fields shared by
// every Post and renegotiates it on each request over a shared connection pool, so two
// concurrent requests (a session's pending Receive and another's Send) race on the context,
// and every request costs a full handshake. NTLM session security belongs to one TCP
// connection, so here each "lane" is one connection with its own context, negotiated once
// and used by one request at a time.
type sealedPoster struct {
	cfg      Config
	requests *atomic.Int64
	url      string
	lanes    *lanes
}

func newSealedPoster(cfg Config, requests *atomic.Int64, url string) *sealedPoster {
	t := &sealedPoster{cfg: cfg, requests: requests, url: url}
	t.lanes = &lanes{maxIdle: cfg.MaxIdleConns, create: t.newLane}
	return t
}

// splitAccount splits "DOMAIN\user" and "user@domain" as Windows does.
func splitAccount(account string) (user, domain string) {
	if i := strings.IndexByte(account, '\\'); i >= 0 {
		return account[i+1:], account[:i]
	}
	if i := strings.LastIndexByte(account, '@'); i >= 0 {
		return account[:i], account[i+1:]
	}
	return account, ""
}

func (t *sealedPoster) newLane() (*lane, error) {
	tr, err := newLaneTransport(t.cfg)
	if err != nil {
		return nil, err
	}
	user, domain := splitAccount(t.cfg.Username)
	nc, err := ntlmssp.NewClient(ntlmssp.SetUserInfo(user, t.cfg.Password), ntlmssp.SetDomain(domain), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	if err != nil {
		return nil, err
	}
	// bodgit's HTTP client runs the handshake (it needs the *http.Transport itself; requests
	// are counted with a trace). Messages are sealed here: its own sealing replaces the body
	// without fixing ContentLength.
	hc := &http.Client{Transport: tr}
	hs, err := ntlmhttp.NewClient(hc, nc)
	if err != nil {
		return nil, err
	}
	return &lane{transport: tr, client: hc, state: &ntlmLane{handshake: hs, ntlm: nc}}, nil
}

// ntlmLane is the NTLM state of one lane: the handshake client and the security context.
type ntlmLane struct {
	handshake *ntlmhttp.Client
	ntlm      *ntlmssp.Client
}

const (
	encryptedBoundary = "--Encrypted Boundary"
	encryptedProtocol = "application/HTTP-SPNEGO-session-encrypted"
	encryptedType     = `multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"`
)

// seal wraps a SOAP message as MS-WSMV's multipart/encrypted body, in the layout Windows and
// pywinrm use: a metadata part whose OriginalContent Length is the plain message's length,
// then the octet stream (4-byte signature length, signature, sealed message). Not bodgit's
// ntlmhttp.Wrap: it announces the length of the whole payload, signature included, and it
// replaces a request's body without fixing its ContentLength.
func (n *ntlmLane) seal(msg []byte) ([]byte, string, error) {
	session := n.ntlm.SecuritySession()
	if session == nil {
		return nil, "", errors.New("the NTLM handshake gave no session key")
	}
	sealed, sig, err := session.Wrap(msg)
	if err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	b.WriteString(encryptedBoundary + "\r\n")
	b.WriteString("\tContent-Type: " + encryptedProtocol + "\r\n")
	fmt.Fprintf(&b, "\tOriginalContent: type=%s;Length=%d\r\n", soapContentType, len(msg))
	b.WriteString(encryptedBoundary + "\r\n")
	b.WriteString("\tContent-Type: application/octet-stream\r\n")
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(sig))))
	b.Write(sig)
	b.Write(sealed)
	b.WriteString(encryptedBoundary + "--\r\n")
	return b.Bytes(), encryptedType, nil
}

var reOriginalLength = regexp.MustCompile(`(?i)OriginalContent:[^\r\n]*Length=(\d+)`)

// unseal replaces an encrypted response body by the SOAP message it carries. A response
// that is not encrypted (a plain error page) is left as it is. The sealed bytes may contain
// anything, so they are cut by the announced length, never by searching for the boundary.
func (n *ntlmLane) unseal(resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.ToLower(ct), "multipart/encrypted") {
		return nil
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	session := n.ntlm.SecuritySession()
	if session == nil {
		return errors.New("no NTLM session to unseal the answer")
	}
	msg, err := unsealBody(raw, session)
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(msg))
	resp.ContentLength = int64(len(msg))
	resp.Header.Set("Content-Type", soapContentType)
	return nil
}

// unsealer is the part of the NTLM security session unsealBody needs.
type unsealer interface {
	Unwrap(sealed, signature []byte) ([]byte, error)
}

func unsealBody(raw []byte, session unsealer) ([]byte, error) {
	if session == nil {
		return nil, errors.New("no NTLM session")
	}
	m := reOriginalLength.FindSubmatchIndex(raw)
	if m == nil {
		return nil, errors.New("the encrypted body has no OriginalContent length")
	}
	length, err := strconv.Atoi(string(raw[m[2]:m[3]]))
	if err != nil || length < 0 {
		return nil, errors.New("bad OriginalContent length")
	}
	const streamHeader = "Content-Type: application/octet-stream\r\n"
	i := bytes.Index(raw[m[1]:], []byte(streamHeader))
	if i < 0 {
		return nil, errors.New("the encrypted body has no octet stream part")
	}
	data := raw[m[1]+i+len(streamHeader):]
	if len(data) < 4 {
		return nil, errors.New("encrypted body too short")
	}
	sigLen := int(binary.LittleEndian.Uint32(data[:4]))
	if sigLen > len(data)-4 || length > len(data)-4-sigLen {
		return nil, errors.New("encrypted body shorter than announced")
	}
	sig := data[4 : 4+sigLen]
	sealed := data[4+sigLen : 4+sigLen+length]
	return session.Unwrap(sealed, sig)
}

// handshake authenticates the lane's connection with an empty body, as pywinrm does, so
// that no SOAP message ever travels before the context exists. It is bound to ctx, the
// caller's deadline: a server that answers late must not hold it past its timeout.
func (t *sealedPoster) handshake(ctx context.Context, l *lane) error {
	req, err := http.NewRequestWithContext(t.counted(ctx), http.MethodPost, t.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", soapContentType)
	nl, ok := l.state.(*ntlmLane)
	if !ok {
		return fmt.Errorf("wsman: lane state is %T, want *ntlmLane", l.state)
	}
	resp, err := nl.handshake.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &HTTPStatusError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type")}
	}
	l.ready = true
	return nil
}

// maxStaleLanes bounds the resends of one message refused with 401 on kept-alive lanes.
const maxStaleLanes = 8

// PostBody implements Poster, bound to ctx.
func (t *sealedPoster) PostBody(ctx context.Context, body string) (string, error) {
	for attempt := 0; ; attempt++ {
		l, err := t.lanes.take()
		if err != nil {
			return "", err
		}
		fresh := !l.ready // authenticated by this call, not kept alive from an earlier one
		if fresh {
			if err := t.handshake(ctx, l); err != nil {
				t.lanes.drop(l)
				return "", err
			}
		}
		nl, ok := l.state.(*ntlmLane)
		if !ok {
			t.lanes.drop(l)
			return "", fmt.Errorf("wsman: lane state is %T, want *ntlmLane", l.state)
		}
		sealed, ct, err := nl.seal([]byte(body))
		if err != nil {
			t.lanes.drop(l)
			return "", err
		}
		req, err := http.NewRequestWithContext(t.counted(ctx), http.MethodPost, t.url, bytes.NewReader(sealed))
		if err != nil {
			t.lanes.give(l)
			return "", err
		}
		req.Header.Set("Content-Type", ct)
		resp, err := l.client.Do(req)
		if err != nil {
			t.lanes.drop(l)
			return "", err
		}
		if resp.StatusCode != http.StatusUnauthorized {
			if err := nl.unseal(resp); err != nil {
				resp.Body.Close()
				t.lanes.drop(l)
				return "", fmt.Errorf("cannot unseal the encrypted answer: %w", err)
			}
		}
		if resp.StatusCode == http.StatusUnauthorized && (attempt == 0 || !fresh) && attempt < maxStaleLanes {
			// The kept-alive connection was closed and a new one is not authenticated: the
			// server refused the message without processing it, so a new lane may resend it.
			// After a restart of the WinRM service every idle lane is stale, not only the
			// first: only a 401 on a lane this call authenticated means the credentials.
			resp.Body.Close()
			t.lanes.drop(l)
			continue
		}
		out, err := readSOAPResponse(resp)
		var hs *HTTPStatusError
		if errors.As(err, &hs) {
			t.lanes.drop(l)
		} else {
			t.lanes.give(l)
		}
		return out, err
	}
}

// counted makes every HTTP request sent under ctx (handshake legs included) count.
func (t *sealedPoster) counted(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { t.requests.Add(1) },
	})
}
