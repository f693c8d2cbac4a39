package clustersim

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// windowsProfile is what differs between releases.
type windowsProfile struct {
	// psVersion is the in-box Windows PowerShell ($PSVersionTable.PSVersion): 2.0 on 2008
	// R2, 4.0 on 2012 R2, 5.1 from 2016 ("Windows PowerShell System Requirements",
	// learn.microsoft.com: the version each Windows Server ships with). The build part of
	// 5.1 is the OS build (14393, 17763, 20348, 26100: Windows Server release information);
	// the revisions are the guess windowsBuildRevision.
	psVersion, buildVersion string
	// wmi2012 says root\MSCluster has the properties ClusWMI marks "Windows Server 2012"
	// and later: MSCluster_Resource.OwnerGroup, OwnerNode and Id, MSCluster_Cluster.Fqdn,
	// MSCluster_ResourceGroup.GroupType and IsCore (ClusWMI class pages, "Minimum supported
	// server"); 2008 R2 lacks them.
	wmi2012 bool
	// wmiFaults2008R2: the WMI plug-in's faults in the form recorded from a 2008 R2 host
	// (WinRb/WinRM soap_fault_v2.xml) rather than from 2012 R2 (microsoft/omi
	// test_wsmanparser.cpp TestInnerMessageFaultResponse).
	wmiFaults2008R2 bool
	// stdinHangs: powershell.exe -Command - hangs on redirected stdin, as reported of 2016
	// RTM's 5.1.14393 (PowerShell/PowerShell#2071, #2319; powershell.go).
	stdinHangs bool
	// wrapOutput: the console host wraps stdout and stderr at consoleWrapWidth (PowerShell
	// 2.0).
	wrapOutput bool
	// maxShells and maxEnvelopeKB are WinRM's defaults: MaxShellsPerUser 5 and
	// MaxEnvelopeSizekb 150 on 2008 R2 (WinRM 2.0), 30 and 500 from 2012 (domain.md
	// section 3: the pywinrm fixture with a 2008 R2 limit of 5; "Installation and
	// configuration for Windows Remote Management").
	maxShells, maxEnvelopeKB int
}

func (w Windows) profile() (windowsProfile, error) {
	switch w {
	case Windows2008R2:
		return windowsProfile{psVersion: "2.0", buildVersion: "6.1.7601." + windowsBuildRevision[w], wmiFaults2008R2: true, wrapOutput: true, maxShells: 5, maxEnvelopeKB: 150}, nil
	case Windows2012R2:
		return windowsProfile{psVersion: "4.0", buildVersion: "6.3.9600." + windowsBuildRevision[w], wmi2012: true}, nil
	case Windows2016:
		return windowsProfile{psVersion: "5.1.14393." + windowsBuildRevision[w], buildVersion: "10.0.14393." + windowsBuildRevision[w], wmi2012: true, stdinHangs: true}, nil
	case Windows2019:
		return windowsProfile{psVersion: "5.1.17763." + windowsBuildRevision[w], buildVersion: "10.0.17763." + windowsBuildRevision[w], wmi2012: true}, nil
	case Windows2022:
		return windowsProfile{psVersion: "5.1.20348." + windowsBuildRevision[w], buildVersion: "10.0.20348." + windowsBuildRevision[w], wmi2012: true}, nil
	case Windows2025:
		return windowsProfile{psVersion: "5.1.26100." + windowsBuildRevision[w], buildVersion: "10.0.26100." + windowsBuildRevision[w], wmi2012: true}, nil
	case "":
		// The default is 2019, which the simulator was before releases were modelled
		// (PowerShell 5.1.17763, root\MSCluster with the 2012 properties): the full suites
		// run on it, every release runs a short lifecycle (the registry's ProductName still
		// says 2008 R2: cluster/unconfirmed.go).
		return Windows2019.profile()
	}
	return windowsProfile{}, fmt.Errorf("unknown Windows release %q (known: %s)", string(w), joinReleases())
}

// ParseWindows reads a release name as serve --windows takes it ("2008r2", "2008R2",
// "2016", ...).
func ParseWindows(s string) (Windows, error) {
	w := Windows(strings.ToLower(strings.TrimSpace(s)))
	if _, err := w.profile(); err != nil {
		return "", err
	}
	return w, nil
}

// wsmanWindows sets the wire's release-dependent answers.
func wsmanWindows(cfg *wsman.Config, p windowsProfile, form wsman.WMIFaultForm) {
	cfg.WMIFaults2008R2 = p.wmiFaults2008R2
	cfg.WMIFaultForm = form
}

// consoleWrapWidth is the console width Windows PowerShell 2.0 wraps its output at over
// WinRM: "a line break every 80 chars in the returned std_out and std_err", a string of 90
// characters coming back with CR LF after the 80th (diyan/pywinrm#216, against PowerShell
// v2; the console host WinRM starts is 80 columns wide, jborean93's answer there). Later
// versions write redirected output unwrapped (pypsrp and pywinrm recordings of 5.1).
const consoleWrapWidth = 80

// wrapWriter inserts CR LF after every width characters of a line, inside words too.
type wrapWriter struct {
	w     io.Writer
	width int
	col   int
}

func (ww *wrapWriter) Write(p []byte) (int, error) {
	var out []byte
	for _, r := range string(p) {
		if r == '\n' {
			ww.col = 0
		} else if r != '\r' {
			if ww.col == ww.width {
				out = append(out, '\r', '\n')
				ww.col = 0
			}
			ww.col++
		}
		out = utf8.AppendRune(out, r)
	}
	if _, err := ww.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
