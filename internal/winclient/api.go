package winclient

// This file is the Windows client's contract with the provider. Extend it; do not break it.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// Auth methods.
const (
	AuthNTLM     = wsman.AuthNTLM
	AuthBasic    = wsman.AuthBasic
	AuthKerberos = wsman.AuthKerberos
	// AuthNegotiate is Kerberos when a ticket can be had, NTLM otherwise, as Windows does.
	AuthNegotiate = wsman.AuthNegotiate
)

// Kerberos holds the settings of auths "kerberos" and "negotiate".
type Kerberos = wsman.Kerberos

// Config says how to reach one WinRM endpoint. Validate() names the field that is wrong.
type Config struct {
	Host          string
	Port          int // 0: 5985, or 5986 with HTTPS
	HTTPS         bool
	Insecure      bool   // skip TLS verification (warned about by the provider)
	CACert        []byte // PEM; the system pool when empty
	TLSServerName string
	Username      string
	Password      string // never logged
	Auth          string // AuthNegotiate (default), AuthNTLM, AuthBasic, AuthKerberos
	Kerberos      Kerberos
	// Timeout bounds one operation, retries included (default 60s).
	Timeout time.Duration
	// MaxShells bounds the shells the client keeps open at once on this endpoint (default 2,
	// well below Windows' MaxShellsPerUser of 5 on 2008 R2 and 30 later).
	MaxShells int
	Logger    hclog.Logger

	// NTLMWithoutEncryption sends NTLM over plain HTTP without WinRM message encryption. Only
	// for servers with AllowUnencrypted=true; Windows' default refuses it.
	NTLMWithoutEncryption bool
	// OneShot starts a fresh shell and powershell.exe for every operation instead of keeping
	// long-lived sessions: the slow pattern of the public WinRM providers, kept as a fallback
	// and for comparison.
	OneShot bool
	// OperationTimeout is the WS-Management OperationTimeout of each request: how long the
	// server holds a Receive open when there is no output (default 20s, at most 60s, the
	// Windows MaxTimeoutms default). HTTP waits a little longer than this for a response.
	OperationTimeout time.Duration
	// Transport is how the client reaches the cluster: TransportAuto (the default, ""),
	// TransportWMI or TransportPowerShell (transport_select.go).
	Transport string
}

// Resource is a cluster resource as Get-ClusterResource shows it.
type Resource struct {
	Name                string
	Cluster             string
	ResourceType        string
	State               string // the ClusterResourceState name: Online, Offline, Failed, ...
	OwnerGroup          string
	OwnerNode           string
	RegistryCheckpoints []string // as stored by the cluster: relative to HKLM, no leading backslash
}

// ClusterNode is a node of the cluster.
type ClusterNode struct {
	Name  string
	State string // the ClusterNodeState name: Up, Down, Paused, Joining or Unknown
}

// Module states of ClusterInfo.FailoverClustersModule.
const (
	ModuleAnswers = "answers" // Get-Cluster is a command of this PowerShell
	ModuleMissing = "missing" // it is not: the feature RSAT-Clustering-PowerShell is not installed
)

// ClusterInfo is what DescribeCluster found.
type ClusterInfo struct {
	ConnectedNode  string // the computer name of the WinRM host
	Cluster        string
	Domain         string // the cluster's DNS domain, "" when it has none
	Nodes          []ClusterNode
	CoreGroupOwner string // the node that owns the core group ("Cluster Group")
	// Transport is the path that read the cluster: TransportWMI or TransportPowerShell.
	Transport string
	// PowerShellVersion is $PSVersionTable.PSVersion of the host's Windows PowerShell, and
	// FailoverClustersModule is ModuleAnswers or ModuleMissing; both "" when PowerShell was
	// not asked (transport "wmi" never starts it).
	PowerShellVersion      string
	FailoverClustersModule string
	// PowerShellProblem says why PowerShell could not be asked on transport "auto", where
	// WMI read the cluster and PowerShell is only the fallback: "" when it answered.
	PowerShellProblem string
}

