package winclient

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

// How powershell.exe is started.
//
// A long-lived session runs powershellCommand through cmd.exe and is fed one line per run on
// stdin in pipe mode (WINRS_CONSOLEMODE_STDIN=FALSE, MS-WSMV 3.1.4.11), as Ansible streams
// stdin (lib/ansible/plugins/connection/winrm.py sends console_mode_stdin=False whenever it
// has input to stream). masterzen/winrm's NewExecuteCommandRequest hard-codes console mode,
// so the Command request is built here.
//
// A one-shot run (Config.OneShot, and the fallback for a node whose "-Command -" does not
// answer: Windows Server 2016 RTM, PowerShell/PowerShell#2071 and #2319) gets its whole line
// with -EncodedCommand and reads nothing from stdin. That line is longer than cmd.exe's 8191
// characters, so it starts powershell.exe without cmd.exe (WINRS_SKIP_CMD_SHELL=TRUE), which
// needs the program's full path: Windows Server 2008 R2 refused a bare "powershell.exe" that
// way with ERROR_FILE_NOT_FOUND and ran the full path (pypsrp
// tests/tests_pypsrp/responses/test_winrs_no_cmd_shell.yml). CreateProcess then allows
// 32,767 characters.

// powershellPath is where Windows installs Windows PowerShell 5.1 (and 2.0 to 4.0): the
// System32 of %SystemRoot%, which is C:\Windows on every default installation. A Windows
// installed elsewhere answers the one-shot Command with ERROR_FILE_NOT_FOUND, which the
// error names.
const powershellPath = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`

// maxEncodedCommandLine is CreateProcess's limit on a command line, less the terminating
// null.
const maxEncodedCommandLine = 32766

// encodedCommand returns the program and arguments that run line with -EncodedCommand
// (base64 of its UTF-16LE text, as powershell.exe -Help describes it).
func encodedCommand(line string) (string, []string) {
	u := utf16.Encode([]rune(line))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return powershellPath, []string{"-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
		"-EncodedCommand", base64.StdEncoding.EncodeToString(b)}
}

// commandLineLength is the length of the process command line Windows builds from a
// command and its arguments.
func commandLineLength(command string, args []string) int {
	n := len(utf16.Encode([]rune(command)))
	for _, a := range args {
		n += 1 + len(utf16.Encode([]rune(a)))
	}
	return n
}

// commandOptions are the WINRS options of a Command request.
type commandOptions struct {
	consoleModeStdin bool // WINRS_CONSOLEMODE_STDIN: true console, false pipe
	skipCmdShell     bool // WINRS_SKIP_CMD_SHELL: start the program without cmd.exe
}

// newCommandRequest is the WS-Management Command request with our options. Command and
// arguments are escaped as XML text (never spliced as markup).
func newCommandRequest(url, shellID, command string, args []string, params *winrm.Parameters, o commandOptions) *soap.SoapMessage {
	msg := soap.NewMessage()
	msg.Header().
		To(url).
		ReplyTo("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous").
		MaxEnvelopeSize(params.EnvelopeSize).
		Id(newMessageID()).
		Locale(params.Locale).
		Timeout(params.Timeout).
		Action("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command").
		ResourceURI("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd").
		ShellId(shellID).
		AddOption(soap.NewHeaderOption("WINRS_CONSOLEMODE_STDIN", wsBool(o.consoleModeStdin))).
		AddOption(soap.NewHeaderOption("WINRS_SKIP_CMD_SHELL", wsBool(o.skipCmdShell))).
		Build()
	body := msg.CreateBodyElement("CommandLine", soap.DOM_NS_WIN_SHELL)
	msg.CreateElement(body, "Command", soap.DOM_NS_WIN_SHELL).SetContent(xmlText(command))
	for _, a := range args {
		msg.CreateElement(body, "Arguments", soap.DOM_NS_WIN_SHELL).SetContent(xmlText(a))
	}
	return msg
}

func wsBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// xmlText escapes s as XML character data (the SOAP library writes content as given).
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// newMessageID is a fresh a:MessageID ("uuid:" and a random version 4 UUID).
func newMessageID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
