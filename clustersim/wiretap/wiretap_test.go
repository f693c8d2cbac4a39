package wiretap

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeTB records a failure instead of ending the test, so that MustBeSealed's verdicts can be
// checked both ways.
type fakeTB struct {
	testing.TB
	failed string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic(f)
}

func verdict(t *testing.T, tap *Tap, protocol string, n int) (failed string) {
	f := &fakeTB{TB: t}
	defer func() {
		if r := recover(); r != nil && r != f {
			panic(r)
		}
		failed = f.failed
	}()
	tap.MustBeSealed(f, protocol, n)
	return ""
}

func TestTapSeesWhatTravelled(t *testing.T) {
	const spnegoCT = `multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
		_, _ = w.Write([]byte("opaque"))
	}))
	defer srv.Close()
	post := func(tap *Tap, ct, body string) {
		resp, err := http.Post("http://"+tap.Addr+"/wsman", ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	target := strings.TrimPrefix(srv.URL, "http://")

	sealed := New(t, target)
	post(sealed, spnegoCT, "opaque")
	if v := verdict(t, sealed, "application/HTTP-SPNEGO-session-encrypted", 1); v != "" {
		t.Fatalf("a sealed exchange failed the check: %s", v)
	}
	if v := verdict(t, sealed, "application/HTTP-Kerberos-session-encrypted", 1); !strings.Contains(v, "want protocol") {
		t.Fatalf("another protocol passed the check: %q", v)
	}
	if v := verdict(t, sealed, "application/HTTP-SPNEGO-session-encrypted", 2); !strings.Contains(v, "want at least 2") {
		t.Fatalf("too few sealed bodies passed the check: %q", v)
	}

	plain := New(t, target)
	post(plain, "application/soap+xml;charset=UTF-8", "<s:Envelope/>")
	if v := verdict(t, plain, "application/HTTP-SPNEGO-session-encrypted", 0); !strings.Contains(v, "in clear") {
		t.Fatalf("SOAP in clear passed the check: %q", v)
	}
}
