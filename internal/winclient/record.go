package winclient

import (
	"context"
	"errors"
	"time"

	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// recordingTransporter writes every exchange of the transporter it wraps to a recording
// (package recording; EXCHANGE_WINRM_RECORD): the plain SOAP request and the plain answer,
// or the fault, or the error. It sits directly on the transports, below logging and
// retries, so it sees each HTTP exchange once, decrypted, and no HTTP header.
type recordingTransporter struct {
	inner winrm.Transporter
	w     *recording.Writer
	host  string
}

func (r *recordingTransporter) Transport(ep *winrm.Endpoint) error { return r.inner.Transport(ep) }

func (r *recordingTransporter) Post(c *winrm.Client, m *soap.SoapMessage) (string, error) {
	return r.PostContext(context.Background(), c, m)
}

// PostContext posts through the inner transporter (bound to ctx when it can be) and records.
func (r *recordingTransporter) PostContext(ctx context.Context, c *winrm.Client, m *soap.SoapMessage) (string, error) {
	request := m.String()
	start := time.Now()
	var body string
	var err error
	if cp, ok := r.inner.(contextPoster); ok {
		body, err = cp.PostContext(ctx, c, m)
	} else {
		body, err = r.inner.Post(c, m)
	}
	e := recording.Exchange{Time: start.UTC(), Host: r.host, Action: "unknown", DurationMS: time.Since(start).Milliseconds(),
		Request: request, Response: body}
	if a := reAction.FindStringSubmatch(request); a != nil {
		e.Action = a[1]
	}
	var f *wsmanFault
	switch {
	case errors.As(err, &f) && f.Raw != "":
		e.Response, e.Fault = f.Raw, true
	case err != nil:
		e.Error = err.Error()
	}
	_ = r.w.Write(e) // a recording that cannot be written must not fail the request
	return body, err
}
