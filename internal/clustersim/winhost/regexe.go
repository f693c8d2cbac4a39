package winhost

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/cluster"
)

// reg.exe: QUERY, ADD and DELETE on HKEY_LOCAL_MACHINE. Output layout as Windows prints it
// (the layout Wine's reg.exe tests check on Windows: a leading blank line, the key's path
// only when it has values, four-space separated columns, subkeys as full paths).

type regArgs struct {
	op        string
	key       string // relative to HKLM
	keyName   string // as printed: HKEY_LOCAL_MACHINE\...
	value     *string
	valueAll  bool // /va
	recurse   bool // /s (query)
	typ       string
	typSet    bool
	data      string
	dataSet   bool
	separator string
	force     bool
}

func (n *Node) regExe(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(argv) < 2 {
		fmt.Fprint(stderr, regInvalidSyntax(""))
		return 1
	}
	op := strings.ToUpper(argv[1])
	switch op {
	case "QUERY", "ADD", "DELETE":
	default:
		fmt.Fprint(stderr, regInvalidSyntax(""))
		return 1
	}
	a, msg := parseRegArgs(op, argv[2:])
	if msg != "" {
		fmt.Fprint(stderr, msg)
		return 1
	}
	switch op {
	case "QUERY":
		return n.regQuery(a, stdout, stderr)
	case "ADD":
		return n.regAdd(a, stdin, stdout, stderr)
	default:
		return n.regDelete(a, stdin, stdout, stderr)
	}
}

// parseRegArgs reads the key and the options; msg is the error to print when they are wrong.
func parseRegArgs(op string, args []string) (regArgs, string) {
	a := regArgs{op: op, separator: `\0`}
	if len(args) == 0 {
		return a, regInvalidSyntax(op)
	}
	key, ok := parseRegKeyName(args[0])
	if !ok {
		return a, regInvalidKey(op)
	}
	if strings.HasPrefix(args[0], `\\`) {
		return a, regOnlyLocal
	}
	a.key, a.keyName = key, nativeName(key)
	seen := map[string]bool{}
	for i := 1; i < len(args); i++ {
		opt := strings.ToLower(args[i])
		if !strings.HasPrefix(opt, "/") && !strings.HasPrefix(opt, "-") {
			return a, regInvalidSyntax(op)
		}
		opt = opt[1:]
		if seen[opt] {
			return a, regInvalidSyntax(op)
		}
		seen[opt] = true
		next := func() (string, bool) {
			if i+1 >= len(args) {
				return "", false
			}
			i++
			return args[i], true
		}
		var ok bool
		switch {
		case opt == "v":
			var v string
			if v, ok = next(); !ok {
				return a, regInvalidSyntax(op)
			}
			a.value = &v
		case opt == "ve":
			empty := ""
			a.value = &empty
		case opt == "va" && op == "DELETE":
			a.valueAll = true
		case opt == "s" && op == "QUERY":
			a.recurse = true
		case opt == "s" && op == "ADD":
			if a.separator, ok = next(); !ok || len(a.separator) != 1 {
				return a, regInvalidSyntax(op)
			}
		case opt == "t" && op != "DELETE":
			if a.typ, ok = next(); !ok {
				return a, regInvalidSyntax(op)
			}
			a.typSet = true
		case opt == "d" && op == "ADD":
			if a.data, ok = next(); !ok {
				return a, regInvalidSyntax(op)
			}
			a.dataSet = true
		case opt == "f" && op != "QUERY":
			a.force = true
		case opt == "reg:32" || opt == "reg:64":
			// One registry view in the model.
		case op == "QUERY" && (opt == "f" || opt == "k" || opt == "d" || opt == "c" || opt == "e" || opt == "z" || opt == "se"):
			return a, regNotModelled(opt)
		default:
			return a, regInvalidSyntax(op)
		}
	}
	if (seen["v"] && seen["ve"]) || (seen["va"] && (seen["v"] || seen["ve"])) {
		return a, regInvalidSyntax(op)
	}
	return a, ""
}

