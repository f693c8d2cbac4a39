package winclient

import (
	"errors"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// Faults Windows' WMI plug-in answers when the namespace or class of an enumeration is not
// there, in the shapes recorded or tested by other clients (see codeCannotProcessFilter):
// each means the WMI path is unavailable, so that auto falls back to PowerShell.
func TestWMIUnavailableFaults(t *testing.T) {
	const (
		// A WSManFault of the WMI plug-in, nested in its f:ProviderFault, as WinRM 2.0 sent it
		// for an enumeration of a class its namespace lacks.
		classMissingFault = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration">` +
			`<s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>n:CannotProcessFilter</s:Value></s:Subcode></s:Code>` +
			`<s:Reason><s:Text xml:lang="en-US">The data source could not process the filter. </s:Text></s:Reason>` +
			`<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858778" Machine="node1">` +
			`<f:Message><f:ProviderFault provider="WMIv1 plugin for Windows Remote Management " path="%systemroot%\system32\WsmWmiPl.dll">` +
			`<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858778" Machine="node1">` +
			`<f:Message>The specified class does not exist in the given namespace. </f:Message></f:WSManFault>` +
			`</f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
		// The same code as an MSFT_WmiError's error_Code.
		wmiErrorFault = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>` +
			`<s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">x</s:Text></s:Reason><s:Detail>` +
			`<p:MSFT_WmiError xmlns:p="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError"><p:error_Code>2150858778</p:error_Code></p:MSFT_WmiError>` +
			`</s:Detail></s:Fault></s:Body></s:Envelope>`
		// A quota fault is not a missing namespace: no fallback.
		quota = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>` +
			`<s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">quota</s:Text></s:Reason><s:Detail>` +
			`<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150859173" Machine="node1"><f:Message>quota</f:Message></f:WSManFault>` +
			`</s:Detail></s:Fault></s:Body></s:Envelope>`
	)
	tr := &wmiTransport{}
	for _, c := range []struct {
		name, body string
		want       Kind
	}{
		{"class missing (WSManFault)", classMissingFault, KindWMIUnavailable},
		{"class missing (MSFT_WmiError)", wmiErrorFault, KindWMIUnavailable},
		{"quota", quota, KindQuota},
	} {
		f, ok := wsman.ParseFault(500, c.body)
		if !ok {
			t.Fatalf("%s: not parsed as a fault", c.name)
		}
		err := tr.fail("snapshot", scriptInput{}, f)
		var e *Error
		if !errors.As(err, &e) || e.Kind != c.want {
			t.Errorf("%s: %v, want kind %s", c.name, err, c.want)
		}
	}
}
