package ntlmauth

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// randomChallenge fills the server challenge; tests replace it to replay known answers.
var randomChallenge = func(b []byte) { _, _ = rand.Read(b) }

// now gives the MsvAvTimestamp; tests replace it.
var now = time.Now

// phase is where a connection stands in the handshake.
type phase int

const (
	phaseIdle       phase = iota // nothing yet, or starting over
	phaseChallenged              // CHALLENGE_MESSAGE sent, AUTHENTICATE_MESSAGE expected
	phaseDone                    // authenticated
)

type connState struct {
	mu sync.Mutex
	// channelBindings is the expected MsvAvChannelBindings of an HTTPS connection; it belongs
	// to the connection, not to one handshake.
	channelBindings []byte
	handshake
}

// handshake is the per-connection state that a new handshake clears.
type handshake struct {
	phase phase

	// SPNEGO wrapping, when the client used it.
	spnego         bool
	mechTypesDER   []byte
	requestMICSent bool // the initiator's preferred mech was not NTLM

	negotiate       []byte // the messages as sent, for the MIC
	challenge       []byte
	serverChallenge [8]byte
	challengeFlags  uint32

	user    string
	flags   uint32 // flags in force after the handshake
	session *Session
}

func (c *connState) resetLocked() {
	c.handshake = handshake{}
}

func (c *connState) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetLocked()
}

func (c *connState) authenticated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.phase == phaseDone
}

func (c *connState) accountName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != phaseDone {
		return ""
	}
	return c.user
}

func (c *connState) sealingSession() *Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != phaseDone || c.flags&flagSeal == 0 {
		return nil
	}
	return c.session
}

func (s *Server) domainMember() bool {
	return s.Domain != "" && !strings.EqualFold(s.Domain, s.ServerName)
}

func (s *Server) step(cs *ConnState, token []byte) ([]byte, string, bool, error) {
	if cs == nil || cs.impl == nil {
		return nil, "", false, errors.New("ntlm: nil connection state")
	}
	c := cs.impl
	c.mu.Lock()
	defer c.mu.Unlock()
	if isNTLMMessage(token) {
		return s.stepRaw(c, token)
	}
	init, resp, err := parseSPNEGO(token)
	if err != nil {
		c.resetLocked()
		return nil, "", false, err
	}
	if init != nil {
		return s.stepSPNEGOInit(c, init)
	}
	return s.stepSPNEGOResp(c, resp)
}

// stepRaw handles a bare NTLMSSP message.
func (s *Server) stepRaw(c *connState, msg []byte) ([]byte, string, bool, error) {
	switch messageType(msg) {
	case typeNegotiate:
		c.resetLocked()
		reply, err := s.onNegotiate(c, msg)
		return reply, "", false, err
	case typeAuthenticate:
		if c.spnego {
			c.resetLocked()
			return nil, "", false, errors.New("ntlm: raw AUTHENTICATE_MESSAGE in a SPNEGO exchange")
		}
		user, err := s.onAuthenticate(c, msg)
		if err != nil {
			return nil, "", false, err
		}
		return nil, user, true, nil
	}
	c.resetLocked()
	return nil, "", false, fmt.Errorf("%w: unexpected NTLM message type %d", errMalformed, messageType(msg))
}

// stepSPNEGOInit starts a SPNEGO exchange. When NTLM is the initiator's first choice its
// optimistic token is the NEGOTIATE_MESSAGE; otherwise the optimistic token (for the other
// mechanism) is dropped and NTLM is selected with request-mic (RFC 4178 4.2.2).
func (s *Server) stepSPNEGOInit(c *connState, init *negTokenInit) ([]byte, string, bool, error) {
	c.resetLocked()
	if !offersNTLM(init.mechTypes) {
		return nil, "", false, ErrNoNTLM
	}
	c.spnego = true
	c.mechTypesDER = init.mechTypesDER
	if !init.mechTypes[0].Equal(oidNTLM) || len(init.mechToken) == 0 {
		c.requestMICSent = !init.mechTypes[0].Equal(oidNTLM)
		state := negAcceptIncomplete
		if c.requestMICSent {
			state = negRequestMIC
		}
		return marshalNegTokenResp(state, oidNTLM, nil, nil), "", false, nil
	}
	if messageType(init.mechToken) != typeNegotiate {
		c.resetLocked()
		return nil, "", false, fmt.Errorf("%w: SPNEGO mechToken is not a NEGOTIATE_MESSAGE", errMalformed)
	}
	challenge, err := s.onNegotiate(c, init.mechToken)
	if err != nil {
		return nil, "", false, err
	}
	return marshalNegTokenResp(negAcceptIncomplete, oidNTLM, challenge, nil), "", false, nil
}

