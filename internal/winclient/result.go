package winclient

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// envelope is what every script prints (base64 of this JSON after resultMarker).
type envelope struct {
	OK      bool            `json:"ok"`
	Kind    string          `json:"kind"`
	Message string          `json:"message"`
	Nonce   string          `json:"nonce"`
	Data    json.RawMessage `json:"data"`
}

// utf8BOM is U+FEFF as UTF-8: some hosts are reported to begin output with it when the code
// page is 65001 (pywinrm#111, ansible/ansible#14077); it is skipped where lines are read.
const utf8BOM = "\ufeff"

// knownKinds are the kinds a script may report; anything else is a windows_error.
var knownKinds = map[Kind]bool{
	KindClusterNotFound: true, KindResourceNotFound: true, KindCheckpointNotFound: true,
	KindAlreadyExists: true, KindAccessDenied: true, KindInvalidArgument: true, KindWindows: true,
	KindModuleMissing: true, KindOtherCluster: true, KindPowerShellTooOld: true,
}

// findEnvelope scans a run's stdout for the result line carrying nonce. found is false when
// the script printed none (it failed before reaching main.ps1); err reports a line that is
// there but does not decode. A result line the console host wrapped (Windows PowerShell 2.0
// breaks output every 80 columns over WinRM: diyan/pywinrm#216) is joined again with the
// lines of base64 that follow it.
func findEnvelope(stdout, nonce string) (env *envelope, found bool, err error) {
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	var lines []string
	for sc.Scan() {
		// A UTF-8 byte order mark may begin a process's output (domain.md section 7, RISK).
		lines = append(lines, strings.TrimPrefix(strings.TrimRight(sc.Text(), "\r"), utf8BOM))
	}
	for i, line := range lines {
		rest, ok := strings.CutPrefix(line, resultMarker)
		if !ok {
			continue
		}
		e, derr := decodeEnvelope(rest)
		for j := i + 1; derr != nil && j < len(lines) && isBase64Text(lines[j]); j++ {
			rest += lines[j]
			e, derr = decodeEnvelope(rest)
		}
		if derr != nil {
			err = derr
			continue
		}
		if e.Nonce != nonce {
			continue // output of an earlier run
		}
		return e, true, nil
	}
	return nil, false, err
}

// isBase64Text reports whether s is a non-empty run of standard base64 characters: the rest
// of a wrapped result line.
func isBase64Text(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '+', r == '/', r == '=':
		default:
			return false
		}
	}
	return s != ""
}

// decodeEnvelope decodes the base64 JSON after the marker.
func decodeEnvelope(b64 string) (*envelope, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, fmt.Errorf("result line is not base64: %w", err)
	}
	var e envelope
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("result is not a JSON envelope: %w", err)
	}
	return &e, nil
}

// asError turns a failure envelope into a *Error.
func (e *envelope) asError(op string) *Error {
	k := Kind(e.Kind)
	if !knownKinds[k] {
		k = KindWindows
	}
	msg := strings.TrimSpace(e.Message)
	if msg == "" {
		msg = "the script failed without a message (kind " + e.Kind + ")"
	}
	if k == KindPowerShellTooOld {
		// The script sends only the version: the advice is the client's.
		msg = "Windows PowerShell " + msg + " on the host is older than 3.0, which the provider's scripts need (ConvertTo-Json, ConvertFrom-Json): " +
			"install Windows Management Framework 3.0 or later (5.1 recommended) on every node, or set transport = \"wmi\", which starts no PowerShell"
	}
	return &Error{Kind: k, Op: op, Message: msg}
}

// stringList accepts a JSON array of strings, a single string (Windows PowerShell 5.1
// unrolls one-element arrays in some paths) or null.
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = stringList{one}
		return nil
	}
	var many []*string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	out := make(stringList, 0, len(many))
	for _, v := range many {
		if v != nil {
			out = append(out, *v)
		}
	}
	*s = out
	return nil
}

