package winclient

import "testing"

// A UTF-8 byte order mark before the first line (reported of some hosts with code page
// 65001) neither hides the result line nor the end marker.
func TestOutputLinesTolerateABOM(t *testing.T) {
	ok := resultLine(t, map[string]any{"ok": true, "nonce": "n1", "data": map[string]any{"cluster": "C1"}})
	for _, stdout := range []string{
		utf8BOM + ok + "\r\n",
		"\xef\xbb\xbf" + ok + "\n",
		"banner\r\n" + utf8BOM + ok + "\r\n",
	} {
		env, found, err := findEnvelope(stdout, "n1")
		if !found || err != nil || !env.OK {
			t.Errorf("findEnvelope(%q): found=%v err=%v", stdout, found, err)
		}
	}
	marker := endMarker + "n1"
	cases := []struct {
		text string
		want int
	}{
		{marker + "\r\n", 0},
		{utf8BOM + marker + "\r\n", len(utf8BOM)},
		{"x" + marker + "\r\n", -1},
		{utf8BOM + "x" + marker + "\r\n", -1},
		{"out\r\n" + marker + "\n", 5},
	}
	for _, tc := range cases {
		if got := indexLine(tc.text, marker); got != tc.want {
			t.Errorf("indexLine(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}
