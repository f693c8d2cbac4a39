package winhost

// reg add and reg delete, with their confirmations.

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

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
