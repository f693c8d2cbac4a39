package provider

import (
	"os"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The acceptance tests run on the transport EXCHANGE_WINRM_TRANSPORT names, which the
// provider reads like any EXCHANGE_WINRM_* setting ("" is auto, which takes WMI on the
// simulator); `make test` runs them once per transport.
func overWMI() bool { return os.Getenv("EXCHANGE_WINRM_TRANSPORT") != winclient.TransportPowerShell }

// faultAction is the request that plays the part of a remote-shell action on the transport
// under test, for fault injection: over WMI a write's Send is its Invoke, and a Receive
// (the answer of a read) an Enumerate.
func faultAction(shellAction string) string {
	if !overWMI() {
		return shellAction
	}
	switch shellAction {
	case "Send":
		return "Invoke"
	case "Receive", "Create", "Command":
		return "Enumerate"
	}
	return shellAction
}
