package pwsh

// Placeholder until the engine lands: it says it is one.

import (
	"context"
	"fmt"
	"io"
)

type runspaceState struct{ opts Options }

func newRunspaceState(opts Options) *runspaceState { return &runspaceState{opts: opts} }

func (s *runspaceState) runScript(_ context.Context, _ string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "clustersim: the PowerShell engine is not implemented yet (placeholder)")
	return 1
}

func (s *runspaceState) runInteractive(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	_, _ = io.Copy(io.Discard, stdin)
	return s.runScript(ctx, "", stdout, stderr)
}