// stepSPNEGOResp continues a SPNEGO exchange: a NEGOTIATE_MESSAGE after request-mic, or the
// AUTHENTICATE_MESSAGE with the initiator's mechListMIC.
func (s *Server) stepSPNEGOResp(c *connState, resp *negTokenResp) ([]byte, string, bool, error) {
	if !c.spnego {
		c.resetLocked()
		return nil, "", false, errors.New("ntlm: SPNEGO NegTokenResp without a NegTokenInit")
	}
	switch messageType(resp.responseToken) {
	case typeNegotiate:
		if c.phase != phaseIdle {
			break
		}
		challenge, err := s.onNegotiate(c, resp.responseToken)
		if err != nil {
			return nil, "", false, err
		}
		return marshalNegTokenResp(negAcceptIncomplete, nil, challenge, nil), "", false, nil
	case typeAuthenticate:
		user, err := s.onAuthenticate(c, resp.responseToken)
		if err != nil {
			return nil, "", false, err
		}
		mic, err := c.exchangeMechListMIC(resp.mechListMIC)
		if err != nil {
			c.resetLocked()
			return nil, "", false, err
		}
		return marshalNegTokenResp(negAcceptCompleted, nil, nil, mic), user, true, nil
	}
	c.resetLocked()
	return nil, "", false, fmt.Errorf("%w: unexpected SPNEGO response token", errMalformed)
}

// exchangeMechListMIC verifies the initiator's mechListMIC over the MechTypeList and returns
// the acceptor's own, resetting the RC4 state after each (MS-SPNG 3.3.5.1). A mechListMIC is
// mandatory only when the acceptor asked for it with request-mic.
func (c *connState) exchangeMechListMIC(clientMIC []byte) ([]byte, error) {
	if clientMIC == nil {
		if c.requestMICSent || !mechListMICOptional {
			return nil, fmt.Errorf("%w: SPNEGO mechListMIC missing after request-mic", ErrBadCredentials)
		}
		return nil, nil
	}
	if c.session == nil {
		return nil, errNoExtendedSecurity
	}
	if !c.session.verify(c.mechTypesDER, clientMIC) {
		return nil, fmt.Errorf("%w: SPNEGO mechListMIC does not verify", ErrBadCredentials)
	}
	c.session.resetRC4(true)
	mic := c.session.sign(c.mechTypesDER)
	c.session.resetRC4(false)
	return mic, nil
}

// onNegotiate answers a NEGOTIATE_MESSAGE with a CHALLENGE_MESSAGE (MS-NLMP 3.2.5.1.1).
func (s *Server) onNegotiate(c *connState, msg []byte) ([]byte, error) {
	neg, err := parseNegotiate(msg)
	if err != nil {
		c.resetLocked()
		return nil, err
	}
	ch := &challengeMessage{
		flags:      challengeFlags(neg.flags, s.domainMember()),
		targetName: s.targetName(),
		targetInfo: s.targetInfo(),
	}
	randomChallenge(ch.serverChallenge[:])
	c.negotiate = append([]byte(nil), msg...)
	c.challenge = ch.marshal()
	c.serverChallenge = ch.serverChallenge
	c.challengeFlags = ch.flags
	c.phase = phaseChallenged
	return c.challenge, nil
}

// targetName is the domain for a domain member, the computer name otherwise (MS-NLMP 3.2.5.1.1).
func (s *Server) targetName() string {
	if s.domainMember() {
		return strings.ToUpper(s.Domain)
	}
	return strings.ToUpper(s.ServerName)
}

func (s *Server) targetInfo() []byte {
	nbDomain := s.Domain
	if nbDomain == "" {
		nbDomain = s.ServerName
	}
	ts := make([]byte, 8)
	binary.LittleEndian.PutUint64(ts, fileTime(now()))
	return marshalAVPairs([]avPair{
		{avNbDomainName, encodeUTF16(strings.ToUpper(nbDomain))},
		{avNbComputerName, encodeUTF16(strings.ToUpper(s.ServerName))},
		{avDNSDomainName, encodeUTF16(s.dnsDomainName())},
		{avDNSComputerName, encodeUTF16(s.dnsComputerName())},
		{avTimestamp, ts},
	})
}

// fileTime is a Windows FILETIME: 100 ns intervals since 1601-01-01 UTC.
func fileTime(t time.Time) uint64 {
	const unixToFiletime = 116444736000000000
	return uint64(t.UnixNano()/100) + unixToFiletime
}

