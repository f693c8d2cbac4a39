package winclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/masterzen/winrm"
)

// The remote shell's operations on the wire (post.go): masterzen/winrm builds and parses
// the SOAP messages; each request goes through wire.post under its action's name, with
// its errors kept (masterzen's Command loses the cause of a failed Send and cannot abort a
// request in flight).

// createShell opens a cmd shell and returns its id.
func (w *wire) createShell(ctx context.Context) (string, error) {
	body, err := w.post(ctx, "Create", "", winrm.NewOpenShellRequest(w.url, w.params).String())
	if err != nil {
		return "", err
	}
	id, err := winrm.ParseOpenShellResponse(body)
	if err != nil || id == "" {
		return "", fmt.Errorf("the Create response carries no ShellId: %v", err)
	}
	w.cnt.shellsCreated.Add(1)
	return id, nil
}

// startCommand starts a command in the shell and returns its id (launch.go says why these
// options).
func (w *wire) startCommand(ctx context.Context, shellID, command string, args []string, o commandOptions) (string, error) {
	body, err := w.post(ctx, "Command", shellID, newCommandRequest(w.url, shellID, command, args, w.params, o).String())
	if err != nil {
		return "", err
	}
	id, err := winrm.ParseExecuteCommandResponse(body)
	if err != nil {
		return "", err
	}
	w.cnt.psStarts.Add(1)
	return id, nil
}

// send writes data to the command's stdin (eof closes it).
func (w *wire) send(ctx context.Context, shellID, commandID string, data []byte, eof bool) error {
	// Room for the envelope around the base64 text, which is 4/3 of the bytes.
	chunk := (w.params.EnvelopeSize - 2000) * 3 / 4
	for first := true; first || len(data) > 0; first = false {
		n := min(len(data), chunk)
		last := n == len(data)
		if _, err := w.post(ctx, "Send", shellID, winrm.NewSendInputRequest(w.url, shellID, commandID, data[:n], eof && last, w.params).String()); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// receive polls once for output; TimedOut faults (no output within OperationTimeout) are
// part of polling and answered as no output.
func (w *wire) receive(ctx context.Context, shellID, commandID string, stdout, stderr io.Writer) (done bool, exitCode int, err error) {
	body, err := w.post(ctx, "Receive", shellID, winrm.NewGetOutputRequest(w.url, shellID, commandID, "stdout stderr", w.params).String())
	if err != nil {
		var f *wsmanFault
		if errors.As(err, &f) && f.timedOut() {
			return false, 0, nil
		}
		return false, 0, err
	}
	var out, errb bytes.Buffer
	done, exitCode, err = winrm.ParseSlurpOutputErrResponse(body, &out, &errb)
	if err != nil {
		return false, 0, fmt.Errorf("cannot parse the Receive response: %w", err)
	}
	if out.Len() > 0 {
		_, _ = stdout.Write(out.Bytes())
	}
	if errb.Len() > 0 {
		_, _ = stderr.Write(errb.Bytes())
	}
	return done, exitCode, nil
}

// deleteShell deletes a shell (its processes end with it).
func (w *wire) deleteShell(ctx context.Context, shellID string) error {
	_, err := w.post(ctx, "Delete", shellID, winrm.NewDeleteShellRequest(w.url, shellID, w.params).String())
	return err
}
