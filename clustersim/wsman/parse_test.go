package wsman

import (
	"encoding/binary"
	"testing"
	"time"
	"unicode/utf16"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: "PT60S", want: 60 * time.Second},
		{in: "PT60.000S", want: 60 * time.Second},
		{in: "PT0.5S", want: 500 * time.Millisecond},
		{in: "PT1M30S", want: 90 * time.Second},
		{in: "P0DT0H1M0S", want: time.Minute},
		{in: "PT2H", want: 24 * time.Hour / 12},
		{in: "P1Y", bad: true},
		{in: "PT", bad: true},
		{in: "60", bad: true},
		{in: "PTT5S", bad: true},
		{in: "PT5", bad: true},
		{in: "PT1.2.3S", bad: true},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if tt.bad != (err != nil) || (!tt.bad && got != tt.want) {
			t.Errorf("parseDuration(%q) = %v, %v", tt.in, got, err)
		}
	}
	if got := formatDuration(180 * time.Second); got != "PT180.000S" {
		t.Errorf("formatDuration = %q", got)
	}
}

func TestParseUTF16Request(t *testing.T) {
	xml, id := rawReq{action: ActionDelete, headerExtra: shellSelector("ABC")}.xml()
	units := utf16.Encode([]rune(xml))
	data := []byte{0xFF, 0xFE}
	for _, u := range units {
		data = binary.LittleEndian.AppendUint16(data, u)
	}
	r, err := parseRequest(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.MessageID != id || r.Action != ActionDelete || r.Selectors["ShellId"] != "ABC" {
		t.Fatalf("%+v", r)
	}
}

func TestParseRequestFields(t *testing.T) {
	xml, _ := rawReq{action: ActionCommand, timeout: "PT7.5S", maxEnvelope: 512000,
		headerExtra: `<w:OptionSet><w:Option Name="WINRS_SKIP_CMD_SHELL">TRUE</w:Option></w:OptionSet>` + shellSelector(" S1 "),
		body:        `<rsp:CommandLine CommandId="C1"><rsp:Command><![CDATA[echo a&b<c]]></rsp:Command><rsp:Arguments>x y</rsp:Arguments><rsp:Arguments>z</rsp:Arguments></rsp:CommandLine>`,
	}.xml()
	r, err := parseRequest([]byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	if r.OperationTimeout != 7500*time.Millisecond || r.MaxEnvelopeSize != 512000 || r.Selectors["ShellId"] != "S1" ||
		r.Options["WINRS_SKIP_CMD_SHELL"] != "TRUE" || r.CommandLine == nil || r.CommandLine.Command != "echo a&b<c" ||
		r.CommandLine.CommandID != "C1" || len(r.CommandLine.Arguments) != 2 || r.CommandLine.Arguments[0] != "x y" {
		t.Fatalf("%+v %+v", r, r.CommandLine)
	}
	for _, bad := range []string{"", "<x/>", `<s:Envelope xmlns:s="` + nsSOAP + `"><s:Body/></s:Envelope>`} {
		if _, err := parseRequest([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
