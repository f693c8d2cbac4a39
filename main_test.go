package main

import (
	"context"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"
)

// providerLogOutput builds the provider's root logger the way terraform-plugin-go's tf6server
// does for the address "registry.terraform.io/exchange-tools/exchange" (level from
// TF_LOG_PROVIDER_<type>), logs one TRACE line through it and one through the "winrm"
// subsystem, and returns what reached stderr.
func providerLogOutput(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = stderr }()

	ctx := tfsdklog.NewRootProviderLogger(context.Background(),
		tfsdklog.WithLogName("exchange"), tflog.WithLevelFromEnv("TF_LOG_PROVIDER", "exchange"))
	tflog.Trace(ctx, "root line")
	ctx = tflog.NewSubsystem(ctx, "winrm", tflog.WithLevelFromEnv("TF_LOG_PROVIDER_EXCHANGE_WINRM"))
	tflog.SubsystemTrace(ctx, "winrm", "subsystem line")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestQuietLogsUnlessAsked(t *testing.T) {
	unsetAll := func() {
		for _, v := range logVariables {
			t.Setenv(v, "")
		}
	}

	unsetAll()
	quietLogsUnlessAsked()
	if os.Getenv("TF_LOG_SDK") != "OFF" {
		t.Errorf("with no log variable set: TF_LOG_SDK=%q, want OFF", os.Getenv("TF_LOG_SDK"))
	}
	if out := providerLogOutput(t); out != "" {
		t.Errorf("with no log variable set the provider's logger still writes:\n%s", out)
	}

	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_EXCHANGE", "TF_LOG_PROVIDER_EXCHANGE_WINRM"} {
		unsetAll()
		t.Setenv(v, "TRACE")
		quietLogsUnlessAsked()
		if os.Getenv("TF_LOG_SDK") != "" {
			t.Errorf("with %s=TRACE, TF_LOG_SDK = %q: the user's logs must not be turned off", v, os.Getenv("TF_LOG_SDK"))
		}
		out := providerLogOutput(t)
		for _, line := range []string{"root line", "subsystem line"} {
			if !strings.Contains(out, line) {
				t.Errorf("with %s=TRACE the provider's log lacks %q; it has:\n%s", v, line, out)
			}
		}
	}
}

func TestTuneGCUnlessSet(t *testing.T) {
	restorePercent, restoreLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(restorePercent)
		debug.SetMemoryLimit(restoreLimit)
	})
	tests := []struct {
		name, gogc, gomemlimit string
		wantPercent            int
		wantLimit              int64
	}{
		{name: "nothing set", wantPercent: gcPercent, wantLimit: gcMemoryLimit},
		{name: "GOGC set", gogc: "50", wantPercent: 100, wantLimit: math.MaxInt64},
		{name: "GOMEMLIMIT set", gomemlimit: "1GiB", wantPercent: 100, wantLimit: math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The runtime reads these variables at start only: the values below stand for
			// what it would have applied.
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			t.Setenv("GOGC", tt.gogc)
			t.Setenv("GOMEMLIMIT", tt.gomemlimit)
			tuneGCUnlessSet()
			if got := debug.SetGCPercent(100); got != tt.wantPercent {
				t.Errorf("GC percent = %d, want %d", got, tt.wantPercent)
			}
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, tt.wantLimit)
			}
		})
	}
}
