package wsman

import (
	"fmt"
	"net/http"
)

// Fault is a SOAP fault as the WinRM service sends it: HTTP 500, s:Code/s:Subcode,
// s:Reason, and s:Detail/f:WSManFault with a numeric Code.
type Fault struct {
	// HTTPStatus is 500 unless set.
	HTTPStatus int
	// Code is "s:Sender" or "s:Receiver".
	Code string
	// Subcode is a qualified name such as "w:TimedOut" or "w:InvalidSelectors".
	Subcode string
	// Reason is the s:Reason/s:Text.
	Reason string
	// Detail is an optional w:FaultDetail URI.
	Detail string
	// WSManCode is the f:WSManFault Code attribute (a WinRM HRESULT as an unsigned number).
	WSManCode uint32
	// Message is the f:Message; Reason when empty.
	Message string
	// Provider and ProviderPath name the plug-in of a fault it raised: the message is then
	// wrapped in f:ProviderFault.
	Provider, ProviderPath string
	// Action is the response's a:Action; wsman/fault when empty.
	Action string
	// ProviderCode, when set with Provider, nests the plug-in's own f:WSManFault with this
	// code in f:ProviderFault, as the WMI plug-in does (wmi_fault.go).
	ProviderCode uint32
	// NoReasonLang writes s:Text with xml:lang="" (as one recorded fault has it) instead of
	// en-US.
	NoReasonLang bool
	// extended, when set with Provider and ProviderCode, is the WMI plug-in's
	// f:ExtendedError after its nested f:WSManFault (wmi_fault.go).
	extended *extendedStatus
	// detailXML, when set, replaces the f:WSManFault detail (WMI errors, wmi_render.go).
	detailXML string
}

func (f *Fault) reasonLang() string {
	if f.NoReasonLang {
		return ""
	}
	return "en-US"
}

// The shell plug-in as Windows names it in f:ProviderFault.
const (
	shellPluginName = "Shell cmd plugin"
	shellPluginPath = `%systemroot%\system32\winrscmd.dll`
)

func (f *Fault) Error() string {
	return fmt.Sprintf("wsman fault %d (%s): %s", f.WSManCode, f.Subcode, f.Reason)
}

func (f *Fault) status() int {
	if f.HTTPStatus != 0 {
		return f.HTTPStatus
	}
	return http.StatusInternalServerError
}

// WinRM fault codes (wsmerror.h; values also in windows-sys ERROR_WSMAN_*).
const (
	CodeOperationTimedOut  uint32 = 2150858793 // ERROR_WSMAN_OPERATION_TIMEDOUT
	CodeShellNotFound      uint32 = 2150858843 // ERROR_WSMAN_UNEXPECTED_SELECTORS, used for unknown ShellId
	CodeMaxShells          uint32 = 2150859173 // ERROR_WSMAN_QUOTA_MAX_SHELLS
	CodeMaxOperations      uint32 = 2150859174 // ERROR_WSMAN_QUOTA_MAX_OPERATIONS
	CodeInsufficientSel    uint32 = 2150858842 // ERROR_WSMAN_INSUFFCIENT_SELECTORS
	CodeActionNotSupported uint32 = 2150858771 // ERROR_WSMAN_ACTION_NOT_SUPPORTED
	CodeInvalidXML         uint32 = 2150858819 // ERROR_WSMAN_INVALID_XML
	CodeInvalidResourceURI uint32 = 2150858811 // ERROR_WSMAN_INVALID_RESOURCE_URI
	CodeInvalidParameter   uint32 = 2150858810 // ERROR_WSMAN_INVALID_PARAMETER
	CodeInvalidInputStream uint32 = 2150859147 // ERROR_WSMAN_SHELL_INVALID_INPUT_STREAM
	CodeInvalidSOAPBody    uint32 = 2150858791 // ERROR_WSMAN_INVALID_SOAP_BODY

	// Win32 errors the shell plug-in reports as such (HRESULT_FROM_WIN32 or the bare code).
	CodeWin32InvalidParameter uint32 = 87         // ERROR_INVALID_PARAMETER, bare
	CodeFileNotFound          uint32 = 2147942402 // 0x80070002 ERROR_FILE_NOT_FOUND
	CodeFilenameTooLong       uint32 = 2147942606 // 0x800700CE ERROR_FILENAME_EXCED_RANGE
)

// CodeCannotProcessFilter is ERROR_WSMAN_ENUMERATE_CANNOT_PROCESS_FILTER.
const CodeCannotProcessFilter uint32 = 2150858778

// The faults below have texts seen in captures of real Windows responses or in wsmerror.h
// (multi-line message texts are joined with spaces, as the captures show). Faults whose
// shape is a guess live in unconfirmed.go.

// faultTimedOut is the Receive long-poll expiry. Text and trailing spaces as captured from
// Windows (masterzen/winrm fixture_test.go operationTimeoutResponse).
func faultTimedOut() *Fault {
	const text = "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  "
	return &Fault{Code: "s:Receiver", Subcode: "w:TimedOut", Reason: text, WSManCode: CodeOperationTimedOut}
}

// faultShellNotFound answers any request naming a shell that does not exist (never created,
// deleted, reaped or forgotten by a service restart). Reason from wsmerror.h
// ERROR_WSMAN_UNEXPECTED_SELECTORS; message as Windows prints it (Microsoft Exchange Online
// troubleshooting docs, KB 3090768).
func faultShellNotFound(shellID string) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidSelectors",
		Reason:    "The WS-Management service cannot process the request because the request contained invalid selectors for the resource. ",
		Detail:    "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors",
		WSManCode: CodeShellNotFound,
		Message: "The request for the Windows Remote Shell with ShellId " + shellID +
			" failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. ",
	}
}

