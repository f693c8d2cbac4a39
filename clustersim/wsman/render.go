package wsman

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// newUUID returns a random (version 4) UUID in the upper-case form Windows uses for shell
// and command ids.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("wsman: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}

// newMessageID returns a fresh a:MessageID, "uuid:" and an upper-case UUID as Windows writes it.
func newMessageID() string { return "uuid:" + newUUID() }

// esc escapes text for an XML element or attribute value.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// envelopeOpen is the s:Envelope start tag of Windows' responses: the same prefixes in the
// same order as the captures in domain.md section 3 sources.
const envelopeOpen = `<s:Envelope xml:lang="en-US" xmlns:s="` + nsSOAP + `" xmlns:a="` + nsAddressing +
	`" xmlns:x="` + nsTransfer + `" xmlns:w="` + nsWSMan + `" xmlns:rsp="` + nsShell + `" xmlns:p="` + nsMSWSMan + `">`

// Responses whose bodies need fewer prefixes declare fewer: Windows' ReceiveResponse leaves
// out x: and its DeleteResponse x: and rsp: (pypsrp test_winrs_*.yml, Server 2016 and 2008
// R2; pywinrm tests/conftest.py close_shell_response).
const (
	receiveEnvelopeOpen = `<s:Envelope xml:lang="en-US" xmlns:s="` + nsSOAP + `" xmlns:a="` + nsAddressing +
		`" xmlns:w="` + nsWSMan + `" xmlns:rsp="` + nsShell + `" xmlns:p="` + nsMSWSMan + `">`
	deleteEnvelopeOpen = `<s:Envelope xml:lang="en-US" xmlns:s="` + nsSOAP + `" xmlns:a="` + nsAddressing +
		`" xmlns:w="` + nsWSMan + `" xmlns:p="` + nsMSWSMan + `">`
)

// envelopeOpenFor is the s:Envelope start tag of the answer to a request action.
func envelopeOpenFor(responseAction string) string {
	switch responseAction {
	case responseActions[ActionReceive]:
		return receiveEnvelopeOpen
	case responseActions[ActionDelete]:
		return deleteEnvelopeOpen
	}
	return envelopeOpen
}

// faultEnvelopeOpen is the start tag of Windows' fault envelopes, which also declare the
// eventing and enumeration prefixes.
const faultEnvelopeOpen = `<s:Envelope xml:lang="en-US" xmlns:s="` + nsSOAP + `" xmlns:a="` + nsAddressing +
	`" xmlns:x="` + nsTransfer + `" xmlns:e="` + nsEventing + `" xmlns:n="` + nsEnumerate +
	`" xmlns:w="` + nsWSMan + `" xmlns:p="` + nsMSWSMan + `">`

// renderHeader writes the s:Header of a response: Action, a fresh MessageID, To anonymous,
// and RelatesTo the request's MessageID (left out when the request had none).
func renderHeader(b *strings.Builder, action, relatesTo string) {
	b.WriteString(`<s:Header><a:Action>`)
	b.WriteString(esc(action))
	b.WriteString(`</a:Action><a:MessageID>`)
	b.WriteString(newMessageID())
	b.WriteString(`</a:MessageID><a:To>` + addressAnonymous + `</a:To>`)
	if relatesTo != "" {
		b.WriteString(`<a:RelatesTo>`)
		b.WriteString(esc(relatesTo))
		b.WriteString(`</a:RelatesTo>`)
	}
	b.WriteString(`</s:Header>`)
}

// renderResponse wraps a body (already XML) in a response envelope.
func renderResponse(action, relatesTo, body string) []byte {
	var b strings.Builder
	b.Grow(len(body) + 1024)
	b.WriteString(envelopeOpenFor(action))
	renderHeader(&b, action, relatesTo)
	if body == "" {
		b.WriteString(`<s:Body></s:Body>`)
	} else {
		b.WriteString(`<s:Body>`)
		b.WriteString(body)
		b.WriteString(`</s:Body>`)
	}
	b.WriteString(`</s:Envelope>`)
	return []byte(b.String())
}

// renderFault writes a SOAP 1.2 fault with its WSManFault detail, as Windows does.
func renderFault(f *Fault, relatesTo, machine string) []byte {
	var b strings.Builder
	b.WriteString(faultEnvelopeOpen)
	action := f.Action
	if action == "" {
		action = actionFault
	}
	renderHeader(&b, action, relatesTo)
	b.WriteString(`<s:Body><s:Fault><s:Code><s:Value>`)
	b.WriteString(esc(f.Code))
	b.WriteString(`</s:Value>`)
	if f.Subcode != "" {
		b.WriteString(`<s:Subcode><s:Value>`)
		b.WriteString(esc(f.Subcode))
		b.WriteString(`</s:Value></s:Subcode>`)
	}
	b.WriteString(`</s:Code><s:Reason><s:Text xml:lang="` + f.reasonLang() + `">`)
	b.WriteString(esc(f.Reason))
	b.WriteString(`</s:Text></s:Reason><s:Detail>`)
	if f.Detail != "" {
		b.WriteString(`<w:FaultDetail>`)
		b.WriteString(esc(f.Detail))
		b.WriteString(`</w:FaultDetail>`)
	}
	if f.detailXML != "" {
		// A WMI error: its MSFT_WmiError instance is the whole detail (wmi_render.go).
		b.WriteString(f.detailXML)
		b.WriteString(`</s:Detail></s:Fault></s:Body></s:Envelope>`)
		return []byte(b.String())
	}
	msg := f.Message
	if msg == "" {
		msg = f.Reason
	}
	b.WriteString(`<f:WSManFault xmlns:f="` + nsFault + `" Code="`)
	b.WriteString(strconv.FormatUint(uint64(f.WSManCode), 10))
	b.WriteString(`" Machine="`)
	b.WriteString(esc(machine))
	b.WriteString(`"><f:Message>`)
	if f.Provider != "" {
		// A fault raised by the shell plug-in carries its text in f:ProviderFault
		// (pypsrp test_winrs_fail_poll_process.yml, test_winrs_no_cmd_shell.yml).
		b.WriteString(`<f:ProviderFault provider="` + esc(f.Provider) + `" path="` + esc(f.ProviderPath) + `">`)
		if f.ProviderCode != 0 {
			// The WMI plug-in's own fault inside (wmi_fault.go).
			lang := ` xml:lang="en-US"`
			if f.extended != nil {
				lang = "" // neither recording with __ExtendedStatus has it (wmi_fault.go)
			}
			b.WriteString(`<f:WSManFault xmlns:f="` + nsFault + `" Code="` + strconv.FormatUint(uint64(f.ProviderCode), 10) +
				`" Machine="` + esc(machine) + `"` + lang + `><f:Message>` + esc(msg) + `</f:Message></f:WSManFault>`)
			if f.extended != nil {
				f.extended.render(&b)
			}
		} else {
			b.WriteString(esc(msg))
		}
		b.WriteString(`</f:ProviderFault>`)
	} else {
		b.WriteString(esc(msg))
	}
	b.WriteString(`</f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`)
	return []byte(b.String())
}
