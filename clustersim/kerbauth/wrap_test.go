package kerbauth_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
)

// contextPair authenticates against the MIT KDC with mutual authentication and returns the
// acceptor's session (from Accept) and the client's, made from the AP-REP as a client makes
// it: the acceptor's subkey, the authenticator's and the AP-REP's sequence numbers.
func contextPair(t *testing.T, r *realm) (acceptor, initiator *kerbauth.Session) {
	t.Helper()
	tok, key := krb5Token(t, r.login(t), true, nil)
	raw, err := tok.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.acceptor(t, kerbauth.Config{}).Accept(raw, remote)
	if err != nil {
		t.Fatal(err)
	}
	if res.Session == nil {
		t.Fatal("no session for an AES context")
	}
	var rep spnego.KRB5Token
	if err := rep.Unmarshal(res.Reply); err != nil || !rep.IsAPRep() {
		t.Fatalf("reply: %v", err)
	}
	part := openAPRep(t, rep.APRep, key)
	auth := authenticatorOf(t, tok, key)
	ini, err := kerbauth.NewInitiatorSession(part.Subkey, true, uint64(auth.SeqNumber), uint64(part.SequenceNumber))
	if err != nil {
		t.Fatal(err)
	}
	return res.Session, ini
}

// authenticatorOf decrypts the authenticator a client sent, as only the client (and the
// service) can: its subkey and sequence number start the client's end of the context.
func authenticatorOf(t *testing.T, tok spnego.KRB5Token, key types.EncryptionKey) types.Authenticator {
	t.Helper()
	plain, err := crypto.DecryptEncPart(tok.APReq.EncryptedAuthenticator, key, keyusage.AP_REQ_AUTHENTICATOR)
	if err != nil {
		t.Fatal(err)
	}
	var auth types.Authenticator
	if err := auth.Unmarshal(plain); err != nil {
		t.Fatal(err)
	}
	return auth
}

