package clustersim

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/clusterwmi"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cmdexe"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/kerbauth"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/simstats"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// Sim is a running simulated cluster.
type Sim struct {
	opts    Options
	win     windowsProfile // of opts.Windows
	cluster *cluster.Cluster
	nodes   []*node
	byName  map[string]*node
	caPEM   []byte

	clusterAddr *wsman.Endpoint // the cluster name's address, when served

	closeOnce sync.Once
	closeErr  error
}

// node is one simulated machine: its WinRM endpoint and its process launcher.
type node struct {
	name     string
	counters *simstats.Counters
	wsman    *wsman.Server
	host     *cmdexe.Host
	ep       *wsman.Endpoint
	wmi      *clusterwmi.Provider // root\MSCluster over WinRM (wmi.go)
	// stdinHang makes "powershell.exe -Command -" read nothing and print nothing (see
	// Options.StdinCommandHangs).
	stdinHang atomic.Bool
}

// Start builds the cluster and serves every node at its own WinRM address.
func Start(opts Options) (*Sim, error) {
	c, err := loadCluster(opts)
	if err != nil {
		return nil, err
	}
	win, err := opts.Windows.profile()
	if err != nil {
		return nil, err
	}
	applyWindows(&opts, win)
	s := &Sim{opts: opts, win: win, cluster: c, byName: map[string]*node{}}
	names := make([]string, 0)
	for _, n := range c.Nodes() {
		names = append(names, n.Name)
	}
	listen, err := s.listenOptions(append(names, c.Info().Name))
	if err != nil {
		return nil, err
	}
	software := opts.NodeSoftware
	if software == nil {
		software = WindowsSoftware
	}
	keytab, err := kerberosKeytab(opts)
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		sw, err := withoutModules(software(c, name), opts.WithoutModules)
		if err != nil {
			s.Close()
			return nil, err
		}
		n, err := s.newNode(name, sw, keytab)
		if err != nil {
			s.Close()
			return nil, err
		}
		addr := opts.Listen[name]
		if i == 0 && opts.FirstNodeListen != "" {
			addr = opts.FirstNodeListen
		}
		listen.Addr = addr
		n.ep, err = wsman.Serve(n.wsman, listen)
		if err != nil {
			_ = n.wsman.Close()
			s.Close()
			return nil, fmt.Errorf("node %s: %w", name, err)
		}
		s.nodes = append(s.nodes, n)
		s.byName[name] = n
	}
	if opts.ClusterListen != "" {
		listen.Addr, listen.Handler = opts.ClusterListen, http.HandlerFunc(s.serveClusterName)
		s.clusterAddr, err = wsman.Serve(s.nodes[0].wsman, listen)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("cluster address: %w", err)
		}
	}
	return s, nil
}

func loadCluster(opts Options) (*cluster.Cluster, error) {
	if opts.StateFile != "" {
		c, err := cluster.Load(opts.StateFile)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("state file: %w", err)
		}
	}
	if opts.Cluster != nil {
		return cluster.New(*opts.Cluster), nil
	}
	cfg, err := opts.Layout.config()
	if err != nil {
		return nil, err
	}
	return cluster.New(cfg), nil
}

// listenOptions are the nodes' listen options without their address: over HTTPS, one
// certificate for every node and the cluster name, so that a client trusts one PEM.
func (s *Sim) listenOptions(names []string) (wsman.ListenOptions, error) {
	if !s.opts.HTTPS {
		return wsman.ListenOptions{}, nil
	}
	cert, caPEM, err := wsman.TLSCertificate(wsman.ListenOptions{
		CertFile: s.opts.CertFile, KeyFile: s.opts.KeyFile, Hostnames: names, WriteCACertTo: s.opts.CAOut,
	})
	if err != nil {
		return wsman.ListenOptions{}, err
	}
	s.caPEM = caPEM
	return wsman.ListenOptions{HTTPS: true, Certificate: &cert, CACertPEM: caPEM}, nil
}

