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

// sealedPoster speaks WinRM message encryption over plain HTTP (MS-WSMV 2.2.9.1), as
// Windows' default listener (AllowUnencrypted=false) requires: each message sealed with the
// security context of the connection that carries it, NTLM's (what masterzen's
// NewEncryption("ntlm") does, built on the same library, github.com/bodgit/ntlmssp) or
// Kerberos' (krb_sealed.go).
//
// Why not winrm.NewEncryption itself: it keeps one NTLM security context in fields shared by
// every Post and renegotiates it on each request over a shared connection pool, so two
// concurrent requests (a session's pending Receive and another's Send) race on the context,
// and every request costs a full handshake. Session security belongs to one TCP connection,
// so here each "lane" is one connection with its own context, negotiated once and used by
// one request at a time.
type sealedPoster struct {
	cfg      Config
	requests *atomic.Int64
	url      string
	lanes    *lanes
	// security makes the context of a new lane, given the lane's HTTP client.
	security func(hc *http.Client) (laneSecurity, error)
}

// laneSecurity is the security context of one lane's connection.
type laneSecurity interface {
	// handshake authenticates the connection with req, an empty POST, and returns the
	// final answer.
	handshake(req *http.Request) (*http.Response, error)
	// seal encrypts a message: the part's header (NTLM's signature, Kerberos' wrap token
	// header) and the sealed message, as long as msg.
	seal(msg []byte) (header, sealed []byte, err error)
	// unseal checks and decrypts an answer's part.
	unseal(header, sealed []byte) ([]byte, error)
	// protocol is the multipart/encrypted protocol string of the context's HTTP scheme.
	protocol() string
	// refusal is what a 401 to a sealed message on a connection this call authenticated
	// means: for NTLM the credentials (err itself, latched), for Kerberos the service
	// refusing a context the KDC vouched for (never the password).
	refusal(err error) error
}

func newSealedPoster(cfg Config, requests *atomic.Int64, url string) *sealedPoster {
	t := &sealedPoster{cfg: cfg, requests: requests, url: url, security: func(hc *http.Client) (laneSecurity, error) {
		return newNTLMLane(cfg, hc)
	}}
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
	hc := &http.Client{Transport: tr}
	sec, err := t.security(hc)
	if err != nil {
		return nil, err
	}
	return &lane{transport: tr, client: hc, state: sec}, nil
}

