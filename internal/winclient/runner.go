package winclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// scriptRunner runs one invocation line and returns what it printed. sent reports whether
// the line may have reached PowerShell (when false, a write may be retried as is).
type scriptRunner interface {
	run(ctx context.Context, line, nonce string) (out runOutput, sent bool, err error)
}

// sessionRunner runs lines on the pool's long-lived sessions. On a node whose stdin-fed
// PowerShell does not answer (errStdinUnanswered), it runs them one-shot from then on and
// says so once at WARN.
type sessionRunner struct {
	pool     *pool
	oneShot  *oneShotRunner
	log      hclog.Logger
	host     string
	fellBack atomic.Bool
	warnOnce sync.Once
}

func (r *sessionRunner) run(ctx context.Context, line, nonce string) (runOutput, bool, error) {
	if r.fellBack.Load() {
		return r.oneShot.run(ctx, line, nonce)
	}
	s, err := r.pool.get(ctx)
	if err != nil {
		return runOutput{}, false, err
	}
	out, sent, err := s.run(ctx, line, nonce)
	r.pool.put(s)
	if errors.Is(err, errStdinUnanswered) {
		r.fellBack.Store(true)
		r.pool.noteUnanswered(err)
		r.warnOnce.Do(func() {
			r.log.Warn("this node's powershell.exe does not answer commands sent on stdin (as Windows Server 2016 RTM's PowerShell 5.1.14393 may not); "+
				"every operation on it now starts its own powershell.exe with -EncodedCommand, which is slower", "host", r.host, "cause", err.Error())
		})
		// The line was sent with the probe: a read is retried (now one-shot); a write is
		// checked by a fresh read before it is tried again, as for any lost session.
	}
	return out, sent, err
}

// oneShotRunner starts a shell and a powershell.exe for every line (the public providers'
// pattern): the line goes with -EncodedCommand, so nothing is read from stdin (launch.go),
// and stdin is closed at once so that PowerShell does not wait for input.
type oneShotRunner struct {
	w   *wire
	log hclog.Logger
	// slots bounds the shells open at once, as the pool does for sessions.
	slots chan struct{}
}

func (r *oneShotRunner) run(ctx context.Context, line, nonce string) (runOutput, bool, error) {
	command, args := encodedCommand(line)
	if n := commandLineLength(command, args); n > maxEncodedCommandLine {
		return runOutput{}, false, &Error{Kind: KindInvalidArgument, Message: fmt.Sprintf(
			"the encoded script is %d characters, past Windows' command-line limit of %d", n, maxEncodedCommandLine)}
	}
	select {
	case r.slots <- struct{}{}:
		defer func() { <-r.slots }()
	case <-ctx.Done():
		return runOutput{}, false, ctx.Err()
	}
	shellID, err := r.w.createShell(ctx)
	if err != nil {
		return runOutput{}, false, err
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := r.w.deleteShell(dctx, shellID); err != nil {
			r.log.Debug("deleting the shell failed", "shell", shellID, "error", err.Error())
		}
	}()
	commandID, err := r.w.startCommand(ctx, shellID, command, args, commandOptions{skipCmdShell: true})
	if err != nil {
		var f *wsman.Fault
		if errors.As(err, &f) {
			if f.WSManCode == wsman.CodeFileNotFound {
				return runOutput{}, false, &Error{Kind: KindWindows, Message: "powershell.exe is not at " + powershellPath +
					" on this node (Windows answered: file not found); one-shot runs need it there", Err: err}
			}
			return runOutput{}, false, err // refused: nothing ran
		}
		return runOutput{}, true, err
	}
	if err := r.w.send(ctx, shellID, commandID, nil, true); err != nil {
		return runOutput{}, true, err
	}
	var stdout, stderr bufferWriter
	for {
		done, code, err := r.w.receive(ctx, shellID, commandID, &stdout, &stderr)
		if err != nil {
			return runOutput{}, true, err
		}
		if done {
			r.log.Trace("powershell exited", "shell", shellID, "exit_code", code)
			return runOutput{Stdout: stdout.String(), Stderr: stderr.String()}, true, nil
		}
		if ctx.Err() != nil {
			return runOutput{}, true, ctx.Err()
		}
	}
}

type bufferWriter struct{ b []byte }

