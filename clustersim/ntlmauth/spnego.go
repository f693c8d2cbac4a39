package ntlmauth

import (
	"encoding/asn1"
	"errors"
	"fmt"
)

// SPNEGO (RFC 4178, MS-SPNG) as far as NTLM needs it.

var (
	oidSPNEGO = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 2}
	oidNTLM   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}
)

// negState values of NegTokenResp.
const (
	negAcceptCompleted  = 0
	negAcceptIncomplete = 1
	negReject           = 2
	negRequestMIC       = 3
)

var errBadSPNEGO = errors.New("ntlm: malformed SPNEGO token")

// negTokenInit is the initiator's first token. mechTypesDER keeps the MechTypeList exactly as
// sent: the mechListMIC is computed over those bytes.
type negTokenInit struct {
	mechTypes    []asn1.ObjectIdentifier
	mechTypesDER []byte
	mechToken    []byte
	mechListMIC  []byte
}

type negTokenInitASN1 struct {
	MechTypes   asn1.RawValue  `asn1:"explicit,tag:0"`
	ReqFlags    asn1.BitString `asn1:"explicit,optional,tag:1"`
	MechToken   []byte         `asn1:"explicit,optional,tag:2"`
	MechListMIC []byte         `asn1:"explicit,optional,tag:3"`
}

type negTokenResp struct {
	responseToken []byte
	mechListMIC   []byte
}

type negTokenRespASN1 struct {
	NegState      asn1.Enumerated       `asn1:"explicit,optional,tag:0"`
	SupportedMech asn1.ObjectIdentifier `asn1:"explicit,optional,tag:1"`
	ResponseToken []byte                `asn1:"explicit,optional,tag:2"`
	MechListMIC   []byte                `asn1:"explicit,optional,tag:3"`
}

// parseSPNEGO decodes a token that is either a NegTokenInit (with or without the GSS-API
// InitialContextToken framing) or a NegTokenResp. Exactly one result is non-nil.
func parseSPNEGO(b []byte) (*negTokenInit, *negTokenResp, error) {
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(b, &outer)
	if err != nil || len(rest) != 0 {
		return nil, nil, errBadSPNEGO
	}
	switch {
	case outer.Class == asn1.ClassApplication && outer.Tag == 0 && outer.IsCompound:
		// InitialContextToken: thisMech OID, then the NegotiationToken.
		var mech asn1.ObjectIdentifier
		inner, err := asn1.Unmarshal(outer.Bytes, &mech)
		if err != nil {
			return nil, nil, errBadSPNEGO
		}
		if !mech.Equal(oidSPNEGO) {
			// A bare token of another mechanism, such as a Kerberos AP-REQ.
			return nil, nil, fmt.Errorf("%w: GSS-API token of mechanism %v", ErrNoNTLM, mech)
		}
		var choice asn1.RawValue
		if rest, err := asn1.Unmarshal(inner, &choice); err != nil || len(rest) != 0 {
			return nil, nil, errBadSPNEGO
		}
		if choice.Class != asn1.ClassContextSpecific || choice.Tag != 0 {
			return nil, nil, fmt.Errorf("%w: InitialContextToken without NegTokenInit", errBadSPNEGO)
		}
		init, err := parseNegTokenInit(choice.Bytes)
		return init, nil, err
	case outer.Class == asn1.ClassContextSpecific && outer.Tag == 0 && outer.IsCompound:
		init, err := parseNegTokenInit(outer.Bytes)
		return init, nil, err
	case outer.Class == asn1.ClassContextSpecific && outer.Tag == 1 && outer.IsCompound:
		var r negTokenRespASN1
		if rest, err := asn1.Unmarshal(outer.Bytes, &r); err != nil || len(rest) != 0 {
			return nil, nil, errBadSPNEGO
		}
		return nil, &negTokenResp{responseToken: r.ResponseToken, mechListMIC: r.MechListMIC}, nil
	}
	return nil, nil, errBadSPNEGO
}

func parseNegTokenInit(b []byte) (*negTokenInit, error) {
	var r negTokenInitASN1
	if rest, err := asn1.Unmarshal(b, &r); err != nil || len(rest) != 0 {
		return nil, errBadSPNEGO
	}
	// With an explicit tag, FullBytes still holds the [0] wrapper: its contents are the
	// MechTypeList exactly as sent.
	var wrapper asn1.RawValue
	if _, err := asn1.Unmarshal(r.MechTypes.FullBytes, &wrapper); err != nil {
		return nil, errBadSPNEGO
	}
	t := &negTokenInit{mechTypesDER: wrapper.Bytes, mechToken: r.MechToken, mechListMIC: r.MechListMIC}
	if rest, err := asn1.Unmarshal(t.mechTypesDER, &t.mechTypes); err != nil || len(rest) != 0 || len(t.mechTypes) == 0 {
		return nil, errBadSPNEGO
	}
	return t, nil
}

// marshalNegTokenResp encodes a NegTokenResp; supportedMech, responseToken and mechListMIC are
// left out when nil.
func marshalNegTokenResp(state int, supportedMech asn1.ObjectIdentifier, responseToken, mechListMIC []byte) []byte {
	var seq []byte
	seq = append(seq, explicitTag(0, mustMarshal(asn1.Enumerated(state)))...)
	if supportedMech != nil {
		seq = append(seq, explicitTag(1, mustMarshal(supportedMech))...)
	}
	if responseToken != nil {
		seq = append(seq, explicitTag(2, mustMarshal(responseToken))...)
	}
	if mechListMIC != nil {
		seq = append(seq, explicitTag(3, mustMarshal(mechListMIC))...)
	}
	body := mustMarshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: seq})
	return explicitTag(1, body)
}

func explicitTag(tag int, inner []byte) []byte {
	return mustMarshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: tag, IsCompound: true, Bytes: inner})
}

// mustMarshal encodes values whose types asn1 always accepts (integers, OIDs, byte strings).
func mustMarshal(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic("ntlm: asn1: " + err.Error())
	}
	return b
}

func offersNTLM(mechs []asn1.ObjectIdentifier) bool {
	for _, m := range mechs {
		if m.Equal(oidNTLM) {
			return true
		}
	}
	return false
}
