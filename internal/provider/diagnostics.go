package provider

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// clientErrorDiagnostic turns an error of the Windows client into a diagnostic that says what
// happened and what to do. doing is what the provider was doing ("reading the checkpoints of
// ...").
func clientErrorDiagnostic(doing string, err error) diag.Diagnostic {
	summary := "Windows error while " + doing
	advice := ""
	switch {
	case winclient.IsKerberosFailure(err):
		// Its message names the cause (by its Kerberos error code) and the fix; the advice
		// on refused passwords below would point the wrong way.
		summary = "Kerberos logon failed while " + doing
	case errors.Is(err, winclient.ErrAuth):
		summary = "WinRM authentication failed while " + doing
		advice = "The server refused the credentials (HTTP 401). Check username and password (and whether the password changed), " +
			"that the account may use WinRM (a member of the local Administrators or Remote Management Users group), and that the " +
			"server allows the auth method: `winrm get winrm/config/service/auth` on the node. Basic needs Auth/Basic=true; NTLM over HTTP " +
			"needs message encryption or AllowUnencrypted=true; Kerberos needs the realm in upper case and a host name, not an IP address."
	case winclient.IsWMIAccessDenied(err):
		summary = "WMI refused access to root\\MSCluster while " + doing
		// The client's message says how to grant the rights, worded by the transport.
	case errors.Is(err, winclient.ErrPowerShellTooOld):
		summary = "Windows PowerShell is too old on the WinRM host while " + doing
	case errors.Is(err, winclient.ErrAccessDenied):
		summary = "Access denied while " + doing
		advice = "The account logged on, but Windows refused the operation. Registry checkpoints need full cluster rights: " +
			"`Grant-ClusterAccess -User <account> -Full` on the cluster, or membership of the local Administrators group of every node."
	case errors.Is(err, winclient.ErrQuota):
		summary = "WinRM quota exceeded while " + doing
		advice = "The server refused another shell or operation for this user (MaxShellsPerUser or MaxConcurrentOperationsPerUser). " +
			"Run Terraform with a lower -parallelism, close other WinRM sessions of the account, or raise the quota: " +
			"`Set-Item WSMan:\\localhost\\Shell\\MaxShellsPerUser 30`."
	case errors.Is(err, context.Canceled):
		// Terraform's interrupt (Ctrl+C) cancels the operation; the client reports a
		// cancelled operation with the timeout's kind, which would advise raising a timeout.
		summary = "Interrupted while " + doing
		advice = "Terraform was interrupted (Ctrl+C) before Windows answered. Nothing was lost: the state keeps what it held. Run the command again."
	case errors.Is(err, winclient.ErrTimeout):
		summary = "WinRM operation timed out while " + doing
		advice = "The server did not answer within the provider's timeout. Check that the node is up and not overloaded, or raise `timeout` in the provider block."
	case errors.Is(err, winclient.ErrTransport) && winclient.IsServiceFault(err):
		summary = "The WinRM service refused the request while " + doing
		advice = "The service was reached but answered with the fault above, also when the request was tried again. Such faults are " +
			"usually passing (the service busy or restarting): run the command again. If it persists, look up the fault code with " +
			"`winrm helpmsg <code>` and read the Microsoft-Windows-WinRM/Operational event log on the node."
	case errors.Is(err, winclient.ErrTransport):
		summary = "Cannot reach WinRM while " + doing
		advice = "Check host, port and https, that the WinRM service runs (`winrm quickconfig`) and that the firewall lets 5985/5986 through. " +
			"For certificate errors, give the server's CA in ca_cert, and tls_server_name when the certificate names another host."
	case errors.Is(err, winclient.ErrModuleMissing):
		summary = "The FailoverClusters PowerShell module is missing while " + doing
	case errors.Is(err, winclient.ErrOtherCluster):
		summary = "Another cluster than the WinRM host's while " + doing
	case errors.Is(err, winclient.ErrWMIUnavailable):
		summary = "WMI cannot serve the cluster on the WinRM host while " + doing
		advice = "The provider is set to transport \"wmi\", and the host's WinRM answered that WMI's root\\MSCluster is not there. " +
			"Set transport = \"auto\" (the default), which then uses PowerShell's FailoverClusters module on such a host, or " +
			"check on the node that `Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster` answers (the " +
			"Failover Clustering feature registers that namespace)."
	case errors.Is(err, winclient.ErrClusterNotFound):
		summary = "Cluster not found while " + doing
		advice = "Check the cluster attribute (or leave it out to use the cluster of the WinRM host), and that the host is a node of a failover cluster with the cluster service running."
	case errors.Is(err, winclient.ErrWindows):
		advice = "Windows reported an error the provider does not classify. On the node, `Get-Cluster`, `Get-ClusterNode` and " +
			"`Get-ClusterResource` in a remote session as the provider's account show whether the cluster answers that account. " +
			"To report it, record the session (EXCHANGE_WINRM_RECORD=FILE; README, \"First contact with a real cluster\")."
	}
	if p := proxyInUse(); p != "" && (errors.Is(err, winclient.ErrAuth) || errors.Is(err, winclient.ErrTransport)) {
		advice += "\n\n" + p
	}
	detail := maskKnownSecrets(err.Error())
	if advice != "" {
		detail += "\n\n" + advice
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// proxyInUse says, when the environment names an HTTP proxy, how it bears on WinRM. The
// provider honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY as Go's net/http does (the
// transport's Proxy is http.ProxyFromEnvironment). NTLM and Negotiate authenticate the TCP
// connection, not the request: through a forward proxy over plain HTTP, the proxy may carry
// the three legs of the handshake on different connections to the server, which then
// answers 401 for ever. HTTPS goes through the proxy as a CONNECT tunnel, one connection,
// and works.
func proxyInUse() string {
	for _, name := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"} {
		if v := os.Getenv(name); v != "" {
			return "The environment sets " + name + ", so the provider connects through that proxy unless NO_PROXY names the host. " +
				"NTLM and Kerberos over plain HTTP authenticate the connection, which a forward proxy does not keep: through a proxy use " +
				"https = true (a CONNECT tunnel keeps one connection), or add the WinRM host to NO_PROXY."
		}
	}
	return ""
}

// resourceNotFoundDiagnostic says that the cluster resource the checkpoint belongs to does not
// exist, with the names Exchange versions use.
func resourceNotFoundDiagnostic(cluster, resource string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(pathResourceName, "Cluster resource not found",
		fmt.Sprintf("The cluster %q has no resource named %q (%v).\n\n"+
			"Exchange Server 5.5 names it \"Microsoft Exchange System Attendant\"; Exchange 2000 and 2003 name it after the "+
			"Exchange virtual server, \"<virtual server name> System Attendant\". List the resources with `Get-ClusterResource` "+
			"on a node, or the data source exchange_cluster_resource, and set resource_name.", cluster, resource, err))
}
