package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// nodeAddrs is the repeatable --node-listen NODE=ADDR flag.
type nodeAddrs map[string]string

func (n nodeAddrs) String() string {
	var parts []string
	for k, v := range n {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (n nodeAddrs) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		name, addr, ok := strings.Cut(part, "=")
		if !ok || name == "" || addr == "" {
			return fmt.Errorf("want NODE=HOST:PORT, got %q", part)
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		n[strings.ToUpper(name)] = addr
	}
	return nil
}

// moduleList is the repeatable --without-module NAME flag.
type moduleList []string

func (m *moduleList) String() string { return strings.Join(*m, ",") }

func (m *moduleList) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			return fmt.Errorf("want a module name, got %q", s)
		}
		*m = append(*m, part)
	}
	return nil
}

// serve runs the simulator until ctx ends, then stops it cleanly (saving --state).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clustersim serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		opts          clustersim.Options
		auth          string
		control       string
		nodeListen    = nodeAddrs{}
		maxShells     int
		maxEnvelopeKB int
		idleTimeout   time.Duration
		noModules     moduleList
	)
	fs.StringVar(&opts.FirstNodeListen, "listen", "127.0.0.1:5985", "WinRM address of the first node (`HOST:PORT`; port 0 picks a free one)")
	fs.Var(nodeListen, "node-listen", "WinRM address of another node, `NODE=HOST:PORT` (repeatable; default a free loopback port)")
	fs.StringVar(&opts.ClusterListen, "cluster-listen", "", "optional WinRM address of the cluster name, served by the node owning \"Cluster Group\"")
	fs.StringVar(&opts.Username, "username", "", "account the nodes accept (required)")
	fs.StringVar(&opts.Password, "password", "", "its password (required; or the environment variable CLUSTERSIM_PASSWORD, which keeps it out of the process list)")
	fs.BoolVar(&opts.HTTPS, "https", false, "serve HTTPS")
	fs.StringVar(&opts.CertFile, "cert", "", "certificate `FILE` (PEM) for --https; self-signed when absent")
	fs.StringVar(&opts.KeyFile, "key", "", "private key `FILE` (PEM) for --cert")
	fs.StringVar(&opts.CAOut, "ca-out", "", "write the certificate clients must trust to `FILE`")
	fs.BoolVar(&opts.AllowUnencrypted, "allow-unencrypted", false, "accept unencrypted messages over plain HTTP (WinRM AllowUnencrypted); without it HTTP takes only NTLM- or Kerberos-sealed messages, as Windows does")
	fs.StringVar(&auth, "auth", "basic,ntlm", "authentication methods: basic, ntlm (negotiate), kerberos (added by --krb5-keytab)")
	fs.StringVar(&opts.KerberosKeytabFile, "krb5-keytab", "", "keytab `FILE` with the keys of the nodes' HTTP/<node>[.<realm>] service principals: the nodes take Kerberos (needs --krb5-realm; over HTTP the messages are sealed with the Kerberos session, as Windows clients do)")
	fs.StringVar(&opts.KerberosRealm, "krb5-realm", "", "Kerberos `REALM` of the keytab (upper case, e.g. EXAMPLE.TEST)")
	fs.DurationVar(&opts.ClockOffset, "clock-offset", 0, "how far the nodes' clocks run ahead of the real time (negative: behind); beyond 5m Kerberos logons get KRB_AP_ERR_SKEW, as from a node out of time sync")
	fs.DurationVar(&opts.Latency, "latency", 0, "delay per WinRM request")
	fs.DurationVar(&opts.PSStartCost, "ps-start", 0, "cost of one powershell.exe start")
	fs.BoolVar(&opts.StdinCommandHangs, "stdin-hang", false, "powershell.exe -Command - reads nothing and prints nothing, as on Windows Server 2016 RTM (fault kind stdin-hang turns it on and off per node)")
	fs.StringVar(&control, "control", "", "control API address `HOST:PORT` (none when empty)")
	fs.Func("layout", "cluster to simulate: exchange55 (default: KB Q245211's Exchange 5.5 group) or exchange2003 (two Exchange virtual servers, each with its System Attendant)", func(v string) error {
		for _, l := range clustersim.Layouts {
			if string(l) == v {
				opts.Layout = l
				return nil
			}
		}
		return fmt.Errorf("unknown layout %q: use exchange55 or exchange2003", v)
	})
	fs.Func("windows", "Windows Server `RELEASE` of the nodes: 2008r2, 2012r2, 2016 (RTM: with the -Command - stdin hang), 2019 (the default), 2022 or 2025; decides root\\MSCluster's properties, WMI's fault form, the PowerShell version and WinRM's default quotas", func(v string) error {
		w, err := clustersim.ParseWindows(v)
		opts.Windows = w
		return err
	})
	fs.Func("wmi-faults", "form of WMI failures: wsman (default: WSManFault with ProviderFault and __ExtendedStatus) or msft_wmierror", func(v string) error {
		switch v {
		case "wsman":
			opts.WMIFaultForm = wsman.WMIFaultWSMan
		case "msft_wmierror":
			opts.WMIFaultForm = wsman.WMIFaultMSFTWmiError
		default:
			return fmt.Errorf("unknown WMI fault form %q: use wsman or msft_wmierror", v)
		}
		return nil
	})
	fs.StringVar(&opts.StateFile, "state", "", "keep the cluster in `FILE` across restarts")
	fs.IntVar(&maxShells, "max-shells", 0, "MaxShellsPerUser (default Windows' 30; 5 with --windows 2008r2)")
	fs.IntVar(&maxEnvelopeKB, "max-envelope-kb", 0, "MaxEnvelopeSizekb (default Windows' 500; 150 with --windows 2008r2)")
	fs.DurationVar(&idleTimeout, "idle-timeout", 0, "shell IdleTimeout when a Create asks for none (default Windows' 2h, PT7200.000S)")
	fs.Var(&noModules, "without-module", "start the nodes without the PowerShell `MODULE` (e.g. FailoverClusters: its cmdlets are then not recognized; repeatable)")
	fs.BoolVar(&opts.UTF8BOM, "utf8-bom", false, "begin every command's output with a UTF-8 byte order mark (code page 65001), as some hosts are reported to do")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if opts.Password == "" {
		opts.Password = os.Getenv("CLUSTERSIM_PASSWORD")
	}
	opts.Listen = nodeListen
	opts.WithoutModules = noModules
	opts.MaxShellsPerUser, opts.MaxEnvelopeSizeKB, opts.IdleTimeout = maxShells, maxEnvelopeKB, idleTimeout
	if err := checkServeFlags(fs, &opts, auth); err != nil {
		fmt.Fprintf(stderr, "clustersim serve: %v\n", err)
		return 2
	}

	sim, err := clustersim.Start(opts)
	if err != nil {
		fmt.Fprintf(stderr, "clustersim serve: %v\n", err)
		return 1
	}
	var controlSrv *http.Server
	controlDone := make(chan struct{})
	var controlURL string
	if control != "" {
		ln, err := net.Listen("tcp", control)
		if err != nil {
			sim.Close()
			fmt.Fprintf(stderr, "clustersim serve: --control: %v\n", err)
			return 1
		}
		controlURL = "http://" + ln.Addr().String()
		controlSrv = &http.Server{Handler: sim.ControlHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
		go func() {
			defer close(controlDone)
			_ = controlSrv.Serve(ln)
		}()
	} else {
		close(controlDone)
	}

	line := "clustersim: " + sim.Cluster().Info().Name + " ready"
	for _, n := range sim.Nodes() {
		line += " " + n + "=" + sim.URL(n)
	}
	if u := sim.ClusterURL(); u != "" {
		line += " " + sim.Cluster().Info().Name + "=" + u
	}
	if controlURL != "" {
		line += " control=" + controlURL
	}
	fmt.Fprintln(stdout, line)

	<-ctx.Done()
	if controlSrv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = controlSrv.Shutdown(sctx)
		cancel()
	}
	<-controlDone
	if err := sim.Close(); err != nil {
		fmt.Fprintf(stderr, "clustersim: saving the state: %v\n", err)
		return 1
	}
	if opts.StateFile != "" {
		fmt.Fprintf(stdout, "clustersim: stopped; state saved to %s\n", opts.StateFile)
	} else {
		fmt.Fprintln(stdout, "clustersim: stopped")
	}
	return 0
}

