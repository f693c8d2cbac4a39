package clustersim

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// withoutModules drops the cmdlets of the named modules from a node's binding. A name that
// no cmdlet of the node belongs to is refused, naming the modules there are.
func withoutModules(b Binding, modules []string) (Binding, error) {
	if len(modules) == 0 {
		return b, nil
	}
	present := map[string]string{}
	for _, cm := range b.Cmdlets {
		if cm.Module != "" {
			present[strings.ToLower(cm.Module)] = cm.Module
		}
	}
	drop := map[string]bool{}
	for _, m := range modules {
		key := strings.ToLower(strings.TrimSpace(m))
		if _, ok := present[key]; !ok {
			var names []string
			for _, n := range present {
				names = append(names, n)
			}
			sort.Strings(names)
			return b, fmt.Errorf("without module %q: the nodes have no such module (they have %s)", m, strings.Join(names, ", "))
		}
		drop[key] = true
	}
	var kept []*winps51.Cmdlet
	for _, cm := range b.Cmdlets {
		if !drop[strings.ToLower(cm.Module)] {
			kept = append(kept, cm)
		}
	}
	b.Cmdlets = kept
	return b, nil
}

// bomExecutor puts a UTF-8 byte order mark before the first byte a command writes to stdout
// when its shell's code page is 65001 (Options.UTF8BOM: a reported behaviour, unconfirmed).
type bomExecutor struct{ wsman.Executor }

func (b bomExecutor) Execute(ctx context.Context, cmd wsman.Command, stdin io.Reader, stdout, stderr io.Writer) int {
	if cmd.Codepage == 65001 {
		stdout = &bomWriter{w: stdout}
	}
	return b.Executor.Execute(ctx, cmd, stdin, stdout, stderr)
}

type bomWriter struct {
	w       io.Writer
	started bool
}

func (b *bomWriter) Write(p []byte) (int, error) {
	if !b.started && len(p) > 0 {
		b.started = true
		if _, err := b.w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
			return 0, err
		}
	}
	return b.w.Write(p)
}
