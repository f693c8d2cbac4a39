package provider

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem is the tflog subsystem of the Windows client's logs. Its level can be set on
// its own with TF_LOG_PROVIDER_EXCHANGE_WINRM (for example TRACE for every SOAP exchange
// while the provider stays at INFO).
const (
	logSubsystem      = "winrm"
	logSubsystemLevel = "TF_LOG_PROVIDER_EXCHANGE_WINRM"
)

// newClientLogger returns the hclog.Logger handed to the Windows client. Its lines go to
// Terraform's log (TF_LOG) through tflog, in the "winrm" subsystem of ctx.
//
// hclog calls carry no context, so the logger keeps the one of the provider's Configure:
// tflog only reads the log sink and masks from it, both of which outlive that call.
func newClientLogger(ctx context.Context) hclog.Logger {
	return &tflogLogger{ctx: ctx}
}

// tflogLogger adapts hclog.Logger to tflog. Levels are decided by tflog (TF_LOG and
// TF_LOG_PROVIDER_EXCHANGE_WINRM), so the Is* methods ask it.
type tflogLogger struct {
	ctx  context.Context
	name string
	args []any // implied arguments from With
}

var _ hclog.Logger = (*tflogLogger)(nil)

func (l *tflogLogger) Log(level hclog.Level, msg string, args ...any) {
	fields := l.fields(args)
	if l.name != "" {
		msg = l.name + ": " + msg
	}
	switch level {
	case hclog.Trace:
		tflog.SubsystemTrace(l.ctx, logSubsystem, msg, fields)
	case hclog.Debug, hclog.NoLevel, hclog.DefaultLevel:
		tflog.SubsystemDebug(l.ctx, logSubsystem, msg, fields)
	case hclog.Info:
		tflog.SubsystemInfo(l.ctx, logSubsystem, msg, fields)
	case hclog.Warn:
		tflog.SubsystemWarn(l.ctx, logSubsystem, msg, fields)
	case hclog.Error:
		tflog.SubsystemError(l.ctx, logSubsystem, msg, fields)
	case hclog.Off:
	}
}

// fields turns hclog's alternating key/value arguments into tflog fields.
func (l *tflogLogger) fields(args []any) map[string]any {
	all := append(append([]any{}, l.args...), args...)
	fields := make(map[string]any, len(all)/2+1)
	for i := 0; i < len(all); i += 2 {
		key := fmt.Sprint(all[i])
		if i+1 >= len(all) {
			fields["EXTRA_VALUE_AT_END"] = all[i]
			break
		}
		fields[key] = all[i+1]
	}
	return fields
}

func (l *tflogLogger) Trace(msg string, args ...any) { l.Log(hclog.Trace, msg, args...) }
func (l *tflogLogger) Debug(msg string, args ...any) { l.Log(hclog.Debug, msg, args...) }
func (l *tflogLogger) Info(msg string, args ...any)  { l.Log(hclog.Info, msg, args...) }
func (l *tflogLogger) Warn(msg string, args ...any)  { l.Log(hclog.Warn, msg, args...) }
func (l *tflogLogger) Error(msg string, args ...any) { l.Log(hclog.Error, msg, args...) }

func (l *tflogLogger) IsTrace() bool { return tflog.SubsystemIsTrace(l.ctx, logSubsystem) }
func (l *tflogLogger) IsDebug() bool { return tflog.SubsystemIsDebug(l.ctx, logSubsystem) }
func (l *tflogLogger) IsInfo() bool  { return tflog.SubsystemIsInfo(l.ctx, logSubsystem) }
func (l *tflogLogger) IsWarn() bool  { return tflog.SubsystemIsWarn(l.ctx, logSubsystem) }
func (l *tflogLogger) IsError() bool { return tflog.SubsystemIsError(l.ctx, logSubsystem) }

func (l *tflogLogger) ImpliedArgs() []any { return append([]any{}, l.args...) }

func (l *tflogLogger) With(args ...any) hclog.Logger {
	return &tflogLogger{ctx: l.ctx, name: l.name, args: append(l.ImpliedArgs(), args...)}
}

func (l *tflogLogger) Name() string { return l.name }

func (l *tflogLogger) Named(name string) hclog.Logger {
	if l.name != "" {
		name = l.name + "." + name
	}
	return &tflogLogger{ctx: l.ctx, name: name, args: l.ImpliedArgs()}
}

func (l *tflogLogger) ResetNamed(name string) hclog.Logger {
	return &tflogLogger{ctx: l.ctx, name: name, args: l.ImpliedArgs()}
}

// SetLevel does nothing: TF_LOG and TF_LOG_PROVIDER_EXCHANGE_WINRM decide the level.
func (l *tflogLogger) SetLevel(hclog.Level) {}

func (l *tflogLogger) GetLevel() hclog.Level {
	switch {
	case l.IsTrace():
		return hclog.Trace
	case l.IsDebug():
		return hclog.Debug
	case l.IsInfo():
		return hclog.Info
	case l.IsWarn():
		return hclog.Warn
	case l.IsError():
		return hclog.Error
	}
	return hclog.Off
}

func (l *tflogLogger) StandardLogger(opts *hclog.StandardLoggerOptions) *log.Logger {
	return log.New(l.StandardWriter(opts), "", 0)
}

func (l *tflogLogger) StandardWriter(*hclog.StandardLoggerOptions) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		l.Debug(strings.TrimRight(string(p), "\n"))
		return len(p), nil
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// withSecretsMasked returns ctx with the provider's and the Windows client's logs masking
// the password wherever it appears, in messages and field values alike, and any field named
// like a secret. The client should never log the password; this is the second lock.
func withSecretsMasked(ctx context.Context, secrets ...string) context.Context {
	var nonEmpty []string
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	secretKeys := []string{"password", "Password", "authorization", "Authorization"}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretKeys...)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, secretKeys...)
	if len(nonEmpty) > 0 {
		ctx = tflog.MaskLogStrings(ctx, nonEmpty...)
		ctx = tflog.SubsystemMaskLogStrings(ctx, logSubsystem, nonEmpty...)
	}
	return ctx
}

// maskSecret replaces every occurrence of secret in text, for messages built from errors
// that might echo what they were given.
func maskSecret(text, secret string) string {
	if secret == "" {
		return text
	}
	return strings.ReplaceAll(text, secret, "***")
}

// knownSecrets are the passwords of the providers configured in this process, so that any
// diagnostic built from an error can mask them (the client never puts a password in an
// error; this is the second lock).
var knownSecrets struct {
	mu   sync.Mutex
	list []string
}

// rememberSecret adds a password to the set every diagnostic masks.
func rememberSecret(secret string) {
	if secret == "" {
		return
	}
	knownSecrets.mu.Lock()
	defer knownSecrets.mu.Unlock()
	for _, s := range knownSecrets.list {
		if s == secret {
			return
		}
	}
	knownSecrets.list = append(knownSecrets.list, secret)
}

// maskKnownSecrets masks every remembered password in text.
func maskKnownSecrets(text string) string {
	knownSecrets.mu.Lock()
	defer knownSecrets.mu.Unlock()
	for _, s := range knownSecrets.list {
		text = maskSecret(text, s)
	}
	return text
}
