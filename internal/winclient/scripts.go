package winclient

import (
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

//go:embed scripts/*.ps1
var scriptFiles embed.FS

// Script operations (file names under scripts/).
const (
	opSnapshot = "snapshot"
	opAdd      = "add"
	opRemove   = "remove"
	opDescribe = "describe"
)

// scriptOps are every operation, for the tests that check them all.
var scriptOps = []string{opSnapshot, opAdd, opRemove, opDescribe}

// Markers of the lines a script run prints. Each carries the run's nonce (the end marker in
// the line itself, the result inside its envelope), so output of an earlier run is never
// taken for this one.
const (
	resultMarker = "##winclient-result "
	endMarker    = "##winclient-end "
)

// script returns the full text of an operation: common.ps1 (the param block and helpers),
// the operation's file (Invoke-Operation) and main.ps1, with comment lines and indentation
// dropped to keep the request small (the scripts have no here-strings, so this is safe).
func script(op string) string {
	var b strings.Builder
	for _, name := range []string{"common", op, "main"} {
		data, err := scriptFiles.ReadFile("scripts/" + name + ".ps1")
		if err != nil {
			panic("winclient: missing embedded script " + name) // a build defect, caught by tests
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	return b.String()
}

var scriptB64 sync.Map // op -> base64 of script(op)

func scriptBase64(op string) string {
	if v, ok := scriptB64.Load(op); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	s := base64.StdEncoding.EncodeToString([]byte(script(op)))
	scriptB64.Store(op, s)
	return s
}

// ScriptRuns names the operations whose scripts text runs, in the order it runs them
// ("snapshot", "add", "remove", "describe"; OpDescribe is first contact's), text being a
// command line or what a client sent on a session's stdin. tools/replay tells by it which
// reads a recording holds, and in what order.
func ScriptRuns(text string) []string {
	type run struct {
		at int
		op string
	}
	var runs []run
	for _, op := range scriptOps {
		marker := scriptBase64(op)
		for from := 0; ; {
			i := strings.Index(text[from:], marker)
			if i < 0 {
				break
			}
			runs = append(runs, run{from + i, op})
			from += i + len(marker)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].at < runs[j].at })
	ops := make([]string, len(runs))
	for i, r := range runs {
		ops[i] = r.op
	}
	return ops
}

// OpDescribe is the operation name of first contact's script (DescribeCluster).
const OpDescribe = opDescribe

// scriptInput is the JSON document every script receives. Field names match the scripts.
type scriptInput struct {
	Cluster  string `json:"cluster"`
	Resource string `json:"resource,omitempty"`
	Key      string `json:"key,omitempty"`
	// Probe asks opDescribe for this PowerShell's facts only (describe.ps1).
	Probe bool `json:"probe,omitempty"`
}

// encodeInput is the base64 of the input's UTF-8 JSON. Base64 has no quote, so it is safe
// inside a single-quoted PowerShell literal whatever the input holds.
func encodeInput(in scriptInput) string {
	data, err := json.Marshal(in)
	if err != nil {
		panic(err) // strings always marshal
	}
	return base64.StdEncoding.EncodeToString(data)
}

func newNonce() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// invocationLine is the one line of PowerShell that runs op with its input: constant code
// and three base64/hex literals, nothing else. The finally prints the end marker even when
// the script fails to compile or throws. (Parameter names avoid the prefixes of operators
// such as -in and -ne, which trip some PowerShell grammars.)
func invocationLine(op string, in scriptInput, nonce string) string {
	s := scriptBase64(op)
	return "try { & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('" + s +
		"')))) -Payload '" + encodeInput(in) + "' -RunId '" + nonce + "' } finally { '" + endMarker + nonce + "' }"
}

// powershellCommand is the command line of a PowerShell fed over stdin, one line per run.
const powershellCommand = "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command -"
