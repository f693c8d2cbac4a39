package winclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// session is one remote shell running one long-lived powershell.exe that reads one line of
// PowerShell per run from stdin. Runs on a session are serial (the pool hands a session to
// one caller at a time); a Receive is kept pending in the background so output arrives as
// soon as PowerShell writes it.
type session struct {
	w         *wire
	log       hclog.Logger
	shellID   string
	commandID string

	stop context.CancelFunc // ends the receive loop's requests

	mu       sync.Mutex
	cond     *sync.Cond
	stdout   bytes.Buffer // output not yet consumed by a run
	stderr   bytes.Buffer // error output since the current run began
	deadErr  error        // set once: why the session can no longer be used
	lastUsed time.Time
	// firstAnswer bounds the answer to the probe that precedes the first run's line; answered
	// is set once it came.
	firstAnswer time.Duration
	answered    bool
}

// errStdinUnanswered marks a node whose "powershell.exe -Command -" took a line on stdin and
// printed nothing within the first-answer bound, as Windows Server 2016 RTM's PowerShell
// 5.1.14393 was reported to do (PowerShell/PowerShell#2071, #2319). Its operations then run
// one-shot with -EncodedCommand (sessionRunner).
var errStdinUnanswered = errors.New("powershell.exe -Command - did not answer its first line on stdin")

// firstAnswerBound is how long a new session may take to answer a first, trivial line: a
// quarter of the operation timeout, at most 15 s (powershell.exe starts in well under that
// on a healthy node), so that the fallback still has most of the operation's time.
func firstAnswerBound(timeout time.Duration) time.Duration {
	return min(timeout/4, 15*time.Second)
}

// startSession creates a shell and starts PowerShell in it, fed on stdin in pipe mode. Its
// first run must show, within firstAnswer (no check when 0), that PowerShell reads stdin
// (see run).
func startSession(ctx context.Context, w *wire, log hclog.Logger, firstAnswer time.Duration) (*session, error) {
	shellID, err := w.createShell(ctx)
	if err != nil {
		return nil, err
	}
	commandID, err := w.startCommand(ctx, shellID, powershellCommand, nil, commandOptions{consoleModeStdin: false})
	if err != nil {
		dctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = w.deleteShell(dctx, shellID)
		cancel()
		return nil, err
	}
	loopCtx, stop := context.WithCancel(context.Background())
	s := &session{w: w, log: log.With("shell", shellID), shellID: shellID, commandID: commandID, stop: stop, lastUsed: time.Now(),
		firstAnswer: firstAnswer}
	s.cond = sync.NewCond(&s.mu)
	go s.receiveLoop(loopCtx)
	s.log.Debug("powershell session started")
	return s, nil
}

type lockedWriter struct {
	s   *session
	buf *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.s.mu.Lock()
	l.buf.Write(p)
	l.s.cond.Broadcast()
	l.s.mu.Unlock()
	return len(p), nil
}

// receiveLoop keeps one Receive pending until the command ends or the session is closed.
func (s *session) receiveLoop(ctx context.Context) {
	out := lockedWriter{s, &s.stdout}
	errw := lockedWriter{s, &s.stderr}
	for {
		done, code, err := s.w.receive(ctx, s.shellID, s.commandID, out, errw)
		if err != nil {
			s.die(fmt.Errorf("%w: %w", errSessionLost, err))
			return
		}
		if done {
			s.mu.Lock()
			text := stderrText(s.stderr.String())
			s.mu.Unlock()
			if text != "" {
				text = ": " + text
			}
			s.die(fmt.Errorf("%w: powershell.exe exited with code %d%s", errSessionLost, code, text))
			return
		}
	}
}

func (s *session) die(err error) {
	s.mu.Lock()
	if s.deadErr == nil {
		s.deadErr = err
		s.log.Debug("powershell session lost", "error", err.Error())
	}
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *session) alive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deadErr == nil
}

func (s *session) idleFor() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Since(s.lastUsed)
}

// runOutput is what one run printed.
type runOutput struct {
	Stdout string
	Stderr string
}

