package winclient

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScriptsAssemble(t *testing.T) {
	for _, op := range []string{opSnapshot, opAdd, opRemove} {
		s := script(op)
		if !strings.HasPrefix(s, "param([string]$Payload, [string]$RunId)\n") {
			t.Errorf("%s: does not start with the param block", op)
		}
		for _, must := range []string{"$ErrorActionPreference = 'Stop'", "$ProgressPreference = 'SilentlyContinue'", "function Invoke-Operation", "Write-Envelope $result", "-Depth 10"} {
			if !strings.Contains(s, must) {
				t.Errorf("%s: lacks %q", op, must)
			}
		}
		if strings.Contains(s, "\n#") {
			t.Errorf("%s: comment lines were not dropped", op)
		}
	}
	if !strings.Contains(script(opRemove), "-Force") {
		t.Error("remove does not pass -Force")
	}
}

var reLine = regexp.MustCompile(`^try \{ & \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('[A-Za-z0-9+/=]+'\)\)\)\) -Payload '[A-Za-z0-9+/=]+' -RunId '[0-9a-f]+' \} finally \{ '##winclient-end [0-9a-f]+' \}$`)

// Whatever the input, the line is constant code plus base64 and hex literals, and the
// input decodes back byte for byte.
func TestInvocationLineCarriesInputAsData(t *testing.T) {
	for _, s := range append(hostileStrings(), "", "plain") {
		in := scriptInput{Cluster: s, Resource: s, Key: s}
		checkInvocation(t, in)
	}
}

func checkInvocation(t *testing.T, in scriptInput) {
	t.Helper()
	nonce := newNonce()
	line := invocationLine(opAdd, in, nonce)
	if !reLine.MatchString(line) {
		t.Fatalf("line is not constant code plus literals: %.200q", line)
	}
	m := regexp.MustCompile(`-Payload '([^']*)'`).FindStringSubmatch(line)
	raw, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	var back scriptInput
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if utf8.ValidString(in.Cluster+in.Resource+in.Key) && back != in {
		t.Fatalf("round trip: %+v -> %+v", in, back)
	}
}

func FuzzInvocationLine(f *testing.F) {
	for _, s := range hostileStrings() {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, resource, key string) {
		checkInvocation(t, scriptInput{Resource: resource, Key: key})
	})
}

// ScriptRuns names the scripts a text runs in the order it runs them, also when a run
// spans what was sent in pieces, and nothing for text that runs none.
func TestScriptRunsNamesTheRunsInOrder(t *testing.T) {
	lines := invocationLine(opDescribe, scriptInput{Probe: true}, newNonce()) + "\r\n" +
		invocationLine(opSnapshot, scriptInput{}, newNonce()) + "\r\n" +
		invocationLine(opDescribe, scriptInput{Cluster: "EXCLUSTER"}, newNonce()) + "\r\n"
	if got := ScriptRuns(lines); strings.Join(got, ",") != "describe,snapshot,describe" {
		t.Errorf("ScriptRuns = %v", got)
	}
	if got := ScriptRuns("Get-ClusterResource | Out-String"); len(got) != 0 {
		t.Errorf("ScriptRuns of a text that runs no script = %v", got)
	}
}
