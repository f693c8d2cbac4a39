package encbody

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// reverse is a stand-in sealing for the framing tests: header "H", message reversed.
func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i := range b {
		out[len(b)-1-i] = b[i]
	}
	return out
}

func unreverse(header, sealed []byte) ([]byte, error) {
	if string(header) != "H" {
		return nil, errors.New("bad header")
	}
	return reverse(sealed), nil
}

func TestFrameOpenRoundTrip(t *testing.T) {
	for _, protocol := range []string{ProtocolSPNEGO, ProtocolKerberos} {
		// The message holds the boundary itself: it must be cut by length, not by search.
		msg := []byte("<Envelope>--Encrypted Boundary--\r\n</Envelope>")
		ct, body := Frame(protocol, len(msg), []byte("H"), reverse(msg))
		if got, err := Protocol(ct); err != nil || got != protocol {
			t.Fatalf("Protocol(%q) = %q, %v", ct, got, err)
		}
		if !strings.Contains(string(body), "\tContent-Type: "+protocol+"\r\n") {
			t.Fatalf("first part does not name %s:\n%q", protocol, body)
		}
		got, err := Open(ct, body, unreverse)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("Open = %q, %v", got, err)
		}
	}
}

func TestOpenRejects(t *testing.T) {
	msg := []byte("<Envelope/>")
	ct, body := Frame(ProtocolKerberos, len(msg), []byte("H"), reverse(msg))
	for _, tc := range []struct {
		name string
		ct   string
		body []byte
		want error
	}{
		{"plain SOAP content type", "application/soap+xml;charset=UTF-8", body, ErrNotEncrypted},
		{"unknown protocol", `multipart/encrypted;protocol="application/HTTP-CredSSP-session-encrypted";boundary="Encrypted Boundary"`, body, ErrNotEncrypted},
		// The Content-Type says SPNEGO, the part says Kerberos.
		{"protocols disagree", ContentType(ProtocolSPNEGO), body, ErrMalformed},
		{"truncated", ct, body[:len(body)-30], ErrMalformed},
		{"announced length too long", ct, bytes.Replace(body, []byte("Length=11"), []byte("Length=12"), 1), ErrMalformed},
		{"announced length too short", ct, bytes.Replace(body, []byte("Length=11"), []byte("Length=10"), 1), ErrMalformed},
		{"no length", ct, bytes.Replace(body, []byte(";Length=11"), nil, 1), ErrMalformed},
		{"empty", ct, nil, ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Open(tc.ct, tc.body, unreverse)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %q, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// FuzzOpen: the reader never panics, never hands the unsealer more than the body holds, and
// what it opens is what a Frame of the same parts holds.
func FuzzOpen(f *testing.F) {
	ct, body := Frame(ProtocolSPNEGO, 4, []byte("H"), []byte("atad"))
	f.Add(ct, body)
	f.Add(ContentType(ProtocolKerberos), []byte("--Encrypted Boundary\r\n--Encrypted Boundary\r\n"))
	f.Add("multipart/x-multi-encrypted", []byte{})
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		var parts int
		got, err := Open(ct, body, func(h, s []byte) ([]byte, error) {
			parts++
			if len(h)+len(s) > len(body) {
				t.Fatalf("part of %d bytes from a body of %d", len(h)+len(s), len(body))
			}
			return unreverse(h, s)
		})
		if err != nil {
			return
		}
		protocol, perr := Protocol(ct)
		if perr != nil || parts == 0 {
			t.Fatalf("opened %q with %d parts from content type %q (%v)", got, parts, ct, perr)
		}
		if parts == 1 {
			_, again := Frame(protocol, len(got), []byte("H"), reverse(got))
			if reopened, err := Open(ContentType(protocol), again, unreverse); err != nil || !bytes.Equal(reopened, got) {
				t.Fatalf("re-framed body opens to %q, %v", reopened, err)
			}
		}
	})
}