func TestSessionRoundTrip(t *testing.T) {
	acc, ini := contextPair(t, newRealm(t))
	if acc.EncType() != etypeID.AES256_CTS_HMAC_SHA1_96 {
		t.Fatalf("enctype %d, want aes256 (the KDC's first)", acc.EncType())
	}
	for i, msg := range []string{"<Envelope n=0/>", "", strings.Repeat("x", 70000)} {
		h, sealed, err := ini.Seal([]byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		// SSPI's layout for AES: 16-byte header, 28 rotated trailer bytes, 16 of confounder.
		if len(h) != 60 || len(sealed) != len(msg) {
			t.Fatalf("message %d: header %d bytes, sealed %d for %d", i, len(h), len(sealed), len(msg))
		}
		if len(msg) > 16 && bytes.Contains(sealed, []byte(msg[:16])) {
			t.Fatal("the sealed message holds the plain text")
		}
		got, err := acc.Unseal(h, sealed)
		if err != nil || string(got) != msg {
			t.Fatalf("acceptor unsealed %d bytes, %v", len(got), err)
		}
		h, sealed, err = acc.Seal([]byte("answer " + msg))
		if err != nil {
			t.Fatal(err)
		}
		if h[2] != 0x07 { // sent by acceptor, sealed, acceptor subkey
			t.Fatalf("acceptor flags %#x", h[2])
		}
		got, err = ini.Unseal(h, sealed)
		if err != nil || string(got) != "answer "+msg {
			t.Fatalf("initiator unsealed %q, %v", got, err)
		}
	}
}

func TestSessionRefusals(t *testing.T) {
	r := newRealm(t)
	fresh := func() (*kerbauth.Session, []byte, []byte) {
		acc, ini := contextPair(t, r)
		h, s, err := ini.Seal([]byte("<Envelope/>"))
		if err != nil {
			t.Fatal(err)
		}
		return acc, h, s
	}
	for _, tc := range []struct {
		name string
		edit func(h, s []byte) ([]byte, []byte)
	}{
		{"flipped data bit", func(h, s []byte) ([]byte, []byte) { s[3] ^= 1; return h, s }},
		{"flipped rotated trailer", func(h, s []byte) ([]byte, []byte) { h[20] ^= 1; return h, s }},
		{"other sequence number", func(h, s []byte) ([]byte, []byte) { h[15]++; return h, s }},
		{"confidentiality off", func(h, s []byte) ([]byte, []byte) { h[2] &^= 0x02; return h, s }},
		{"sent-by-acceptor set", func(h, s []byte) ([]byte, []byte) { h[2] |= 0x01; return h, s }},
		{"other RRC", func(h, s []byte) ([]byte, []byte) { binary.BigEndian.PutUint16(h[6:], 12); return h, s }},
		{"truncated", func(h, s []byte) ([]byte, []byte) { return h[:30], nil }},
		{"empty", func(h, s []byte) ([]byte, []byte) { return nil, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc, h, s := fresh()
			h, s = tc.edit(h, s)
			if got, err := acc.Unseal(h, s); !errors.Is(err, kerbauth.ErrBadWrapToken) {
				t.Fatalf("unsealed %q, err %v", got, err)
			}
		})
	}
	t.Run("replay", func(t *testing.T) {
		acc, h, s := fresh()
		if _, err := acc.Unseal(h, s); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Unseal(h, s); !errors.Is(err, kerbauth.ErrBadWrapToken) {
			t.Fatalf("replayed message: %v", err)
		}
	})
	t.Run("another context's key", func(t *testing.T) {
		acc, _, _ := fresh()
		_, h, s := fresh()
		if _, err := acc.Unseal(h, s); !errors.Is(err, kerbauth.ErrBadWrapToken) {
			t.Fatalf("another context's message: %v", err)
		}
	})
}

// TestSessionAES128 covers the other enctype Windows issues: a context key of aes128.
func TestSessionAES128(t *testing.T) {
	key, err := types.GenerateEncryptionKey(mustEtype(t, etypeID.AES128_CTS_HMAC_SHA1_96))
	if err != nil {
		t.Fatal(err)
	}
	acc, err := kerbauth.NewAcceptorSession(key, true, 7, 100)
	if err != nil {
		t.Fatal(err)
	}
	ini, err := kerbauth.NewInitiatorSession(key, true, 100, 7)
	if err != nil {
		t.Fatal(err)
	}
	h, s, err := ini.Seal([]byte("<Envelope/>"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := acc.Unseal(h, s); err != nil || string(got) != "<Envelope/>" {
		t.Fatalf("%q %v", got, err)
	}
	rc4 := types.EncryptionKey{KeyType: etypeID.RC4_HMAC, KeyValue: make([]byte, 16)}
	if _, err := kerbauth.NewAcceptorSession(rc4, false, 1, 1); err == nil {
		t.Fatal("an rc4-hmac session was made; its wrap tokens (RFC 4757) are not implemented")
	}
}

// Without mutual authentication no AP-REP goes back: the context's key is the initiator's
// subkey (or the ticket's session key) and both directions start from the initiator's sequence number (RFC 4121 4.2.6
// with no acceptor subkey).
func TestSessionWithoutMutualAuthentication(t *testing.T) {
	r := newRealm(t)
	tok, key := krb5Token(t, r.login(t), false, nil)
	raw, err := tok.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.acceptor(t, kerbauth.Config{}).Accept(raw, remote)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reply) != 0 || res.Session == nil {
		t.Fatalf("reply %d bytes, session %v", len(res.Reply), res.Session)
	}
	auth := authenticatorOf(t, tok, key)
	seq := uint64(auth.SeqNumber)
	ctxKey := auth.SubKey
	if ctxKey.KeyType == 0 { // gokrb5 sends no subkey: the ticket's session key serves
		ctxKey = key
	}
	ini, err := kerbauth.NewInitiatorSession(ctxKey, false, seq, seq)
	if err != nil {
		t.Fatal(err)
	}
	h, s, err := ini.Seal([]byte("<Envelope/>"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := res.Session.Unseal(h, s); err != nil || string(got) != "<Envelope/>" {
		t.Fatalf("%q %v", got, err)
	}
	if h, s, err = res.Session.Seal([]byte("answer")); err != nil || h[2] != 0x03 { // from acceptor, sealed
		t.Fatalf("flags %#x, %v", h[2], err)
	}
	if got, err := ini.Unseal(h, s); err != nil || string(got) != "answer" {
		t.Fatalf("%q %v", got, err)
	}
}

// A machine whose clock is an hour off refuses an authenticator made now with
// KRB_AP_ERR_SKEW, and says so in an error token (a SPNEGO reject for SPNEGO).
func TestClockOffsetRefusal(t *testing.T) {
	r := newRealm(t)
	cl := r.login(t)
	a := r.acceptor(t, kerbauth.Config{ClockOffset: time.Hour})
	_, err := a.Accept(spnegoToken(t, cl, spn), remote)
	var refusal *kerbauth.Refusal
	if !errors.As(err, &refusal) || !errors.Is(err, kerbauth.ErrRejected) || refusal.Code != errorcode.KRB_AP_ERR_SKEW {
		t.Fatalf("err = %v", err)
	}
	var st spnego.SPNEGOToken
	if err := st.Unmarshal(refusal.Reply); err != nil || st.Init || st.NegTokenResp.State() != spnego.NegStateReject {
		t.Fatalf("reply: %v", err)
	}
	var kt spnego.KRB5Token
	if err := kt.Unmarshal(st.NegTokenResp.ResponseToken); err != nil || !kt.IsKRBError() || kt.KRBError.ErrorCode != errorcode.KRB_AP_ERR_SKEW {
		t.Fatalf("error token: %v", err)
	}
	if d := time.Until(kt.KRBError.STime); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("the error's server time is %v from now, want the machine's (an hour ahead)", d)
	}
	// Within the skew, the same machine accepts.
	if _, err := r.acceptor(t, kerbauth.Config{ClockOffset: 4 * time.Minute}).Accept(spnegoToken(t, cl, spn), remote); err != nil {
		t.Fatalf("4 minutes off: %v", err)
	}
}
