package clustersim

import (
	"context"
	"io"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

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