// parseRegKeyName accepts HKLM[\path] and HKEY_LOCAL_MACHINE[\path], optionally after
// \\computer\ ; other hives are not modelled.
func parseRegKeyName(s string) (string, bool) {
	if strings.HasPrefix(s, `\\`) {
		rest := s[2:]
		i := strings.IndexByte(rest, '\\')
		if i < 0 {
			return "", false
		}
		s = rest[i+1:]
	}
	for _, root := range []string{"HKEY_LOCAL_MACHINE", "HKLM"} {
		if hasPrefixFold(s, root) && (len(s) == len(root) || s[len(root)] == '\\') {
			return cleanKey(s[len(root):]), true
		}
	}
	return "", false
}

func (n *Node) regQuery(a regArgs, stdout, stderr io.Writer) int {
	tree, err := n.registry().Tree(a.key)
	if err != nil {
		fmt.Fprint(stderr, regNotFound)
		return 1
	}
	var b strings.Builder
	b.WriteString("\r\n")
	if a.value != nil {
		matches := 0
		n.regQueryValue(&b, a.keyName, tree, *a.value, a.recurse, &matches)
		if matches == 0 {
			fmt.Fprint(stderr, regNotFound)
			return 1
		}
		if a.recurse {
			fmt.Fprintf(&b, regMatchesFound, matches)
		}
		io.WriteString(stdout, b.String())
		return 0
	}
	n.regQueryKey(&b, a.keyName, tree, a.recurse, false)
	io.WriteString(stdout, b.String())
	return 0
}

