// Package provider is the Terraform face of the project: the provider "exchange", its
// resources exchange_cluster_checkpoint and exchange_cluster_checkpoints_exclusive
// (authoritative) and its data source exchange_cluster_resource. It speaks to Windows only
// through internal/winclient and knows nothing of SOAP or PowerShell.
package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
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
