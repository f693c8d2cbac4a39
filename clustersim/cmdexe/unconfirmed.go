package cmdexe

// Simulated behaviour that no source we could read confirms for real Windows. Each guess is
// named here, once, so that a capture from a real machine can replace it.

const (
	// doubledQuoteStaysQuoted: inside a quoted argument, CommandLineToArgvW turns "" into a
	// literal quote. Whether quoting then continues (the C runtime since 2008) or ends (the
	// older rule, which shell32 is reported to keep) is not in Microsoft's page; we take the
	// older rule.
	doubledQuoteStaysQuoted = false

	// exitNotRecognized is cmd.exe's process exit code when the last command of a /c line was
	// not recognized. Confirmed outside WinRM: Node's execSync of an unknown command through
	// "cmd.exe /d /s /c" reports status 1 (okta/samples-nodejs-express-4 issue 88); we assume
	// WinRM passes the same process exit code into rsp:ExitCode. Inside the line, %ERRORLEVEL%
	// and && / || see 9009 (errorNotRecognized), as batch files document.
	exitNotRecognized  = 1
	errorNotRecognized = 9009

	// exitLineTooLong is cmd.exe's exit code after "The command line is too long.".
	exitLineTooLong = 1

	// exitSyntaxError is cmd.exe's exit code after "X was unexpected at this time.".
	exitSyntaxError = 255

	// exitTerminated is what a process stopped by Signal terminate / ctrl_c exits with
	// (STATUS_CONTROL_C_EXIT).
	exitTerminated = 0xC000013A

	// exitPowerShellBadParameter is powershell.exe 5.1's exit code after a command-line error
	// (ConsoleHost.ExitCodeBadCommandLineParameter = 0xFFFD0000, observed as 4294770688 by
	// process launchers). Whether WinRM's rsp:ExitCode shows it unsigned (4294770688) or
	// signed (-196608) is unconfirmed; we return the unsigned value.
	exitPowerShellBadParameter = 0xFFFD0000
)

// cmdShellPrefix is what WinRM puts before the joined command line when it starts cmd.exe
// (WINRS_SKIP_CMD_SHELL=FALSE): it counts towards CreateProcess's 32,767-character limit,
// past which the Command is refused with ERROR_FILENAME_EXCED_RANGE (see CheckStart). The
// exact prefix (and so the exact threshold) is a guess.
const cmdShellPrefix = "cmd.exe /c "

// Further guesses, kept as code elsewhere but listed here:
//
//   - WinRM starts "cmd.exe /c " + the joined command line with no /S, /D or /Q; so the /c
//     quote rule of "cmd /?" applies (see stripOuterQuotes), and echo is on.
//   - cmd.exe's exit code is the exit code of the last command it ran; a builtin that
//     succeeds (echo, set NAME=value, rem) counts as 0; "exit" with no number exits with the
//     current %ERRORLEVEL%; "exit abc" exits with 0.
//   - A program given with a directory (C:\Windows\System32\...\powershell.exe) is found by
//     its file name; the directory is not checked.
//   - An empty command between operators, or a trailing "&&", "||" or "|", is a syntax error
//     "X was unexpected at this time." and nothing on the line runs.
//   - powershell.exe -Version N (handled by the native launcher in 5.1): 2.0 to 5.1 are
//     accepted and ignored; another value prints versionNotInstalledText.
//   - powershell.exe with neither a command nor -File, with stdin redirected (always so over
//     WinRM), reads commands from stdin as "-File -" does.
//   - hostname.exe given any argument prints "sethostname: Use the Network Control Panel
//     Applet to set hostname." and exits 1.
//   - Console code pages: 437, 850, 1252 and 65001 are simulated; any other WINRS_CODEPAGE
//     is treated as 437.
//   - After a command-line error, powershell.exe 5.1 also prints its usage text (ShowHelp);
//     we print only the error line.

// versionNotInstalledText is the guess for an unknown -Version value.
const versionNotInstalledText = "Cannot start Windows PowerShell version %s because it is not installed."
