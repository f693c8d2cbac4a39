package wsman

// UNCONFIRMED behaviour of the WinRM service.
//
// Everything in this file is a guess: no capture from a real Windows machine and no
// document was found for it. Each guess is a named value or function so that a capture can
// replace it in one place. Everything else in the package follows a source named beside it.

import (
	"strings"
	"time"
)

// codeResourceURINotFound: the numeric code of the "resource URI was not found in the
// WS-Management catalog" fault. The text is confirmed, the code is not; this is
// ERROR_WSMAN_DESTINATION_UNREACHABLE, which wsmerror.h maps to the
// w:DestinationUnreachable subcode.
const codeResourceURINotFound uint32 = 2150858770

// faultMalformedXML: what Windows answers for a body that is not a well-formed SOAP 1.2
// envelope. The text is wsmerror.h ERROR_WSMAN_INVALID_XML; the Code/Subcode pair is a guess.
func faultMalformedXML() *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:SchemaValidationError",
		Reason:    "The WS-Management service cannot process the request because the XML is invalid. ",
		WSManCode: CodeInvalidXML,
	}
}

// faultMissingBody: a shell operation whose s:Body lacks the element it needs (rsp:CommandLine,
// rsp:Send, rsp:Receive, rsp:Signal). Text from wsmerror.h ERROR_WSMAN_INVALID_SOAP_BODY,
// which maps to subcode InvalidBody (w: prefix guessed).
func faultMissingBody() *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidBody",
		Reason:    "The WS-Management service cannot process the request because the request packet does not have a valid SOAP body. ",
		WSManCode: CodeInvalidSOAPBody,
	}
}

// A Send or Signal naming an unknown CommandId gets the fault recorded for a Receive
// (faultCommandNotFound, fault.go): only the Receive's was recorded.

// consoleModeByDefault: a Command without WINRS_CONSOLEMODE_STDIN runs with console-mode
// stdin. MS-WSMV 3.1.4.11 defines the option; what its absence means is not stated.
const consoleModeByDefault = true

// echoOrderEnvironmentFirst: a CreateResponse echoes rsp:Environment and
// rsp:WorkingDirectory each before rsp:IdleTimeOut (recorded one at a time); their order when
// a Create sends both is a guess.
const echoOrderEnvironmentFirst = true

// acceptedIdleTimeout: a Create's rsp:IdleTimeOut is taken as the shell's idle timeout as
// asked (recorded echoed: PT60S as PT60.000S); whether Windows caps it at the Winrs
// MaxIdleTimeout setting is not modelled.
func acceptedIdleTimeout(d time.Duration) time.Duration { return d }

// faultInvalidInput: a Send to a stream other than stdin, or with content that is not base64.
// Code is ERROR_WSMAN_SHELL_INVALID_INPUT_STREAM; text and subcode guessed.
func faultInvalidInput(detail string) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidParameter",
		Reason:    "The WinRM Shell cannot process the request because the input stream is not valid: " + detail + " ",
		WSManCode: CodeInvalidInputStream,
	}
}

// faultUnknownSignal: a Signal whose rsp:Code is not terminate, ctrl_c or ctrl_break.
func faultUnknownSignal(code string) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:InvalidParameter",
		Reason:    "The WS-Management service cannot process the request because the signal code " + code + " is not supported. ",
		WSManCode: CodeInvalidParameter,
	}
}

// countsAsOperation: which things count against MaxConcurrentOperationsPerUser. Guess: each
// command that has neither been terminated nor reported Done, across the user's shells.
// Shells count only against MaxShellsPerUser.
func countsAsOperation(c *command) bool { return c.alive() }

// repeatDoneAfterDelivery: a Receive for a command whose Done state was already delivered
// answers Done again (with End markers and the exit code) instead of a fault.
const repeatDoneAfterDelivery = true

// refuseUnencryptedNTLM: with AllowUnencrypted=false, a request over HTTP that authenticated
// with NTLM but whose body is not sealed (multipart/encrypted) is answered 401, the same
// answer as Basic over HTTP (which IS documented: Ansible's windows_setup "HTTP
// 401/Credentials Rejected").
const refuseUnencryptedNTLM = true

// offeredAuthHeaders: the WWW-Authenticate headers of a 401. Confirmed from captures of a
// workgroup server ("Negotiate" then `Basic realm="WSMAN"`, each its own header). A
// domain-joined server also offers "Kerberos" (MS-WSMV 2.2.9.1.2.1 defines the scheme); its
// place between the two is a guess. CredSSP is never offered: it is not implemented.
func offeredAuthHeaders(basic, negotiate, kerberos bool) []string {
	var h []string
	if negotiate {
		h = append(h, "Negotiate")
	}
	if kerberos {
		h = append(h, "Kerberos")
	}
	if basic {
		h = append(h, `Basic realm="WSMAN"`)
	}
	return h
}

