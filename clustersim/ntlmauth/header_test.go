package ntlmauth

import (
	"bytes"
	"errors"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	for _, tc := range []struct {
		value      string
		wantScheme string
		wantToken  []byte
		wantErr    bool
	}{
		{"Negotiate TlRMTVNTUAAB", "Negotiate", []byte("NTLMSSP\x00\x01"), false},
		{"negotiate TlRMTVNTUAAB", "negotiate", []byte("NTLMSSP\x00\x01"), false},
		{"NTLM TlRMTVNTUAAB", "NTLM", []byte("NTLMSSP\x00\x01"), false},
		{"  Negotiate   TlRMTVNTUAAB  ", "Negotiate", []byte("NTLMSSP\x00\x01"), false},
		{"Negotiate", "", nil, true},
		{"Negotiate !!!", "", nil, true},
		{"Basic dXNlcjpwYXNz", "", nil, true},
		{"Kerberos YIIB", "", nil, true},
		{"", "", nil, true},
	} {
		scheme, token, err := ParseAuthorization(tc.value)
		if (err != nil) != tc.wantErr || scheme != tc.wantScheme || !bytes.Equal(token, tc.wantToken) {
			t.Errorf("%q: %q %q %v", tc.value, scheme, token, err)
		}
		if err != nil && !errors.Is(err, ErrNotNegotiate) {
			t.Errorf("%q: error %v is not ErrNotNegotiate", tc.value, err)
		}
	}
}

func TestWWWAuthenticate(t *testing.T) {
	for _, tc := range []struct {
		scheme string
		reply  []byte
		want   string
	}{
		{"Negotiate", nil, "Negotiate"},
		{"negotiate", []byte("NTLMSSP\x00\x02"), "Negotiate TlRMTVNTUAAC"},
		{"ntlm", []byte("NTLMSSP\x00\x02"), "NTLM TlRMTVNTUAAC"},
	} {
		if got := WWWAuthenticate(tc.scheme, tc.reply); got != tc.want {
			t.Errorf("%q %q: %q, want %q", tc.scheme, tc.reply, got, tc.want)
		}
	}
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add("Negotiate TlRMTVNTUAAB")
	f.Add("NTLM ")
	f.Fuzz(func(t *testing.T, value string) {
		scheme, token, err := ParseAuthorization(value)
		if err == nil && (scheme == "" || token == nil) {
			t.Fatalf("%q parsed to %q %q", value, scheme, token)
		}
	})
}