// resourceRow is one resource in a snapshot or write answer.
type resourceRow struct {
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	State       stateValue `json:"state"`
	OwnerGroup  string     `json:"ownerGroup"`
	OwnerNode   string     `json:"ownerNode"`
	Checkpoints stringList `json:"checkpoints"`

	// ids indexes Checkpoints by regkey.StoredIdentity, names as stored (the first of names
	// equal up to case wins; a stored HKLM\SOFTWARE\X is not the key SOFTWARE\X): built when a snapshot is taken or patched, so that a plan of n
	// checkpoints looks each up in constant time rather than comparing against all n.
	ids map[string]string
	// idCount counts the names of each identity, so that a patch knows without looking
	// through the list whether another spelling of a removed key remains.
	idCount map[string]int
}

// indexCheckpoints indexes the checkpoints of every row.
func (d *clusterData) indexCheckpoints() {
	for i := range d.Resources {
		d.Resources[i].indexCheckpoints()
	}
}

// indexCheckpoints builds the row's ids. Names a key could not normalise to (a hive prefix,
// a trailing backslash) are indexed too but no lookup by regkey.Identity reaches them.
func (r *resourceRow) indexCheckpoints() {
	r.ids = make(map[string]string, len(r.Checkpoints))
	r.idCount = make(map[string]int, len(r.Checkpoints))
	for _, cp := range r.Checkpoints {
		id := regkey.StoredIdentity(cp)
		r.idCount[id]++
		if _, taken := r.ids[id]; !taken {
			r.ids[id] = cp
		}
	}
}

type rowList []resourceRow

// UnmarshalJSON accepts an array or a single object (5.1 unrolling).
func (r *rowList) UnmarshalJSON(b []byte) error { return unmarshalOneOrMany(b, (*[]resourceRow)(r)) }

type nodeList []nodeRow

// UnmarshalJSON accepts an array or a single object (5.1 unrolling).
func (n *nodeList) UnmarshalJSON(b []byte) error { return unmarshalOneOrMany(b, (*[]nodeRow)(n)) }

// unmarshalOneOrMany decodes a JSON array into out, or a single object as a one-element
// slice: Windows PowerShell 5.1's ConvertTo-Json writes a one-element array that went
// through a pipeline as the element alone.
func unmarshalOneOrMany[T any](b []byte, out *[]T) error {
	if len(b) > 0 && b[0] == '{' {
		var one T
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*out = []T{one}
		return nil
	}
	var many []T
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*out = many
	return nil
}

// clusterData is the data of resolve, snapshot, add and remove.
type clusterData struct {
	Cluster   string  `json:"cluster"`
	Resources rowList `json:"resources"`
	// Facts is opDescribe's answer (nil for the other operations).
	Facts *clusterFacts `json:"facts,omitempty"`
}

// clusterFacts is what describe.ps1 (or the WMI transport) found on first contact.
type clusterFacts struct {
	Node           string   `json:"node"`
	PSVersion      string   `json:"psVersion"`
	Module         bool     `json:"module"`
	Domain         string   `json:"domain"`
	Nodes          nodeList `json:"nodes"`
	CoreGroupOwner string   `json:"coreGroupOwner"`
	// transport is the path that read them (set by the client, not sent by scripts).
	transport string
}

// nodeRow is one node in clusterFacts.
type nodeRow struct {
	Name  string `json:"name"`
	State string `json:"state"`
}

// stateValue is a ClusterResourceState as a name, whether the script sent the name or
// (ConvertTo-Json of the enum in 5.1) the number.
type stateValue string

// clusterResourceStates maps the enum's numbers to names (domain.md section 2).
var clusterResourceStates = map[int]string{
	-1: "Unknown", 0: "Inherited", 1: "Initializing", 2: "Online", 3: "Offline", 4: "Failed",
	128: "Pending", 129: "OnlinePending", 130: "OfflinePending",
}

func (s *stateValue) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err == nil {
		*s = stateValue(name)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("state is neither a name nor a number: %s", b)
	}
	if v, ok := clusterResourceStates[n]; ok {
		*s = stateValue(v)
	} else {
		*s = stateValue(fmt.Sprint(n))
	}
	return nil
}