func newNTLMLane(cfg Config, hc *http.Client) (*ntlmLane, error) {
	user, domain := splitAccount(cfg.Username)
	nc, err := ntlmssp.NewClient(ntlmssp.SetUserInfo(user, cfg.Password), ntlmssp.SetDomain(domain), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	if err != nil {
		return nil, err
	}
	// bodgit's HTTP client runs the handshake (it needs the *http.Transport itself; requests
	// are counted with a trace). Messages are sealed here: its own sealing replaces the body
	// without fixing ContentLength.
	hs, err := ntlmhttp.NewClient(hc, nc)
	if err != nil {
		return nil, err
	}
	return &ntlmLane{hs: hs, ntlm: nc}, nil
}

// ntlmLane is the NTLM state of one lane: the handshake client and the security context.
type ntlmLane struct {
	hs   *ntlmhttp.Client
	ntlm *ntlmssp.Client
}

func (n *ntlmLane) handshake(req *http.Request) (*http.Response, error) { return n.hs.Do(req) }

func (n *ntlmLane) protocol() string { return protocolSPNEGO }

func (n *ntlmLane) refusal(err error) error { return err }

func (n *ntlmLane) seal(msg []byte) (header, sealed []byte, err error) {
	session := n.ntlm.SecuritySession()
	if session == nil {
		return nil, nil, errors.New("the NTLM handshake gave no session key")
	}
	sealed, sig, err := session.Wrap(msg)
	return sig, sealed, err
}

func (n *ntlmLane) unseal(header, sealed []byte) ([]byte, error) {
	session := n.ntlm.SecuritySession()
	if session == nil {
		return nil, errors.New("no NTLM session to unseal the answer")
	}
	return session.Unwrap(sealed, header)
}

// Protocol strings of MS-WSMV 2.2.9.1: the one of the HTTP scheme that set up the context.
const (
	protocolSPNEGO   = "application/HTTP-SPNEGO-session-encrypted"
	protocolKerberos = "application/HTTP-Kerberos-session-encrypted"
)

const encryptedBoundary = "--Encrypted Boundary"

// frameSealed wraps a sealed message as MS-WSMV's multipart/encrypted body, in the layout
// Windows and pywinrm use: a metadata part whose OriginalContent Length is the plain
// message's length, then the octet stream (4-byte header length, header, sealed message).
// Not bodgit's ntlmhttp.Wrap: it announces the length of the whole payload, signature
// included, and it replaces a request's body without fixing its ContentLength.
func frameSealed(protocol string, plainLen int, header, sealed []byte) (body []byte, contentType string) {
	var b bytes.Buffer
	b.WriteString(encryptedBoundary + "\r\n")
	b.WriteString("\tContent-Type: " + protocol + "\r\n")
	fmt.Fprintf(&b, "\tOriginalContent: type=%s;Length=%d\r\n", soapContentType, plainLen)
	b.WriteString(encryptedBoundary + "\r\n")
	b.WriteString("\tContent-Type: application/octet-stream\r\n")
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(header))))
	b.Write(header)
	b.Write(sealed)
	b.WriteString(encryptedBoundary + "--\r\n")
	return b.Bytes(), `multipart/encrypted;protocol="` + protocol + `";boundary="Encrypted Boundary"`
}

var reOriginalLength = regexp.MustCompile(`(?i)OriginalContent:[^\r\n]*Length=(\d+)`)

// unsealResponse replaces an encrypted response body by the SOAP message it carries. A
// response that is not encrypted (a plain error page) is left as it is; one sealed under
// another protocol than the context's is refused.
func unsealResponse(resp *http.Response, sec laneSecurity) error {
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.ToLower(ct), "multipart/encrypted") {
		return nil
	}
	if !strings.Contains(strings.ToLower(ct), strings.ToLower(`protocol="`+sec.protocol()+`"`)) {
		resp.Body.Close()
		return fmt.Errorf("the answer is sealed as %q, not %s", ct, sec.protocol())
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	msg, err := unsealBody(raw, sec.unseal)
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(msg))
	resp.ContentLength = int64(len(msg))
	resp.Header.Set("Content-Type", soapContentType)
	return nil
}

// unsealBody reads the one part of an encrypted body and unseals it. The sealed bytes may
// contain anything, so they are cut by the announced length, never by searching for the
// boundary.
func unsealBody(raw []byte, unseal func(header, sealed []byte) ([]byte, error)) ([]byte, error) {
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
	msg, err := unseal(data[4:4+sigLen], data[4+sigLen:4+sigLen+length])
	if err != nil {
		return nil, err
	}
	if len(msg) != length {
		return nil, fmt.Errorf("the answer unsealed to %d bytes, %d announced", len(msg), length)
	}
	return msg, nil
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
	sec, ok := l.state.(laneSecurity)
	if !ok {
		return fmt.Errorf("wsman: lane state is %T, want a laneSecurity", l.state)
	}
	resp, err := sec.handshake(req)
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
		sec, ok := l.state.(laneSecurity)
		if !ok {
			t.lanes.drop(l)
			return "", fmt.Errorf("wsman: lane state is %T, want a laneSecurity", l.state)
		}
		header, sealedMsg, err := sec.seal([]byte(body))
		if err != nil {
			t.lanes.drop(l)
			return "", err
		}
		sealed, ct := frameSealed(sec.protocol(), len(body), header, sealedMsg)
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
			if err := unsealResponse(resp, sec); err != nil {
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
			if hs.Status == http.StatusUnauthorized {
				err = sec.refusal(err)
			}
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
