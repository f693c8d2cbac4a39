package cmdexe

import (
	"strings"
	"unicode/utf16"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

var _ wsman.StartChecker = (*Host)(nil)

// maxProcessCommandLine is CreateProcess's limit on lpCommandLine: 32,767 characters with the
// terminating null (CreateProcessW documentation).
const maxProcessCommandLine = 32767 - 1

// Win32 texts of the errors CreateProcess gives here, as the shell plug-in reports them
// (recorded: pypsrp test_winrs_no_cmd_shell.yml; masterzen/winrm fixture_test.go).
const (
	textFileNotFound    = "The system cannot find the file specified. "
	textFilenameTooLong = "The filename or extension is too long. "
)

// CheckStart refuses, as CreateProcess does, a command whose process cannot be created: a
// command line past the process limit (ERROR_FILENAME_EXCED_RANGE), and, with
// WINRS_SKIP_CMD_SHELL, a program named without its directory or not on the node
// (ERROR_FILE_NOT_FOUND: Windows Server 2008 R2 refused a bare "powershell.exe" and ran
// "C:\Windows\system32\WindowsPowerShell\v1.0\powershell.exe", pypsrp
// test_winrs_no_cmd_shell.yml). Without it, cmd.exe starts and reports its own errors
// (its 8191-character limit, an unknown program) on stderr.
func (h *Host) CheckStart(cmd wsman.Command) *wsman.StartError {
	line := cmd.Command
	for _, a := range cmd.Arguments {
		line += " " + a
	}
	processLine := line
	if !cmd.SkipCmdShell {
		processLine = cmdShellPrefix + line
	}
	if len(utf16.Encode([]rune(processLine))) > maxProcessCommandLine {
		return &wsman.StartError{Code: wsman.CodeFilenameTooLong, Text: textFilenameTooLong}
	}
	if !cmd.SkipCmdShell {
		return nil
	}
	word, _ := commandWord(strings.TrimLeft(line, " \t"))
	word = strings.Trim(word, `"`)
	p := &process{host: h}
	if !strings.ContainsAny(word, `\/`) || !p.isProgramPath(word) {
		return &wsman.StartError{Code: wsman.CodeFileNotFound, Text: textFileNotFound}
	}
	return nil
}