// kerberosKeytab is the keytab of the options (nil when Kerberos is off).
func kerberosKeytab(opts Options) ([]byte, error) {
	kt := opts.KerberosKeytab
	if opts.KerberosKeytabFile != "" {
		if kt != nil {
			return nil, errors.New("kerberos: give KerberosKeytab or KerberosKeytabFile, not both")
		}
		b, err := os.ReadFile(opts.KerberosKeytabFile)
		if err != nil {
			return nil, fmt.Errorf("kerberos keytab: %w", err)
		}
		kt = b
	}
	if kt == nil {
		if opts.KerberosRealm != "" || len(opts.KerberosSPNs) > 0 {
			return nil, errors.New("kerberos: a realm or SPNs without a keytab")
		}
		return nil, nil
	}
	if opts.KerberosRealm == "" {
		return nil, errors.New("kerberos: KerberosRealm is required with a keytab")
	}
	return kt, nil
}

// kerberosSPNs are the service principals a node takes tickets for.
func (s *Sim) kerberosSPNs(node string) []string {
	if spns, ok := s.opts.KerberosSPNs[node]; ok {
		return spns
	}
	for name, spns := range s.opts.KerberosSPNs {
		if equalFold(name, node) {
			return spns
		}
	}
	domain := strings.ToLower(s.opts.KerberosRealm)
	var out []string
	for _, host := range []string{node, s.cluster.Info().Name} {
		h := strings.ToLower(host)
		out = append(out, "HTTP/"+h, "HTTP/"+h+"."+domain)
	}
	return out
}

func (s *Sim) newNode(name string, sw Software, keytab []byte) (*node, error) {
	n := &node{name: name, counters: &simstats.Counters{}, wmi: newNodeWMI(s.cluster, name, s.opts)}
	n.stdinHang.Store(s.opts.StdinCommandHangs)
	n.host = &cmdexe.Host{
		ComputerName: name,
		Programs:     sw.Programs,
		Counters:     n.counters,
		PSStartCost:  s.opts.PSStartCost,
		PowerShell:   hangOnStdin(&n.stdinHang, powerShellRunner(name, sw, s.win)),
	}
	users := map[string]string{}
	for k, v := range s.opts.Users {
		users[k] = v
	}
	if s.opts.Username != "" {
		users[s.opts.Username] = s.opts.Password
	}
	var acceptor *kerbauth.Acceptor
	if keytab != nil {
		var err error
		acceptor, err = kerbauth.New(kerbauth.Config{Keytab: keytab, Realm: s.opts.KerberosRealm, SPNs: s.kerberosSPNs(name), ClockOffset: s.opts.ClockOffset})
		if err != nil {
			return nil, fmt.Errorf("node %s: %w", name, err)
		}
	}
	var err error
	var exec wsman.Executor = n.host
	if s.opts.UTF8BOM {
		exec = bomExecutor{exec}
	}
	cfg := wsman.Config{
		Kerberos:                       acceptor,
		Executor:                       exec,
		Counters:                       n.counters,
		Users:                          users,
		Auth:                           s.opts.Auth,
		AllowUnencrypted:               s.opts.AllowUnencrypted,
		MachineName:                    name,
		MaxShellsPerUser:               s.opts.MaxShellsPerUser,
		MaxConcurrentOperationsPerUser: s.opts.MaxConcurrentOperationsPerUser,
		MaxEnvelopeSizeKB:              s.opts.MaxEnvelopeSizeKB,
		MaxTimeout:                     s.opts.MaxTimeout,
		IdleTimeout:                    s.opts.IdleTimeout,
		Latency:                        s.opts.Latency,
		WMI:                            n.wmi,
	}
	wsmanWindows(&cfg, s.win, s.opts.WMIFaultForm)
	n.wsman, err = wsman.NewServer(cfg)
	return n, err
}

// serveClusterName answers a request to the cluster's own name: the cluster IP address
// lives in "Cluster Group", so the node that owns that group at this moment answers.
func (s *Sim) serveClusterName(w http.ResponseWriter, r *http.Request) {
	g, err := s.cluster.Group(cluster.CoreGroupName)
	n := s.node(g.OwnerNode)
	if err != nil || n == nil || g.State != cluster.GroupOnline {
		// Nobody holds the address: the connection is refused on a real network.
		dropConnection(w)
		return
	}
	if r.URL.Path != "/wsman" {
		http.NotFound(w, r)
		return
	}
	n.wsman.ServeHTTP(w, r)
}

