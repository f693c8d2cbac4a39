package wsman

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func fuzzSeeds(f *testing.F) {
	for _, r := range []rawReq{
		{action: ActionCreate, body: `<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams></rsp:Shell>`},
		{action: ActionCommand, headerExtra: shellSelector("X"), body: `<rsp:CommandLine><rsp:Command>echo &amp; hi</rsp:Command><rsp:Arguments>a</rsp:Arguments></rsp:CommandLine>`},
		{action: ActionSend, headerExtra: shellSelector("X"), body: `<rsp:Send><rsp:Stream Name="stdin" CommandId="Y" End="true">aGk=</rsp:Stream></rsp:Send>`},
		{action: ActionReceive, timeout: "PT0.001S", headerExtra: shellSelector("X"), body: `<rsp:Receive><rsp:DesiredStream CommandId="Y">stdout stderr</rsp:DesiredStream></rsp:Receive>`},
		{action: ActionSignal, headerExtra: shellSelector("X"), body: `<rsp:Signal CommandId="Y"><rsp:Code>` + SignalTerminate + `</rsp:Code></rsp:Signal>`},
		{action: ActionDelete, headerExtra: shellSelector("X")},
		{action: "http://example/unknown"},
		{action: ActionCreate, timeout: "P1Y"},
	} {
		s, _ := r.xml()
		f.Add([]byte(s))
	}
	f.Add([]byte(""))
	f.Add([]byte("<"))
	f.Add([]byte(`<?xml version="1.0" encoding="utf-16"?><a/>`))
	f.Add([]byte(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/></s:Envelope>`))
	f.Add([]byte(strings.Repeat("<a>", 5000)))
}

// FuzzParseRequest: the parser never panics, and what it accepts has a header and a body.
func FuzzParseRequest(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var r *request
		var err error
		done := make(chan struct{})
		go func() { defer close(done); r, err = parseRequest(data) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("parseRequest hung on %d bytes: %.200q", len(data), data)
		}
		if err == nil && (r.Selectors == nil || r.Options == nil) {
			t.Fatal("accepted request without maps")
		}
	})
}

// FuzzServeHTTP: any body gets an answer Windows could give (200, a SOAP fault, 413),
// never a panic or a hang.
func FuzzServeHTTP(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte(strings.Repeat("x", 9*1024)))
	srv, err := NewServer(Config{
		Executor:          newTestMachine(),
		Users:             map[string]string{testUser: testPassword},
		AllowUnencrypted:  true,
		MaxTimeout:        5 * time.Millisecond,
		MaxEnvelopeSizeKB: 8,
		MaxShellsPerUser:  1 << 20,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = srv.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		req := httptest.NewRequest(http.MethodPost, "/wsman", strings.NewReader(string(data)))
		req.SetBasicAuth(testUser, testPassword)
		req.Header.Set("Content-Type", soapContentType)
		rec := httptest.NewRecorder()
		done := make(chan struct{})
		go func() { defer close(done); srv.ServeHTTP(rec, req) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("ServeHTTP hung")
		}
		switch rec.Code {
		case http.StatusOK:
		case http.StatusInternalServerError:
			if rec.Header().Get("Content-Type") != soapContentType || !strings.Contains(rec.Body.String(), "<s:Fault>") {
				t.Fatalf("500 without a SOAP fault: %q %s", rec.Header().Get("Content-Type"), rec.Body.String())
			}
		case http.StatusRequestEntityTooLarge:
			if len(data) <= 8*1024 {
				t.Fatalf("413 for %d bytes", len(data))
			}
		default:
			t.Fatalf("HTTP %d", rec.Code)
		}
	})
}