// onAuthenticate verifies an AUTHENTICATE_MESSAGE (MS-NLMP 3.2.5.1.2) and, on success, leaves
// the connection authenticated with its session keys.
func (s *Server) onAuthenticate(c *connState, msg []byte) (string, error) {
	if c.phase != phaseChallenged {
		c.resetLocked()
		return "", errors.New("ntlm: AUTHENTICATE_MESSAGE before any challenge")
	}
	user, flags, session, err := s.verify(c, msg)
	if err != nil {
		c.resetLocked()
		return "", err
	}
	c.user, c.flags, c.session = user, flags, session
	c.phase = phaseDone
	c.negotiate, c.challenge = nil, nil
	return user, nil
}

func (s *Server) verify(c *connState, msg []byte) (string, uint32, *Session, error) {
	auth, err := parseAuthenticate(msg)
	if err != nil {
		return "", 0, nil, err
	}
	// A client cannot gain a capability the challenge did not grant.
	flags := auth.flags & c.challengeFlags
	if auth.flags&flagAnonymous != 0 || (auth.user == "" && len(auth.ntResponse) == 0) {
		return "", 0, nil, fmt.Errorf("%w: anonymous logon refused", ErrBadCredentials)
	}
	if len(auth.ntResponse) <= 24 {
		return "", 0, nil, fmt.Errorf("%w: LM and NTLMv1 responses are refused; NTLMv2 is required", ErrBadCredentials)
	}
	resp, err := parseNTLMv2Response(auth.ntResponse)
	if err != nil {
		return "", 0, nil, err
	}
	account, domain := splitUPN(auth.user, auth.domain)
	if !s.domainIsAccepted(domain) || s.Lookup == nil {
		return "", 0, nil, ErrBadCredentials
	}
	password, ok := s.Lookup(account, domain)
	if !ok {
		return "", 0, nil, ErrBadCredentials
	}
	// The response key uses the names exactly as the client sent them (MS-NLMP 3.3.2).
	key := ntowfv2(password, auth.user, auth.domain)
	if !hmac.Equal(hmacMD5(key, c.serverChallenge[:], resp.temp), resp.ntProofStr) {
		return "", 0, nil, ErrBadCredentials
	}
	// With NTLMv2 the KeyExchangeKey is the SessionBaseKey (MS-NLMP 3.4.5.1).
	keyExchangeKey := hmacMD5(key, resp.ntProofStr)
	exported := keyExchangeKey
	if flags&flagKeyExch != 0 && len(auth.encryptedRandomSessionKey) == 16 {
		exported = rc4k(keyExchangeKey, auth.encryptedRandomSessionKey)
	}
	if err := c.checkChannelBindings(resp.avPairs); err != nil {
		return "", 0, nil, err
	}
	if avFlags, ok := findAVPair(resp.avPairs, avFlags); ok && len(avFlags) == 4 &&
		binary.LittleEndian.Uint32(avFlags)&avFlagMICPresent != 0 {
		if err := c.checkMIC(msg, exported); err != nil {
			return "", 0, nil, err
		}
	}
	var session *Session
	if flags&flagExtendedSec != 0 {
		session, err = newSession(flags, exported)
		if err != nil {
			return "", 0, nil, err
		}
	}
	return s.accountLabel(account, domain), flags, session, nil
}

// checkMIC verifies HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with
// a zeroed MIC) (MS-NLMP 3.2.5.1.2).
func (c *connState) checkMIC(msg, exported []byte) error {
	if len(msg) < micOffset+micLen {
		return fmt.Errorf("%w: MIC announced but absent", ErrBadCredentials)
	}
	zeroed := append([]byte(nil), msg...)
	clear(zeroed[micOffset : micOffset+micLen])
	want := hmacMD5(exported, c.negotiate, c.challenge, zeroed)
	if !hmac.Equal(want, msg[micOffset:micOffset+micLen]) {
		return fmt.Errorf("%w: MIC does not verify", ErrBadCredentials)
	}
	return nil
}

// accountLabel names the account as "DOMAIN\user": the domain for a domain account of a member
// server, the computer for a local account.
func (s *Server) accountLabel(user, domain string) string {
	owner := s.ServerName
	if s.domainMember() && domain != "" && domain != "." &&
		!strings.EqualFold(domain, s.ServerName) && !strings.EqualFold(domain, s.dnsComputerName()) {
		owner = s.Domain
	}
	if owner == "" {
		return user
	}
	return strings.ToUpper(owner) + `\` + user
}
