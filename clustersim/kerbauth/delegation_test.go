package kerbauth

import (
	"encoding/binary"
	"testing"

	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/types"
)

// gssChecksum builds RFC 4121 4.1.1's authenticator checksum: Lgth, Bnd, Flags, and when
// deleg is not nil DlgOpt 1, Dlgth and the KRB-CRED bytes.
func gssChecksum(flags uint32, deleg []byte) types.Checksum {
	b := make([]byte, 24)
	binary.LittleEndian.PutUint32(b[0:4], 16)
	binary.LittleEndian.PutUint32(b[20:24], flags)
	if deleg != nil {
		opt := make([]byte, 4)
		binary.LittleEndian.PutUint16(opt[0:2], 1)
		binary.LittleEndian.PutUint16(opt[2:4], uint16(len(deleg)))
		b = append(append(b, opt...), deleg...) //nolint:makezero // the fixed 24-byte checksum, then the delegation option (RFC 4121 4.1.1)
	}
	return types.Checksum{CksumType: 0x8003, Checksum: b}
}

func TestGSSDelegated(t *testing.T) {
	deleg := uint32(gssapi.ContextFlagDeleg)
	mutual := uint32(gssapi.ContextFlagMutual)
	cases := []struct {
		name string
		ck   types.Checksum
		want bool
	}{
		{"no flags", gssChecksum(0, nil), false},
		{"mutual only", gssChecksum(mutual, nil), false},
		{"deleg flag without a KRB-CRED", gssChecksum(deleg, nil), false},
		{"deleg flag with an empty KRB-CRED", gssChecksum(deleg, []byte{}), false},
		{"KRB-CRED without the flag", gssChecksum(mutual, []byte{0x76, 0x01}), false},
		{"forwarded TGT", gssChecksum(deleg|mutual, []byte{0x76, 0x01}), true},
		{"not a GSS checksum", types.Checksum{CksumType: 7, Checksum: gssChecksum(deleg, []byte{1}).Checksum}, false},
	}
	for _, tc := range cases {
		if got := gssDelegated(tc.ck); got != tc.want {
			t.Errorf("%s: gssDelegated = %v, want %v", tc.name, got, tc.want)
		}
	}
}
