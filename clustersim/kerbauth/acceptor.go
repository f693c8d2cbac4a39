package kerbauth

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/asnAppTag"
	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/msgtype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/service"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"
)

// ErrNotKerberos is returned for a token that does not carry a Kerberos AP-REQ as its
// preferred mechanism (an NTLM token, a SPNEGO offer led by another mechanism, a
// continuation token).
var ErrNotKerberos = errors.New("kerbauth: the token carries no Kerberos AP-REQ")

// ErrRejected wraps every refusal of a well-formed Kerberos token (bad ticket, wrong
// service, expired, replayed, ...).
var ErrRejected = errors.New("kerbauth: Kerberos authentication refused")

// Refusal is a refusal that answers the client with a KRB-ERROR (RFC 4121 4.1, the error
// token), such as KRB_AP_ERR_SKEW: Reply goes in the 401's WWW-Authenticate. It matches
// ErrRejected.
type Refusal struct {
	Code  int32
	Reply []byte
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("%v: %s", ErrRejected, errorcode.Lookup(r.Code))
}

func (r *Refusal) Is(target error) bool { return target == ErrRejected }

// AcceptKerberosScheme tells whether "Authorization: Kerberos" is accepted besides
// Negotiate (see unconfirmed.go).
const AcceptKerberosScheme = acceptKerberosScheme

// Config configures an Acceptor.
type Config struct {
	// Keytab is the content of a keytab file holding the service principal's keys.
	Keytab []byte
	// Realm, when set, is the only realm whose tickets are taken (Kerberos realm names are
	// case-sensitive; Active Directory realms are upper case).
	Realm string
	// SPNs are the service principals tickets may be issued for, such as
	// "HTTP/node1.example.test" (optionally "@REALM"). Empty: any principal of the keytab.
	SPNs []string
	// MaxClockSkew bounds the difference between the client's clock and ours (5 minutes
	// when zero).
	MaxClockSkew time.Duration
	// ClockOffset is how far this machine's clock runs ahead of the real one (negative:
	// behind), to simulate a node whose time is not synchronised with the domain's: an
	// authenticator further than MaxClockSkew from it is refused with KRB_AP_ERR_SKEW.
	ClockOffset time.Duration
}

// Acceptor verifies Kerberos tokens. It is safe for concurrent use.
type Acceptor struct {
	kt     *keytab.Keytab
	realm  string
	spns   map[string]bool // lower-case "service/host" or "service/host@REALM"
	skew   time.Duration
	offset time.Duration
}

// New makes an Acceptor; it fails when the keytab cannot be read or holds no key.
func New(cfg Config) (*Acceptor, error) {
	kt := keytab.New()
	if err := kt.Unmarshal(cfg.Keytab); err != nil {
		return nil, fmt.Errorf("kerbauth: reading the keytab: %w", err)
	}
	if len(kt.Entries) == 0 {
		return nil, errors.New("kerbauth: the keytab holds no key")
	}
	a := &Acceptor{kt: kt, realm: cfg.Realm, spns: map[string]bool{}, skew: cfg.MaxClockSkew, offset: cfg.ClockOffset}
	if a.skew <= 0 {
		a.skew = defaultMaxClockSkew
	}
	for _, spn := range cfg.SPNs {
		a.spns[strings.ToLower(spn)] = true
	}
	return a, nil
}

// Result is a verified Kerberos authentication.
type Result struct {
	// User is the client's principal name without the realm ("alice"); Realm its realm.
	User  string
	Realm string
	// Service is the principal the ticket was issued for ("HTTP/node1.example.test@EXAMPLE.TEST").
	Service string
	// Mutual tells whether the client asked for mutual authentication.
	Mutual bool
	// Delegated tells whether the client forwarded its ticket-granting ticket, so that the
	// logon can reach other machines as the user (a second hop).
	Delegated bool
	// Reply is the token for the answer's WWW-Authenticate header (raw bytes; base64 it).
	Reply []byte
	// Session seals and unseals the messages of this context (MS-WSMV 2.2.9.1.2), or is nil
	// when its enctype has no message encryption here (rc4-hmac).
	Session *Session
}

// Principal is "user@REALM".
func (r *Result) Principal() string { return r.User + "@" + r.Realm }

// parsed is a token taken apart: the GSS-API KRB5 token and how it came.
type parsed struct {
	krb5   []byte
	spnego bool
	mech   asn1.ObjectIdentifier // the mechanism the client listed first
}

// IsKerberos tells whether token carries a Kerberos AP-REQ as its preferred mechanism: a
// SPNEGO NegTokenInit whose first mechanism is Kerberos (standard or Microsoft OID) with an
// optimistic token, or a bare GSS-API KRB5 token.
func IsKerberos(token []byte) bool {
	_, err := parse(token)
	return err == nil
}

