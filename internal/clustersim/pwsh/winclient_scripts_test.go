package pwsh

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProviderScriptShape runs a script shaped like the Windows client's (a param block,
// functions, JSON input as base64, one marker line out) through a scriptblock, as the
// client drives a long-lived PowerShell.
func TestProviderScriptShape(t *testing.T) {
	dir := filepath.Join("..", "..", "winclient", "scripts")
	var parts []string
	for _, f := range []string{"common.ps1", "snapshot.ps1", "main.ps1"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Skip("the Windows client's scripts are not there:", err)
		}
		parts = append(parts, string(b))
	}
	script := strings.Join(parts, "\n")
	enc := base64.StdEncoding.EncodeToString
	line := "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('" + enc([]byte(script)) + "')))) -Payload '" + enc([]byte(`{"cluster":""}`)) + "' -RunId 'r1'"
	out, errOut, code := run(t, line, func(o *Options) { o.Cmdlets = testHostCmdlets() })
	if code != 0 || errOut != "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	const marker = "##winclient-result "
	if !strings.HasPrefix(out, marker) {
		t.Fatalf("stdout %q", out)
	}
	js, err := base64.StdEncoding.DecodeString(strings.TrimSpace(strings.TrimPrefix(out, marker)))
	if err != nil {
		t.Fatal(err)
	}
	// The scripts belong to the Windows client and change with it: check the shape only.
	if !strings.HasPrefix(string(js), `{"ok":true,"data":{"cluster":"EXCLUSTER","resources":[`) || !strings.HasSuffix(string(js), `"nonce":"r1"}`) {
		t.Errorf("envelope %s", js)
	}
}
