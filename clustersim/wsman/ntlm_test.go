package wsman

import (
	"context"
	"strings"
	"testing"

	"github.com/masterzen/winrm"
)

func ntlmTransport() winrm.Transporter { return &winrm.ClientNTLM{} }

func TestNTLMOverHTTPWithAllowUnencrypted(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true, Auth: []AuthScheme{AuthNegotiate}}, ListenOptions{})
	c := newClient(t, ep, testPassword, func(p *winrm.Parameters) { p.TransportDecorator = ntlmTransport })
	stdout, _, code, err := c.RunWithContextWithString(context.Background(), "echo via ntlm", "")
	if err != nil || stdout != "via ntlm\r\n" || code != 0 {
		t.Fatalf("got %q %d %v", stdout, code, err)
	}
	if got := m.ran[0].User; normalizeUser(got) != testUser {
		t.Errorf("command ran as %q", got)
	}
}

func TestNTLMWrongPasswordIs401(t *testing.T) {
	ep, m := startEndpoint(t, Config{AllowUnencrypted: true}, ListenOptions{})
	c := newClient(t, ep, "not-it", func(p *winrm.Parameters) { p.TransportDecorator = ntlmTransport })
	_, _, _, err := c.RunWithContextWithString(context.Background(), "echo x", "")
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want 401, got %v", err)
	}
	if len(m.ran) != 0 || ep.Server.Counters().Snapshot().AuthFailures == 0 {
		t.Fatal("a command ran or the failure was not counted")
	}
}

func TestNTLMWithoutEncryptionRefusedOnPlainHTTP(t *testing.T) {
	ep, m := startEndpoint(t, Config{}, ListenOptions{})
	c := newClient(t, ep, testPassword, func(p *winrm.Parameters) { p.TransportDecorator = ntlmTransport })
	_, _, _, err := c.RunWithContextWithString(context.Background(), "echo x", "")
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want 401, got %v", err)
	}
	if len(m.ran) != 0 {
		t.Fatal("a command ran")
	}
}

func TestNTLMMessageEncryptionOnPlainHTTP(t *testing.T) {
	ep, _ := startEndpoint(t, Config{}, ListenOptions{})
	c := newClient(t, ep, testPassword, func(p *winrm.Parameters) {
		p.TransportDecorator = func() winrm.Transporter {
			enc, err := winrm.NewEncryption("ntlm")
			if err != nil {
				t.Fatal(err)
			}
			return enc
		}
	})
	// RunCmdWithContext: masterzen/winrm's Encryption is not safe for the concurrent Send
	// and Receive that a run with stdin makes (it swaps its NTLM client per message).
	stdout, _, code, err := c.RunCmdWithContext(context.Background(), "big 300000")
	if err != nil || stdout != string(pattern(300000)) || code != 0 {
		t.Fatalf("got %d bytes, code %d, err %v", len(stdout), code, err)
	}
	if s := ep.Server.Counters().Snapshot(); s.Commands != 1 || s.ShellsOpen != 0 {
		t.Fatalf("counters: %+v", s)
	}
}