func (w *bufferWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
func (w *bufferWriter) String() string              { return string(w.b) }

// runScript runs op once and decodes its envelope. A failure envelope becomes a *Error of
// the script's kind; a run with no envelope becomes a windows_error carrying PowerShell's
// own error output, decoded from CLIXML.
func (c *Client) runScript(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, bool, error) {
	nonce := newNonce()
	line := invocationLine(scriptOp, in, nonce)
	start := time.Now()
	c.cnt.scriptRuns.Add(1)
	out, sent, err := c.runner.run(ctx, line, nonce)
	logArgs := []any{"op", op, "script", scriptOp, "cluster", in.Cluster, "resource", in.Resource, "key", in.Key, "duration", time.Since(start)}
	if err != nil {
		c.log.Debug("script run failed", append(logArgs, "error", err.Error())...)
		return nil, sent, classify(op, err)
	}
	env, found, derr := findEnvelope(out.Stdout, nonce)
	if !found && derr == nil && stderrText(out.Stderr) == "" {
		// The line's finally printed the end marker, but the script neither answered nor
		// wrote an error: the run was stopped (its shell deleted or its process killed, as
		// by a restart of the WinRM service). Its outcome is unknown, like a lost session's.
		err := fmt.Errorf("%w: the run was stopped before it printed a result", errSessionLost)
		c.log.Debug("script run stopped", append(logArgs, "error", err.Error())...)
		return nil, true, classify(op, err)
	}
	if !found {
		msg := "PowerShell printed no result"
		if text := stderrText(out.Stderr); text != "" {
			msg += ": " + text
		} else if derr != nil {
			msg += ": " + derr.Error()
		}
		c.log.Debug("script run gave no result", append(logArgs, "error", msg)...)
		return nil, true, &Error{Kind: KindWindows, Op: op, Message: msg}
	}
	if !env.OK {
		e := env.asError(op)
		c.log.Debug("script run answered a failure", append(logArgs, "kind", string(e.Kind), "message", e.Message)...)
		return nil, true, e
	}
	var data clusterData
	if err := decodeData(env.Data, &data); err != nil {
		return nil, true, &Error{Kind: KindWindows, Op: op, Message: "cannot decode the script's answer: " + err.Error()}
	}
	c.log.Debug("script run", logArgs...)
	return &data, true, nil
}

// stderrText is PowerShell's error output as readable text, at most a few lines.
func stderrText(stderr string) string {
	text := DecodeCLIXML(stderr)
	const maxLen = 2000
	if len(text) > maxLen {
		text = strings.ToValidUTF8(text[:maxLen], "") + "..."
	}
	return text
}

// backoff is the wait before retry n (0-based): 250 ms doubling, at most 4 s.
func backoff(n int) time.Duration {
	d := 250 * time.Millisecond << min(n, 4)
	return min(d, 4*time.Second)
}

// maxAttempts bounds the tries of one step; the operation's timeout bounds them too.
const maxAttempts = 5

// read runs an idempotent script with bounded retries and backoff within the timeout.
func (c *Client) read(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, error) {
	var last *Error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		data, _, err := c.run(ctx, op, scriptOp, in)
		if err == nil {
			return data, nil
		}
		last = withEarlier(classify(op, err), last)
		if !retryable(last) || !c.sleep(ctx, backoff(attempt)) {
			return nil, last
		}
		c.log.Debug("retrying", "op", op, "attempt", attempt+2, "after", last.Error())
	}
	return nil, last
}

// write runs add or remove. A failure before the line reached PowerShell is retried as is;
// after it (the outcome is unknown), a fresh read decides: the change is there (done) or
// not (try again). Never an add blindly repeated.
func (c *Client) write(ctx context.Context, op, scriptOp, cluster, resource, key string) (err error) {
	defer func(start time.Time) {
		c.logOp(op, start, err, "cluster", cluster, "resource_name", resource, "key", key)
	}(time.Now())
	if err := checkName(op, "cluster", cluster, true); err != nil {
		return err
	}
	if err := checkName(op, "resource_name", resource, false); err != nil {
		return err
	}
	if err := checkKey(op, key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	in := scriptInput{Cluster: cluster, Resource: resource, Key: key}
	var last *Error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		data, sent, err := c.run(ctx, op, scriptOp, in)
		canonical := cluster
		if data != nil {
			canonical = data.Cluster
		}
		if err == nil {
			c.applyWrite(cluster, canonical, resource, key, scriptOp == opAdd)
			return nil
		}
		if sent {
			c.invalidate(cluster, canonical)
		}
		last = withEarlier(classify(op, err), last)
		if !retryable(last) {
			return last
		}
		if !c.sleep(ctx, backoff(attempt)) {
			return last
		}
		if sent {
			done, rerr := c.writeLanded(ctx, op, scriptOp, cluster, resource, key)
			if rerr != nil {
				return last
			}
			if done {
				c.log.Debug("the write landed despite the error", "op", op, "error", last.Error())
				return nil
			}
		}
		c.log.Debug("retrying", "op", op, "attempt", attempt+2, "after", last.Error())
	}
	return last
}

// writeLanded reads the resource afresh and says whether the write's effect is there.
func (c *Client) writeLanded(ctx context.Context, op, scriptOp, cluster, resource, key string) (bool, error) {
	data, err := c.read(ctx, op, opSnapshot, scriptInput{Cluster: cluster})
	if err != nil {
		return false, err
	}
	present := false
	for _, row := range data.Resources {
		if !equalFoldName(row.Name, resource) {
			continue
		}
		for _, cp := range row.Checkpoints {
			if equalFoldName(cp, key) {
				present = true
			}
		}
	}
	if scriptOp == opAdd {
		return present, nil
	}
	return !present, nil
}

func (c *Client) sleep(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// withEarlier keeps the cause of an earlier failed attempt when the operation then runs out
// of time: "timeout" alone would hide why the attempts failed.
func withEarlier(e, earlier *Error) *Error {
	if e.Kind != KindTimeout || earlier == nil || earlier.Kind == KindTimeout {
		return e
	}
	c := *e
	c.Message += "; the attempt before failed: " + earlier.Message
	return &c
}
