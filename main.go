// Command terraform-provider-exchange is the Terraform provider "exchange": it keeps the
// registry checkpoints Exchange Server needs on a Windows failover cluster, over WinRM.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/exchange-tools/terraform-provider-exchange/internal/provider"
)

// version is stamped at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider under a debugger (delve): it prints a TF_REATTACH_PROVIDERS value to use with terraform")
	flag.Parse()
	quietLogsUnlessAsked()
	tuneGCUnlessSet()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/exchange-tools/exchange",
		Debug:   debug,
	})
	// Serve returns when Terraform stops the provider: delete the WinRM shells it kept open.
	if cerr := provider.CloseClients(); cerr != nil {
		log.Printf("[WARN] closing the WinRM sessions: %v", cerr)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// logVariables are the variables by which a user asks for a provider's log lines.
var logVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_EXCHANGE", "TF_LOG_PROVIDER_EXCHANGE_WINRM",
	"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO",
}

// providerLogLevelVariable is the variable terraform-plugin-go reads for the level of the
// provider's root logger: TF_LOG_PROVIDER_ followed by the provider's type name in upper
// case. It reads no other: with it unset the root logger (and the "winrm" subsystem under
// it) logs at TRACE, whatever TF_LOG_PROVIDER says.
const providerLogLevelVariable = "TF_LOG_PROVIDER_EXCHANGE"

// quietLogsUnlessAsked turns the provider's and the plugin SDK's logging off when no variable
// asks for it. Terraform drops a provider's log lines unless TF_LOG or TF_LOG_PROVIDER is
// set, yet the loggers format every line regardless (the framework alone a TRACE line per
// RPC): on a plan of 100 checkpoints that was about 40% of the provider's CPU, and the
// provider's own TRACE and DEBUG lines another 5%.
func quietLogsUnlessAsked() {
	for _, v := range logVariables {
		if os.Getenv(v) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
	_ = os.Setenv(providerLogLevelVariable, "OFF")
}

// The provider lives for one terraform command and keeps little: a plan of 100 checkpoints
// allocates mostly short-lived protocol values (terraform-plugin-go, the framework), and at
// Go's default GOGC=100 the collector took about a fifth of the provider's CPU. A higher
// GOGC collects less often; the memory limit keeps the heap bounded whatever the plan's size
// (the 500-checkpoint benchmark stays under 100 MB resident either way).
const (
	gcPercent     = 400
	gcMemoryLimit = 64 << 20
)

// tuneGCUnlessSet applies gcPercent and gcMemoryLimit unless the user set GOGC or GOMEMLIMIT,
// which the Go runtime has then applied already.
func tuneGCUnlessSet() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(gcMemoryLimit)
}