// run sends line and waits for the end marker of nonce. On any failure the session is dead
// (its output stream can no longer be trusted to line up with runs) and the error wraps
// errSessionLost or the context's error; sent reports whether the line may have reached
// PowerShell (a write is then not safe to resend blindly).
func (s *session) run(ctx context.Context, line, nonce string) (out runOutput, sent bool, err error) {
	s.mu.Lock()
	if s.deadErr != nil {
		err = s.deadErr
		s.mu.Unlock()
		return out, false, err
	}
	s.stderr.Reset()
	probe := ""
	if !s.answered && s.firstAnswer > 0 {
		// The first line goes after a trivial one that only prints a marker, in the same
		// Send: its answer within firstAnswer shows that this PowerShell reads stdin (it
		// costs no module load, so a slow cluster cannot make a healthy node look broken).
		probe = newNonce()
	}
	s.mu.Unlock()

	input := line + "\r\n"
	if probe != "" {
		input = "'" + endMarker + probe + "'\r\n" + input
	}
	if err := s.w.send(ctx, s.shellID, s.commandID, []byte(input), false); err != nil {
		s.die(fmt.Errorf("%w: sending input: %w", errSessionLost, err))
		// A Send the service answered with a fault was refused, not delivered; any other
		// failure (the answer was lost) may have reached PowerShell.
		var f *wsman.Fault
		return out, !errors.As(err, &f), err
	}

	// Wake the waiter when ctx ends.
	stopWake := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stopWake()

	if probe != "" {
		if err := s.awaitProbe(ctx, probe); err != nil {
			return out, true, err
		}
	}
	marker := endMarker + nonce
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		text := s.stdout.String()
		if i := indexLine(text, marker); i >= 0 {
			end := i + len(marker)
			for end < len(text) && (text[end] == '\r' || text[end] == '\n') {
				end++
			}
			out.Stdout = text[:i]
			s.stdout.Next(end)
			break
		}
		if s.deadErr != nil {
			return out, true, s.deadErr
		}
		if ctx.Err() != nil {
			s.deadErr = fmt.Errorf("%w: abandoned by a cancelled or timed out run", errSessionLost)
			if text := stderrText(s.stderr.String()); text != "" {
				return out, true, fmt.Errorf("%w (PowerShell's error output so far: %s)", ctx.Err(), text)
			}
			return out, true, fmt.Errorf("%w (PowerShell did not finish this run's line; it printed %d bytes of other output and no errors)", ctx.Err(), s.stdout.Len())
		}
		s.cond.Wait()
	}
	// stderr of the run arrives in the same Receive as its stdout or an earlier one.
	out.Stderr = s.stderr.String()
	s.lastUsed = time.Now()
	return out, true, nil
}

// awaitProbe waits up to firstAnswer for the probe's marker and consumes it. When it does
// not come, the session is dead and the error wraps errStdinUnanswered (unless ctx ended
// first).
func (s *session) awaitProbe(ctx context.Context, probe string) error {
	pctx, cancel := context.WithTimeoutCause(ctx, s.firstAnswer, errStdinUnanswered)
	defer cancel()
	stopWake := context.AfterFunc(pctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stopWake()
	marker := endMarker + probe
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		text := s.stdout.String()
		if i := indexLine(text, marker); i >= 0 {
			end := i + len(marker)
			for end < len(text) && (text[end] == '\r' || text[end] == '\n') {
				end++
			}
			s.stdout.Next(end)
			s.answered = true
			return nil
		}
		if s.deadErr != nil {
			return s.deadErr
		}
		if pctx.Err() != nil {
			if ctx.Err() == nil && errors.Is(context.Cause(pctx), errStdinUnanswered) {
				s.deadErr = fmt.Errorf("%w within %s", errStdinUnanswered, s.firstAnswer)
			} else {
				s.deadErr = fmt.Errorf("%w: abandoned by a cancelled or timed out run", errSessionLost)
			}
			return s.deadErr
		}
		s.cond.Wait()
	}
}

// indexLine finds marker at the start of a line followed by a line end.
func indexLine(text, marker string) int {
	from := 0
	for {
		i := strings.Index(text[from:], marker)
		if i < 0 {
			return -1
		}
		i += from
		atStart := i == 0 || text[i-1] == '\n' || text[:i] == utf8BOM
		j := i + len(marker)
		atEnd := j < len(text) && (text[j] == '\r' || text[j] == '\n')
		if atStart && atEnd {
			return i
		}
		from = i + 1
	}
}

// close deletes the shell (ending PowerShell) and stops the receive loop.
func (s *session) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.w.deleteShell(ctx, s.shellID); err != nil {
		s.log.Debug("deleting the shell failed", "error", err.Error())
	}
	s.stop()
	s.die(fmt.Errorf("%w: closed", errSessionLost))
}