func (n *Node) regQueryKey(b *strings.Builder, name string, k *cluster.Key, recurse, recursing bool) {
	if len(k.Values) > 0 || recursing {
		b.WriteString(name + "\r\n")
		for _, v := range k.Values {
			b.WriteString(regValueLine(v))
		}
		b.WriteString("\r\n")
	}
	for _, sub := range sortedKeys(k.Subkeys) {
		if recurse {
			n.regQueryKey(b, name+`\`+sub.Name, sub, true, true)
		} else {
			b.WriteString(name + `\` + sub.Name + "\r\n")
		}
	}
}

func (n *Node) regQueryValue(b *strings.Builder, name string, k *cluster.Key, value string, recurse bool, matches *int) {
	for _, v := range k.Values {
		if strings.EqualFold(v.Name, value) {
			b.WriteString(name + "\r\n" + regValueLine(v) + "\r\n")
			*matches++
		}
	}
	if value == "" && !recurse && *matches == 0 {
		// /ve on a key without a default value shows it as not set.
		b.WriteString(name + "\r\n    " + regDefaultName + "    REG_SZ    " + regValueNotSet + "\r\n\r\n")
		*matches++
	}
	if recurse {
		for _, sub := range sortedKeys(k.Subkeys) {
			n.regQueryValue(b, name+`\`+sub.Name, sub, value, true, matches)
		}
	}
}

// regValueLine is "    name    TYPE    data\r\n".
func regValueLine(v cluster.Value) string {
	name := v.Name
	if name == "" {
		name = regDefaultName
	}
	return "    " + name + "    " + v.Type.String() + "    " + regData(v) + "\r\n"
}

func regData(v cluster.Value) string {
	switch v.Type {
	case cluster.RegSZ, cluster.RegExpandSZ:
		return v.String
	case cluster.RegDword, cluster.RegQword:
		return "0x" + strconv.FormatUint(v.Number, 16)
	case cluster.RegMultiSZ:
		return strings.Join(v.Strings, `\0`)
	default:
		return strings.ToUpper(hex.EncodeToString(v.Bytes))
	}
}

func (n *Node) regAdd(a regArgs, stdin io.Reader, stdout, stderr io.Writer) int {
	reg := n.registry()
	if a.value == nil && !a.typSet && !a.dataSet {
		if _, err := reg.CreateKey(a.key); err != nil {
			fmt.Fprint(stderr, regGeneralFailure)
			return 1
		}
		fmt.Fprint(stdout, regSuccess)
		return 0
	}
	valueName := ""
	if a.value != nil {
		valueName = *a.value
	}
	typ := cluster.RegSZ
	if a.typSet {
		t, ok := cluster.ParseValueType(a.typ)
		if !ok || t == cluster.RegNone && !strings.EqualFold(a.typ, "REG_NONE") {
			fmt.Fprint(stderr, regInvalidSyntax("ADD"))
			return 1
		}
		typ = t
	}
	v, msg := regParseData(valueName, typ, a.data, a.separator)
	if msg != "" {
		fmt.Fprint(stderr, msg)
		return 1
	}
	if _, err := reg.GetValue(a.key, valueName); err == nil && !a.force {
		shown := valueName
		if shown == "" {
			shown = regDefaultName
		}
		if !regConfirm(stdin, stdout, fmt.Sprintf(regOverwritePrompt, shown)) {
			fmt.Fprint(stdout, regCancelled)
			return 0
		}
	}
	if _, err := reg.CreateKey(a.key); err != nil {
		fmt.Fprint(stderr, regGeneralFailure)
		return 1
	}
	if err := reg.SetValue(a.key, v); err != nil {
		fmt.Fprint(stderr, regGeneralFailure)
		return 1
	}
	fmt.Fprint(stdout, regSuccess)
	return 0
}

// regParseData converts /d for a type as reg.exe does (REG_DWORD decimal or 0x hex,
// REG_BINARY hex digits, REG_MULTI_SZ split at the separator).
func regParseData(name string, t cluster.ValueType, data, sep string) (cluster.Value, string) {
	v := cluster.Value{Name: name, Type: t}
	switch t {
	case cluster.RegSZ, cluster.RegExpandSZ:
		v.String = data
	case cluster.RegDword, cluster.RegQword:
		bits := 32
		if t == cluster.RegQword {
			bits = 64
		}
		if data == "" {
			data = "0"
		}
		var num uint64
		var err error
		if hasPrefixFold(data, "0x") {
			num, err = strconv.ParseUint(data[2:], 16, bits)
		} else {
			num, err = strconv.ParseUint(data, 10, bits)
		}
		if err != nil {
			return v, regInvalidNumber
		}
		v.Number = num
	case cluster.RegMultiSZ:
		if data != "" {
			v.Strings = strings.Split(data, sep)
		}
	default:
		b, err := hex.DecodeString(padHex(data))
		if err != nil {
			return v, regInvalidSyntax("ADD")
		}
		v.Bytes = b
	}
	return v, ""
}

func padHex(s string) string {
	if len(s)%2 == 1 {
		return "0" + s
	}
	return s
}

func (n *Node) regDelete(a regArgs, stdin io.Reader, stdout, stderr io.Writer) int {
	reg := n.registry()
	if !reg.KeyExists(a.key) {
		fmt.Fprint(stderr, regNotFound)
		return 1
	}
	switch {
	case a.value != nil:
		if _, err := reg.GetValue(a.key, *a.value); err != nil {
			fmt.Fprint(stderr, regNotFound)
			return 1
		}
		shown := *a.value
		if shown == "" {
			shown = regDefaultName
		}
		if !a.force && !regConfirm(stdin, stdout, fmt.Sprintf(regDeleteValuePrompt, shown)) {
			fmt.Fprint(stdout, regCancelled)
			return 0
		}
		_ = reg.DeleteValue(a.key, *a.value)
	case a.valueAll:
		if !a.force && !regConfirm(stdin, stdout, fmt.Sprintf(regDeleteAllPrompt, a.keyName)) {
			fmt.Fprint(stdout, regCancelled)
			return 0
		}
		info, _ := reg.Key(a.key)
		for _, v := range info.Values {
			_ = reg.DeleteValue(a.key, v.Name)
		}
	default:
		if a.key == "" || !strings.Contains(a.key, `\`) && isTopKey(a.key) {
			fmt.Fprint(stderr, regAccessDenied)
			return 1
		}
		if !a.force && !regConfirm(stdin, stdout, fmt.Sprintf(regDeleteKeyPrompt, a.keyName)) {
			fmt.Fprint(stdout, regCancelled)
			return 0
		}
		if err := reg.DeleteKey(a.key, true); err != nil {
			fmt.Fprint(stderr, regAccessDenied)
			return 1
		}
	}
	fmt.Fprint(stdout, regSuccess)
	return 0
}

func isTopKey(k string) bool {
	for _, top := range []string{"HARDWARE", "SAM", "SECURITY", "SOFTWARE", "SYSTEM"} {
		if strings.EqualFold(k, top) {
			return true
		}
	}
	return false
}

// regConfirm prints the prompt and reads one answer line from stdin: yes or y proceeds;
// anything else, or no input, does not.
func regConfirm(stdin io.Reader, stdout io.Writer, prompt string) bool {
	fmt.Fprint(stdout, prompt)
	if stdin == nil {
		return false
	}
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes"
}
