package wsman

import (
	"context"
	"errors"
	"io"
	"sync"
)

// command is one running (or finished) command of a shell: its goroutine, its stdin pipe fed
// by Send, and its undelivered stdout/stderr drained by Receive.
type command struct {
	id     string
	ctx    context.Context
	cancel context.CancelFunc
	stdin  *inputPipe

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced whenever output, exit or delivery changes
	stdout        []byte        // written, not yet delivered
	stderr        []byte
	done          bool
	exitCode      int
	doneDelivered bool
	terminated    bool
}

func newCommand(parent context.Context, id string) *command {
	ctx, cancel := context.WithCancel(parent)
	return &command{
		id:      id,
		ctx:     ctx,
		cancel:  cancel,
		stdin:   newInputPipe(ctx),
		changed: make(chan struct{}),
	}
}

// notifyLocked wakes every waiter (long-polling Receives, blocked writers). c.mu is held.
func (c *command) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// run executes cmd on exec in the calling goroutine and records the exit.
func (c *command) run(exec Executor, cmd Command) {
	code := 1
	func() {
		// A panicking executor must not take the endpoint down; the command just fails.
		defer func() { _ = recover() }()
		code = exec.Execute(c.ctx, cmd, c.stdin, &streamWriter{c: c}, &streamWriter{c: c, stderr: true})
	}()
	c.mu.Lock()
	c.done = true
	c.exitCode = code
	c.notifyLocked()
	c.mu.Unlock()
	c.stdin.closeWithError(io.EOF)
}

// alive reports whether the command still holds an operation slot.
func (c *command) alive() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.terminated && (!c.done || !c.doneDelivered)
}

// signal stops the command (terminate, ctrl_c, ctrl_break): its context is cancelled.
func (c *command) signal() {
	c.mu.Lock()
	c.terminated = true
	c.notifyLocked()
	c.mu.Unlock()
	c.cancel()
}

// streamWriter appends a command's output. Like a console process writing to a full pipe it
// blocks while too much output is undelivered, until a Receive drains it or the command is
// cancelled.
type streamWriter struct {
	c      *command
	stderr bool
}

var errCommandEnded = errors.New("wsman: the command was terminated")

func (w *streamWriter) Write(p []byte) (int, error) {
	c := w.c
	c.mu.Lock()
	for len(c.stdout)+len(c.stderr) >= stdoutBufferLimit {
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-c.ctx.Done():
			return 0, errCommandEnded
		}
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	if c.done {
		return 0, errCommandEnded
	}
	if w.stderr {
		c.stderr = append(c.stderr, p...)
	} else {
		c.stdout = append(c.stdout, p...)
	}
	if len(p) > 0 {
		c.notifyLocked()
	}
	return len(p), nil
}

// inputPipe is a command's stdin: Send appends without blocking, the command reads, and
// Send with End="true" makes it reach io.EOF. Reads fail once the command is cancelled.
type inputPipe struct {
	ctx     context.Context
	mu      sync.Mutex
	buf     []byte
	err     error // io.EOF after End="true"
	changed chan struct{}
}

func newInputPipe(ctx context.Context) *inputPipe {
	return &inputPipe{ctx: ctx, changed: make(chan struct{})}
}

func (p *inputPipe) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	p.mu.Lock()
	for len(p.buf) == 0 && p.err == nil {
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-p.ctx.Done():
			return 0, errCommandEnded
		}
		p.mu.Lock()
	}
	defer p.mu.Unlock()
	if len(p.buf) == 0 {
		return 0, p.err
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

// write appends data; it is dropped once stdin was closed.
func (p *inputPipe) write(data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil || len(data) == 0 {
		return
	}
	p.buf = append(p.buf, data...)
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *inputPipe) closeWithError(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return
	}
	p.err = err
	close(p.changed)
	p.changed = make(chan struct{})
}
