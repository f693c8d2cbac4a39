package main

import (
	"os"
	"testing"
)

func TestQuietLogsUnlessAsked(t *testing.T) {
	unsetAll := func() {
		for _, v := range logVariables {
			t.Setenv(v, "")
		}
	}
	unsetAll()
	quietLogsUnlessAsked()
	if os.Getenv("TF_LOG_SDK") != "OFF" || os.Getenv("TF_LOG_PROVIDER") != "OFF" {
		t.Fatalf("with no log variable set: TF_LOG_SDK=%q TF_LOG_PROVIDER=%q, want OFF", os.Getenv("TF_LOG_SDK"), os.Getenv("TF_LOG_PROVIDER"))
	}
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_EXCHANGE_WINRM"} {
		unsetAll()
		t.Setenv(v, "TRACE")
		quietLogsUnlessAsked()
		if v != "TF_LOG_PROVIDER" && os.Getenv("TF_LOG_PROVIDER") != "" {
			t.Fatalf("with %s=TRACE, TF_LOG_PROVIDER = %q: the user's logs must not be turned off", v, os.Getenv("TF_LOG_PROVIDER"))
		}
		if os.Getenv("TF_LOG_SDK") != "" {
			t.Fatalf("with %s=TRACE, TF_LOG_SDK = %q: the user's logs must not be turned off", v, os.Getenv("TF_LOG_SDK"))
		}
	}
}
