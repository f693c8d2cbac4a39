package replay

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

func TestNewRefusesARecordingWithoutShells(t *testing.T) {
	if _, err := New([]recording.Exchange{{Action: "Receive", Request: "<x/>", Response: "<y/>"}}); err == nil {
		t.Fatal("a recording with no Create was accepted")
	}
}

func TestRunIDsAreMappedInsideBase64(t *testing.T) {
	ids := map[string]string{}
	mapRunIDs(ids, "x -RunId 'aaaaaaaaaaaaaaaaaaaaaaaa' y", "x -RunId 'bbbbbbbbbbbbbbbbbbbbbbbb' y")
	inner := `{"nonce":"aaaaaaaaaaaaaaaaaaaaaaaa"}`
	out := replaceIDs("##result "+b64(inner)+"\r\n##end aaaaaaaaaaaaaaaaaaaaaaaa\r\n", ids)
	if strings.Contains(out, "aaaa") || !strings.Contains(out, "##end bbbbbbbbbbbbbbbbbbbbbbbb") ||
		!strings.Contains(out, b64(`{"nonce":"bbbbbbbbbbbbbbbbbbbbbbbb"}`)) {
		t.Errorf("mapped: %q", out)
	}
	if shape("a aaaaaaaaaaaaaaaaaaaaaaaa b") != shape("a bbbbbbbbbbbbbbbbbbbbbbbb b") {
		t.Error("run ids are part of the shape")
	}
}

func b64(s string) string {
	return base64.StdEncoding.EncodeToString([]byte(s))
}
