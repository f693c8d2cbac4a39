package provider

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// providerModel is the provider block as the framework decodes it.
type providerModel struct {
	Host             types.String `tfsdk:"host"`
	Port             types.Int64  `tfsdk:"port"`
	HTTPS            types.Bool   `tfsdk:"https"`
	Insecure         types.Bool   `tfsdk:"insecure"`
	CACert           types.String `tfsdk:"ca_cert"`
	TLSServerName    types.String `tfsdk:"tls_server_name"`
	Username         types.String `tfsdk:"username"`
	Password         types.String `tfsdk:"password"`
	Auth             types.String `tfsdk:"auth"`
	KerberosRealm    types.String `tfsdk:"kerberos_realm"`
	KerberosKrb5Conf types.String `tfsdk:"kerberos_krb5_conf"`
	KerberosSPN      types.String `tfsdk:"kerberos_spn"`
	KerberosCCache   types.String `tfsdk:"kerberos_ccache"`
	KerberosKeytab   types.String `tfsdk:"kerberos_keytab"`
	Timeout          types.String `tfsdk:"timeout"`
	Transport        types.String `tfsdk:"transport"`
}

// settings turns the model into text settings: null values stay unset (the environment may
// fill them), unknown ones are marked so that validation skips them.
func (m providerModel) settings() *settings {
	s := newSettings()
	put := func(name string, v attr.Value, text func() string) {
		switch {
		case v.IsUnknown():
			s.setUnknown(name)
		case !v.IsNull():
			s.set(name, text())
		}
	}
	str := func(name string, v types.String) { put(name, v, v.ValueString) }
	boolean := func(name string, v types.Bool) {
		put(name, v, func() string { return strconv.FormatBool(v.ValueBool()) })
	}
	str(attrHost, m.Host)
	put(attrPort, m.Port, func() string { return strconv.FormatInt(m.Port.ValueInt64(), 10) })
	boolean(attrHTTPS, m.HTTPS)
	boolean(attrInsecure, m.Insecure)
	str(attrCACert, m.CACert)
	str(attrTLSServerName, m.TLSServerName)
	str(attrUsername, m.Username)
	str(attrPassword, m.Password)
	str(attrAuth, m.Auth)
	str(attrKerberosRealm, m.KerberosRealm)
	str(attrKerberosKrb5Conf, m.KerberosKrb5Conf)
	str(attrKerberosSPN, m.KerberosSPN)
	str(attrKerberosCCache, m.KerberosCCache)
	str(attrKerberosKeytab, m.KerberosKeytab)
	str(attrTimeout, m.Timeout)
	str(attrTransport, m.Transport)
	return s
}