// kerberosAuthenticatesConnection: like NTLM, a Kerberos logon authenticates the TCP
// connection (HTTP.sys keeps Negotiate contexts per connection), so a later request on it
// without Authorization is let in. Clients send the header on every request anyway.
const kerberosAuthenticatesConnection = true

// kerberosUnknownAccountStatus: a valid Kerberos principal that is no account of the
// machine's WinRM users (on Windows: neither an administrator nor in Remote Management
// Users) is refused with a plain 401, like a wrong password. Windows' exact answer (401, or
// an access-denied fault) is not captured.
const kerberosUnknownAccountStatus = 401

// oversizedRequestStatus: a request larger than MaxEnvelopeSizekb gets HTTP 413 (confirmed by
// ansible.windows issues #391 and #620: "Bad HTTP response returned from server. Code 413").
// Whether that 413 carries a body is unconfirmed; it is sent empty.
const oversizedRequestStatus = 413

// receiveOverheadBytes: room kept in a ReceiveResponse for the envelope, header and element
// tags when fitting base64 stream data under the request's MaxEnvelopeSize. How Windows
// splits output into rsp:Stream elements is unconfirmed; this server sends at most one data
// element per stream per response.
const receiveOverheadBytes = 2048

// enumerationOverheadBytes: room kept in an EnumerateResponse or PullResponse for the
// envelope around its items when fitting them under the request's MaxEnvelopeSize. How
// Windows decides how many instances fit is unconfirmed; this server counts the items'
// rendered bytes against MaxEnvelopeSize less this room.
const enumerationOverheadBytes = 2048

// stdoutBufferLimit: how much undelivered output a command may hold before its writes block
// (a console process blocks on a full pipe). The size is a guess.
const stdoutBufferLimit = 4 << 20

// normalizeUser: Windows account names are case-insensitive; "MACHINE\user", ".\user" and
// "user" name the same local account. The exact matching rules are not confirmed.
func normalizeUser(u string) string {
	if i := strings.LastIndexByte(u, '\\'); i >= 0 {
		u = u[i+1:]
	}
	if i := strings.IndexByte(u, '@'); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(u)
}

// capOperationTimeout: an OperationTimeout above MaxTimeoutms is cut to MaxTimeoutms rather
// than refused; no OperationTimeout means MaxTimeoutms.
const capOperationTimeout = true

// shellIDsCaseInsensitive: ShellId and CommandId are matched without regard to case.
const shellIDsCaseInsensitive = true

// answerEmptyPostAfterNTLM: an empty POST (Content-Length: 0) whose Authorization completes an
// NTLM handshake, or carries a Kerberos AP-REQ, is answered 200 with an empty body. Clients that encrypt messages
// (masterzen/winrm NewEncryption("ntlm"), pywinrm) authenticate that way before sending sealed
// bodies and expect 200; what Windows sends exactly is not captured. An empty POST relying on
// an earlier handshake of the connection is a plain-text request like any other (401 on HTTP
// without AllowUnencrypted): masterzen/winrm starts a fresh handshake for every message and
// needs that 401 to do so.
const answerEmptyPostAfterNTLM = true

// Answers in UTF-8: every answer is UTF-8 (soapContentType in ns.go,
// application/soap+xml;charset=UTF-8), also for a request sent in UTF-16. Whether Windows
// answers a UTF-16 request in UTF-16 is not confirmed. There is no named value for this
// guess because the package has no UTF-16 writer to switch to; soapContentType is the one
// place a capture would change.

