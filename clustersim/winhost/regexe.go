package winhost

import (
	"context"
	"fmt"
	"io"
	"strings"
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
