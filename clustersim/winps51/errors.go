package winps51

import (
	"errors"
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// psError is an error inside the engine: the record plus where and by whom it was raised,
// which the console layout needs ("Name : message", "At line:L char:C").
type psError struct {
	rec *ErrorRecord
	// ext is the extent shown under "At line:.."; a zero extent shows no position.
	ext syntax.Extent
	// cmd is the command name shown before " : " (InvocationInfo.MyCommand.Name).
	cmd string
	// scriptText, when set, is shown before " : " instead of cmd: the error came from
	// Write-Error at the top level of a -Command script, whose InvocationInfo is the script.
	scriptText string
	// parse marks a ParserError, whose message already holds the position.
	parse bool
	// thrown is what throw was given (the TargetObject of its record).
	thrown Value
	// view is the PowerShell object for $_ / $Error, built once.
	view *Object
	// stop marks an error that became terminating through ErrorAction Stop.
	stop bool
	// activity overrides the CategoryInfo activity (Write-Error names itself there even
	// when the record points at its caller).
	activity string
	// noActivity leaves the CategoryInfo activity empty while cmd still names the command
	// before " : " (CommandNotFoundException).
	noActivity bool
	// bare shows the message alone (NativeCommandErrorMessage).
	bare bool
}

// psThrow is the panic value of a terminating error. script reports a script-terminating
// error (throw, ErrorAction Stop); otherwise only the statement ends.
type psThrow struct {
	err    *psError
	script bool
}

// flowBreak, flowReturn and flowExit are the panics of break/continue, return and exit.
type flowBreak struct {
	label string
	cont  bool
}
type flowReturn struct{}
type flowExit struct{ code int }

func newError(msg, exType, fqid, category string, ext syntax.Extent) *psError {
	return &psError{rec: &ErrorRecord{Message: msg, ExceptionType: exType, FullyQualifiedErrorID: fqid, Category: category}, ext: ext}
}

// runtimeError is a RuntimeException raised by the language (not by a command).
func runtimeError(ext syntax.Extent, fqid, category, format string, args ...any) *psError {
	return newError(fmt.Sprintf(format, args...), "System.Management.Automation.RuntimeException", fqid, category, ext)
}

// fail raises a statement-terminating error.
func fail(e *psError) { panic(&psThrow{err: e}) }

// failf raises a statement-terminating RuntimeException.
func failf(ext syntax.Extent, fqid, category, format string, args ...any) {
	fail(runtimeError(ext, fqid, category, format, args...))
}

// categoryInfo is ErrorCategoryInfo.ToString(): "Category: (target:Type) [Activity], Reason".
func (e *psError) categoryInfo() string {
	target, ttype := "", ""
	if e.rec.TargetObject != nil {
		target = toStr(e.rec.TargetObject)
		ttype = shortTypeName(psTypeName(e.rec.TargetObject))
		if o, ok := e.rec.TargetObject.(*Object); ok && o.isPSCustomObject() {
			ttype = "PSObject"
		}
	}
	if len([]rune(target)) > 40 {
		r := []rune(target)
		target = string(r[:15]) + "..." + string(r[len(r)-15:])
	}
	activity := e.cmd
	if e.activity != "" {
		activity = e.activity
	}
	if e.parse || e.noActivity {
		activity = ""
	}
	cat := e.rec.Category
	if cat == "" {
		cat = "NotSpecified"
	}
	return fmt.Sprintf("%s: (%s:%s) [%s], %s", cat, target, ttype, activity, shortTypeName(e.rec.ExceptionType))
}

// consoleText lays an error out as the 5.1 console's default error view does.
func (e *psError) consoleText() string {
	if e.bare {
		return e.rec.Message + "\n"
	}
	var b strings.Builder
	if e.parse {
		b.WriteString(e.rec.Message)
	} else {
		switch {
		case e.scriptText != "":
			b.WriteString(e.scriptText + " : ")
		case e.cmd != "":
			b.WriteString(e.cmd + " : ")
		}
		b.WriteString(e.rec.Message)
		if pos := positionMessage(e.ext); pos != "" {
			b.WriteString("\n" + pos)
		}
	}
	b.WriteString("\n    + CategoryInfo          : " + e.categoryInfo())
	b.WriteString("\n    + FullyQualifiedErrorId : " + e.rec.FullyQualifiedErrorID)
	b.WriteString("\n \n")
	return b.String()
}

// positionMessage is PositionUtilities.VerboseMessage: "At line:L char:C", the source line
// (cut to 69 characters around the extent) and ~ under the extent.
func positionMessage(ext syntax.Extent) string {
	if ext.Src == nil {
		return ""
	}
	line, col := ext.Src.LineCol(ext.Start)
	endLine, endCol := ext.Src.LineCol(ext.End)
	source := strings.TrimRight(ext.Src.LineText(line), " \t\r\n")
	msg := ""
	if source != "" {
		spaces := col - 1
		length := endCol - col
		if endLine != line {
			length = len([]rune(source)) - col + 1
		}
		src := []rune(strings.ReplaceAll(source, "\t", "    "))
		const maxLineLength = 69
		prefixDots, suffixDots := false, false
		if len(src) > maxLineLength {
			totalPrefix := spaces
			prefix := min(totalPrefix, 12)
			totalSuffix := len(src) - length - spaces
			suffix := min(totalSuffix, 8)
			candidate := prefix + length + suffix
			if candidate >= maxLineLength {
				if prefix+length >= maxLineLength {
					length = maxLineLength - prefix
				}
				suffixDots = true
			} else {
				if avail := totalPrefix - prefix; avail > 0 {
					prefix += min(avail, maxLineLength-candidate)
					candidate = prefix + length + suffix
				}
				if candidate < maxLineLength && totalSuffix > 0 {
					suffix += min(totalSuffix, maxLineLength-candidate)
				}
				suffixDots = suffix < totalSuffix
			}
			prefixDots = prefix < totalPrefix
			start := max(spaces-prefix, 0)
			end := min(start+maxLineLength, len(src))
			src = src[start:end]
			spaces = min(spaces, prefix)
			length = min(length, maxLineLength-spaces)
		}
		var sb strings.Builder
		if prefixDots {
			sb.WriteString("... ")
		}
		sb.WriteString(string(src))
		if suffixDots {
			sb.WriteString(" ...")
		}
		sb.WriteString("\n+ ")
		pad := spaces
		if prefixDots {
			pad += 4
		}
		sb.WriteString(strings.Repeat(" ", max(pad, 0)))
		sb.WriteString(strings.Repeat("~", max(length, 1)))
		msg = sb.String()
	}
	return fmt.Sprintf("At line:%d char:%d\n+ %s", line, col, msg)
}

// parseErrorToPS turns a ParseError into the ParserError record powershell.exe reports.
func parseErrorToPS(pe *syntax.ParseError, src *syntax.Source) *psError {
	ext := syntax.Extent{Start: pe.Pos, End: pe.End, Src: src}
	if ext.Start > src.Len() {
		ext.Start = src.Len()
	}
	if ext.End > src.Len() {
		ext.End = src.Len()
	}
	msg := positionMessage(ext) + "\n" + pe.Message
	e := newError(msg, "System.Management.Automation.ParseException", pe.ID, "ParserError", syntax.Extent{})
	e.rec.ExceptionType = "System.Management.Automation.ParentContainsErrorRecordException"
	e.parse = true
	return e
}

// view is the ErrorRecord as PowerShell code sees it ($_ in catch, $Error[0]).
func (e *psError) psView() *Object {
	if e.view != nil {
		return e.view
	}
	exType := e.rec.ExceptionType
	if exType == "" {
		exType = "System.Management.Automation.RuntimeException"
	}
	exc := NewObject(exType, "Message", e.rec.Message)
	exc.TypeNames = append(exc.TypeNames, "System.Exception")
	exc.Props = append(exc.Props, Property{"ErrorRecord", nil}, Property{"InnerException", nil})
	exc.Str = func() string { return exType + ": " + e.rec.Message }
	cat := e.rec.Category
	if cat == "" {
		cat = "NotSpecified"
	}
	ci := NewObject("System.Management.Automation.ErrorCategoryInfo",
		"Category", Enum{Type: "System.Management.Automation.ErrorCategory", Name: cat, Value: errorCategoryValue(cat)},
		"Activity", e.cmd, "Reason", shortTypeName(exType),
		"TargetName", toStr(e.rec.TargetObject), "TargetType", shortTypeName(psTypeName(e.rec.TargetObject)))
	ci.Str = e.categoryInfo
	line, col := 0, 0
	if e.ext.Src != nil {
		line, col = e.ext.Src.LineCol(e.ext.Start)
	}
	inv := NewObject("System.Management.Automation.InvocationInfo",
		"MyCommand", e.cmd, "ScriptLineNumber", line, "OffsetInLine", col,
		"Line", func() string {
			if e.ext.Src == nil {
				return ""
			}
			return e.ext.Src.LineText(line)
		}(), "PositionMessage", positionMessage(e.ext))
	target := e.rec.TargetObject
	o := &Object{
		TypeNames: []string{"System.Management.Automation.ErrorRecord"},
		Props: []Property{
			{"Exception", exc}, {"TargetObject", target}, {"CategoryInfo", ci},
			{"FullyQualifiedErrorId", e.rec.FullyQualifiedErrorID}, {"ErrorDetails", nil},
			{"InvocationInfo", inv}, {"ScriptStackTrace", "at <ScriptBlock>, <No file>: line " + fmt.Sprint(line)},
			{"PipelineIterationInfo", []Value{}},
		},
		native: e,
	}
	exc.setProp("ErrorRecord", o)
	e.view = o
	return o
}

func errorCategoryValue(name string) int64 {
	for i, n := range errorCategories {
		if strings.EqualFold(n, name) {
			return int64(i)
		}
	}
	return 0
}

// errorCategories is System.Management.Automation.ErrorCategory in value order.
var errorCategories = []string{"NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected",
	"InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError",
	"NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError",
	"ParserError", "PermissionDenied", "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError",
	"WriteError", "FromStdErr", "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
	"LimitsExceeded", "QuotaExceeded", "NotEnabled"}

// errorFromValue recovers the engine error behind a value ($_ rethrown, an ErrorRecord).
func errorFromValue(v Value) (*psError, bool) {
	if o, ok := v.(*Object); ok {
		if e, ok := o.native.(*psError); ok {
			return e, true
		}
	}
	return nil, false
}

// parseScript parses a script for the runtime, which reports a parse error from its fields.
func parseScript(text string) (*syntax.ScriptBlockAst, *syntax.ParseError) {
	sb, err := syntax.Parse(text)
	if err == nil {
		return sb, nil
	}
	var perr *syntax.ParseError
	if !errors.As(err, &perr) {
		perr = &syntax.ParseError{ID: "EngineFailure", Message: err.Error()}
	}
	return nil, perr
}
