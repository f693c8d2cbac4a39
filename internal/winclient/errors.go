package winclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// errSessionLost marks a session that can no longer be used (its command exited, its shell
// was deleted, or its stream broke). Reads retry on a fresh session.
var errSessionLost = errors.New("the PowerShell session was lost")

// errClientClosed is the cause of operations on a closed Client; they are never retried.
var errClientClosed = errors.New("client closed")

// classify turns any error of the transport or of a session into a *Error. The message says
// what happened and what to check; it never contains the password.
func classify(op string, err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Op == "" {
			c := *e
			c.Op = op
			return &c
		}
		return e
	}
	mk := func(k Kind, msg string) *Error { return &Error{Kind: k, Op: op, Message: msg, Err: err} }

	var refused *wsman.RefusedError
	if errors.As(err, &refused) {
		// The wire sends no further logon once the credentials were refused: say so.
		e := *classify(op, refused.Err)
		e.Message += " (no further logon is tried with these credentials in this run, so that a wrong password cannot lock the account out)"
		return &e
	}
	var kf *wsman.KerberosFailure
	if errors.As(err, &kf) {
		// The failure names its cause (decided by its Kerberos error code) and the fix. Not
		// retried here: an unreachable KDC was already retried until the deadline, and no
		// other cause fixes itself.
		return mk(KindAuth, kf.Error())
	}
	err = wsman.LiftMasterzenError(err)
	var fault *wsman.Fault
	if errors.As(err, &fault) {
		switch fault.WSManCode {
		case wsman.CodeShellQuota, wsman.CodeOperationsQuota:
			return mk(KindQuota, "the WinRM service refused a new shell or operation (quota MaxShellsPerUser or MaxConcurrentOperationsPerUser): "+fault.Reason+"; lower the provider's parallelism or raise the quota with winrm set winrm/config/winrs")
		case wsman.CodeAccessDenied, wsman.CodeAccessDeniedHResu:
			return mk(KindAccessDenied, "access denied by the WinRM service: "+fault.Reason+"; the account needs to be an administrator of the host (or in Remote Management Users) and of the cluster")
		case wsman.CodeShellNotFound:
			return mk(KindTransport, "the remote shell is gone (idle timeout or WinRM service restart): "+fault.Reason)
		}
		if fault.TimedOut() {
			return mk(KindTimeout, "the WinRM service did not answer within the operation timeout")
		}
		// Any other fault refused a protocol step (busy, internal error): a transport
		// failure, retried for idempotent steps.
		return mk(KindTransport, "the WinRM service answered with a fault: "+fault.Error())
	}
	var hs *wsman.HTTPStatusError
	if errors.As(err, &hs) {
		switch hs.Status {
		case 401:
			return mk(KindAuth, "HTTP 401 Unauthorized: the WinRM service refused the credentials. Check the username "+
				"(DOMAIN\\user or user@domain.fqdn for domain accounts, a local account by its bare name), the password, "+
				"and that the auth method is enabled on the server (winrm get winrm/config/service/auth: Basic is off by default; "+
				"NTLM over plain HTTP needs message encryption unless AllowUnencrypted is true). An \"invalid content type\" from other "+
				"WinRM clients means the same 401 or a proxy answering instead of the server")
		case 413:
			return mk(KindTransport, "HTTP 413: the request exceeded the server's MaxEnvelopeSizekb")
		case 400:
			if !strings.Contains(hs.ContentType, "soap") {
				return mk(KindTransport, "unexpected answer "+hs.Error()+": a plain HTTP request to an HTTPS listener gets this answer; if the port is the HTTPS listener's (5986), set https = true")
			}
		}
		if hs.Status >= 200 && hs.Status < 300 || hs.Status == 407 || !strings.Contains(hs.ContentType, "soap") && hs.Status != 500 && hs.Status != 503 {
			return mk(KindTransport, "unexpected answer "+hs.Error()+": is a proxy or another service listening on this port instead of WinRM?")
		}
		return mk(KindTransport, "the WinRM service answered "+hs.Error())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		msg := "the operation did not finish within the timeout"
		if detail := err.Error(); detail != context.DeadlineExceeded.Error() {
			msg += ": " + detail
		}
		return mk(KindTimeout, msg)
	}
	if errors.Is(err, context.Canceled) {
		return mk(KindTimeout, "the operation was cancelled")
	}
	if msg, ok := tlsProblem(err); ok {
		return mk(KindTransport, msg)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return mk(KindTimeout, "no answer from the WinRM service in time: "+err.Error())
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return mk(KindTransport, "connection refused: "+unwrapURL(err)+"; check host and port (5985 for HTTP, 5986 for HTTPS) and that the WinRM listener runs (winrm quickconfig)")
	}
	if errors.Is(err, errSessionLost) {
		return mk(KindTransport, err.Error())
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return mk(KindTransport, "cannot resolve the host name: "+dnsErr.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return mk(KindTransport, "the connection was closed by the server: "+unwrapURL(err)+
			" (a plain HTTP request to an HTTPS listener also ends this way: for port 5986, set https = true)")
	}
	return mk(KindTransport, unwrapURL(err))
}

func unwrapURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// tlsProblem explains certificate failures in words an administrator can act on.
func tlsProblem(err error) (string, bool) {
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		names := hostErr.Certificate.DNSNames
		return fmt.Sprintf("TLS: the server's certificate is not valid for %q (it names %s); connect with the name on the certificate, or set tls_server_name to it",
			hostErr.Host, describeNames(names, hostErr.Certificate.Subject.CommonName)), true
	}
	var uaErr x509.UnknownAuthorityError
	if errors.As(err, &uaErr) {
		return "TLS: the server's certificate is signed by an unknown authority; give its CA in ca_cert (PEM), or set insecure = true for a test only", true
	}
	var invErr x509.CertificateInvalidError
	if errors.As(err, &invErr) {
		return "TLS: the server's certificate is invalid: " + invErr.Error(), true
	}
	var verErr *tls.CertificateVerificationError
	if errors.As(err, &verErr) {
		return "TLS: the server's certificate did not verify: " + verErr.Error(), true
	}
	var recErr tls.RecordHeaderError
	if errors.As(err, &recErr) {
		return "TLS: the server did not answer with TLS; is https set for a plain HTTP listener (port 5985)?", true
	}
	if strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return "TLS: the server answered in plain HTTP; set https = false or use the HTTPS listener's port (5986)", true
	}
	return "", false
}

func describeNames(dns []string, cn string) string {
	if len(dns) == 0 {
		return fmt.Sprintf("common name %q only", cn)
	}
	return strings.Join(dns, ", ")
}

// IsKerberosFailure reports whether err is a Kerberos failure (no ticket, KDC unreachable,
// clock skew, unknown service principal, refused password or ticket), whose message names
// its cause and fix.
func IsKerberosFailure(err error) bool {
	var kf *wsman.KerberosFailure
	return errors.As(err, &kf)
}

// retryable says whether a failed idempotent step may be tried again.
func retryable(e *Error) bool {
	if errors.Is(e, errClientClosed) {
		return false
	}
	switch e.Kind {
	case KindTransport:
		// A certificate or proxy problem does not fix itself.
		return !strings.HasPrefix(e.Message, "TLS:") && !strings.HasPrefix(e.Message, "unexpected answer") &&
			!strings.HasPrefix(e.Message, "cannot resolve") && !strings.HasPrefix(e.Message, "HTTP 413")
	case KindQuota:
		return true
	case KindTimeout:
		// Only a single request's timeout; the operation's own deadline is checked by the caller.
		return !errors.Is(e.Err, context.DeadlineExceeded) && !errors.Is(e.Err, context.Canceled)
	}
	return false
}

// IsServiceFault reports whether err is, or was caused by, a SOAP fault of the WinRM
// service: the service was reached and refused the request, unlike a network failure.
func IsServiceFault(err error) bool {
	var f *wsman.Fault
	return errors.As(err, &f)
}
