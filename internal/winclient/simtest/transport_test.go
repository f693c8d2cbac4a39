package simtest

import (
	"os"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The suite runs on the transport EXCHANGE_WINRM_TRANSPORT names, as the provider does
// ("" is auto, which takes WMI on the simulator); `make test` runs it once per transport.
func transportUnderTest() string { return os.Getenv("EXCHANGE_WINRM_TRANSPORT") }

// overWMI: the client under test reads and writes through WMI, and starts no PowerShell.
func overWMI() bool { return transportUnderTest() != winclient.TransportPowerShell }

// act is the WS-Management action that plays the part of a remote-shell action on the
// transport under test, for fault injection: the first request of an operation (Create,
// Command) is an Enumerate over WMI; the one that carries a write (Send, Receive) an Invoke.
func act(shellAction string, write bool) string {
	if !overWMI() {
		return shellAction
	}
	if write && (shellAction == "Send" || shellAction == "Receive") {
		return "Invoke"
	}
	return "Enumerate"
}
