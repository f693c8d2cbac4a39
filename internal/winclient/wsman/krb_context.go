package wsman

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"
)

// A Kerberos security context as a Windows client opens one for WinRM (RFC 4121 4.1, MS-WSMV
// 2.2.9.1.2): an AP-REQ asking for mutual authentication, confidentiality and integrity,
// with a subkey and sequence number of ours; the service's AP-REP proves it holds the
// service key and gives its subkey and sequence number, which key the messages.
//
// gokrb5's spnego.NewKRB5TokenAPREQ is not used: it keeps the authenticator's subkey and
// sequence number to itself, and the message security needs both.

// ntlmMechOID is NTLMSSP's mechanism, offered after Kerberos by Negotiate (MS-SPNG).
var ntlmMechOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}

// krbPending is a context whose AP-REQ is sent and whose AP-REP is awaited.
type krbPending struct {
	tkt  *krbTicket
	auth types.Authenticator
	spn  string
}

// gssChecksum is RFC 4121 4.1.1's authenticator checksum: no channel bindings, the flags.
func gssChecksum(gssFlags uint32) types.Checksum {
	b := make([]byte, 24)
	binary.LittleEndian.PutUint32(b[0:], 16) // Lgth of Bnd
	binary.LittleEndian.PutUint32(b[20:], gssFlags)
	return types.Checksum{CksumType: 0x8003, Checksum: b}
}

// krbAPReq builds the token for the Authorization header: SPNEGO's NegTokenInit (for the
// Negotiate scheme) or the bare GSS-API KRB5 token (for the Kerberos scheme).
func krbAPReq(tkt *krbTicket, spn string, now time.Time, useSPNEGO bool) ([]byte, *krbPending, error) {
	auth, err := types.NewAuthenticator(tkt.crealm, tkt.cname)
	if err != nil {
		return nil, nil, err
	}
	now = now.UTC()
	auth.CTime, auth.Cusec = now.Truncate(time.Second), now.Nanosecond()/1000
	et, err := crypto.GetEtype(tkt.key.KeyType)
	if err != nil {
		return nil, nil, err
	}
	if err := auth.GenerateSeqNumberAndSubKey(tkt.key.KeyType, et.GetKeyByteSize()); err != nil {
		return nil, nil, err
	}
	auth.Cksum = gssChecksum(uint32(gssapi.ContextFlagMutual | gssapi.ContextFlagReplay | gssapi.ContextFlagSequence |
		gssapi.ContextFlagConf | gssapi.ContextFlagInteg))
	req, err := messages.NewAPReq(tkt.ticket, tkt.key, auth)
	if err != nil {
		return nil, nil, err
	}
	types.SetFlag(&req.APOptions, flags.APOptionMutualRequired)
	apreq, err := req.Marshal()
	if err != nil {
		return nil, nil, err
	}
	oid, err := asn1.Marshal(gssapi.OIDKRB5.OID())
	if err != nil {
		return nil, nil, err
	}
	tok := asn1tools.AddASNAppTag(append(append(oid, 0x01, 0x00), apreq...), 0) // TOK_ID KRB_AP_REQ
	p := &krbPending{tkt: tkt, auth: auth, spn: spn}
	if !useSPNEGO {
		return tok, p, nil
	}
	st := spnego.SPNEGOToken{Init: true, NegTokenInit: spnego.NegTokenInit{
		MechTypes:      []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID(), ntlmMechOID},
		MechTokenBytes: tok,
	}}
	b, err := st.Marshal()
	return b, p, err
}

// complete checks the service's answer token (from WWW-Authenticate on the 200) and
// returns the context's message security. A KRB-ERROR in it (the service's clock skew
// check, for one) is returned classified by its code.
func (p *krbPending) complete(token []byte, useSPNEGO bool) (*krbSession, error) {
	refused := func(err error) error { return &KerberosFailure{Kind: KerberosServiceRefused, SPN: p.spn, Err: err} }
	if useSPNEGO {
		var st spnego.SPNEGOToken
		if err := st.Unmarshal(token); err != nil || st.Init {
			return nil, refused(errors.New("the service's answer is not a SPNEGO NegTokenResp"))
		}
		token = st.NegTokenResp.ResponseToken
		if st.NegTokenResp.State() != spnego.NegStateAcceptCompleted {
			// A reject may carry the reason as a KRB-ERROR (KRB_AP_ERR_SKEW): classify by it.
			var kt spnego.KRB5Token
			if kt.Unmarshal(token) == nil && kt.IsKRBError() {
				return nil, &KerberosFailure{Kind: kindOfCode(kt.KRBError.ErrorCode), Code: kt.KRBError.ErrorCode, SPN: p.spn}
			}
			return nil, refused(fmt.Errorf("SPNEGO state %d, not accept-completed", st.NegTokenResp.State()))
		}
	}
	var kt spnego.KRB5Token
	if err := kt.Unmarshal(token); err != nil {
		return nil, refused(errors.New("the service sent no AP-REP (mutual authentication was asked)"))
	}
	if kt.IsKRBError() {
		return nil, &KerberosFailure{Kind: kindOfCode(kt.KRBError.ErrorCode), Code: kt.KRBError.ErrorCode, SPN: p.spn}
	}
	if !kt.IsAPRep() {
		return nil, refused(errors.New("the service sent no AP-REP"))
	}
	plain, err := crypto.DecryptEncPart(kt.APRep.EncPart, p.tkt.key, keyusage.AP_REP_ENCPART)
	if err != nil {
		return nil, refused(errors.New("the AP-REP does not decrypt with the ticket's session key: the answer is not from the service"))
	}
	var part messages.EncAPRepPart
	if _, err := asn1.UnmarshalWithParams(plain, &part, "application,explicit,tag:27"); err != nil {
		return nil, refused(fmt.Errorf("malformed AP-REP: %w", err))
	}
	if !part.CTime.Equal(p.auth.CTime) || part.Cusec != p.auth.Cusec {
		return nil, refused(errors.New("the AP-REP does not echo our authenticator's time"))
	}
	key, acceptorSubkey := p.auth.SubKey, false
	if part.Subkey.KeyType != 0 {
		key, acceptorSubkey = part.Subkey, true
	}
	peerSeq := uint64(p.auth.SeqNumber)
	if part.SequenceNumber != 0 {
		peerSeq = uint64(part.SequenceNumber)
	}
	return newKrbSession(key, acceptorSubkey, uint64(p.auth.SeqNumber), peerSeq)
}
