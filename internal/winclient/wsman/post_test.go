package wsman

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// newTestClient is a Basic client of srv, logging into log.
func newTestClient(t *testing.T, srv *httptest.Server, log *bytes.Buffer) *Client {
	t.Helper()
	host, port, err := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	c, err := New(Config{Host: host, Port: p, Auth: AuthBasic, Username: "admin", Password: "Pa55-secret", MaxIdleConns: 2},
		hclog.New(&hclog.LoggerOptions{Output: log, Level: hclog.Trace}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Once the server has refused the credentials, Post sends nothing more and says why; every
// request before that is counted under its action and logged once, without the password.
func TestPostLatchesARefusal(t *testing.T) {
	var seen atomic.Int64
	refuse := atomic.Bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		if refuse.Load() {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", soapContentType)
		_, _ = w.Write([]byte("<s:Envelope/>"))
	}))
	defer srv.Close()
	var log bytes.Buffer
	c := newTestClient(t, srv, &log)
	ctx := context.Background()
	if out, err := c.Post(ctx, "Enumerate", "MSCluster_Resource", "<x/>"); err != nil || out != "<s:Envelope/>" {
		t.Fatalf("Post = %q, %v", out, err)
	}
	refuse.Store(true)
	_, first := c.Post(ctx, "Pull", "MSCluster_Resource", "<x/>")
	var hs *HTTPStatusError
	if !errors.As(first, &hs) || hs.Status != 401 || !Refused(first) {
		t.Fatalf("the refusal = %v, want HTTP 401", first)
	}
	_, again := c.Post(ctx, "Pull", "MSCluster_Resource", "<x/>")
	var re *RefusedError
	if !errors.As(again, &re) || !errors.As(again, &hs) || hs.Status != 401 {
		t.Fatalf("after a refusal = %v, want the RefusedError of the 401", again)
	}
	if n := seen.Load(); n != 2 {
		t.Errorf("the server saw %d requests, want 2: the latched one must not be sent", n)
	}
	st := c.Stats()
	if st.HTTPRequests != 2 || st.Requests["Enumerate"] != 1 || st.Requests["Pull"] != 1 {
		t.Errorf("stats = %+v, want 2 HTTP requests, 1 Enumerate and 1 Pull sent", st)
	}
	text := log.String()
	if strings.Count(text, "winrm request") != 2 || strings.Contains(text, "Pa55-secret") {
		t.Errorf("want one line per request sent and no password, got:\n%s", text)
	}
}

// A fault gives its SOAP code, subcode, WSManFault code, reason and raw detail.
func TestParseFaultParts(t *testing.T) {
	body := `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">` +
		`<s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:InternalError</s:Value></s:Subcode></s:Code>` +
		`<s:Reason><s:Text xml:lang="en-US">reason text</s:Text></s:Reason>` +
		`<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858778" Machine="n"><f:Message>the message</f:Message></f:WSManFault></s:Detail>` +
		`</s:Fault></s:Body></s:Envelope>`
	f, ok := ParseFault(500, body)
	if !ok {
		t.Fatal("no fault read")
	}
	if f.Code != "s:Receiver" || f.Subcode != "w:InternalError" || f.WSManCode != "2150858778" || f.Reason != "the message" ||
		!strings.Contains(f.Detail, `Code="2150858778"`) || f.Raw != body || f.Status != 500 {
		t.Fatalf("fault = %+v", f)
	}
	if got := f.Error(); got != "WinRM fault w:InternalError (code 2150858778): the message" {
		t.Fatalf("Error() = %q", got)
	}
}