func parse(token []byte) (parsed, error) {
	var outer asn1.RawValue
	if _, err := asn1.Unmarshal(token, &outer); err != nil {
		return parsed{}, ErrNotKerberos
	}
	if outer.Class != asn1.ClassApplication || outer.Tag != 0 || !outer.IsCompound {
		// A NegTokenResp (a continuation) or something else: Kerberos needs one leg.
		return parsed{}, ErrNotKerberos
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(outer.Bytes, &oid); err != nil {
		return parsed{}, ErrNotKerberos
	}
	switch {
	case oid.Equal(gssapi.OIDKRB5.OID()):
		return parsed{krb5: token, mech: oid}, nil
	case oid.Equal(gssapi.OIDSPNEGO.OID()):
		var st spnego.SPNEGOToken
		if err := st.Unmarshal(token); err != nil || !st.Init {
			return parsed{}, ErrNotKerberos
		}
		init := st.NegTokenInit
		if len(init.MechTypes) == 0 || len(init.MechTokenBytes) == 0 {
			return parsed{}, ErrNotKerberos
		}
		first := init.MechTypes[0]
		if !first.Equal(gssapi.OIDKRB5.OID()) && !first.Equal(gssapi.OIDMSLegacyKRB5.OID()) {
			return parsed{}, ErrNotKerberos
		}
		return parsed{krb5: init.MechTokenBytes, spnego: true, mech: first}, nil
	}
	return parsed{}, ErrNotKerberos
}

// Accept verifies a token from an Authorization header (decoded from base64). remoteAddr is
// the client's address ("ip:port", as http.Request.RemoteAddr), checked against the
// ticket's addresses when it has any. The error is ErrNotKerberos, or wraps ErrRejected.
func (a *Acceptor) Accept(token []byte, remoteAddr string) (*Result, error) {
	p, err := parse(token)
	if err != nil {
		return nil, err
	}
	var tok spnego.KRB5Token
	if err := tok.Unmarshal(p.krb5); err != nil {
		return nil, fmt.Errorf("%w: malformed Kerberos token: %v", ErrRejected, err)
	}
	if !tok.IsAPReq() {
		return nil, fmt.Errorf("%w: the Kerberos token is not an AP-REQ", ErrRejected)
	}
	req := &tok.APReq
	sname := req.Ticket.SName.PrincipalNameString()
	if a.realm != "" && req.Ticket.Realm != a.realm {
		return nil, fmt.Errorf("%w: ticket of realm %q, want %q", ErrRejected, req.Ticket.Realm, a.realm)
	}
	if !serviceAllowed(a.spns, sname, req.Ticket.Realm) {
		return nil, fmt.Errorf("%w: ticket for %s, which is not this service", ErrRejected, sname)
	}
	opts := []func(*service.Settings){service.MaxClockSkew(a.skew), service.DecodePAC(false)}
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		if ip := net.ParseIP(host); ip != nil {
			opts = append(opts, service.ClientAddress(types.HostAddressFromNetIP(ip)))
		}
	}
	ok, _, err := service.VerifyAPREQ(req, service.NewSettings(a.kt, opts...))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRejected, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: the AP-REQ is not valid", ErrRejected)
	}
	if a.offset != 0 {
		// This machine's clock is off: gokrb5 checked the authenticator against the real
		// time; check it again against ours.
		if d := time.Now().Add(a.offset).Sub(req.Authenticator.CTime); d > a.skew || d < -a.skew {
			return nil, a.skewRefusal(p, req)
		}
	}
	res := &Result{
		User:      req.Authenticator.CName.PrincipalNameString(),
		Realm:     req.Authenticator.CRealm,
		Service:   sname + "@" + req.Ticket.Realm,
		Mutual:    types.IsFlagSet(&req.APOptions, flags.APOptionMutualRequired) || gssMutual(req.Authenticator.Cksum),
		Delegated: gssDelegated(req.Authenticator.Cksum),
	}
	var mechToken []byte
	// The context's key and sequence numbers (RFC 4121 2 and 4.2.6): the acceptor's subkey
	// and sequence number when the AP-REP carries them, else the initiator's subkey (or the
	// ticket's session key) and the initiator's sequence number for both directions.
	initSeq := uint64(req.Authenticator.SeqNumber)
	key, acceptorSubkey, accSeq := req.Ticket.DecryptedEncPart.Key, false, initSeq
	if req.Authenticator.SubKey.KeyType != 0 {
		key = req.Authenticator.SubKey
	}
	if res.Mutual || !replyOnlyForMutual {
		var part encAPRepPart
		mechToken, part, err = apRepToken(req)
		if err != nil {
			return nil, fmt.Errorf("kerbauth: building the AP-REP: %w", err)
		}
		if part.Subkey.KeyType != 0 {
			key, acceptorSubkey = part.Subkey, true
		}
		if part.SequenceNumber != 0 {
			accSeq = uint64(part.SequenceNumber)
		}
	}
	res.Session, _ = newSession(key, false, acceptorSubkey, accSeq, initSeq)
	if !p.spnego {
		res.Reply = mechToken
		return res, nil
	}
	mech := p.mech
	if !echoClientMech {
		mech = gssapi.OIDKRB5.OID()
	}
	resp := spnego.NegTokenResp{
		NegState:      asn1.Enumerated(spnego.NegStateAcceptCompleted),
		SupportedMech: mech,
		ResponseToken: mechToken,
	}
	res.Reply, err = resp.Marshal()
	if err != nil {
		return nil, fmt.Errorf("kerbauth: building the NegTokenResp: %w", err)
	}
	return res, nil
}

