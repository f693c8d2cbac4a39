package winclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

const timedOutFault = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858793" Machine="ex1"><f:Message>The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`

func quotaFault(code string) string {
	return strings.NewReplacer("w:TimedOut", "w:QuotaLimit", "2150858793", code, "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.", "The WS-Management service cannot process the request. This user is allowed a maximum number of 5 concurrent shells, which has been exceeded.").Replace(timedOutFault)
}

func TestParseFault(t *testing.T) {
	f, ok := parseFault(500, timedOutFault)
	if !ok || !f.timedOut() || f.Code != faultTimedOut || f.Subcode != "w:TimedOut" {
		t.Fatalf("fault = %+v ok=%v", f, ok)
	}
	// masterzen/winrm keeps polling on errors that name OperationTimeout.
	if !strings.Contains(f.Error(), "OperationTimeout") {
		t.Fatal("TimedOut fault text lost OperationTimeout")
	}
	if _, ok := parseFault(500, "<html>nope</html>"); ok {
		t.Fatal("non-fault parsed as fault")
	}
}

func FuzzParseFault(f *testing.F) {
	f.Add(timedOutFault)
	f.Add(quotaFault(faultShellQuota))
	f.Add("<s:Envelope><s:Body><s:Fault/></s:Body></s:Envelope>")
	f.Fuzz(func(t *testing.T, body string) {
		if fl, ok := parseFault(500, body); ok {
			_ = fl.Error()
			_ = classify("x", fl)
		}
	})
}

func TestClassify(t *testing.T) {
	q, _ := parseFault(500, quotaFault(faultShellQuota))
	q2, _ := parseFault(500, quotaFault(faultOperationsQuota))
	gone, _ := parseFault(500, quotaFault(faultShellNotFound))
	denied, _ := parseFault(500, quotaFault(faultAccessDeniedHResu))
	cases := []struct {
		name      string
		err       error
		kind      Kind
		retryable bool
		says      string
	}{
		{"401", &httpStatusError{Status: 401}, KindAuth, false, "username"},
		{"masterzen 401 string", errors.New("http response error: 401 - invalid content type"), KindAuth, false, "invalid content type"},
		{"masterzen fault string", fmt.Errorf("http error 500: %s", quotaFault(faultShellQuota)), KindQuota, true, "MaxShellsPerUser"},
		{"shell quota", q, KindQuota, true, "MaxShellsPerUser"},
		{"operations quota", q2, KindQuota, true, "MaxConcurrentOperationsPerUser"},
		{"shell gone", gone, KindTransport, true, "idle timeout"},
		{"access denied", denied, KindAccessDenied, false, "administrator"},
		{"proxy page", &httpStatusError{Status: 502, ContentType: "text/html"}, KindTransport, false, "proxy"},
		{"http to an https listener", &httpStatusError{Status: 400, ContentType: "text/plain", Body: "Client sent an HTTP request to an HTTPS server."}, KindTransport, false, "https = true"},
		{"500 soap", &httpStatusError{Status: 500, ContentType: "application/soap+xml"}, KindTransport, true, "HTTP 500"},
		{"refused", &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}, KindTransport, true, "winrm quickconfig"},
		{"reset", &url.Error{Op: "Post", URL: "http://x", Err: syscall.ECONNRESET}, KindTransport, true, "closed"},
		{"eof", &url.Error{Op: "Post", URL: "http://x", Err: io.EOF}, KindTransport, true, "closed"},
		{"deadline", context.DeadlineExceeded, KindTimeout, false, "timeout"},
		{"session lost", fmt.Errorf("%w: gone", errSessionLost), KindTransport, true, "session"},
		{"script kind kept", &Error{Kind: KindResourceNotFound, Message: "m"}, KindResourceNotFound, false, "m"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := classify("Op", tc.err)
			if e.Kind != tc.kind || retryable(e) != tc.retryable || !strings.Contains(e.Error(), tc.says) {
				t.Fatalf("classify = %v (kind %s, retryable %v)", e, e.Kind, retryable(e))
			}
			if e.Op != "Op" {
				t.Fatalf("op = %q", e.Op)
			}
		})
	}
}

func TestBackoffIsBounded(t *testing.T) {
	total := time.Duration(0)
	for i := 0; i < maxAttempts; i++ {
		d := backoff(i)
		if d <= 0 || d > 4*time.Second {
			t.Fatalf("backoff(%d) = %s", i, d)
		}
		total += d
	}
	if total > DefaultTimeout {
		t.Fatalf("the backoffs alone (%s) exceed the default timeout", total)
	}
	if backoff(1) <= backoff(0) {
		t.Fatal("backoff does not grow")
	}
}

func TestSplitAccount(t *testing.T) {
	for in, want := range map[string][2]string{`CORP\admin`: {"admin", "CORP"}, "admin@corp.example.com": {"admin", "corp.example.com"}, "admin": {"admin", ""}} {
		u, d := splitAccount(in)
		if u != want[0] || d != want[1] {
			t.Errorf("splitAccount(%q) = %q, %q", in, u, d)
		}
	}
}
