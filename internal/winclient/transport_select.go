package winclient

import (
	"context"
	"errors"
	"sync/atomic"
)

// Transports: how a client reaches the cluster of its host.
const (
	// TransportAuto (the default) tries WMI first and, on a host that answers that WMI
	// cannot serve root\MSCluster there, uses PowerShell for that host from then on,
	// once, with a warning. Authentication, network and quota failures never switch.
	TransportAuto = "auto"
	// TransportWMI uses WMI's root\MSCluster over WS-Management only.
	TransportWMI = "wmi"
	// TransportPowerShell uses long-lived powershell.exe sessions and the FailoverClusters
	// module only.
	TransportPowerShell = "powershell"
)

// Transports lists the accepted values of Config.Transport.
var Transports = []string{TransportAuto, TransportWMI, TransportPowerShell}

// chosen transport of an auto client: undecided until the first answer says.
const (
	chosenUndecided int32 = iota
	chosenWMI
	chosenPowerShell
)

// runOf is the function that performs one attempt of a script operation on the transport
// the configuration names: fixed transports call theirs directly, with no choice on the way
// to the wire; auto chooses by the host's answers (runAuto).
func (c *Client) runOf(transport string) func(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, bool, error) {
	switch transport {
	case TransportWMI:
		return c.wmi.run
	case TransportPowerShell:
		return c.runScript
	}
	return c.runAuto
}

// runAuto performs one attempt of a script operation on WMI, or on PowerShell once the
// host has answered that WMI cannot serve it.
func (c *Client) runAuto(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, bool, error) {
	if c.chosen.Load() == chosenPowerShell {
		return c.runScript(ctx, op, scriptOp, in)
	}
	data, sent, err := c.wmi.run(ctx, op, scriptOp, in)
	if err == nil {
		c.chosen.CompareAndSwap(chosenUndecided, chosenWMI)
		return data, sent, nil
	}
	// Every WMI failure has passed wmiTransport.fail, which gives "WMI cannot serve this
	// host" (a missing plug-in, namespace, class or method) the kind KindWMIUnavailable,
	// never an authentication, network or quota failure.
	if !errors.Is(err, ErrWMIUnavailable) || c.chosen.Load() == chosenWMI {
		// Not a "WMI cannot serve this" answer (or WMI served this host before): the
		// failure is the operation's, whatever the transport.
		return data, sent, err
	}
	if c.chosen.CompareAndSwap(chosenUndecided, chosenPowerShell) {
		c.log.Warn("transport auto: WMI cannot serve root\\MSCluster on this host; using PowerShell (FailoverClusters module) for it from now on",
			"host", c.cfg.Host, "reason", err.Error())
	}
	data, sent, perr := c.runScript(ctx, op, scriptOp, in)
	var e *Error
	if errors.As(perr, &e) && e.Kind == KindModuleMissing {
		// Neither path is there: say both, so that the fix (either feature) is clear.
		both := *e
		both.Message += "; and WMI could not be used either: " + err.Error()
		return data, sent, &both
	}
	return data, sent, perr
}

// usesPowerShell reports whether operations may start PowerShell: to warm a session
// only then.
func (c *Client) usesPowerShell() bool {
	return c.cfg.Transport == TransportPowerShell ||
		(c.cfg.Transport == TransportAuto && c.chosen.Load() == chosenPowerShell)
}

// chosenState is the auto client's decision.
type chosenState = atomic.Int32
