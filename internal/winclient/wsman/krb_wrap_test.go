package wsman

import (
	"testing"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
)

// FuzzKrbUnseal feeds arbitrary answers to the client's unsealing. Property: nothing
// panics, and no input unseals without the session's key.
func FuzzKrbUnseal(f *testing.F) {
	et, err := crypto.GetEtype(etypeID.AES256_CTS_HMAC_SHA1_96)
	if err != nil {
		f.Fatal(err)
	}
	key, err := types.GenerateEncryptionKey(et)
	if err != nil {
		f.Fatal(err)
	}
	s, err := newKrbSession(key, true, 1, 1)
	if err != nil {
		f.Fatal(err)
	}
	h, sealed, err := s.seal([]byte("<Envelope/>"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h, sealed)
	f.Add([]byte{0x05, 0x04, 0x07, 0xff, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1}, make([]byte, 60))
	f.Add([]byte{}, []byte{})
	other, err := types.GenerateEncryptionKey(et)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header, sealed []byte) {
		s, err := newKrbSession(other, true, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if plain, err := s.unseal(header, sealed); err == nil {
			t.Fatalf("fuzzed answer unsealed to %q", plain)
		}
	})
}
