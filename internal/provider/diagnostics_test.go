package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// TestClientErrorDiagnosticInterrupt: the client reports a cancelled operation with the
// timeout's kind; Terraform's interrupt must not read as a timeout to raise.
func TestClientErrorDiagnosticInterrupt(t *testing.T) {
	err := &winclient.Error{Kind: winclient.KindTimeout, Op: "ListCheckpoints", Message: "the operation was cancelled", Err: context.Canceled}
	d := clientErrorDiagnostic("reading the checkpoints", err)
	if !strings.HasPrefix(d.Summary(), "Interrupted") || strings.Contains(d.Detail(), "raise") {
		t.Fatalf("%s: %s", d.Summary(), d.Detail())
	}
	timedOut := &winclient.Error{Kind: winclient.KindTimeout, Op: "ListCheckpoints", Message: "no answer", Err: context.DeadlineExceeded}
	if d := clientErrorDiagnostic("reading the checkpoints", timedOut); !strings.Contains(d.Summary(), "timed out") {
		t.Fatalf("a timeout reads as %q", d.Summary())
	}
}

// TestClientErrorDiagnosticProxy: with a proxy in the environment, an authentication or
// connection failure says how a forward proxy breaks NTLM and what to do.
func TestClientErrorDiagnosticProxy(t *testing.T) {
	for _, name := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"} {
		t.Setenv(name, "")
	}
	auth := &winclient.Error{Kind: winclient.KindAuth, Message: "HTTP 401"}
	if d := clientErrorDiagnostic("reading", auth); strings.Contains(d.Detail(), "proxy") && strings.Contains(d.Detail(), "NO_PROXY") {
		t.Fatalf("proxy advice without a proxy: %s", d.Detail())
	}
	t.Setenv("HTTP_PROXY", "http://proxy.corp.example.com:3128")
	for _, err := range []error{auth, &winclient.Error{Kind: winclient.KindTransport, Message: "reset"}} {
		d := clientErrorDiagnostic("reading", err)
		if !strings.Contains(d.Detail(), "HTTP_PROXY") || !strings.Contains(d.Detail(), "NO_PROXY") || !strings.Contains(d.Detail(), "https = true") {
			t.Fatalf("%v: no proxy advice: %s", err, d.Detail())
		}
	}
	if d := clientErrorDiagnostic("reading", fmt.Errorf("x: %w", &winclient.Error{Kind: winclient.KindAccessDenied})); strings.Contains(d.Detail(), "HTTP_PROXY") {
		t.Fatalf("proxy advice for access denied: %s", d.Detail())
	}
}
