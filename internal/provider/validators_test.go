package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

func TestRegistryKeySetValidator(t *testing.T) {
	cases := []struct {
		keys []string
		want string // "" for valid
	}{
		{[]string{regkey.Default, `SOFTWARE\A`}, ""},
		{[]string{}, ""},
		{[]string{regkey.Default, `HKLM\` + strings.ToUpper(regkey.Default) + `\`}, "Duplicate registry key"},
		{[]string{`HKCU\Software\A`}, "HKEY_CURRENT_USER"},
		// U+017F (long s) folds with s: the client finds either checkpoint by the other
		// (regkey.Equal), so the set must not hold both; lower-casing alone keeps them apart.
		{[]string{`SOFTWARE\Claſs`, `SOFTWARE\class`}, "Duplicate registry key"},
		{[]string{`\SOFTWARE\A`}, "starts with a backslash"},
	}
	for _, c := range cases {
		v, _ := setOfStrings(c.keys)
		if c.want == "" && len(c.keys) > 1 && sameKeys(c.keys[:1], c.keys[1:2]) {
			t.Errorf("%v: sameKeys takes two distinct keys for one", c.keys)
		}
		resp := validator.SetResponse{}
		for _, sv := range registryKeySetValidators() {
			sv.ValidateSet(context.Background(), validator.SetRequest{Path: pathKeys, ConfigValue: v}, &resp)
		}
		text := diagText(resp.Diagnostics)
		if (c.want == "") != !resp.Diagnostics.HasError() || !strings.Contains(text, c.want) {
			t.Errorf("%v: diagnostics %q, want %q", c.keys, text, c.want)
		}
	}
}
