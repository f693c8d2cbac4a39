package winhost

import (
	"errors"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// clusterCmdletError is the module's ClusterCmdletException as an ErrorRecord.
func clusterCmdletError(cmdlet, id, category, msg string, target any) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               msg,
		ExceptionType:         fcNS + "ClusterCmdletException",
		FullyQualifiedErrorID: id + "," + fcCommandClass(cmdlet),
		Category:              category,
		TargetObject:          target,
	}
}

// connect checks the -Cluster parameter: absent or "." is the local cluster, which needs
// this node's Cluster service; a name must be the cluster's name or a member's (optionally
// with a DNS suffix), and some node must be up to answer. A name is reached over RPC at the
// node that answers for it (the cluster name: the owner of the core group "Cluster Group";
// a member's name: that member), even when that is this node (domain.md section 7, "Second
// hop"): from another node, the process's logon must be able to pass credentials on.
func (n *Node) connectCall(c *winps51.Call, cmdlet string) error {
	return n.connect(c, cmdlet, c.String("Cluster"))
}

func (n *Node) connect(c *winps51.Call, cmdlet, clusterName string) error {
	name := strings.TrimSpace(clusterName)
	if name == "" || name == "." {
		if info, err := n.c.Node(n.name); err != nil || info.State != cluster.NodeUp {
			return clusterCmdletError(cmdlet, idLocalClusterDown, "ConnectionError", msgLocalClusterDown, nil)
		}
		return nil
	}
	short := name
	if i := strings.IndexByte(short, '.'); i > 0 {
		short = short[:i]
	}
	reachable, server := false, ""
	if strings.EqualFold(short, n.c.Info().Name) {
		// The cluster's network name answers while the core group is online.
		g, err := n.c.Group(cluster.CoreGroupName)
		reachable, server = err == nil && g.State == cluster.GroupOnline, g.OwnerNode
	}
	for _, nd := range n.c.Nodes() {
		if strings.EqualFold(short, nd.Name) {
			// A member's name reaches the cluster through that member's Cluster service.
			reachable, server = nd.State == cluster.NodeUp, nd.Name
		}
	}
	if !reachable {
		return clusterCmdletError(cmdlet, idClusterUnreachable, "ConnectionError", msgClusterUnreachable, nil)
	}
	if !strings.EqualFold(server, n.name) && !canReachOtherNodes(c.Host) {
		return errSecondHop(cmdlet)
	}
	return nil
}

// errNotFound turns a model lookup failure into the module's error.
func errNotFound(cmdlet, kind, name string, err error) *winps51.ErrorRecord {
	var ce *cluster.Error
	win32 := err.Error()
	if errors.As(err, &ce) {
		win32 = ce.Message
	}
	return clusterCmdletError(cmdlet, "ClusterObjectNotFound", "ObjectNotFound", objectNotFoundMessage(kind, name, win32), name)
}

// errOperation turns a failed model operation into the module's error.
func errOperation(cmdlet, action string, err error, target any) *winps51.ErrorRecord {
	var ce *cluster.Error
	win32 := err.Error()
	category := "NotSpecified"
	if errors.As(err, &ce) {
		win32 = ce.Message
		switch ce.Code {
		case cluster.ErrorAlreadyExists:
			category = "ResourceExists"
		case cluster.ErrorFileNotFound, cluster.ErrorResourceNotFound, cluster.ErrorGroupNotFound, cluster.ErrorClusterNodeNotFound:
			category = "ObjectNotFound"
		case cluster.ErrorInvalidParameter:
			category = "InvalidArgument"
		default:
			category = "InvalidOperation"
		}
	}
	return clusterCmdletError(cmdlet, "ClusterCmdletException", category, clusterOperationMessage(action, win32), target)
}

// objectKind tells which module object a pipeline value is ("" when none).
func objectKind(v winps51.Value) (string, *winps51.Object) {
	o, ok := v.(*winps51.Object)
	if !ok || len(o.TypeNames) == 0 {
		return "", nil
	}
	switch o.TypeNames[0] {
	case typeCluster:
		return "cluster", o
	case typeClusterNode:
		return "node", o
	case typeClusterGroup:
		return "group", o
	case typeClusterResource:
		return "resource", o
	case typeRegistryCheckpoint:
		return "checkpoint", o
	case typeCryptoCheckpoint:
		return "cryptocheckpoint", o
	}
	return "", o
}

// propString reads a property's string form.
func propString(o *winps51.Object, name string) string {
	for _, p := range o.Props {
		if strings.EqualFold(p.Name, name) {
			return psString(p.Value)
		}
	}
	return ""
}

// inputObject returns the -InputObject (or pipeline) value of the call, if any.
func inputObject(c *winps51.Call) winps51.Value {
	if c.Bound("InputObject") {
		return c.Value("InputObject")
	}
	return nil
}

// errBadInput: an -InputObject of a type the cmdlet does not take.
func errBadInput(cmdlet string, v winps51.Value) *winps51.ErrorRecord {
	return clusterCmdletError(cmdlet, "InvalidInputObject", "InvalidArgument",
		"The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.", v)
}

// matchNames filters names by patterns (wildcards allowed, case-insensitive). For a
// pattern without wildcards that matches nothing, missing gets it.
func matchNames[T any](items []T, name func(T) string, patterns []string) (out []T, missing []string) {
	if len(patterns) == 0 {
		return items, nil
	}
	seen := map[int]bool{}
	for _, p := range patterns {
		found := false
		for i, it := range items {
			if wildcardMatch(p, name(it)) {
				found = true
				if !seen[i] {
					seen[i] = true
					out = append(out, it)
				}
			}
		}
		if !found && !hasWildcard(p) {
			missing = append(missing, p)
		}
	}
	return out, missing
}
