package ntlmauth

import (
	"crypto"
	"crypto/hmac"
	"crypto/x509"
	"encoding/binary"
	"fmt"
)

// Channel binding (extended protection) for NTLM over HTTPS: the client puts in its NTLMv2
// response the MD5 of a gss_channel_bindings_struct (RFC 2744) whose application data is
// "tls-server-end-point:" and the hash of the server's certificate (RFC 5929), in the
// MsvAvChannelBindings AV pair (MS-NLMP 2.2.2.1). WinRM checks it as its CbtHardeningLevel says;
// the default, Relaxed, accepts a client that sends no binding and refuses a wrong one.

// avChannelBindings is MsvAvChannelBindings.
const avChannelBindings uint16 = 0x000a

// SetTLSServerCertificate tells the connection which certificate the server presented on it,
// so that a channel binding sent by the client can be checked. Call it once per HTTPS
// connection, before the handshake; plain HTTP connections have no channel to bind.
func (cs *ConnState) SetTLSServerCertificate(cert *x509.Certificate) {
	cs.impl.mu.Lock()
	defer cs.impl.mu.Unlock()
	cs.impl.channelBindings = channelBindingsHash(cert)
}

// tlsServerEndPoint is the certificate hash of RFC 5929 section 4.1: the hash of the
// certificate's signature algorithm, with SHA-256 in place of MD5 and SHA-1.
func tlsServerEndPoint(cert *x509.Certificate) []byte {
	var h crypto.Hash
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384, x509.SHA384WithRSAPSS:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512, x509.SHA512WithRSAPSS:
		h = crypto.SHA512
	default:
		h = crypto.SHA256
	}
	d := h.New()
	d.Write(cert.Raw)
	return d.Sum(nil)
}

// channelBindingsHash is MD5 of the gss_channel_bindings_struct with no addresses.
func channelBindingsHash(cert *x509.Certificate) []byte {
	if cert == nil {
		return nil
	}
	app := append([]byte("tls-server-end-point:"), tlsServerEndPoint(cert)...)
	b := make([]byte, 16, 20+len(app)) // initiator and acceptor address types and lengths: 0
	b = binary.LittleEndian.AppendUint32(b, uint32(len(app)))
	return md5Sum(append(b, app...))
}

// checkChannelBindings applies CbtHardeningLevel=Relaxed: an absent or all-zero binding is
// accepted; any other must match the connection's certificate.
func (c *connState) checkChannelBindings(pairs []avPair) error {
	sent, ok := findAVPair(pairs, avChannelBindings)
	if !ok || isZero(sent) {
		return nil
	}
	if c.channelBindings == nil {
		if refuseBindingWithoutTLS {
			return fmt.Errorf("%w: channel binding sent on a connection without TLS", ErrBadCredentials)
		}
		return nil
	}
	if !hmac.Equal(sent, c.channelBindings) {
		return fmt.Errorf("%w: channel binding does not match this connection", ErrBadCredentials)
	}
	return nil
}

func isZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}
