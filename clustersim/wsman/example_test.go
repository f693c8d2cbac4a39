package wsman_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/masterzen/winrm"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// A WinRM endpoint whose machine is a Go function, reached by a WinRM client over plain
// HTTP with Basic authentication.
func Example() {
	exec := wsman.ExecutorFunc(func(ctx context.Context, cmd wsman.Command, stdin io.Reader, stdout, stderr io.Writer) int {
		// cmd.Command is the command line as the client sent it (through cmd.exe unless
		// WINRS_SKIP_CMD_SHELL): the machine decides what it means.
		fmt.Fprintf(stdout, "%s ran %q\r\n", cmd.User, cmd.Command)
		return 0
	})
	ep, err := wsman.Listen(wsman.Config{
		Executor:         exec,
		Users:            map[string]string{"vagrant": "secret"},
		AllowUnencrypted: true, // plain HTTP with Basic
	}, wsman.ListenOptions{Addr: "127.0.0.1:0"}) // HTTPS: true for TLS; ep.CACertPEM is what a client trusts
	if err != nil {
		log.Fatal(err)
	}
	defer ep.Close()

	host, port, _ := net.SplitHostPort(ep.Addr)
	portNum, _ := strconv.Atoi(port)
	client, err := winrm.NewClient(winrm.NewEndpoint(host, portNum, false, false, nil, nil, nil, 30*time.Second), "vagrant", "secret")
	if err != nil {
		log.Fatal(err)
	}
	stdout, _, code, err := client.RunWithContextWithString(context.Background(), "hostname", "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.TrimSuffix(stdout, "\r\n")) // Windows ends lines with CR LF
	fmt.Println("exit code", code, "at", strings.TrimPrefix(ep.URL, "http://"+ep.Addr))

	// The endpoint counts what it served; Faults() injects failures (drop, fault, delay).
	stats := ep.Server.Counters().Snapshot()
	fmt.Println("shells created", stats.ShellsCreated, "commands", stats.Commands)
	// Output:
	// vagrant ran "hostname"
	// exit code 0 at /wsman
	// shells created 1 commands 1
}
