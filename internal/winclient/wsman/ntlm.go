package wsman

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"strings"

	"github.com/bodgit/ntlmssp"
)

// NTLM without message encryption (over HTTPS, or over HTTP to a server that allows
// unencrypted traffic). NTLM authenticates the TCP connection: on a lane (one connection,
// see lanes.go) the first request goes without credentials and is answered at once once the
// connection is authenticated; on a new connection it gets 401 and the lane runs the
// three-leg handshake, each leg carrying the message as Windows clients do. Over HTTPS the
// last leg binds the handshake to the TLS channel (MS-NLMP MsvAvChannelBindings with the
// RFC 5929 tls-server-end-point of the server's certificate) when sendChannelBinding is on;
// WinRM requires it under CbtHardeningLevel=Strict and checks it when present under the
// default Relaxed.
// bodgit/ntlmssp builds the NTLM messages; its HTTP client is not used here because it
// resends an emptied body on the last leg.

// sendChannelBinding: over HTTPS, NTLM binds its handshake to the TLS channel, as Windows
// clients do. Servers with CbtHardeningLevel=Strict require it; the default, Relaxed,
// verifies it when present (the simulator does, with the certificate it served).
const sendChannelBinding = true

// ntlmExchange sends body on the lane, authenticating the connection first when needed.
// The response is the server's answer to the message (or the 401 that refused it).
func (t *httpPoster) ntlmExchange(ctx context.Context, ln *lane, body string) (*http.Response, error) {
	send := func(authorization string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", soapContentType)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		return ln.client.Do(req)
	}
	resp, err := send("")
	if err != nil || resp.StatusCode != http.StatusUnauthorized || ln.ready {
		return resp, err
	}
	scheme := offeredNTLMScheme(resp.Header)
	if scheme == "" {
		return resp, nil // the server offers no NTLM: the caller reports the 401
	}
	discard(resp)
	user, domain := splitAccount(t.cfg.Username)
	nc, err := ntlmssp.NewClient(ntlmssp.SetUserInfo(user, t.cfg.Password), ntlmssp.SetDomain(domain), ntlmssp.SetVersion(ntlmssp.DefaultVersion()))
	if err != nil {
		return nil, err
	}
	negotiate, err := nc.Authenticate(nil, nil)
	if err != nil {
		return nil, err
	}
	if resp, err = send(scheme + " " + base64.StdEncoding.EncodeToString(negotiate)); err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	challenge := authToken(resp.Header, scheme)
	if challenge == nil {
		return resp, nil
	}
	discard(resp)
	var bindings *ntlmssp.ChannelBindings
	if sendChannelBinding && resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		bindings = tlsServerEndPoint(resp.TLS.PeerCertificates[0])
	}
	authenticate, err := nc.Authenticate(challenge, bindings)
	if err != nil {
		return nil, err
	}
	return send(scheme + " " + base64.StdEncoding.EncodeToString(authenticate))
}

func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// offeredNTLMScheme is "Negotiate" or "NTLM" when a 401 offers it ("" otherwise).
func offeredNTLMScheme(h http.Header) string {
	found := ""
	for _, v := range h.Values("WWW-Authenticate") {
		name, _, _ := strings.Cut(strings.TrimSpace(v), " ")
		switch {
		case strings.EqualFold(name, "Negotiate"):
			return "Negotiate"
		case strings.EqualFold(name, "NTLM"):
			found = "NTLM"
		}
	}
	return found
}

// authToken is the decoded token of "WWW-Authenticate: <scheme> <base64>", or nil.
func authToken(h http.Header, scheme string) []byte {
	for _, v := range h.Values("WWW-Authenticate") {
		name, token, ok := strings.Cut(strings.TrimSpace(v), " ")
		if !ok || !strings.EqualFold(name, scheme) {
			continue
		}
		if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token)); err == nil && len(b) > 0 {
			return b
		}
	}
	return nil
}

// tlsServerEndPoint is the RFC 5929 channel binding of a server certificate: the hash of
// the certificate with its signature's hash algorithm, SHA-256 when that is MD5 or SHA-1
// (or not a single known hash).
func tlsServerEndPoint(cert *x509.Certificate) *ntlmssp.ChannelBindings {
	h := crypto.SHA256
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384, x509.SHA384WithRSAPSS:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512, x509.SHA512WithRSAPSS:
		h = crypto.SHA512
	}
	d := h.New()
	d.Write(cert.Raw)
	return &ntlmssp.ChannelBindings{ApplicationData: append([]byte(ntlmssp.TLSServerEndPoint+":"), d.Sum(nil)...)}
}
