package provider

import (
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The transport attribute's bad values join the shared table of invalid configurations,
// which the acceptance tests also run through terraform.
func init() {
	invalidProviderConfigs = append(invalidProviderConfigs,
		invalidConfigCase{name: "transport unknown", change: map[string]string{attrTransport: "dcom"}, wantAttr: attrTransport, wantText: `"dcom"`},
		invalidConfigCase{name: "transport in upper case", change: map[string]string{attrTransport: "WMI"}, wantAttr: attrTransport, wantText: "one of"},
		invalidConfigCase{name: "transport empty", change: map[string]string{attrTransport: ""}, wantAttr: attrTransport, wantText: "one of"},
		invalidConfigCase{name: "transport unknown from env", change: map[string]string{attrTransport: deleteMark},
			env: map[string]string{"EXCHANGE_WINRM_TRANSPORT": "ssh"}, wantAttr: attrTransport, wantText: "EXCHANGE_WINRM_TRANSPORT"},
	)
}

func TestTransportSetting(t *testing.T) {
	for _, tc := range []struct {
		value, env, want string
	}{
		{"", "", ""}, // unset: winclient's default, auto
		{winclient.TransportWMI, "", winclient.TransportWMI},
		{winclient.TransportPowerShell, "", winclient.TransportPowerShell},
		{winclient.TransportAuto, winclient.TransportWMI, winclient.TransportAuto}, // the configuration wins over the environment
		{"", winclient.TransportPowerShell, winclient.TransportPowerShell},
	} {
		values := goodSettings()
		if tc.value != "" {
			values[attrTransport] = tc.value
		}
		env := map[string]string{}
		if tc.env != "" {
			env[envVar(attrTransport)] = tc.env
		}
		cfg, problems := buildConfig(settingsFrom(values, env), stageConfigure)
		if len(problems) != 0 || cfg.Transport != tc.want {
			t.Errorf("transport %q, env %q: got %q, problems %v", tc.value, tc.env, cfg.Transport, problems)
		}
	}
}
