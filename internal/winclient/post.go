package winclient

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/masterzen/winrm"
)

// bodyPoster sends one SOAP envelope over one authenticated HTTP transport (Basic, NTLM
// with or without message encryption, Kerberos) and returns the answer's body, or the
// fault or HTTP status as an error. Cancelling ctx abandons the request.
type bodyPoster interface {
	postBody(ctx context.Context, body string) (string, error)
}

// wire is the one way a request leaves the client, for both transports: the remote shell
// (wire_shell.go, messages built by masterzen/winrm) and WMI (wmi*.go, messages built with
// encoding/xml). post checks the refused-credentials latch, counts the request under the
// action the caller names, and logs it once with its duration; it never logs headers or
// bodies (they carry credentials or user data).
type wire struct {
	url    string
	params *winrm.Parameters // the shell's (OperationTimeout, MaxEnvelopeSize)
	poster bodyPoster
	log    hclog.Logger
	cnt    *counters

	// refused is the first authentication failure: once the server has refused the
	// credentials, no request sends them again. Every refused logon counts towards the
	// account's lockout threshold (often 5 to 10 in a domain), and a plan of 100
	// checkpoints otherwise tried dozens of times and locked the account out.
	refused atomic.Pointer[Error]
}

// post sends body. action names the operation for the log and the counters ("Create",
// "Receive", "Enumerate", "Invoke AddRegistryCheckpoint", ...); about names what it is
// about (a shell id, a class), for the log only.
func (w *wire) post(ctx context.Context, action, about, body string) (string, error) {
	if e := w.refused.Load(); e != nil {
		return "", e
	}
	w.cnt.countAction(action)
	start := time.Now()
	out, err := w.poster.postBody(ctx, body)
	d := time.Since(start)
	if err != nil {
		if e := classify("", err); e.Kind == KindAuth {
			latched := *e
			latched.Message += " (no further logon is tried with these credentials in this run, so that a wrong password cannot lock the account out)"
			w.refused.CompareAndSwap(nil, &latched)
		}
		var f *wsmanFault
		if errors.As(err, &f) && f.timedOut() {
			w.log.Trace("winrm request polled with no output", "action", action, "about", about, "duration", d)
		} else {
			w.log.Debug("winrm request failed", "action", action, "about", about, "duration", d, "error", err.Error())
		}
		return out, err
	}
	w.log.Debug("winrm request", "action", action, "about", about, "duration", d)
	return out, nil
}
