package clustersim

import (
	"fmt"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Options configure a simulated cluster. The zero value (plus credentials) is a default
// cluster on free loopback ports over plain HTTP, with Windows' quotas and no latency.
type Options struct {
	// Username and Password are the account every node accepts (a domain account of the
	// cluster). Users adds more accounts (name -> password).
	Username string
	Password string
	Users    map[string]string

	// Auth lists the offered schemes (basic, negotiate); both when empty.
	Auth []wsman.AuthScheme
	// AllowUnencrypted accepts unencrypted requests over plain HTTP (WinRM's
	// AllowUnencrypted; false on Windows by default, when HTTP carries only NTLM-sealed
	// messages). HTTPS is always accepted.
	AllowUnencrypted bool

	// Kerberos: a keytab with the keys of the nodes' HTTP service principals (a file in
	// KerberosKeytabFile, or its bytes in KerberosKeytab) lets the nodes take Kerberos, in
	// Negotiate and in the Kerberos scheme, as domain members do; KerberosRealm (required
	// with a keytab) is the realm, upper case. KerberosSPNs maps node names to the service
	// principals each node takes tickets for; a node not listed takes "HTTP/<node>" and
	// "HTTP/<node>.<realm in lower case>", and also those of the cluster name (the node
	// that owns it answers for it). Over plain HTTP Kerberos messages are sealed with the
	// context's key as Windows clients seal them; unsealed ones need AllowUnencrypted.
	KerberosKeytab     []byte
	KerberosKeytabFile string
	KerberosRealm      string
	KerberosSPNs       map[string][]string
	// ClockOffset is how far the nodes' clocks run ahead of the real time (negative:
	// behind), as on nodes whose time is not synchronised with the domain's: Kerberos
	// authenticators further than 5 minutes from it are refused with KRB_AP_ERR_SKEW.
	ClockOffset time.Duration

	// HTTPS serves TLS. CertFile and KeyFile give the certificate; when empty a self-signed
	// one is made for the loopback addresses and node names (see CACertPEM), and written
	// to CAOut when set.
	HTTPS    bool
	CertFile string
	KeyFile  string
	CAOut    string

	// Latency delays every WinRM request; PSStartCost is the cost of one powershell.exe start.
	Latency     time.Duration
	PSStartCost time.Duration

	// Quotas (0: Windows' defaults).
	MaxShellsPerUser               int
	MaxConcurrentOperationsPerUser int
	MaxEnvelopeSizeKB              int
	MaxTimeout                     time.Duration
	IdleTimeout                    time.Duration

	// Cluster is the cluster to build; when nil, the cluster of Layout.
	Cluster *cluster.Config
	// Layout picks a prepared cluster when Cluster is nil: LayoutExchange55 (the default,
	// cluster.DefaultConfig) or LayoutExchange2003 (cluster.Exchange2003Config).
	Layout Layout
	// StateFile, when set, is loaded at start if it exists and saved by Close.
	StateFile string

	// Listen maps node names to listen addresses; a node not listed listens on
	// 127.0.0.1:0 (a free loopback port). FirstNodeListen, when set, is the first node's
	// address (the program's --listen).
	Listen          map[string]string
	FirstNodeListen string
	// ClusterListen, when set, serves the cluster's own name: each request goes to the node
	// that owns "Cluster Group" at that moment, as the cluster IP address does.
	ClusterListen string

	// StdinCommandHangs makes every node's "powershell.exe -Command -" (and "-File -", "-")
	// hang as Windows Server 2016 RTM's can: it reads nothing and prints nothing until it is
	// stopped. -EncodedCommand and -Command TEXT still run. SetStdinHang changes it per node.
	StdinCommandHangs bool

	// WMIUnavailable lists the nodes whose root\MSCluster WMI namespace is not registered
	// (Sim.SetWMIRegistered changes it at run time): WMI requests for it get
	// WBEM_E_INVALID_NAMESPACE, as on a node without the cluster's WMI provider.
	WMIUnavailable []string

	// NodeSoftware provides a node's programs and cmdlets; WindowsSoftware when nil.
	NodeSoftware func(c *cluster.Cluster, node string) Software

	// WithoutModules lists PowerShell modules the nodes lack, for example "FailoverClusters"
	// (a node where Failover-Clustering was installed without -IncludeManagementTools, so
	// without the feature RSAT-Clustering-PowerShell): their cmdlets are then not
	// recognized, with Windows PowerShell 5.1's CommandNotFoundException.
	WithoutModules []string

	// Windows is the Windows Server release the nodes run (windows.go): it decides the
	// WMI properties, the WMI fault form, the PowerShell version, the stdin hang of 2016
	// RTM and WinRM's default quotas. Empty: Windows2019.
	Windows Windows
	// WMIFaultForm picks the recorded form of WMI failures: WSManFault with ProviderFault
	// and __ExtendedStatus (the default), or MSFT_WmiError.
	WMIFaultForm wsman.WMIFaultForm

	// UTF8BOM makes every command's stdout begin with a UTF-8 byte order mark when its
	// shell's code page is 65001. RISK, unconfirmed: reported of some Windows hosts
	// (pywinrm#111, ansible/ansible#14077) while .NET's reference source suggests none; it is
	// there so that clients can be shown to tolerate one.
	UTF8BOM bool
}

// Layout names a prepared cluster.
type Layout string

// Layouts.
const (
	// LayoutExchange55 is the cluster of KB Q245211: one Exchange group running Exchange
	// Server 5.5, whose System Attendant is "Microsoft Exchange System Attendant".
	LayoutExchange55 Layout = "exchange55"
	// LayoutExchange2003 is an Exchange 2000/2003 cluster with two Exchange virtual servers,
	// each with its own System Attendant resource.
	LayoutExchange2003 Layout = "exchange2003"
)

// Layouts lists every layout, the default first.
var Layouts = []Layout{LayoutExchange55, LayoutExchange2003}

// config returns the layout's cluster; an unknown layout is an error naming the known ones.
func (l Layout) config() (cluster.Config, error) {
	switch l {
	case "", LayoutExchange55:
		return cluster.DefaultConfig(), nil
	case LayoutExchange2003:
		return cluster.Exchange2003Config(), nil
	}
	return cluster.Config{}, fmt.Errorf("unknown layout %q (known: %s, %s)", string(l), LayoutExchange55, LayoutExchange2003)
}

// applyWindows fills the options a release decides and the user left at zero.
func applyWindows(opts *Options, p windowsProfile) {
	if opts.MaxShellsPerUser == 0 {
		opts.MaxShellsPerUser = p.maxShells
	}
	if opts.MaxEnvelopeSizeKB == 0 {
		opts.MaxEnvelopeSizeKB = p.maxEnvelopeKB
	}
	if p.stdinHangs {
		opts.StdinCommandHangs = true
	}
}
