package cmdexe

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Invocation is one powershell.exe start, its command line parsed as Windows PowerShell 5.1's
// CommandLineParameterParser parses it.
type Invocation struct {
	// Argv is the process's argv (argv[0] the program as named).
	Argv []string
	// Script is the text of -Command (the rest of the line, joined by single spaces) or the
	// decoded -EncodedCommand. A first argument that is not a switch starts -Command too.
	Script string
	// Encoded is true when the script came with -EncodedCommand; 5.1 then writes errors
	// to stderr as CLIXML.
	Encoded bool
	// ScriptFromStdin is "-Command -": statements are read from stdin as they arrive.
	// It is also set when there is neither a command nor a file ("-File -" behaviour).
	ScriptFromStdin bool
	// File and FileArgs are -File path [args...] (not simulated: no file system).
	File     string
	FileArgs []string

	NoProfile       bool
	NonInteractive  bool
	NoLogo          bool
	NoExit          bool
	ExecutionPolicy string
	// InputFormat and OutputFormat are "Text" or "XML" (default "Text").
	InputFormat  string
	OutputFormat string
	WindowStyle  string
	Version      string
	// Apartment is "STA" (the default) or "MTA".
	Apartment         string
	ConfigurationName string

	// ComputerName, User and Env describe the process: the node, the account, the
	// environment inherited from cmd.exe.
	ComputerName string
	User         string
	Env          map[string]string
	// Logon is how User logged on (WinRM's logon; the zero value for a console).
	Logon wsman.Logon
}

// CLIXMLErrors reports whether 5.1 writes errors as CLIXML for this start: when the command
// was encoded or the output format is XML.
func (inv Invocation) CLIXMLErrors() bool {
	return inv.Encoded || strings.EqualFold(inv.OutputFormat, "XML")
}

// psParseError is a command-line error: powershell.exe prints Message and exits.
type psParseError struct{ Message string }

func (e *psParseError) Error() string { return e.Message }

// Messages of CommandLineParameterParserStrings (Windows PowerShell 5.1 / PowerShell 6.0).
const (
	psCommandAlreadySpecified  = "Cannot process command because a command is already specified with -Command or -EncodedCommand."
	psMissingCommandParameter  = "Cannot process the command because of a missing parameter. A command must follow -Command."
	psTooManyParametersToCmd   = "'-' was specified with the -Command parameter; no other arguments to -Command are permitted."
	psMissingOutputFormat      = "The command cannot be run because no argument has been supplied for the OutputFormat parameter. Specify one of the following formats for this parameter.\r\n%s"
	psMissingInputFormat       = "Cannot process the command because the -InputFormat parameter requires an argument. Specify a valid format argument for this parameter.  Valid formats are:\r\n%s"
	psBadFormatParameterValue  = "Cannot process the command because of an incorrect parameter value. \"%s\" is not a valid format.  Valid formats are:\r\n%s"
	psMissingFileArgument      = "The command cannot be run because the File parameter requires a file path. Supply a path for the File parameter and then try the command again."
	psMissingWindowStyle       = "Cannot process the command because -WindowStyle requires an argument that is normal, hidden, minimized or maximized. Specify one of these argument values and try again."
	psInvalidWindowStyle       = "Processing -WindowStyle '%s' failed: %s."
	psInvalidFileExtension     = "Processing -File '%s' failed because the file does not have a '.ps1' extension. Specify a valid Windows PowerShell script file name, and then try again."
	psArgumentFileDoesNotExist = "The argument '%s' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter."
	psBadCommandValue          = "Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded."
	psMissingExecutionPolicy   = "Cannot process the execution policy because of a missing policy name. A policy name must follow -ExecutionPolicy."
	psMtaStaMutuallyExclusive  = "Cannot process the command because -STA and -MTA are both specified. Specify either -STA or -MTA."
	psMissingConfigurationName = "Cannot process the command because -Configuration requires an argument that is a remote endpoint configuration name. Specify this argument and try again."
	psMissingVersion           = "Cannot process the command because -Version requires an argument." // guess: the native launcher's text is not public
)

// dataFormats is the list Serialization.DataFormat's names make in the format messages.
const dataFormats = "Text\r\nXML\r\nNone\r\n"

