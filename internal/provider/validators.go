package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// registryKeyValidator rejects, at validate and plan, a key that is not a valid key of
// HKEY_LOCAL_MACHINE (see package regkey for what is accepted).
type registryKeyValidator struct{}

var _ validator.String = registryKeyValidator{}

func (registryKeyValidator) Description(context.Context) string {
	return "must be a registry key under HKEY_LOCAL_MACHINE"
}

func (v registryKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (registryKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regkey.Normalize(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid registry key",
			fmt.Sprintf("%s: %s. Write a key of HKEY_LOCAL_MACHINE, as %s, HKLM\\%s or HKLM:\\%s.", req.Path, err, regkey.Default, regkey.Default, regkey.Default))
	}
}

// clusterNameValidator checks a name of a cluster or of a cluster resource: not empty or
// blank, no control characters, no surrounding white space, and for a cluster no "|" (see
// checkClusterName). These are the slips that would otherwise travel to Windows and come
// back as a confusing "not found". A resource name may hold "|", as Windows allows.
type clusterNameValidator struct {
	what   string // "cluster name", "cluster resource name"
	maxLen int    // in characters; 0 for no limit. Set for cluster names only (the DNS limit).
}

var _ validator.String = clusterNameValidator{}

func (v clusterNameValidator) Description(context.Context) string {
	return "must be a " + v.what + ": not empty or blank, without control characters"
}

func (v clusterNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v clusterNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	check := func(name string) string { return checkName(name, v.maxLen) }
	if v.maxLen == maxClusterNameLength {
		check = checkClusterName
	}
	if msg := check(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what, fmt.Sprintf("%s %s.", req.Path, msg))
	}
}

// checkName returns what is wrong with a cluster or resource name, or "".
func checkName(name string, maxLen int) string {
	switch {
	case name == "":
		return "must not be empty; leave the attribute out to use its default"
	case strings.TrimSpace(name) == "":
		return "must not be blank"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Sprintf("must not contain control characters, got %q", name)
	case strings.TrimSpace(name) != name:
		return fmt.Sprintf("must not start or end with white space, got %q", name)
	case maxLen > 0 && utf8.RuneCountInString(name) > maxLen:
		return fmt.Sprintf("is %d characters long; at most %d are allowed", utf8.RuneCountInString(name), maxLen)
	}
	return ""
}

// checkClusterName returns what is wrong with a cluster name, or "". A cluster is named by
// its NetBIOS and DNS name, neither of which may contain "|" (Microsoft, "Naming conventions
// in Active Directory for computers, domains, sites, and OUs": NetBIOS computer names
// disallow \ / : * ? " < > |; DNS host names take letters, digits, hyphens and dots).
func checkClusterName(name string) string {
	if msg := checkName(name, maxClusterNameLength); msg != "" {
		return msg
	}
	if strings.Contains(name, "|") {
		return "must not contain \"|\": no NetBIOS or DNS name does"
	}
	return ""
}

// registryKeySetValidators check a set of keys: no null element, each a valid key
// (registryKeyValidator, whose message says what is wrong with the key), and no two naming
// the same key. The first two are terraform-plugin-framework-validators' own.
func registryKeySetValidators() []validator.Set {
	return []validator.Set{
		setvalidator.NoNullValues(),
		setvalidator.ValueStringsAre(registryKeyValidator{}),
		distinctRegistryKeys{},
	}
}

// distinctRegistryKeys refuses two keys of a set that name the same key: a set of strings
// keeps "SOFTWARE\A" and "HKLM\software\a" apart, the registry does not. Invalid keys are
// left to registryKeyValidator.
type distinctRegistryKeys struct{}

var _ validator.Set = distinctRegistryKeys{}

func (distinctRegistryKeys) Description(context.Context) string {
	return "no two elements may name the same registry key"
}

func (v distinctRegistryKeys) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (distinctRegistryKeys) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{} // regkey.Identity -> as written
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		// Identity compares as regkey.Equal does: by meaning, as the configuration means it.
		folded, err := regkey.Identity(s.ValueString())
		if err != nil {
			continue
		}
		if first, dup := seen[folded]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate registry key",
				fmt.Sprintf("%s: %q and %q name the same registry key (keys are compared without regard to case or hive prefix); keep one.", req.Path, first, s.ValueString()))
			continue
		}
		seen[folded] = s.ValueString()
	}
}
