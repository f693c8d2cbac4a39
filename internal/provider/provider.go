// Package provider is the Terraform face of the project: the provider "exchange", its
// resources exchange_cluster_checkpoint and exchange_cluster_checkpoints_exclusive
// (authoritative) and its data source exchange_cluster_resource. It speaks to Windows only
// through internal/winclient and knows nothing of SOAP or PowerShell.
package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// exchangeProvider is the provider "exchange".
type exchangeProvider struct {
	version string
	connect connectFunc
	// lookupEnv reads the environment; tests give their own.
	lookupEnv func(string) (string, bool)
}

var (
	_ provider.Provider                   = (*exchangeProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*exchangeProvider)(nil)
	_ provider.ProviderWithListResources  = (*exchangeProvider)(nil)
)

// New returns the constructor that providerserver.Serve wants, for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &exchangeProvider{version: version, connect: newWindowsClient}
	}
}

// newWithClient returns a provider whose Windows client is built by connect (tests).
func newWithClient(connect connectFunc, lookupEnv func(string) (string, bool)) func() provider.Provider {
	return func() provider.Provider {
		return &exchangeProvider{version: "test", connect: connect, lookupEnv: lookupEnv}
	}
}

func (p *exchangeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "exchange"
	resp.Version = p.version
}

func (p *exchangeProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *exchangeProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newClusterCheckpointResource, newClusterCheckpointsExclusiveResource}
}

// ListResources are the list resources of `terraform query` (Terraform 1.14 and later).
func (p *exchangeProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{newClusterCheckpointList, newClusterCheckpointsExclusiveList}
}

func (p *exchangeProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newClusterDataSource, newClusterResourceDataSource, newClusterResourcesDataSource}
}

// ValidateConfig checks the provider block, and the environment variables that stand in for
// its unset attributes, at `terraform validate` and at the start of every plan: a bad value
// fails there, before any request reaches Windows.
func (p *exchangeProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := model.settings()
	s.fillFromEnv(p.lookupEnv)
	_, problems := buildConfig(s, stageValidate)
	appendProblems(&resp.Diagnostics, problems)
}

