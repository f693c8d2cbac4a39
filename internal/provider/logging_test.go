package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// TestDiagnosticsMaskRememberedPasswords: should an error ever echo the password, the
// diagnostic built from it does not.
func TestDiagnosticsMaskRememberedPasswords(t *testing.T) {
	const pw = "Tr0ub4dor&3-diag"
	rememberSecret(pw)
	err := &winclient.Error{Kind: winclient.KindTransport, Op: "ListCheckpoints", Message: "echoed " + pw + " back", Err: errors.New("x")}
	d := clientErrorDiagnostic("reading the checkpoint", err)
	if strings.Contains(d.Detail(), pw) || strings.Contains(d.Summary(), pw) {
		t.Fatalf("diagnostic holds the password: %s / %s", d.Summary(), d.Detail())
	}
	if !strings.Contains(d.Detail(), "echoed *** back") {
		t.Fatalf("diagnostic lost the rest of the message: %s", d.Detail())
	}
}
