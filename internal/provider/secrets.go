package provider

import (
	"context"
	"strings"

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
