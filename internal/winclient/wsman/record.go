package wsman

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// recordingPoster writes every exchange of the poster it wraps to a recording (package
// recording; EXCHANGE_WINRM_RECORD): the plain SOAP request and the plain answer, or the
// fault, or the error. It sits directly on the HTTP transports, below logging and retries
// and below both transports (remote shell and WMI), so it sees each HTTP exchange once,
// decrypted, and no HTTP header.
type recordingPoster struct {
	inner Poster
	w     *recording.Writer
	host  string
}

// PostBody posts through the inner poster and records.
func (r *recordingPoster) PostBody(ctx context.Context, request string) (string, error) {
	start := time.Now()
	body, err := r.inner.PostBody(ctx, request)
	e := recording.Exchange{Time: start.UTC(), Host: r.host, Action: "unknown", DurationMS: time.Since(start).Milliseconds(),
		Request: request, Response: body}
	if a := reAction.FindStringSubmatch(request); a != nil {
		e.Action = a[1]
	}
	var f *Fault
	switch {
	case errors.As(err, &f) && f.Raw != "":
		e.Response, e.Fault = f.Raw, true
	case err != nil:
		e.Error = err.Error()
	}
	_ = r.w.Write(e) // a recording that cannot be written must not fail the request
	return body, err
}

// reAction finds the last segment of a request's WS-Addressing Action (Create, Command,
// Enumerate, AddRegistryCheckpoint, ...).
var reAction = regexp.MustCompile(`<[A-Za-z0-9]*:?Action[^>]*>[^<]*/([A-Za-z]+)</`)