// API is what the provider uses; *Client implements it.
type API interface {
	// ClusterName resolves the cluster name: the cluster the WinRM host belongs to, when
	// cluster is empty or names that cluster (its name or a node's, alone or with the
	// cluster's DNS domain, in any case); ErrOtherCluster for any other name.
	ClusterName(ctx context.Context, cluster string) (string, error)
	GetResource(ctx context.Context, cluster, resource string) (*Resource, error)
	ListCheckpoints(ctx context.Context, cluster, resource string) ([]string, error)
	// ListResources returns every resource of the cluster, in the order the cluster lists
	// them, each with its checkpoints. It reads the same snapshot as GetResource (no call to
	// Windows of its own), so that every transport that fills the snapshot serves it.
	ListResources(ctx context.Context, cluster string) ([]Resource, error)
	// FindCheckpoint returns the name under which resource stores the checkpoint of key,
	// and false when there is none (also for a key the registry cannot hold). Only key is
	// normalised (regkey.Names: any spelling of key, any case); a stored name counts as
	// the cluster resolves it, so a stored HKLM\SOFTWARE\X is not the key SOFTWARE\X. It costs the same for one checkpoint
	// as for thousands.
	FindCheckpoint(ctx context.Context, cluster, resource, key string) (stored string, found bool, err error)
	AddCheckpoint(ctx context.Context, cluster, resource, key string) error
	RemoveCheckpoint(ctx context.Context, cluster, resource, key string) error
	// DescribeCluster is first contact with the WinRM host: the node, its cluster (checked
	// against cluster as ClusterName does), the nodes and their state, the core group's owner,
	// and what the host offers each transport. It reads afresh on every call (no snapshot):
	// its point is to show the cluster as it is now.
	DescribeCluster(ctx context.Context, cluster string) (*ClusterInfo, error)
	// Warm begins, in the background, to open what the first operation needs (a remote
	// shell and its PowerShell), so that it does not wait for PowerShell to start. It
	// returns at once and reports nothing: the first operation reports any failure.
	Warm()
	Close() error
}

// Kind is the locale-free class of a failure reported by a script or the transport.
type Kind string

// Kinds. The scripts decide them (never by matching message text); the transport adds the last four.
const (
	KindClusterNotFound    Kind = "cluster_not_found"
	KindResourceNotFound   Kind = "resource_not_found"
	KindCheckpointNotFound Kind = "checkpoint_not_found"
	KindAlreadyExists      Kind = "already_exists"
	KindAccessDenied       Kind = "access_denied"
	KindInvalidArgument    Kind = "invalid_argument"
	KindWindows            Kind = "windows_error" // any other error Windows reported
	KindAuth               Kind = "auth_failed"   // HTTP 401
	KindQuota              Kind = "quota_exceeded"
	KindTimeout            Kind = "timeout"
	KindTransport          Kind = "transport" // connection, TLS, HTTP errors
)

// KindModuleMissing: the node has no FailoverClusters PowerShell module (Windows feature
// RSAT-Clustering-PowerShell), so its cmdlets are not recognized. A script decides it by
// looking the module up, never from an error text. The node may well be a cluster node:
// another way of reaching the cluster (WMI) can still work, so a transport may fall back on
// this kind.
const KindModuleMissing Kind = "module_missing"

// KindPowerShellTooOld: the host's Windows PowerShell is older than 3.0 (2.0 is what Windows
// Server 2008 R2 ships), which lacks ConvertTo-Json and ConvertFrom-Json, on which the
// scripts rely. WMF 3.0 or later on the node, or the WMI transport, is the way out.
const KindPowerShellTooOld Kind = "powershell_too_old"

// KindOtherCluster: the cluster named is not the cluster of the node the client is connected
// to. The client never names a cluster to the FailoverClusters cmdlets (that would be a
// second hop, which a WinRM logon cannot make without delegable credentials), so another
// cluster needs a connection to one of its own nodes.
const KindOtherCluster Kind = "other_cluster"

// Error is every error the client returns. errors.Is(err, ErrResourceNotFound) and friends
// compare kinds.
type Error struct {
	Kind    Kind
	Op      string // e.g. "ListCheckpoints"
	Message string // what Windows or the transport said; never contains the password
	Err     error  // the cause, when there is one
}

func (e *Error) Error() string {
	if e.Op == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Op, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches sentinel errors by kind.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) && t.Op == "" && t.Message == "" {
		return t.Kind == e.Kind
	}
	return false
}

// Sentinels for errors.Is.
var (
	ErrClusterNotFound    = &Error{Kind: KindClusterNotFound}
	ErrResourceNotFound   = &Error{Kind: KindResourceNotFound}
	ErrCheckpointNotFound = &Error{Kind: KindCheckpointNotFound}
	ErrAlreadyExists      = &Error{Kind: KindAlreadyExists}
	ErrAccessDenied       = &Error{Kind: KindAccessDenied}
	ErrModuleMissing      = &Error{Kind: KindModuleMissing}
	ErrPowerShellTooOld   = &Error{Kind: KindPowerShellTooOld}
	ErrOtherCluster       = &Error{Kind: KindOtherCluster}
	ErrWindows            = &Error{Kind: KindWindows}
	ErrAuth               = &Error{Kind: KindAuth}
	ErrQuota              = &Error{Kind: KindQuota}
	ErrTimeout            = &Error{Kind: KindTimeout}
	ErrTransport          = &Error{Kind: KindTransport}
)
