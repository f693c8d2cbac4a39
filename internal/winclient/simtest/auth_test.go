package simtest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// Every way to authenticate that the simulator serves, end to end through the real scripts.
func TestSimAuthMethods(t *testing.T) {
	cases := []struct {
		name  string
		sim   func(*clustersim.Options)
		tweak func(*winclient.Config, *clustersim.Sim)
		want  winclient.Kind
	}{
		{name: "ntlm over http with message encryption, AllowUnencrypted=false",
			sim:   func(o *clustersim.Options) { o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, _ *clustersim.Sim) { c.NTLMWithoutEncryption = false }},
		{name: "ntlm over http without encryption, AllowUnencrypted=true",
			tweak: func(c *winclient.Config, _ *clustersim.Sim) {}},
		{name: "ntlm over https",
			sim: func(o *clustersim.Options) { o.HTTPS = true; o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, s *clustersim.Sim) {
				c.HTTPS, c.CACert, c.NTLMWithoutEncryption = true, s.CACertPEM(), false
			}},
		{name: "basic over https",
			sim: func(o *clustersim.Options) { o.HTTPS = true; o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, s *clustersim.Sim) {
				c.HTTPS, c.CACert, c.Auth = true, s.CACertPEM(), winclient.AuthBasic
			}},
		{name: "basic over http is refused when AllowUnencrypted=false",
			sim:   func(o *clustersim.Options) { o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, _ *clustersim.Sim) { c.Auth = winclient.AuthBasic },
			want:  winclient.KindAuth},
		{name: "unencrypted ntlm over http is refused when AllowUnencrypted=false",
			sim:   func(o *clustersim.Options) { o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, _ *clustersim.Sim) {},
			want:  winclient.KindAuth},
		{name: "wrong password with encryption",
			sim: func(o *clustersim.Options) { o.AllowUnencrypted = false },
			tweak: func(c *winclient.Config, _ *clustersim.Sim) {
				c.NTLMWithoutEncryption, c.Password = false, "wrong"
			},
			want: winclient.KindAuth},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startSim(t, tc.sim)
			cfg := configFor(t, s)
			tc.tweak(&cfg, s)
			c := newClient(t, cfg)
			err := c.AddCheckpoint(context.Background(), "", sa, bkKey)
			if tc.want != "" {
				var e *winclient.Error
				if !errors.As(err, &e) || e.Kind != tc.want {
					t.Fatalf("err = %v, want %s", err, tc.want)
				}
				return
			}
			must(t, "AddCheckpoint", err)
			cps, err := c.ListCheckpoints(context.Background(), "", sa)
			must(t, "ListCheckpoints", err)
			if len(cps) != 1 || len(modelKeys(t, s)) != 1 {
				t.Fatalf("checkpoints = %q", cps)
			}
		})
	}
}

// The scheme does not match the listener: the error says which setting to change.
func TestSimSchemeMismatch(t *testing.T) {
	httpsSim := startSim(t, func(o *clustersim.Options) { o.HTTPS = true })
	cfg := configFor(t, httpsSim) // https = false against an HTTPS listener
	_, err := newClient(t, cfg).ClusterName(context.Background(), "")
	if !errors.Is(err, winclient.ErrTransport) || !strings.Contains(err.Error(), "https = true") {
		t.Fatalf("plain HTTP to an HTTPS listener: %v", err)
	}
	httpSim := startSim(t, nil)
	cfg = configFor(t, httpSim)
	cfg.HTTPS, cfg.Insecure = true, true
	_, err = newClient(t, cfg).ClusterName(context.Background(), "")
	if !errors.Is(err, winclient.ErrTransport) || !strings.Contains(err.Error(), "https = false") {
		t.Fatalf("HTTPS to a plain HTTP listener: %v", err)
	}
}
