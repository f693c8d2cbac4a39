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
	}
	for _, c := range cases {
		v, _ := setOfStrings(c.keys)
		resp := validator.SetResponse{}
		registryKeySetValidator{}.ValidateSet(context.Background(), validator.SetRequest{Path: pathKeys, ConfigValue: v}, &resp)
		text := diagText(resp.Diagnostics)
		if (c.want == "") != !resp.Diagnostics.HasError() || !strings.Contains(text, c.want) {
			t.Errorf("%v: diagnostics %q, want %q", c.keys, text, c.want)
		}
	}
}
