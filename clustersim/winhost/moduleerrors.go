package winhost

import "strings"

// Errors of the FailoverClusters module that were seen on real machines (quoted in public
// issue threads: dsccommunity/FailoverClusterDsc#148 and #7 for an unreachable cluster,
// dpaulson45/HealthChecker#195 for a node whose Cluster service is stopped).

const (
	// msgClusterUnreachable: -Cluster names a cluster that cannot be reached.
	msgClusterUnreachable = "Check the spelling of the cluster name. Otherwise, there might be a problem with your network. " +
		"Make sure the cluster nodes are turned on and connected to the network or contact your network administrator.\r\n" +
		"    The RPC server is unavailable"
	idClusterUnreachable = "ClusterRpcConnection"

	// msgLocalClusterDown: no -Cluster, and this node's Cluster service is not running.
	msgLocalClusterDown = "The cluster service is not running.  Make sure that the service is running on all nodes in the cluster.\r\n" +
		"    There are no more endpoints available from the endpoint mapper"
	idLocalClusterDown = "ClusterEndpointNotRegistered"

	// msgClusterAccessDenied: the account has no access to the cluster (quoted from a
	// Get-ClusterResource in MicrosoftDocs/azure-docs#42640; the second line is Win32 error
	// 5's text).
	msgClusterAccessDenied = "You do not have administrative privileges on the cluster. Contact your network administrator to request access.\r\n" +
		"    Access is denied"
)

// knownCmdletClasses are the module's cmdlet classes seen in FullyQualifiedErrorIds; they do
// not all follow the cmdlet's name (Get-ClusterNode is GetNodeCommand).
var knownCmdletClasses = map[string]string{
	"get-clusternode": "GetNodeCommand",
	"add-clusternode": "AddClusterNodeCommand",
}

// fcCommandClass is the full .NET class of a FailoverClusters cmdlet.
func fcCommandClass(cmdlet string) string {
	if c, ok := knownCmdletClasses[strings.ToLower(cmdlet)]; ok {
		return fcNS + c
	}
	return fcNS + guessedCmdletClass(cmdlet)
}