// faultCommandNotFound answers a Receive naming a CommandId the shell does not have; shape
// and texts as recorded from Windows Server 2016 (pypsrp test_winrs_bad_cmd_id.yml). Send
// and Signal are answered alike, a guess listed in unconfirmed.go.
func faultCommandNotFound() *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidSelectors",
		Reason:    "The WS-Management service cannot process the request because the request contained invalid selectors for the resource. ",
		Detail:    "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors",
		WSManCode: CodeShellNotFound,
		Message:   "The Windows Remote Shell received a request to perform an operation on a command identifier that does not exist. Either the command has completed execution or the client specified an invalid command identifier. ",
	}
}

// faultReceiveWithoutCommandID answers a Receive whose DesiredStream has no CommandId: the
// shell plug-in's ERROR_INVALID_PARAMETER (pypsrp test_winrs_fail_poll_process.yml).
func faultReceiveWithoutCommandID() *Fault {
	const text = "The parameter is incorrect. "
	return &Fault{
		Code:         "s:Sender",
		Subcode:      "w:InvalidParameter",
		Reason:       text,
		Detail:       "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidValue",
		WSManCode:    CodeWin32InvalidParameter,
		Provider:     shellPluginName,
		ProviderPath: shellPluginPath,
	}
}

// StartError is an Executor's refusal to start a command, as CreateProcess fails: the
// Command request is then answered with the shell plug-in's w:InternalError fault instead
// of a CommandId.
type StartError struct {
	// Code is the HRESULT of the Win32 error (CodeFileNotFound, CodeFilenameTooLong).
	Code uint32
	// Text is the Win32 message as Windows words it, with its trailing space.
	Text string
}

func (e *StartError) Error() string { return e.Text }

// StartChecker is implemented by an Executor that can tell before running a command that its
// process cannot be created.
type StartChecker interface {
	CheckStart(cmd Command) *StartError
}

// faultStart answers a Command whose process could not be created. Recorded: an unknown
// program with WINRS_SKIP_CMD_SHELL (0x80070002, pypsrp test_winrs_no_cmd_shell.yml, Server
// 2008 R2) and an over-long command line (0x800700CE, masterzen/winrm fixture_test.go
// executeCommandResponseWithError, whose s:Text has xml:lang="").
func faultStart(e *StartError) *Fault {
	return &Fault{
		Code:         "s:Receiver",
		Subcode:      "w:InternalError",
		Reason:       e.Text,
		WSManCode:    e.Code,
		Provider:     shellPluginName,
		ProviderPath: shellPluginPath,
		NoReasonLang: e.Code == CodeFilenameTooLong,
	}
}

// faultMaxShells is the MaxShellsPerUser quota. Texts as captured (pywinrm winrs test
// fixture with a 2008 R2 limit of 5) and wsmerror.h ERROR_WSMAN_QUOTA_MAX_SHELLS.
func faultMaxShells(limit int) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:QuotaLimit",
		Reason:    "The WS-Management service cannot process the request. The maximum number of concurrent shells for this user has been exceeded. Close existing shells or raise the quota for this user. ",
		WSManCode: CodeMaxShells,
		Message:   fmt.Sprintf("The WS-Management service cannot process the request. This user is allowed a maximum number of %d concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user. ", limit),
	}
}

// faultMaxOperations is the MaxConcurrentOperationsPerUser quota; text from wsmerror.h
// ERROR_WSMAN_QUOTA_MAX_OPERATIONS.
func faultMaxOperations() *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:QuotaLimit",
		Reason:    "The WS-Management service cannot process the request. The maximum number of concurrent operations for this user has been exceeded. Close existing operations for this user, or raise the quota for this user. ",
		WSManCode: CodeMaxOperations,
	}
}

// faultActionNotSupported answers an action the shell resource does not have. wsmerror.h
// maps ERROR_WSMAN_ACTION_NOT_SUPPORTED to code=Sender, subcode=WS-Addressing
// ActionNotSupported.
func faultActionNotSupported(action string) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "a:ActionNotSupported",
		Reason:    "The WS-Management service does not support the action specified in the request. ",
		Detail:    action,
		WSManCode: CodeActionNotSupported,
	}
}

// faultResourceURINotFound answers an unknown ResourceURI; message as PowerShell shows it
// for a missing session configuration (about_Remote_Troubleshooting examples).
func faultResourceURINotFound(uri string) *Fault {
	return &Fault{
		Code:    "s:Sender",
		Subcode: "w:DestinationUnreachable",
		Reason: "The WS-Management service cannot process the request. The resource URI (" + uri +
			") was not found in the WS-Management catalog. The catalog contains the metadata that describes resources, or logical endpoints. ",
		WSManCode: codeResourceURINotFound,
	}
}

// faultInsufficientSelectors answers a shell operation without a ShellId selector;
// text from wsmerror.h ERROR_WSMAN_INSUFFCIENT_SELECTORS.
func faultInsufficientSelectors() *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidSelectors",
		Reason:    "The WS-Management service cannot process the request because the request did not contain all required selectors. ",
		Detail:    "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InsufficientSelectors",
		WSManCode: CodeInsufficientSel,
	}
}

// InjectedFault builds the fault that fault injection answers with: a Receiver fault with
// the given WSManFault code and text.
func InjectedFault(code uint32, text string) *Fault {
	return &Fault{Code: "s:Receiver", Subcode: "w:InternalError", Reason: text, WSManCode: code}
}