// skewRefusal answers an authenticator out of the clock skew with KRB_AP_ERR_SKEW, carrying
// this machine's time (RFC 4120 5.9.1), as a GSS-API error token (TOK_ID 03 00), in SPNEGO
// as a reject when the client came with SPNEGO (see unconfirmed.go).
func (a *Acceptor) skewRefusal(p parsed, req *messages.APReq) error {
	ke := messages.NewKRBError(req.Ticket.SName, req.Ticket.Realm, errorcode.KRB_AP_ERR_SKEW, "clock skew too great")
	now := time.Now().Add(a.offset).UTC()
	ke.STime, ke.Susec = now.Truncate(time.Second), now.Nanosecond()/1000
	r := &Refusal{Code: errorcode.KRB_AP_ERR_SKEW}
	b, err := ke.Marshal()
	if err != nil {
		return r
	}
	oid, err := asn1.Marshal(gssapi.OIDKRB5.OID())
	if err != nil {
		return r
	}
	tok := asn1tools.AddASNAppTag(append(append(oid, 0x03, 0x00), b...), 0) // TOK_ID KRB_ERROR
	if !p.spnego || !skewErrorInSPNEGO {
		r.Reply = tok
		return r
	}
	resp := spnego.NegTokenResp{NegState: asn1.Enumerated(spnego.NegStateReject), SupportedMech: p.mech, ResponseToken: tok}
	if r.Reply, err = resp.Marshal(); err != nil {
		r.Reply = nil
	}
	return r
}

// gssMutual reads GSS_C_MUTUAL_FLAG from the authenticator's GSS checksum (RFC 4121 4.1.1).
func gssMutual(ck types.Checksum) bool {
	const gssChecksumType = 0x8003
	if ck.CksumType != gssChecksumType || len(ck.Checksum) < 24 {
		return false
	}
	return binary.LittleEndian.Uint32(ck.Checksum[20:24])&uint32(gssapi.ContextFlagMutual) != 0
}

// gssDelegated reads RFC 4121 4.1.1's checksum: GSS_C_DELEG_FLAG set, and the delegation
// option (DlgOpt 1) followed by a non-empty KRB-CRED.
func gssDelegated(ck types.Checksum) bool {
	const gssChecksumType = 0x8003
	if ck.CksumType != gssChecksumType || len(ck.Checksum) < 28 {
		return false
	}
	if binary.LittleEndian.Uint32(ck.Checksum[20:24])&uint32(gssapi.ContextFlagDeleg) == 0 {
		return false
	}
	return binary.LittleEndian.Uint16(ck.Checksum[24:26]) == 1 && binary.LittleEndian.Uint16(ck.Checksum[26:28]) > 0
}

// encAPRepPart is RFC 4120's EncAPRepPart.
type encAPRepPart struct {
	CTime          time.Time           `asn1:"generalized,explicit,tag:0"`
	Cusec          int                 `asn1:"explicit,tag:1"`
	Subkey         types.EncryptionKey `asn1:"optional,explicit,tag:2"`
	SequenceNumber int64               `asn1:"optional,explicit,tag:3"`
}

// apRepToken builds the AP-REP for a verified AP-REQ, wrapped as a GSS-API KRB5 token, and
// returns it with the subkey and sequence number it carries.
func apRepToken(req *messages.APReq) ([]byte, encAPRepPart, error) {
	key := req.Ticket.DecryptedEncPart.Key
	part := encAPRepPart{CTime: req.Authenticator.CTime.UTC(), Cusec: req.Authenticator.Cusec}
	if replySubkeyAndSequence {
		et, err := crypto.GetEtype(key.KeyType)
		if err != nil {
			return nil, encAPRepPart{}, err
		}
		if part.Subkey, err = types.GenerateEncryptionKey(et); err != nil {
			return nil, encAPRepPart{}, err
		}
		var b [4]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, encAPRepPart{}, err
		}
		part.SequenceNumber = int64(binary.BigEndian.Uint32(b[:])&0x3fffffff) + 1
	}
	plain, err := asn1.Marshal(part)
	if err != nil {
		return nil, encAPRepPart{}, err
	}
	plain = asn1tools.AddASNAppTag(plain, asnAppTag.EncAPRepPart)
	enc, err := crypto.GetEncryptedData(plain, key, keyusage.AP_REP_ENCPART, 0)
	if err != nil {
		return nil, encAPRepPart{}, err
	}
	rep, err := asn1.Marshal(messages.APRep{PVNO: 5, MsgType: msgtype.KRB_AP_REP, EncPart: enc})
	if err != nil {
		return nil, encAPRepPart{}, err
	}
	rep = asn1tools.AddASNAppTag(rep, asnAppTag.APREP)
	oid, err := asn1.Marshal(gssapi.OIDKRB5.OID())
	if err != nil {
		return nil, encAPRepPart{}, err
	}
	body := append(append(oid, 0x02, 0x00), rep...) // TOK_ID KRB_AP_REP
	return asn1tools.AddASNAppTag(body, 0), part, nil
}
