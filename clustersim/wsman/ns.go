package wsman

// XML namespaces and URIs of MS-WSMV as Windows uses them (shared/domain.md section 3).
const (
	nsSOAP       = "http://www.w3.org/2003/05/soap-envelope"
	nsAddressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
	nsWSMan      = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
	nsMSWSMan    = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
	nsShell      = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
	nsTransfer   = "http://schemas.xmlsoap.org/ws/2004/09/transfer"
	nsFault      = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
	nsEventing   = "http://schemas.xmlsoap.org/ws/2004/08/eventing"
	nsEnumerate  = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"

	// ResourceURICmd is the only resource this server serves: the cmd.exe remote shell.
	ResourceURICmd = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"

	addressAnonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"

	ActionCreate  = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
	ActionDelete  = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete"
	ActionCommand = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command"
	ActionSend    = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send"
	ActionReceive = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive"
	ActionSignal  = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal"

	actionFault = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"

	stateRunning = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Running"
	stateDone    = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"

	SignalTerminate = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate"
	SignalCtrlC     = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c"
	SignalCtrlBreak = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_break"

	soapContentType = "application/soap+xml;charset=UTF-8"
)

// shortActions names each action for the counters (simstats.CountAction).
var shortActions = map[string]string{
	ActionCreate:  "Create",
	ActionDelete:  "Delete",
	ActionCommand: "Command",
	ActionSend:    "Send",
	ActionReceive: "Receive",
	ActionSignal:  "Signal",
}

// responseActions maps a request action to the a:Action of its answer.
var responseActions = map[string]string{
	ActionCreate:  "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse",
	ActionDelete:  "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse",
	ActionCommand: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse",
	ActionSend:    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SendResponse",
	ActionReceive: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse",
	ActionSignal:  "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse",
}
