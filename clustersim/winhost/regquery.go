package winhost

// reg query: the output layout of Windows reg.exe.

import (
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

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
		fmt.Fprint(stdout, b.String())
		return 0
	}
	n.regQueryKey(&b, a.keyName, tree, a.recurse, false)
	fmt.Fprint(stdout, b.String())
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
