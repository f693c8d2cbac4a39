package simtest

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The password appears in no log line (TRACE) and no error, whatever the auth method and
// whether it is right or wrong.
func TestSimPasswordNeverLeaks(t *testing.T) {
	var logs syncBuffer
	logger := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: &logs})
	var errs []string
	for _, https := range []bool{false, true} {
		s := startSim(t, func(o *clustersim.Options) { o.HTTPS = https; o.AllowUnencrypted = false })
		for _, auth := range []string{winclient.AuthNTLM, winclient.AuthBasic} {
			for _, pw := range []string{password, "Wrong" + password} {
				cfg := configFor(t, s)
				cfg.HTTPS, cfg.Auth, cfg.Password, cfg.Logger = https, auth, pw, logger
				cfg.NTLMWithoutEncryption = false
				if https {
					cfg.CACert = s.CACertPEM()
				}
				c := newClient(t, cfg)
				if _, err := c.ListCheckpoints(context.Background(), "", sa); err != nil {
					errs = append(errs, err.Error())
				}
				if err := c.AddCheckpoint(context.Background(), "", sa, bkKey); err != nil {
					errs = append(errs, err.Error())
				}
				_ = c.Close()
			}
		}
	}
	out := logs.String()
	if !strings.Contains(out, "winrm request") || (!overWMI() && !strings.Contains(out, "script run")) {
		t.Fatalf("the log shows no WinRM operations:\n%.2000s", out)
	}
	if len(errs) == 0 {
		t.Fatal("no failure was seen: the wrong passwords were not exercised")
	}
	for _, text := range append(errs, out) {
		if strings.Contains(text, password) {
			t.Fatalf("the password leaked:\n%.2000s", text)
		}
	}
}
