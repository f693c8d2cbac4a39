package winclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// wire is the one way a request leaves the client, for both transports: the WS-Management
// wire (package wsman: authentication, latch, counters, one log line per request,
// recording) and the parameters of the envelopes the transports build on it. Its Post is
// wsman's own, promoted, so that a request crosses no forwarding frame.
type wire struct {
	*wsman.Client
	params *winrm.Parameters // the shell's and WMI's (OperationTimeout, MaxEnvelopeSize, Locale)
	cnt    *counters
}

// Stats are the client's own counters (the simulator keeps the server's).
type Stats struct {
	HTTPRequests     int64 // WinRM POSTs, NTLM handshake legs included
	ShellsCreated    int64
	PowerShellStarts int64 // commands started (each is one powershell.exe)
	ScriptRuns       int64
	// Requests counts the messages sent (not handshake legs) by action: "Create",
	// "Receive", "Enumerate", "Pull", "Invoke", ... (wsman.Client.Post).
	Requests map[string]int64
}

// counters are what the transports count above the wire.
type counters struct {
	shellsCreated, psStarts, scriptRuns atomic.Int64
}

func (w *wire) stats() Stats {
	ws := w.Stats()
	return Stats{
		HTTPRequests:     ws.HTTPRequests,
		ShellsCreated:    w.cnt.shellsCreated.Load(),
		PowerShellStarts: w.cnt.psStarts.Load(),
		ScriptRuns:       w.cnt.scriptRuns.Load(),
		Requests:         ws.Requests,
	}
}

// newWire builds the wire of cfg (defaults applied) and the envelopes' parameters. It
// never touches winrm.DefaultParameters.
func newWire(cfg Config, log hclog.Logger, cnt *counters) (*wire, error) {
	wc := wsman.Config{
		Host: cfg.Host, Port: cfg.Port, HTTPS: cfg.HTTPS, Insecure: cfg.Insecure, CACert: cfg.CACert,
		TLSServerName: cfg.TLSServerName,
		Auth:          cfg.Auth, Username: cfg.Username, Password: cfg.Password,
		NTLMWithoutEncryption: cfg.NTLMWithoutEncryption, Kerberos: cfg.Kerberos,
		// Each session keeps one Receive open while another request sends its input, so
		// allow two connections per shell plus one for shell creation.
		MaxIdleConns:    2*cfg.MaxShells + 2,
		ResponseTimeout: httpWait(cfg),
	}
	if path := os.Getenv(recording.EnvVar); path != "" {
		rw, err := recording.Open(path, cfg.Password)
		if err != nil {
			return nil, &ConfigError{Field: "host", Message: err.Error()}
		}
		log.Warn("recording every WinRM exchange, decrypted and without credentials, to "+path, "variable", recording.EnvVar)
		wc.Recording = rw
	}
	ws, err := wsman.New(wc, log)
	if err != nil {
		return nil, &Error{Kind: KindTransport, Op: "New", Message: "cannot set up the transport (check ca_cert)", Err: err}
	}
	return &wire{
		Client: ws,
		params: winrm.NewParameters(isoDuration(cfg.OperationTimeout), "en-US", 153600),
		cnt:    cnt,
	}, nil
}

// httpWait is how long HTTP waits for a response: the server may hold a Receive for the whole
// OperationTimeout, so wait that plus a margin for slow links.
func httpWait(cfg Config) time.Duration { return cfg.OperationTimeout + 15*time.Second }

func isoDuration(d time.Duration) string {
	ms := d.Milliseconds()
	if ms%1000 == 0 {
		return fmt.Sprintf("PT%dS", ms/1000)
	}
	return fmt.Sprintf("PT%d.%03dS", ms/1000, ms%1000)
}

// The remote shell's operations on the wire: masterzen/winrm builds and parses
// the SOAP messages; each request goes through wsman's Post under its action's name, with
// its errors kept (masterzen's Command loses the cause of a failed Send and cannot abort a
// request in flight).

// createShell opens a cmd shell and returns its id.
func (w *wire) createShell(ctx context.Context) (string, error) {
	body, err := w.Post(ctx, "Create", "", winrm.NewOpenShellRequest(w.URL(), w.params).String())
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
	body, err := w.Post(ctx, "Command", shellID, newCommandRequest(w.URL(), shellID, command, args, w.params, o).String())
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
		if _, err := w.Post(ctx, "Send", shellID, winrm.NewSendInputRequest(w.URL(), shellID, commandID, data[:n], eof && last, w.params).String()); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// receive polls once for output; TimedOut faults (no output within OperationTimeout) are
// part of polling and answered as no output.
func (w *wire) receive(ctx context.Context, shellID, commandID string, stdout, stderr io.Writer) (done bool, exitCode int, err error) {
	body, err := w.Post(ctx, "Receive", shellID, winrm.NewGetOutputRequest(w.URL(), shellID, commandID, "stdout stderr", w.params).String())
	if err != nil {
		var f *wsman.Fault
		if errors.As(err, &f) && f.TimedOut() {
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
	_, err := w.Post(ctx, "Delete", shellID, winrm.NewDeleteShellRequest(w.URL(), shellID, w.params).String())
	return err
}
