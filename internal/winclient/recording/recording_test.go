package recording

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestRedact(t *testing.T) {
	const secret = `p@ss'"&<w>`
	forms := secretForms(secret)
	tests := []struct{ name, in string }{
		{"plain", "a " + secret + " b"},
		{"xml-escaped", "a p@ss&#39;&#34;&amp;&lt;w&gt; b"},
		{"json-escaped", `{"k":"p@ss'\"\u0026\u003cw\u003e"}`},
		{"base64", "x " + b64(secret) + " y"},
		{"utf-16 base64", "x " + base64.StdEncoding.EncodeToString(utf16le(secret)) + " y"},
		{"in a stream", `<rsp:Stream Name="stdin">` + b64("line with "+secret) + `</rsp:Stream>`},
		{"base64 inside a stream", `<rsp:Stream Name="stdin">` + b64("-Payload '"+b64(`{"key":"SOFTWARE\\`+secret+`"}`)+"'") + `</rsp:Stream>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := redact(tt.in, forms)
			if strings.Contains(out, secret) || strings.Contains(out, b64(secret)) {
				t.Errorf("secret left: %s", out)
			}
			if out == tt.in && tt.name != "json-escaped" {
				t.Errorf("nothing redacted in %s", tt.in)
			}
		})
	}
	if got := redact("nothing secret here", forms); got != "nothing secret here" {
		t.Errorf("changed innocent text: %s", got)
	}
}

func TestWriteAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.jsonl")
	w, err := Open(path, "hunter2")
	if err != nil {
		t.Fatal(err)
	}
	e := Exchange{Time: time.Unix(1, 0).UTC(), Host: "h:5985", Action: "Send", Request: "<s:Envelope>hunter2</s:Envelope>", Response: "<x/>"}
	if err := w.Write(e); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "hunter2") || !strings.Contains(string(data), "<s:Envelope>"+Redacted) {
		t.Errorf("file: %s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	got, err := Read(strings.NewReader(string(data) + "\n"))
	if err != nil || len(got) != 1 || got[0].Action != "Send" || got[0].Host != "h:5985" {
		t.Errorf("read %+v, %v", got, err)
	}
	if _, err := Read(strings.NewReader("{not json\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"action":"Create","request":"<a/>"}` + "\n")
	f.Add("\n\n{}\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Read(strings.NewReader(s))
	})
}