// checkServeFlags validates the combination of flags, naming the flag at fault.
func checkServeFlags(fs *flag.FlagSet, opts *clustersim.Options, auth string) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if opts.Username == "" {
		return errors.New("--username is required")
	}
	if opts.Password == "" {
		return errors.New("--password (or CLUSTERSIM_PASSWORD) is required")
	}
	if (opts.CertFile == "") != (opts.KeyFile == "") {
		return errors.New("--cert and --key go together")
	}
	if (opts.CertFile != "" || opts.CAOut != "") && !opts.HTTPS {
		return errors.New("--cert, --key and --ca-out need --https")
	}
	if _, _, err := net.SplitHostPort(opts.FirstNodeListen); err != nil {
		return fmt.Errorf("--listen: %v", err)
	}
	if (opts.KerberosKeytabFile == "") != (opts.KerberosRealm == "") {
		return errors.New("--krb5-keytab and --krb5-realm go together")
	}
	kerberos := false
	for _, m := range strings.Split(auth, ",") {
		switch strings.ToLower(strings.TrimSpace(m)) {
		case "basic":
			opts.Auth = append(opts.Auth, wsman.AuthBasic)
		case "ntlm", "negotiate":
			opts.Auth = append(opts.Auth, wsman.AuthNegotiate)
		case "kerberos":
			if opts.KerberosKeytabFile == "" {
				return fmt.Errorf("--auth: unknown method %q without a keytab (kerberos needs --krb5-keytab and --krb5-realm)", m)
			}
			opts.Auth = append(opts.Auth, wsman.AuthKerberos)
			kerberos = true
		default:
			return fmt.Errorf("--auth: unknown method %q (basic, ntlm, kerberos)", m)
		}
	}
	if opts.KerberosKeytabFile != "" && !kerberos {
		opts.Auth = append(opts.Auth, wsman.AuthKerberos)
	}
	for name, d := range map[string]time.Duration{"--latency": opts.Latency, "--ps-start": opts.PSStartCost, "--idle-timeout": opts.IdleTimeout} {
		if d < 0 {
			return fmt.Errorf("%s must not be negative", name)
		}
	}
	return nil
}