func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	http.Error(w, "no node owns the cluster address", http.StatusServiceUnavailable)
}

// URL is the WinRM URL of a node ("" when there is no such node).
func (s *Sim) URL(nodeName string) string {
	n := s.node(nodeName)
	if n == nil {
		return ""
	}
	return n.ep.URL
}

// Addr is a node's listen address (host:port).
func (s *Sim) Addr(nodeName string) string {
	if n := s.node(nodeName); n != nil {
		return n.ep.Addr
	}
	return ""
}

// ClusterURL is the WinRM URL of the cluster's own name ("" when not served).
func (s *Sim) ClusterURL() string {
	if s.clusterAddr == nil {
		return ""
	}
	return s.clusterAddr.URL
}

// Nodes lists the node names in node id order.
func (s *Sim) Nodes() []string {
	out := make([]string, len(s.nodes))
	for i, n := range s.nodes {
		out[i] = n.name
	}
	return out
}

func (s *Sim) node(name string) *node {
	if n, ok := s.byName[name]; ok {
		return n
	}
	for _, n := range s.nodes {
		if equalFold(n.name, name) {
			return n
		}
	}
	return nil
}

// Stats sums the counters of every node.
func (s *Sim) Stats() simstats.Snapshot {
	var total simstats.Snapshot
	for _, n := range s.nodes {
		total = addSnapshots(total, n.counters.Snapshot())
	}
	if total.RequestsByAction == nil {
		total.RequestsByAction = map[string]int64{}
	}
	return total
}

// NodeStats is one node's counters.
func (s *Sim) NodeStats(nodeName string) (simstats.Snapshot, bool) {
	n := s.node(nodeName)
	if n == nil {
		return simstats.Snapshot{}, false
	}
	return n.counters.Snapshot(), true
}

// StartedCommands lists the commands a node's WinRM service started, with the options each
// was sent with (WINRS_CONSOLEMODE_STDIN, WINRS_SKIP_CMD_SHELL), oldest first; nil when there
// is no such node.
func (s *Sim) StartedCommands(nodeName string) []wsman.Command {
	n := s.node(nodeName)
	if n == nil {
		return nil
	}
	return n.wsman.StartedCommands()
}

// Cluster is the cluster model.
func (s *Sim) Cluster() *cluster.Cluster { return s.cluster }

// CACertPEM is the certificate clients must trust for HTTPS (nil over HTTP).
func (s *Sim) CACertPEM() []byte { return s.caPEM }

// Close stops every endpoint and command, and saves the state file when one is set.
func (s *Sim) Close() error {
	s.closeOnce.Do(func() {
		if s.clusterAddr != nil {
			_ = s.clusterAddr.Close()
		}
		for _, n := range s.nodes {
			_ = n.ep.Close() // closes the node's server too
		}
		if s.opts.StateFile != "" {
			s.closeErr = s.cluster.Save(s.opts.StateFile)
		}
	})
	return s.closeErr
}

func addSnapshots(a, b simstats.Snapshot) simstats.Snapshot {
	out := simstats.Snapshot{
		HTTPRequests:     a.HTTPRequests + b.HTTPRequests,
		ShellsCreated:    a.ShellsCreated + b.ShellsCreated,
		ShellsOpen:       a.ShellsOpen + b.ShellsOpen,
		Commands:         a.Commands + b.Commands,
		PowerShellStarts: a.PowerShellStarts + b.PowerShellStarts,
		BytesIn:          a.BytesIn + b.BytesIn,
		BytesOut:         a.BytesOut + b.BytesOut,
		AuthFailures:     a.AuthFailures + b.AuthFailures,
		RequestsByAction: map[string]int64{},
	}
	for k, v := range a.RequestsByAction {
		out.RequestsByAction[k] += v
	}
	for k, v := range b.RequestsByAction {
		out.RequestsByAction[k] += v
	}
	return out
}
