package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The Terraform-driven tests run the real terraform binary (terraform-plugin-testing) against
// the provider served in this process. Each scenario runs against two backends: a fake
// Windows client (always; fast, no network) and the simulated cluster over real WinRM
// (acceptance, with TF_ACC=1), once per authentication mode.

// TestMain points Terraform at an empty CLI configuration: this machine's environment may
// name one that does not exist, and a developer's own (dev_overrides, credentials) must not
// change what the tests see.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "exchange-provider-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rc := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", rc)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireTerraform fails the test, saying how to get it, when no terraform binary is found.
func requireTerraform(t *testing.T) {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return
		}
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH. Install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install, " +
			"or HashiCorp's Debian repository: apt-get install terraform), or set TF_ACC_TERRAFORM_PATH to a terraform binary.")
	}
}

// backend is a Windows failover cluster the provider under test talks to, and what the
// tests do to it behind Terraform's back.
type backend interface {
	name() string
	// factories serves the provider, wired to this backend.
	factories() map[string]func() (tfprotov6.ProviderServer, error)
	// settings are the provider attributes that reach the backend.
	settings() map[string]string
	clusterName() string
	// holds reports whether resource checkpoints key (compared by meaning).
	holds(t *testing.T, resource, key string) bool
	addCheckpointOutOfBand(t *testing.T, resource, key string)
	removeCheckpointOutOfBand(t *testing.T, resource, key string)
	// failover moves the Exchange group to the other node.
	failover(t *testing.T)
	deleteResourceOutOfBand(t *testing.T, resource string)
	// requests counts what reached Windows: HTTP requests, or calls on the fake.
	requests() int64
	// resource describes a cluster resource as Windows holds it.
	resource(t *testing.T, name string) resourceView
	// refuseLogons makes Windows answer every request with 401 until allowLogons.
	refuseLogons(t *testing.T)
	allowLogons(t *testing.T)
	// setEnv replaces the environment the provider reads EXCHANGE_WINRM_* from.
	setEnv(env map[string]string)
}

type resourceView struct {
	Type, State, OwnerGroup, OwnerNode string
	Checkpoints                        []string
}

// forEachBackend runs body against the fake, then against the simulator in each
// authentication mode when TF_ACC is set.
func forEachBackend(t *testing.T, body func(t *testing.T, b backend)) {
	requireTerraform(t)
	t.Run("fake", func(t *testing.T) { body(t, newFakeBackend()) })
	for _, mode := range accModes {
		t.Run("sim-"+mode.name, func(t *testing.T) {
			if os.Getenv("TF_ACC") == "" {
				t.Skip("acceptance test against the simulated cluster: set TF_ACC=1 (make testacc)")
			}
			body(t, startSimBackend(t, mode))
		})
	}
}

// envBox is the provider's view of the environment, replaceable by tests.
type envBox struct {
	mu  sync.Mutex
	env map[string]string
}

func (e *envBox) setEnv(env map[string]string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.env = env
}

func (e *envBox) lookupEnv(name string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.env[name]
	return v, ok
}

// providerBlock is the provider block of b with changes applied (deleteMark removes an
// attribute).
func providerBlock(b backend, changes map[string]string) string {
	s := b.settings()
	for k, v := range changes {
		if v == deleteMark {
			delete(s, k)
		} else {
			s[k] = v
		}
	}
	return providerHCL(s)
}

// config is b's provider block followed by body.
func config(b backend, body string) string { return providerBlock(b, nil) + "\n" + body }

// providerHCL writes a provider block. Numbers and booleans are written bare when they parse
// as such, so that a bad one reaches Terraform as text, as a user's typo would.
func providerHCL(values map[string]string) string {
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("provider \"exchange\" {\n")
	for _, k := range names {
		v := values[k]
		switch {
		case k == attrPort && isInt(v):
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		case (k == attrHTTPS || k == attrInsecure) && (v == "true" || v == "false"):
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		default:
			fmt.Fprintf(&b, "  %s = %s\n", k, hclString(v))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// hclString quotes s as an HCL string literal whose value is exactly s.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '"':
			b.WriteString(`\"`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			b.WriteString(`$$`)
		case c == '%' && i+1 < len(s) && s[i+1] == '{':
			b.WriteString(`%%`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// emptyState is the state of a resource that does not exist (yet).
func emptyState(sch schema.Schema) tfsdk.State {
	return tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(context.Background()), nil)}
}

// diagText is every diagnostic, one a line, for failure messages and text checks.
func diagText(d diag.Diagnostics) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.Severity().String() + ": " + x.Summary() + ": " + x.Detail() + "\n")
	}
	return b.String()
}

// Cluster resources of the simulated and the fake cluster.
const (
	systemAttendant  = "Microsoft Exchange System Attendant"
	informationStore = "Microsoft Exchange Information Store"
)
