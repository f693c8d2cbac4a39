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

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

const timedOutFault = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858793" Machine="ex1"><f:Message>The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`

func quotaFault(code string) string {
	return strings.NewReplacer("w:TimedOut", "w:QuotaLimit", "2150858793", code, "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.", "The WS-Management service cannot process the request. This user is allowed a maximum number of 5 concurrent shells, which has been exceeded.").Replace(timedOutFault)
}

func TestParseFault(t *testing.T) {
	f, ok := wsman.ParseFault(500, timedOutFault)
	if !ok || !f.TimedOut() || f.WSManCode != wsman.CodeTimedOut || f.Subcode != "w:TimedOut" {
		t.Fatalf("fault = %+v ok=%v", f, ok)
	}
	// masterzen/winrm keeps polling on errors that name OperationTimeout.
	if !strings.Contains(f.Error(), "OperationTimeout") {
		t.Fatal("TimedOut fault text lost OperationTimeout")
	}
	if _, ok := wsman.ParseFault(500, "<html>nope</html>"); ok {
		t.Fatal("non-fault parsed as fault")
	}
}

func FuzzParseFault(f *testing.F) {
	f.Add(timedOutFault)
	f.Add(quotaFault(wsman.CodeShellQuota))
	f.Add("<s:Envelope><s:Body><s:Fault/></s:Body></s:Envelope>")
	f.Fuzz(func(t *testing.T, body string) {
		if fl, ok := wsman.ParseFault(500, body); ok {
			_ = fl.Error()
			_ = classify("x", fl)
		}
	})
}

func TestClassify(t *testing.T) {
	q, _ := wsman.ParseFault(500, quotaFault(wsman.CodeShellQuota))
	q2, _ := wsman.ParseFault(500, quotaFault(wsman.CodeOperationsQuota))
	gone, _ := wsman.ParseFault(500, quotaFault(wsman.CodeShellNotFound))
	denied, _ := wsman.ParseFault(500, quotaFault(wsman.CodeAccessDeniedHResu))
	cases := []struct {
		name      string
		err       error
		kind      Kind
		retryable bool
		says      string
	}{
		{"401", &wsman.HTTPStatusError{Status: 401}, KindAuth, false, "username"},
		{"masterzen 401 string", errors.New("http response error: 401 - invalid content type"), KindAuth, false, "invalid content type"},
		{"masterzen fault string", fmt.Errorf("http error 500: %s", quotaFault(wsman.CodeShellQuota)), KindQuota, true, "MaxShellsPerUser"},
		{"shell quota", q, KindQuota, true, "MaxShellsPerUser"},
		{"operations quota", q2, KindQuota, true, "MaxConcurrentOperationsPerUser"},
		{"shell gone", gone, KindTransport, true, "idle timeout"},
		{"access denied", denied, KindAccessDenied, false, "administrator"},
		{"proxy page", &wsman.HTTPStatusError{Status: 502, ContentType: "text/html"}, KindTransport, false, "proxy"},
		{"http to an https listener", &wsman.HTTPStatusError{Status: 400, ContentType: "text/plain", Body: "Client sent an HTTP request to an HTTPS server."}, KindTransport, false, "https = true"},
		{"500 soap", &wsman.HTTPStatusError{Status: 500, ContentType: "application/soap+xml"}, KindTransport, true, "HTTP 500"},
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
