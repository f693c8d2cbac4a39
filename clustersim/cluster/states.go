package cluster

import (
	"fmt"
	"strings"
)

// ResourceState is Microsoft.FailoverClusters.PowerShell.ClusterResourceState (the native
// CLUSTER_RESOURCE_STATE values).
type ResourceState int

// Resource states.
const (
	ResourceUnknown        ResourceState = -1
	ResourceInherited      ResourceState = 0
	ResourceInitializing   ResourceState = 1
	ResourceOnline         ResourceState = 2
	ResourceOffline        ResourceState = 3
	ResourceFailed         ResourceState = 4
	ResourcePending        ResourceState = 128
	ResourceOnlinePending  ResourceState = 129
	ResourceOfflinePending ResourceState = 130
)

var resourceStateNames = map[ResourceState]string{
	ResourceUnknown: "Unknown", ResourceInherited: "Inherited", ResourceInitializing: "Initializing",
	ResourceOnline: "Online", ResourceOffline: "Offline", ResourceFailed: "Failed",
	ResourcePending: "Pending", ResourceOnlinePending: "OnlinePending", ResourceOfflinePending: "OfflinePending",
}

// GroupState is Microsoft.FailoverClusters.PowerShell.ClusterGroupState (CLUSTER_GROUP_STATE).
type GroupState int

// Group states.
const (
	GroupUnknown       GroupState = -1
	GroupOnline        GroupState = 0
	GroupOffline       GroupState = 1
	GroupFailed        GroupState = 2
	GroupPartialOnline GroupState = 3
	GroupPending       GroupState = 4
)

var groupStateNames = map[GroupState]string{
	GroupUnknown: "Unknown", GroupOnline: "Online", GroupOffline: "Offline", GroupFailed: "Failed",
	GroupPartialOnline: "PartialOnline", GroupPending: "Pending",
}

// NodeState is Microsoft.FailoverClusters.PowerShell.ClusterNodeState (CLUSTER_NODE_STATE).
type NodeState int

// Node states.
const (
	NodeUnknown NodeState = -1
	NodeUp      NodeState = 0
	NodeDown    NodeState = 1
	NodePaused  NodeState = 2
	NodeJoining NodeState = 3
)

var nodeStateNames = map[NodeState]string{
	NodeUnknown: "Unknown", NodeUp: "Up", NodeDown: "Down", NodePaused: "Paused", NodeJoining: "Joining",
}

func (s ResourceState) String() string { return enumName(resourceStateNames, s) }
func (s GroupState) String() string    { return enumName(groupStateNames, s) }
func (s NodeState) String() string     { return enumName(nodeStateNames, s) }

// The states are written by name in saved state and dumps.
func (s ResourceState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
func (s GroupState) MarshalText() ([]byte, error)    { return []byte(s.String()), nil }
func (s NodeState) MarshalText() ([]byte, error)     { return []byte(s.String()), nil }

func (s *ResourceState) UnmarshalText(b []byte) error { return enumParse(resourceStateNames, b, s) }
func (s *GroupState) UnmarshalText(b []byte) error    { return enumParse(groupStateNames, b, s) }
func (s *NodeState) UnmarshalText(b []byte) error     { return enumParse(nodeStateNames, b, s) }

func enumName[T ~int](names map[T]string, v T) string {
	if n, ok := names[v]; ok {
		return n
	}
	return fmt.Sprint(int(v))
}

func enumParse[T ~int](names map[T]string, b []byte, out *T) error {
	for v, n := range names {
		if strings.EqualFold(n, string(b)) {
			*out = v
			return nil
		}
	}
	return fmt.Errorf("unknown state %q", b)
}
