package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

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
