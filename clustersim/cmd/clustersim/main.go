// Command clustersim runs the simulated Exchange failover cluster (EXCLUSTER: NODE1, NODE2)
// behind real WinRM endpoints, and drives it through its control API.
//
//	clustersim serve --listen 127.0.0.1:5985 --username U --password P [flags]
//	clustersim move-group --control ADDR --group G --node N
//	clustersim stop-node|start-node --control ADDR --node N
//	clustersim backup --control ADDR [--node N] --type normal|incremental
//	clustersim add-checkpoint|remove-checkpoint --control ADDR --resource R --key K
//	clustersim state|stats --control ADDR
//	clustersim fault --control ADDR --kind K [--node N] [--count N] [--action A] [--code C] [--text T] [--delay D] [--on]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: clustersim <command> [flags]

commands:
  serve              run the simulated cluster (WinRM per node, control API)
  move-group         fail a group over to a node
  stop-node          stop the cluster service on a node (its groups fail over)
  start-node         start it again
  backup             run ntbackup of the Exchange server (normal or incremental)
  add-checkpoint     add a registry checkpoint out of band
  remove-checkpoint  remove a registry checkpoint out of band
  powershell         run a PowerShell script on a node, as at its console (exit code, stderr)
  state              print the cluster's state
  stats              print the WinRM counters
  fault              inject a WinRM fault

"clustersim <command> -h" lists a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program: it returns the exit code. ctx ends serve (SIGINT, SIGTERM).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	if v, ok := verbs[cmd]; ok {
		return runVerb(ctx, cmd, v, rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "clustersim: unknown command %q\n\n%s", cmd, usage)
	return 2
}
