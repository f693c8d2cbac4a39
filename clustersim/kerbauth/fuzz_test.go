package kerbauth_test

import (
	"testing"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
)

func mustEtype(t testing.TB, id int32) etype.EType {
	t.Helper()
	et, err := crypto.GetEtype(id)
	if err != nil {
		t.Fatal(err)
	}
	return et
}

// FuzzUnseal feeds arbitrary header and sealed bytes to an acceptor's Unseal. Property:
// nothing panics, and without the key no input unseals (beyond HMAC-SHA1-96's 2^-96 chance).
func FuzzUnseal(f *testing.F) {
	key, err := types.GenerateEncryptionKey(mustEtype(f, etypeID.AES256_CTS_HMAC_SHA1_96))
	if err != nil {
		f.Fatal(err)
	}
	ini, err := kerbauth.NewInitiatorSession(key, true, 1, 1)
	if err != nil {
		f.Fatal(err)
	}
	h, s, err := ini.Seal([]byte("<Envelope/>"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h, s)
	f.Add([]byte{0x05, 0x04, 0x06, 0xff, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1}, make([]byte, 44))
	f.Add([]byte{}, []byte{})
	other, err := types.GenerateEncryptionKey(mustEtype(f, etypeID.AES256_CTS_HMAC_SHA1_96))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header, sealed []byte) {
		acc, err := kerbauth.NewAcceptorSession(other, true, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if plain, err := acc.Unseal(header, sealed); err == nil {
			t.Fatalf("fuzzed token unsealed to %q", plain)
		}
	})
}