// ParsePowerShellArgs parses powershell.exe's arguments (argv without argv[0]) as 5.1 does:
// switches start with - or / (or --), are case-insensitive and may be shortened to any
// prefix at least as long as the smallest unambiguous one (-nop, -noni, -ec, -e, -c, -ex,
// -ep); the first argument that is not a known switch starts the command text.
func ParsePowerShellArgs(args []string) (Invocation, error) {
	inv := Invocation{InputFormat: "Text", OutputFormat: "Text", Apartment: "STA"}
	haveCommand := false
	apartmentSet := false
	for i := 0; i < len(args); i++ {
		key := strings.ToLower(strings.TrimSpace(args[i]))
		if key == "" {
			continue
		}
		if !isDash(key[0]) && key[0] != '/' {
			if haveCommand {
				return inv, &psParseError{psCommandAlreadySpecified}
			}
			inv.Script = strings.Join(args[i:], " ")
			break
		}
		key = key[1:]
		if key != "" && isDash(key[0]) {
			key = key[1:]
		}
		next := func(missing string) (string, error) {
			i++
			if i >= len(args) {
				return "", &psParseError{missing}
			}
			return args[i], nil
		}
		var err error
		switch {
		case match(key, "help", "h"), match(key, "?", "?"):
			return inv, &psParseError{"clustersim: powershell.exe -Help is not simulated"}
		case match(key, "noexit", "noe"):
			inv.NoExit = true
		case match(key, "importsystemmodules", "imp"):
		case match(key, "noprofile", "nop"):
			inv.NoProfile = true
		case match(key, "nologo", "nol"):
			inv.NoLogo = true
		case match(key, "noninteractive", "noni"):
			inv.NonInteractive = true
		case match(key, "socketservermode", "so"), match(key, "servermode", "s"), match(key, "namedpipeservermode", "nam"):
			return inv, &psParseError{"clustersim: powershell.exe server modes are not simulated"}
		case match(key, "configurationname", "config"):
			inv.ConfigurationName, err = next(psMissingConfigurationName)
		case match(key, "command", "c"):
			if haveCommand {
				return inv, &psParseError{psCommandAlreadySpecified}
			}
			i++
			if i >= len(args) {
				return inv, &psParseError{psMissingCommandParameter}
			}
			if args[i] == "-" {
				if i+1 != len(args) {
					return inv, &psParseError{psTooManyParametersToCmd}
				}
				inv.ScriptFromStdin = true
			} else {
				inv.Script = strings.Join(args[i:], " ")
			}
			return finish(inv), nil
		case match(key, "windowstyle", "w"):
			var v string
			if v, err = next(psMissingWindowStyle); err == nil {
				if inv.WindowStyle, err = windowStyle(v); err != nil {
					return inv, err
				}
			}
		case match(key, "file", "f"):
			return parseFile(inv, args, i)
		case match(key, "outputformat", "o"), match(key, "of", "o"):
			inv.OutputFormat, err = format(args, &i, psMissingOutputFormat)
		case match(key, "inputformat", "i"), match(key, "if", "i"):
			inv.InputFormat, err = format(args, &i, psMissingInputFormat)
		case match(key, "executionpolicy", "ex"), match(key, "ep", "ep"):
			inv.ExecutionPolicy, err = next(psMissingExecutionPolicy)
		case match(key, "encodedcommand", "e"), match(key, "ec", "e"):
			if haveCommand {
				return inv, &psParseError{psCommandAlreadySpecified}
			}
			i++
			if i >= len(args) {
				return inv, &psParseError{psMissingCommandParameter}
			}
			script, ok := DecodeEncodedCommand(args[i])
			if !ok {
				return inv, &psParseError{psBadCommandValue}
			}
			inv.Script, inv.Encoded, haveCommand = script, true, true
		case match(key, "sta", "s"), match(key, "mta", "mta"):
			if apartmentSet {
				return inv, &psParseError{psMtaStaMutuallyExclusive}
			}
			apartmentSet = true
			inv.Apartment = "MTA"
			if match(key, "sta", "s") {
				inv.Apartment = "STA"
			}
		case match(key, "version", "v"):
			// Handled by 5.1's native launcher before the managed parser.
			var v string
			if v, err = next(psMissingVersion); err == nil {
				if !knownVersion(v) {
					return inv, &psParseError{fmt.Sprintf(versionNotInstalledText, v)}
				}
				inv.Version = v
			}
		default:
			// The first parameter 5.1 does not recognise starts the command string.
			if haveCommand {
				return inv, &psParseError{psCommandAlreadySpecified}
			}
			inv.Script = strings.Join(args[i:], " ")
			return finish(inv), nil
		}
		if err != nil {
			return inv, err
		}
	}
	return finish(inv), nil
}