func (p *exchangeProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := model.settings()
	for _, attr := range providerAttributes {
		if s.unknown[attr] {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown "+attr,
				fmt.Sprintf("The provider's %s depends on a value that is not known until apply. The provider needs it to plan; set it from a variable, a data source or %s.", attr, envVar(attr)))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	s.fillFromEnv(p.lookupEnv)
	cfg, problems := buildConfig(s, stageConfigure)
	// Validation already reported the warnings at plan; repeating them at Configure would
	// print each twice.
	appendErrors(&resp.Diagnostics, problems)
	if resp.Diagnostics.HasError() {
		return
	}
	// The client's own check is the last word on what it accepts.
	if err := cfg.Validate(); err != nil {
		var ce *winclient.ConfigError
		if errors.As(err, &ce) && isProviderAttribute(ce.Field) {
			resp.Diagnostics.AddAttributeError(path.Root(ce.Field), "Invalid "+ce.Field, ce.Message)
		} else {
			resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		}
		return
	}

	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv(logSubsystemLevel))
	ctx = withSecretsMasked(ctx, cfg.Password)
	rememberSecret(cfg.Password)
	cfg.Logger = newClientLogger(ctx)

	client, err := p.connect(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot set up the WinRM client", maskSecret(err.Error(), cfg.Password))
		return
	}
	tflog.Debug(ctx, "Configured the WinRM client", map[string]any{
		"host": cfg.Host, "port": cfg.Port, "https": cfg.HTTPS, "auth": cfg.Auth, "username": cfg.Username,
	})
	registerClient(client)
	// PowerShell's start (a quarter of a second and more on Windows) overlaps Terraform's
	// own work instead of holding the first read; with several provider instances (one
	// per cluster) their starts overlap each other too.
	client.Warm()
	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func isProviderAttribute(name string) bool {
	for _, a := range providerAttributes {
		if a == name {
			return true
		}
	}
	return false
}

// appendProblems adds each problem as a diagnostic on its attribute.
func appendProblems(diags *diag.Diagnostics, problems []problem) {
	for _, pr := range problems {
		if pr.warning {
			diags.AddAttributeWarning(path.Root(pr.attr), pr.summary, pr.detail)
		} else {
			diags.AddAttributeError(path.Root(pr.attr), pr.summary, pr.detail)
		}
	}
}

func appendErrors(diags *diag.Diagnostics, problems []problem) {
	var errs []problem
	for _, pr := range problems {
		if !pr.warning {
			errs = append(errs, pr)
		}
	}
	appendProblems(diags, errs)
}

const providerDescription = `The **exchange** provider manages the cluster settings that Microsoft Exchange Server needs on a
Windows failover cluster, over WinRM (WS-Management) and PowerShell. Its first resource,
` + "`exchange_cluster_checkpoint`" + `, keeps the registry checkpoint of Microsoft KB Q245211 in place, so
that incremental backups keep working after a failover.

It connects to one node of the cluster (or the cluster's name) with Negotiate (Kerberos, else
NTLM), Kerberos, NTLM or Basic authentication, over HTTP (Kerberos and NTLM encrypt each message,
as Windows' default listener requires) or HTTPS. Every attribute can
also come from an ` + "`EXCHANGE_WINRM_*`" + ` environment variable, which a value in the provider block
overrides; bad values are reported at ` + "`terraform validate`" + ` and at plan, before any request.`

func envNote(attr string) string {
	return fmt.Sprintf(" Environment variable: `%s`.", envVar(attr))
}

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: providerDescription,
		Attributes: map[string]schema.Attribute{
			attrHost: schema.StringAttribute{
				MarkdownDescription: "Name or IP address of a cluster node (or the cluster name) where WinRM listens. Required, here or in the environment." + envNote(attrHost),
				Optional:            true,
			},
			attrPort: schema.Int64Attribute{
				MarkdownDescription: "WinRM port, 1 to 65535. Defaults to 5985, or 5986 when `https` is true." + envNote(attrPort),
				Optional:            true,
			},
			attrHTTPS: schema.BoolAttribute{
				MarkdownDescription: "Connect over HTTPS. Defaults to false." + envNote(attrHTTPS),
				Optional:            true,
			},
			attrInsecure: schema.BoolAttribute{
				MarkdownDescription: "Skip the verification of the server's TLS certificate (HTTPS only). Defaults to false; prefer `ca_cert`." + envNote(attrInsecure),
				Optional:            true,
			},
			attrCACert: schema.StringAttribute{
				MarkdownDescription: "PEM text of the CA certificate(s) that signed the server's certificate, for example `file(\"ca.pem\")`. Defaults to the system's trust store. HTTPS only." + envNote(attrCACert),
				Optional:            true,
			},
			attrTLSServerName: schema.StringAttribute{
				MarkdownDescription: "Name to verify the server's certificate against, when it differs from `host` (for example when connecting by IP address). HTTPS only." + envNote(attrTLSServerName),
				Optional:            true,
			},
			attrUsername: schema.StringAttribute{
				MarkdownDescription: "Account to log on with: `user`, `DOMAIN\\user` or `user@domain`. It needs the rights of a cluster administrator." + envNote(attrUsername),
				Optional:            true,
			},
			attrPassword: schema.StringAttribute{
				MarkdownDescription: "Password of `username`. Never written to logs or diagnostics; prefer the environment variable." + envNote(attrPassword),
				Optional:            true,
				Sensitive:           true,
			},
			attrAuth: schema.StringAttribute{
				MarkdownDescription: "Authentication method. `negotiate` (the default) uses Kerberos when a ticket can be had " +
					"(`kerberos_ccache`, `kerberos_keytab`, or `password` with `kerberos_realm`) and NTLM otherwise, as Windows clients do; " +
					"`kerberos` uses Kerberos only; `ntlm` NTLM only; `basic` sends the password with every request and belongs on HTTPS only. " +
					"Over plain HTTP, Kerberos and NTLM encrypt every message, as Windows' default listener (`AllowUnencrypted = false`) requires." + envNote(attrAuth),
				Optional: true,
			},
			attrKerberosRealm: schema.StringAttribute{
				MarkdownDescription: "Kerberos realm, the upper-case Active Directory domain (for example `CORP.EXAMPLE.COM`). Required with `auth = \"kerberos\"` (unless `kerberos_ccache` is set); with `auth = \"negotiate\"` it lets the password get a Kerberos ticket." + envNote(attrKerberosRealm),
				Optional:            true,
			},
			attrKerberosKrb5Conf: schema.StringAttribute{
				MarkdownDescription: "Path of the krb5.conf (the realm's KDCs) to use for Kerberos. Defaults to `$KRB5_CONFIG`, else `/etc/krb5.conf`." + envNote(attrKerberosKrb5Conf),
				Optional:            true,
			},
			attrKerberosSPN: schema.StringAttribute{
				MarkdownDescription: "Service principal name of the WinRM service for Kerberos. Defaults to `HTTP/<host>`: connect by the host's DNS name (`setspn -L <computer>` lists its names), not its IP address." + envNote(attrKerberosSPN),
				Optional:            true,
			},
			attrKerberosCCache: schema.StringAttribute{
				MarkdownDescription: "Path of a Kerberos credential cache (from `kinit`) to use instead of `password`, with `auth = \"kerberos\"` or `\"negotiate\"`." + envNote(attrKerberosCCache),
				Optional:            true,
			},
			attrKerberosKeytab: schema.StringAttribute{
				MarkdownDescription: "Path of a keytab holding the keys of `username` (from `ktpass` or `ktutil`), to log on without a password, " +
					"as CI runners and service accounts do; with `auth = \"kerberos\"` or `\"negotiate\"` and `kerberos_realm`. " +
					"The keytab is a secret: its keys stand for the password." + envNote(attrKerberosKeytab),
				Optional: true,
			},
			attrTimeout: schema.StringAttribute{
				MarkdownDescription: "How long one operation may take, retries included, as a duration (`60s`, `2m`). Between 1s and 1h; defaults to 60s." + envNote(attrTimeout),
				Optional:            true,
			},
			attrTransport: schema.StringAttribute{
				MarkdownDescription: "How the provider reaches the cluster over WinRM: `wmi` (WMI's `root\\MSCluster` namespace through WinRM's WMI plug-in: " +
					"no process is started on the node and no PowerShell module is needed; needs the Failover Clustering feature's WMI provider, present on every node), " +
					"`powershell` (long-lived `powershell.exe` sessions running the FailoverClusters module's cmdlets; needs Windows PowerShell 3.0 or later and the " +
					"module, feature `RSAT-Clustering-PowerShell`), or `auto` (the default): `wmi`, and for a host whose WMI answers that it cannot serve " +
					"`root\\MSCluster`, `powershell` from then on, with a warning. `auto` never switches on an authentication, network or quota error." + envNote(attrTransport),
				Optional: true,
			},
		},
	}
}

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
