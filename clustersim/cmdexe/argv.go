package cmdexe

import "strings"

// CommandLineToArgv splits a Windows command line the way CommandLineToArgvW (shell32) does,
// which is also how the C runtime and .NET Framework fill argv for programs such as
// powershell.exe and reg.exe:
//
//   - argv[0], the program name, ends at the first space or tab outside double quotes, and
//     quotes only toggle; backslashes are literal in it;
//   - after it, arguments are separated by spaces and tabs outside quotes;
//   - 2n backslashes followed by a quote give n backslashes and the quote toggles quoting;
//   - 2n+1 backslashes followed by a quote give n backslashes and a literal quote;
//   - backslashes not followed by a quote are literal;
//   - inside quotes, a doubled quote ("") gives a literal quote (see unconfirmed.go for the
//     detail of what follows it).
//
// Source: Microsoft's CommandLineToArgvW page and "Parsing C command-line arguments".
// A line starting with whitespace gives an empty argv[0], as the page says.
func CommandLineToArgv(line string) []string {
	var argv []string
	i := 0
	n := len(line)

	// argv[0]: the program name.
	var name strings.Builder
	inQuote := false
	for i < n {
		c := line[i]
		if c == '"' {
			inQuote = !inQuote
			i++
			continue
		}
		if !inQuote && (c == ' ' || c == '\t') {
			break
		}
		name.WriteByte(c)
		i++
	}
	argv = append(argv, name.String())

	for {
		for i < n && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= n {
			return argv
		}
		var arg strings.Builder
		inQuote = false
		for i < n {
			c := line[i]
			if !inQuote && (c == ' ' || c == '\t') {
				break
			}
			if c == '\\' {
				j := i
				for j < n && line[j] == '\\' {
					j++
				}
				slashes := j - i
				if j < n && line[j] == '"' {
					arg.WriteString(strings.Repeat(`\`, slashes/2))
					if slashes%2 == 1 {
						arg.WriteByte('"')
						i = j + 1
					} else {
						i = j // the quote is handled below
					}
					continue
				}
				arg.WriteString(strings.Repeat(`\`, slashes))
				i = j
				continue
			}
			if c == '"' {
				if inQuote && i+1 < n && line[i+1] == '"' {
					arg.WriteByte('"')
					i += 2
					inQuote = doubledQuoteStaysQuoted
					continue
				}
				inQuote = !inQuote
				i++
				continue
			}
			arg.WriteByte(c)
			i++
		}
		argv = append(argv, arg.String())
	}
}

// QuoteArg quotes one argument so that CommandLineToArgv gives it back unchanged (the
// inverse rules, as Go's syscall.EscapeArg and .NET's PasteArguments apply them).
func QuoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}