// WMI over WS-Management (wmi*.go): guesses.
//
//   - The WMI fault shapes (wmi_fault.go) beyond the two recorded situations (a WQL query
//     of a missing class, soap_fault_v2.xml; a Get of a missing instance, the omi test):
//     an Invoke on a missing instance, a filterless Enumerate of a missing class, and any
//     request on a namespace that is not registered are answered like the recorded Get
//     (a:DestinationUnreachable, InvalidResourceURI, 2150858752); WMI's access denied and
//     invalid parameter carry the wsmerror.h codes 0x80338104 and 0x8033811E under
//     s:Sender / w:AccessDenied and w:InvalidParameter (the codes are documented, the
//     Code/Subcode and texts are not recorded); any other failure (a Win32 error of the
//     cluster API such as ERROR_ALREADY_EXISTS, WBEM_E_FAILED) is s:Receiver /
//     w:InternalError with the HRESULT itself as the WSManFault code and as
//     __ExtendedStatus.StatusCode. __ExtendedStatus.Operation is IWbemServices' method
//     name (GetObject and ExecQuery are recorded; CreateInstanceEnum and ExecMethod follow
//     the pattern); ParameterInfo of an Invoke is the object path; ProviderName is
//     "WinMgmt" for a class or namespace WMI does not know (recorded) and
//     clusterWMIProviderName otherwise. Both the outer and the nested WSManFault carry the
//     machine's name (the recordings show the address the client used outside and the
//     host's name inside).
//   - wmiFaultCodes: the SOAP Code/Subcode of the MSFT_WmiError form. Only the
//     MSFT_WmiError detail's shape is taken from a source (error_Code is the HRESULT);
//     which subcode WinRM picks for each WBEM error is not. Clients must decide by
//     error_Code.
//   - An empty array property is written as xsi:nil (the WMI provider may return an empty
//     array as null or as no element at all; clients must accept both and no element).
//   - An optimized EnumerateResponse that ends the sequence has an empty
//     EnumerationContext (recorded); a Release of it fails.
//   - A WQL Filter on a class URI (not "*") is taken when its FROM names that class.
//   - Valid WQL outside the subset of wmi_wql.go (projections, OR, LIKE, ISA, ...) is
//     refused with WBEM_E_INVALID_QUERY, which Windows would answer.
//   - wmiEnumerationIdle: how long an enumeration context nobody pulls is kept.
//   - The answer to an Invoke has the Action of the request followed by "Response".
//   - An optimized Enumerate or a Pull returns at least one item, whatever the reply room
//     (wmi_enumerate.go take); an enumeration context of another user is answered as an
//     invalid one; an Enumerate of "*" without a filter, and an Invoke whose _INPUT cannot
//     be read, get faultMissingBody; a Get of "*" gets ActionNotSupported; an Invoke
//     without key selectors gets faultWMINoKeys; an empty namespace is an invalid
//     namespace; a WQL query naming a property the class lacks is an invalid query; the
//     texts of msgNotFound and msgInvalidQuery are ours.
//   - A shell's commands run under the logon of its Create (handlers.go), not of each
//     Command's request.
const wmiEnumerationIdle = 10 * time.Minute

// clusterWMIProviderName is __ExtendedStatus.ProviderName of a failure of the cluster's
// WMI provider: the name its MOF registers it under, as remembered, not read in a
// recording.
const clusterWMIProviderName = "MS_CLUSTER_PROVIDER"

func wmiFaultCodes(hr uint32) (code, subcode string) {
	switch hr {
	case WBEMErrInvalidNamespace, WBEMErrInvalidClass:
		return "s:Sender", "w:DestinationUnreachable"
	case WBEMErrNotFound:
		return "s:Sender", "w:InvalidSelectors"
	case WBEMErrAccessDenied, HResultFromWin32(5):
		return "s:Sender", "w:AccessDenied"
	case WBEMErrInvalidQuery:
		return "s:Sender", "w:CannotProcessFilter"
	case WBEMErrInvalidParameter, HResultFromWin32(87):
		return "s:Sender", "w:InvalidParameter"
	}
	return "s:Receiver", "w:InternalError"
}

// faultFilterDialect answers an Enumerate whose Filter dialect is not WQL (the dialect
// WMI's plug-in takes besides selector filters, which the simulator does not serve).
// DSP0226 names the fault wsman:FilterDialectRequestedUnavailable; the WSManFault code is
// a guess (ERROR_WSMAN_FILTERING_REQUIRED's neighbour).
func faultFilterDialect(dialect string) *Fault {
	return &Fault{
		Code:      "s:Sender",
		Subcode:   "w:FilterDialectRequestedUnavailable",
		Reason:    "The WS-Management service cannot process the request because the filter dialect " + dialect + " is not supported. ",
		WSManCode: 2150858825,
	}
}

// faultInvalidEnumerationContext answers a Pull or Release of a context the server does
// not hold (WS-Enumeration's wsen:InvalidEnumerationContext; the WSManFault code is a
// guess, ERROR_WSMAN_INVALID_ENUMERATION_CONTEXT as windows-sys spells it).
func faultInvalidEnumerationContext() *Fault {
	return &Fault{
		Code:      "s:Receiver",
		Subcode:   "n:InvalidEnumerationContext",
		Reason:    "The WS-Management service cannot process the request because the enumeration context supplied in the message is not valid. ",
		WSManCode: 2150858776,
	}
}

// kerberosProtocolAccepted: a body sealed with a Kerberos context must name the protocol of
// the scheme that carried the AP-REQ (application/HTTP-SPNEGO-session-encrypted after
// Negotiate, application/HTTP-Kerberos-session-encrypted after Kerberos: MS-WSMV 2.2.9.1.1
// and 2.2.9.1.2; pywinrm sends the SPNEGO string after Negotiate). Whether Windows refuses
// the other string is not captured; refusing it keeps clients honest.
func kerberosProtocolAccepted(got, want string) bool { return strings.EqualFold(got, want) }
