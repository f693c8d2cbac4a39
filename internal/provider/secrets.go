package provider

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

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
