package winps51

// Guesses: simulated behaviour that was not confirmed against a real Windows PowerShell 5.1.
// Each is one named value here so that a capture from a real machine can replace it.

// interactiveBlankLineEndsStatement: with `powershell -Command -`, input is run statement by
// statement as if typed at the prompt; once a line leaves a statement incomplete (open
// brace, open string, trailing pipe), the following lines are added to it until an empty
// line, as pressing Enter twice does (PowerShell/PowerShell#3223, #21808). A statement still
// incomplete when input ends is not run (#21808). Confirmed by those reports; what a line
// that completes the statement before the empty line does is inferred from them.
const interactiveBlankLineEndsStatement = true

// interactiveParseErrorKeepsExitCode: in -Command - mode a parse error in the last statement
// does not make the exit code non-zero (reported as PowerShell/PowerShell#21784).
const interactiveParseErrorKeepsExitCode = true

// clixmlWarningStream / clixmlVerboseStream: the S attribute of warning and verbose records
// in CLIXML stderr. Captures show S="warning" in lower case.
const (
	clixmlWarningStream = "warning"
	clixmlVerboseStream = "verbose"
)

// clixmlInfoLineEnd: whether warning/verbose records end in _x000D__x000A_. Public captures
// disagree; we write none.
const clixmlInfoLineEnd = ""

// Hashtable order: .NET's Hashtable enumerates in hash-bucket order, which this engine does
// not reproduce: @{} enumerates (and ConvertTo-Json writes) in insertion order, as
// [ordered]@{} does.

// confirmNonInteractive*: a ShouldProcess confirmation that would prompt fails in a
// process without an interactive host (-NonInteractive, or WinRM's redirected console), as
// the NonInteractive host's prompt does. The text is 5.1's ("Windows PowerShell is in
// NonInteractive mode...", seen in public 5.1 outputs; PowerShell 7 drops "Windows "); the
// exception type PSInvalidOperationException is seen for Read-Host; the FQID
// "InvalidOperation,<cmdlet class>" is a guess.
const (
	confirmNonInteractiveMessage = "Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
	confirmNonInteractiveID      = "InvalidOperation"
	confirmNonInteractiveType    = "System.Management.Automation.PSInvalidOperationException"
	confirmNonInteractiveCat     = "InvalidOperation"
)

// tableViewWidth: the console width used to lay out tables when the host has no console
// (redirected output): 120 columns.
const tableViewWidth = 120

// maxCallDepth: nested function and scriptblock calls beyond this fail with "The script
// failed due to call depth overflow." (the limit of 5.1 is not confirmed; 100 keeps the
// Go stack small).
const maxCallDepth = 100

// maxRangeLength and maxStringLength bound what one range, array repetition or string
// repetition may allocate; beyond them the engine fails instead of exhausting the
// simulator's memory (real PowerShell goes on until it runs out of memory).
const (
	maxRangeLength  = 1_000_000
	maxStringLength = 50_000_000
)

// The CategoryInfo and FullyQualifiedErrorId lines of the error view are not wrapped at a
// console width: captures of powershell.exe behind WinRM show them unwrapped.

// progressPreparingModules (clixml.go) is written on the first module load in CLIXML mode;
// that the first Microsoft.PowerShell.Utility command triggers it is inferred from captures
// of scripts that only called Write-Error.

// Message texts not found in PowerShell's resources (guesses in its style).
const (
	msgCalcPropertyMissingExpression = "Missing an Expression key."
	msgWhereObjectMissingFilter      = "Cannot process command because of one or more missing mandatory parameters: FilterScript." // 5.1 may report the parameter set instead
	msgJSONDepthTooLarge             = "The value %d is not valid for the Depth parameter. The valid range is 1 to 100."
	msgJSONInvalidObject             = "Invalid object passed in, ':' or '}' expected." // JavaScriptSerializer's text depends on where the text breaks
)

// Console layout of Out-Default (format.go), from memory of 5.1 consoles rather than a
// capture: a table is one blank line, headers, dashes as long as each header, rows, then two
// blank lines; a list is two blank lines, "Name : value" lines (objects separated by a blank
// line), then two blank lines. 5.1 waits up to 300 ms to size table columns; the engine
// holds the rows until the end of the command text (a script, or one line of -Command -),
// which gives the same bytes for scripts that finish within that time.

// Write-Error's record carries the caller's invocation (format.go / cmdlets_write.go): in a
// function, "name : message" and the call site's position; in a scriptblock run with & or .,
// the scriptblock's text before " : " (the error view's Script case); at the top of a
// -Command script, the script's text and no position (this last case is captured).

// Exit code of `exit` without a number: 0. With an interactive host (not -NonInteractive)
// a confirmation prompt would read the console; behind WinRM the engine fails it as the
// NonInteractive host does (see confirmNonInteractive*).

// A native program's non-zero exit code sets $? to false, so a -Command script that ends
// with it exits with 1, not with the program's code (scripts propagate it with
// `exit $LASTEXITCODE`): the documented -Command rule applied to native commands.

// hostTextKeepsLineEnds: Write-Host writes its text's own line ends as given and only its
// line end is LF (recorded: one-line texts only). The wrapping of error text (clixml.go
// wrapErrorText) is recorded for CLIXML error records only, so console text of errors (not
// CLIXML) is left unwrapped; that long "+ CategoryInfo" lines break like the message is
// assumed.
const hostTextKeepsLineEnds = true
