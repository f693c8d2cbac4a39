// Command terraform-provider-exchange is the Terraform provider "exchange": it keeps the
// registry checkpoints Exchange Server needs on a Windows failover cluster, over WinRM.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/exchange-tools/terraform-provider-exchange/internal/provider"
)

// version is stamped at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider under a debugger (delve): it prints a TF_REATTACH_PROVIDERS value to use with terraform")
	flag.Parse()

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