// finish fills in what a start with neither command nor file does over WinRM: read stdin.
func finish(inv Invocation) Invocation {
	if inv.Script == "" && !inv.Encoded && inv.File == "" && !inv.ScriptFromStdin {
		inv.ScriptFromStdin = true
	}
	return inv
}

// match is 5.1's MatchSwitch: key is a prefix of name at least as long as smallest.
func match(key, name, smallest string) bool {
	return len(key) >= len(smallest) && strings.HasPrefix(name, key)
}

func isDash(c byte) bool { return c == '-' }

func format(args []string, i *int, missing string) (string, error) {
	*i++
	if *i >= len(args) {
		return "", &psParseError{fmt.Sprintf(missing, dataFormats)}
	}
	for _, f := range []string{"Text", "XML", "None"} {
		if strings.EqualFold(args[*i], f) {
			return f, nil
		}
	}
	return "", &psParseError{fmt.Sprintf(psBadFormatParameterValue, args[*i], dataFormats)}
}

func windowStyle(v string) (string, error) {
	for _, s := range []string{"Normal", "Hidden", "Minimized", "Maximized"} {
		if strings.EqualFold(v, s) {
			return s, nil
		}
	}
	return "", &psParseError{fmt.Sprintf(psInvalidWindowStyle, v,
		fmt.Sprintf(`Cannot convert value "%s" to type "System.Diagnostics.ProcessWindowStyle". Error: "Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again:`+"\r\n"+`Normal, Hidden, Minimized, Maximized"`, v, v))}
}

func knownVersion(v string) bool {
	switch v {
	case "2", "2.0", "3", "3.0", "4", "4.0", "5", "5.0", "5.1":
		return true
	}
	return false
}

// parseFile is -File: the node has no script files, so only "-File -" (read stdin) and
// the errors 5.1 gives for a missing path, a wrong extension or a missing file are simulated.
func parseFile(inv Invocation, args []string, i int) (Invocation, error) {
	i++
	if i >= len(args) {
		return inv, &psParseError{psMissingFileArgument}
	}
	if args[i] == "-" {
		inv.ScriptFromStdin = true
		return inv, nil
	}
	if !strings.HasSuffix(strings.ToLower(args[i]), ".ps1") {
		return inv, &psParseError{fmt.Sprintf(psInvalidFileExtension, args[i])}
	}
	return inv, &psParseError{fmt.Sprintf(psArgumentFileDoesNotExist, args[i])}
}

// DecodeEncodedCommand decodes -EncodedCommand: base64 (whitespace ignored, padding
// required, as .NET's Convert.FromBase64String) of UTF-16LE text.
func DecodeEncodedCommand(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	text := string(utf16.Decode(u))
	if len(b)%2 == 1 {
		text += "\uFFFD" // .NET's UnicodeEncoding replaces a dangling byte
	}
	return text, true
}

// EncodeCommand is the inverse: the -EncodedCommand value for a script.
func EncodeCommand(script string) string {
	u := utf16.Encode([]rune(script))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// powershell is powershell.exe: one new process per start, which costs PSStartCost.
func (p *process) powershell(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if c := p.host.Counters; c != nil {
		c.PowerShellStarts.Add(1)
	}
	if d := p.host.PSStartCost; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return exitTerminated
		case <-t.C:
		}
	}
	inv, err := ParsePowerShellArgs(argv[1:])
	if err != nil {
		fmt.Fprint(stderr, err.Error()+"\r\n")
		return exitPowerShellBadParameter
	}
	inv.Argv = argv
	inv.ComputerName = p.host.ComputerName
	inv.User = p.user
	inv.Env = p.env.Map()
	inv.Logon = p.logon
	if p.host.PowerShell == nil {
		fmt.Fprint(stderr, "clustersim: no PowerShell engine is installed on this node\r\n")
		return 1
	}
	return p.host.PowerShell(ctx, inv, stdin, stdout, stderr)
}
