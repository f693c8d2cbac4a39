package simtest

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// An independent WS-Management client, wsl (Dell's "Wsman Shell commandLine", Debian
// package wsl: curl and xmllint in shell), enumerates MSCluster_Resource with optimized
// enumeration and Pulls, two instances at a time, and reads the checkpoints winclient wrote
// over WMI, byte for byte.
func TestSimWSLReadsWhatWMIWrote(t *testing.T) {
	wslenum, err := exec.LookPath("wslenum")
	if err != nil {
		t.Skip("wsl is not installed (apt-get install wsl): no independent WS-Management enumeration client to read the simulator with")
	}
	const wslUser, wslPassword = "exadmin", "Wsl-Passw0rd" // passed on curl's command line by wsl: no shell metacharacters
	s := startSim(t, func(o *clustersim.Options) { o.Username, o.Password = wslUser, wslPassword })
	cfg := configFor(t, s)
	cfg.Username, cfg.Password, cfg.Transport = wslUser, wslPassword, winclient.TransportWMI
	c := newClient(t, cfg)
	keys := []string{bkKey, `SOFTWARE\A&B <c> "d" 'e'`, "SOFTWARE\\\u2018x\u2019 \u00e9t\u00e9"}
	for _, k := range keys {
		must(t, "add "+k, c.AddCheckpoint(context.Background(), "", sa, k))
	}

	dir := t.TempDir()
	cmd := exec.Command(wslenum, "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/mscluster/MSCluster_Resource", "-opti", "2")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WSENDPOINT="+s.Addr(s.Nodes()[0]), "WSUSER="+wslUser, "WSPASS="+wslPassword,
		"WSNOSSL=1", "WSDONTASK=y", "OUTLEVEL=0", "KEEPHISTORY=0", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wslenum: %v\n%s", err, out)
	}
	answers, _ := filepath.Glob(filepath.Join(dir, "response-*.xml"))
	var got []string
	resources := 0
	for _, f := range answers {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			Items []struct {
				Name        string   `xml:"Name"`
				Checkpoints []string `xml:"RegistryCheckpoints"`
			} `xml:"Body>EnumerateResponse>Items>MSCluster_Resource"`
			Pulled []struct {
				Name        string   `xml:"Name"`
				Checkpoints []string `xml:"RegistryCheckpoints"`
			} `xml:"Body>PullResponse>Items>MSCluster_Resource"`
		}
		if err := xml.Unmarshal(body, &env); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, body)
		}
		for _, r := range append(env.Items, env.Pulled...) {
			resources++
			if r.Name == sa {
				for _, k := range r.Checkpoints {
					if k != "" {
						got = append(got, k)
					}
				}
			}
		}
	}
	if want := len(s.Cluster().Resources()); resources != want || len(answers) < 2 {
		t.Fatalf("wsl read %d resources in %d answers, the cluster has %d", resources, len(answers), want)
	}
	sort.Strings(got)
	sort.Strings(keys)
	if strings.Join(got, "\n") != strings.Join(keys, "\n") {
		t.Fatalf("wsl reads %q, winclient wrote %q", got, keys)
	}
}
