package winhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// ntbackup, modelled on NT 4.0's ntbackup with the Exchange 5.5 extension:
//
//	ntbackup backup DS \\EXCHSRV IS \\EXCHSRV /t normal|incremental [/v] [/d "text"] ...
//
// It backs up the Exchange server's Directory (DS) and Information Store (IS) online, acting
// on the node that owns the Exchange group; events go to the Application log of the node it
// runs on. The result is printed; a failure prints the event's text and exits 1.
func (n *Node) ntBackup(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	kind, err := n.parseNTBackup(argv)
	if err != nil {
		fmt.Fprintf(stderr, "%s\r\n%s", err.Error(), ntBackupUsage)
		return ntBackupSyntaxExit
	}
	res, err := n.c.Backup(n.name, kind)
	var be *cluster.BackupError
	if errors.As(err, &be) {
		fmt.Fprintf(stderr, "Event ID %d (%s, %s): %s\r\n", be.Event.EventID, be.Event.Source, be.Event.EntryType, be.Event.Message)
		return ntBackupFailedExit
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s\r\n", err.Error())
		return ntBackupFailedExit
	}
	fmt.Fprintf(stdout, "%s\r\n", res.Message)
	return 0
}

// parseNTBackup checks the command line; the servers named must be the Exchange server.
// Its errors are ntbackup's usage messages, printed as they are.
//
//nolint:staticcheck // ST1005: the messages are console text (capitalised, full stops).
func (n *Node) parseNTBackup(argv []string) (cluster.BackupType, error) {
	args := argv[1:]
	if len(args) == 0 || !strings.EqualFold(args[0], "backup") {
		return "", fmt.Errorf("The operation must be \"backup\".")
	}
	server := n.c.ExchangeServer()
	kind := cluster.BackupNormal
	components := 0
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch up := strings.ToUpper(a); {
		case up == "DS" || up == "IS":
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s must be followed by \\\\server.", up)
			}
			i++
			name := strings.TrimPrefix(args[i], `\\`)
			if !strings.HasPrefix(args[i], `\\`) || !strings.EqualFold(name, server) {
				return "", fmt.Errorf(ntBackupUnknownServer, args[i])
			}
			components++
		case up == "/T":
			if i+1 >= len(args) {
				return "", fmt.Errorf("/t must be followed by a backup type.")
			}
			i++
			t, err := cluster.ParseBackupType(args[i])
			if err != nil {
				return "", fmt.Errorf("The backup type \"%s\" is not supported for Microsoft Exchange (normal or incremental).", args[i])
			}
			kind = t
		case up == "/D" || up == "/TAPE":
			i++ // a description or tape number: no effect here
		case up == "/V" || up == "/R" || up == "/B" || up == "/A" || up == "/E" ||
			strings.HasPrefix(up, "/L:") || strings.HasPrefix(up, "/HC:") || strings.HasPrefix(up, "/TAPE:"):
			// verify, restrict, registry, append, exceptions, log, hardware compression:
			// accepted and without effect in the model.
		default:
			return "", fmt.Errorf("Unknown option or path \"%s\".", a)
		}
	}
	if components == 0 {
		return "", fmt.Errorf("Nothing to back up: name DS \\\\%s and/or IS \\\\%s.", server, server)
	}
	return kind, nil
}
