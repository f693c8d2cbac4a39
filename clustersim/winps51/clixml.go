package winps51

import (
	"fmt"
	"io"
	"strings"
)

// CLIXML is how powershell.exe writes its error, warning, verbose and progress streams when
// its output format is XML (-EncodedCommand, or a non-console stderr): one line "#< CLIXML"
// then one <Objs> document whose <S S="Error"> elements each carry one line of the console
// error text, with _xHHHH_ escapes for control characters.

const clixmlHeader = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"

// clixmlEscape encodes a string as PowerShell's serializer does: XML entities for markup and
// _xHHHH_ for control characters and for a literal "_x" that would read as an escape. Quotes
// stay as they are in element text: recorded error lines read "The term 'fake' is not
// recognized" and `Write-Error "boom test error"; exit 1 : boom test error` (pywinrm
// tests/test_session.py, pypsrp tests/tests_pypsrp/data/test_sanitise_clixml_with_error.xml).
func clixmlEscape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '_' && i+1 < len(rs) && (rs[i+1] == 'x' || rs[i+1] == 'X'):
			b.WriteString("_x005F_")
		case r < 0x20 || r == 0x7f || (r >= 0xd800 && r <= 0xdfff) || r == 0xfffe || r == 0xffff:
			fmt.Fprintf(&b, "_x%04X_", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeStreamCLIXML writes one <S S="stream"> element, opening the document if needed.
func (s *runspaceState) writeStreamCLIXML(stream, text string) {
	if !s.clixml {
		consoleWrite(s.stderr, clixmlHeader)
		s.clixml = true
	}
	consoleWrite(s.stderr, "<S S=\""+stream+"\">"+clixmlEscape(text)+"</S>")
}

// writeErrorRecord writes an error to stderr in the configured format.
func (s *runspaceState) writeErrorRecord(e *psError) {
	s.out.flush()
	text := strings.ReplaceAll(e.consoleText(), "\r\n", "\n")
	if s.opts.ErrorFormat == ErrorsCLIXML {
		text = wrapErrorText(text, errorViewWidth)
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		for _, l := range lines {
			s.writeStreamCLIXML("Error", l+"\r\n")
		}
		return
	}
	consoleWrite(s.stderr, strings.ReplaceAll(text, "\n", "\r\n"))
}

// writeWarningLine writes to the warning stream: "WARNING: " on the console (stdout), a
// warning record in CLIXML mode.
func (s *runspaceState) writeWarningLine(msg string) {
	if s.opts.ErrorFormat == ErrorsCLIXML {
		s.writeStreamCLIXML(clixmlWarningStream, msg+clixmlInfoLineEnd)
		return
	}
	consoleWrite(s.stdout, "WARNING: "+strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n")
}

// writeVerboseLine writes to the verbose stream (shown only when enabled).
func (s *runspaceState) writeVerboseLine(msg string) {
	if s.opts.ErrorFormat == ErrorsCLIXML {
		s.writeStreamCLIXML(clixmlVerboseStream, msg+clixmlInfoLineEnd)
		return
	}
	consoleWrite(s.stdout, "VERBOSE: "+strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n")
}

// writeHostText writes host output (Write-Host, -WhatIf messages) to stdout. Over WinRM the
// host ends a line with LF alone, while the pipeline's output (Out-Default) ends lines with
// CR LF: recorded "Write-Host hi" gave "hi" then "\n", "(pwd).Path" gave "C:\Windows" then
// "\r\n" (pypsrp test_winrs_no_cmd_shell.yml, test_winrs_extra_opts.yml, test_winrs_send.yml;
// pywinrm test_integration_protocol.py expects "\n" after Write-Host). The text itself is
// written as given (hostTextKeepsLineEnds, unconfirmed.go).
func (s *runspaceState) writeHostText(text string, newline bool) {
	if !hostTextKeepsLineEnds {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	if newline {
		text += "\n"
	}
	consoleWrite(s.stdout, text)
}

// progressPreparingModules is the progress record powershell.exe writes (in CLIXML mode)
// the first time it loads a module to find a command: captured from Windows, where it
// appears even with $ProgressPreference = 'SilentlyContinue'.
const progressPreparingModules = `<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>`

// noteModuleLoad writes the "Preparing modules for first use." progress record once per
// process, when the first module is loaded.
func (s *runspaceState) noteModuleLoad() {
	if s.modulesPrepared {
		return
	}
	s.modulesPrepared = true
	if s.opts.ErrorFormat != ErrorsCLIXML || s.stderr == nil {
		return
	}
	s.out.flush()
	if !s.clixml {
		consoleWrite(s.stderr, clixmlHeader)
		s.clixml = true
	}
	consoleWrite(s.stderr, progressPreparingModules)
}

// consoleWrite writes text to the host's stdout or stderr. A failed console write has
// nowhere better to be reported (the error stream is the console too), so it is dropped.
func consoleWrite(w io.Writer, text string) {
	_, _ = io.WriteString(w, text)
}

// errorViewWidth is the width error text is wrapped to: recorded CLIXML error lines of
// powershell.exe started over WinRM break a long message at the last space before column 120
// (the first line "fake : The term 'fake' is not recognized ... program. Check " is 116
// characters with its trailing space, and "the " would have made it 120: pywinrm
// tests/test_session.py, pypsrp tests/tests_pypsrp/data/test_sanitise_clixml_with_error.xml).
// A line of 88 characters in the same record is not wrapped.
const errorViewWidth = 119

// wrapErrorText breaks each line longer than width after the last space that keeps it within
// width, spaces staying at the end of the line they follow; a word longer than width is cut.
func wrapErrorText(text string, width int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines {
		for len([]rune(l)) > width {
			r := []rune(l)
			cut := -1
			for i := width; i > 0; i-- {
				if r[i-1] == ' ' {
					cut = i
					break
				}
			}
			if cut <= 0 {
				cut = width
			}
			out = append(out, string(r[:cut]))
			l = string(r[cut:])
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
