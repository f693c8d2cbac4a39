package winclient

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// pool holds at most max sessions. A caller takes an idle session, or starts one when fewer
// than max exist, or waits for one to come back. Dead sessions are closed and replaced.
type pool struct {
	w   *wire
	log hclog.Logger
	max int

	// slots has one token per session that exists or is being started.
	slots chan struct{}

	mu     sync.Mutex
	idle   []*session
	closed bool
	peak   int // most sessions alive at once, for tests
	alive  int
	wake   chan struct{} // closed when a session comes back or a slot frees
	// warming is set while warm starts a session: callers with no idle session wait for
	// it, which began earlier, rather than start their own.
	warming bool
	// warmDone is closed when the last warm goroutine has ended; closeAll waits for it, so
	// that a session started for nothing is deleted before the process exits.
	warmDone chan struct{}
	// stop is closed by closeAll: a warm still waiting for a slot gives up.
	stop chan struct{}
	// noStartUntil holds back new shells after a quota fault while sessions exist.
	noStartUntil time.Time
	// firstAnswer bounds a new session's first answer (firstAnswerBound); 0: unchecked.
	firstAnswer time.Duration
	// stdinUnanswered is set once a new session did not answer within firstAnswer: no
	// further session is started, get answers it at once.
	stdinUnanswered error
}

func newPool(w *wire, log hclog.Logger, maxShells int) *pool {
	return &pool{w: w, log: log, max: maxShells, slots: make(chan struct{}, maxShells), stop: make(chan struct{})}
}

// get returns a live session for the caller's exclusive use.
func (p *pool) get(ctx context.Context) (*session, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, &Error{Kind: KindTransport, Message: "the client is closed", Err: errClientClosed}
		}
		if p.stdinUnanswered != nil {
			err := p.stdinUnanswered
			p.mu.Unlock()
			return nil, err
		}
		for len(p.idle) > 0 {
			s := p.idle[len(p.idle)-1]
			p.idle = p.idle[:len(p.idle)-1]
			if s.alive() {
				p.mu.Unlock()
				return s, nil
			}
			p.mu.Unlock()
			p.discard(s)
			p.mu.Lock()
		}
		if p.wake == nil {
			p.wake = make(chan struct{})
		}
		wake := p.wake
		holdStarts := p.alive > 0 && time.Now().Before(p.noStartUntil)
		until := time.Until(p.noStartUntil)
		warming := p.warming
		p.mu.Unlock()

		if warming {
			select {
			case <-wake:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}

		if holdStarts {
			// The server's shell quota was full a moment ago: wait for our own sessions.
			t := time.NewTimer(until)
			select {
			case <-wake:
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			}
			t.Stop()
			continue
		}

		select {
		case p.slots <- struct{}{}:
			s, err := startSession(ctx, p.w, p.log, p.firstAnswer)
			if err != nil {
				<-p.slots
				p.noteUnanswered(err)
				if p.shrinkOnQuota(err) {
					continue // wait for a session we already have
				}
				return nil, err
			}
			p.mu.Lock()
			p.countStarted()
			p.mu.Unlock()
			return s, nil
		case <-wake:
			// an idle session may be there now: loop
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// warm starts one session in the background when the pool has none, so that the first
// operation finds PowerShell started. Terraform configures every provider instance before
// its resources are read, and with several clusters (one instance each) its parallelism
// slots otherwise fill with the reads of one cluster while the others' PowerShell has not
// even begun to start. A failure is only logged: the first operation tries again and
// reports it (an authentication failure is not tried again, see wire.refused).
func (p *pool) warm(timeout time.Duration) {
	p.mu.Lock()
	if p.closed || p.warming || p.alive > 0 || len(p.idle) > 0 {
		p.mu.Unlock()
		return
	}
	p.warming = true
	done := make(chan struct{})
	p.warmDone = done
	p.mu.Unlock()
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		var s *session
		var err error
		select {
		case p.slots <- struct{}{}:
			// Not cancelled by closeAll, which waits instead: a Create cut short could
			// leave a shell on the server that nobody deletes.
			s, err = startSession(ctx, p.w, p.log, p.firstAnswer)
			if err != nil {
				<-p.slots
				p.noteUnanswered(err)
			}
		case <-p.stop:
			err = errClientClosed
		case <-ctx.Done():
			err = ctx.Err()
		}
		p.mu.Lock()
		p.warming = false
		if err == nil {
			p.countStarted()
		}
		p.signal()
		p.mu.Unlock()
		if err != nil {
			p.log.Debug("warming a session failed; the first operation will try again", "error", err)
			return
		}
		p.put(s)
	}()
}

// countStarted counts a session started in a slot; p.mu must be held.
func (p *pool) countStarted() {
	p.alive++
	p.peak = max(p.peak, p.alive)
}

// put gives a session back; a dead one is closed and its slot freed.
func (p *pool) put(s *session) {
	if !s.alive() {
		p.discard(s)
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		p.discard(s)
		return
	}
	p.idle = append(p.idle, s)
	p.signal()
	p.mu.Unlock()
}

// signal wakes waiters; p.mu must be held.
func (p *pool) signal() {
	if p.wake != nil {
		close(p.wake)
		p.wake = nil
	}
}

// discard closes a session and frees its slot.
func (p *pool) discard(s *session) {
	s.close()
	p.mu.Lock()
	p.alive--
	p.signal()
	p.mu.Unlock()
	<-p.slots
}

// closeAll closes the idle sessions and refuses new ones; sessions in use are closed when
// they come back.
func (p *pool) closeAll() {
	p.mu.Lock()
	if !p.closed {
		close(p.stop)
	}
	p.closed = true
	warmDone := p.warmDone
	p.mu.Unlock()
	if warmDone != nil {
		<-warmDone // its session, if any, is discarded by put: the pool is closed
	}
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.signal()
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range idle {
		wg.Add(1)
		go func() { defer wg.Done(); p.discard(s) }()
	}
	wg.Wait()
}

// reapIdle closes sessions idle for longer than d, before the server's IdleTimeout (180 s
// by default) deletes their shells under us.
func (p *pool) reapIdle(d time.Duration) {
	p.mu.Lock()
	var keep, old []*session
	for _, s := range p.idle {
		if s.idleFor() > d {
			old = append(old, s)
		} else {
			keep = append(keep, s)
		}
	}
	p.idle = keep
	p.mu.Unlock()
	for _, s := range old {
		p.discard(s)
	}
}

func (p *pool) stats() (alive, peak int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.alive, p.peak
}

// shrinkOnQuota reports whether a failed start was the server's shell quota while this pool
// already holds a live session: then the pool works with what it has rather than failing
// (shells left by earlier provider processes count against MaxShellsPerUser until the
// server's IdleTimeout reaps them).
func (p *pool) shrinkOnQuota(err error) bool {
	if classify("", err).Kind != KindQuota {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.alive == 0 {
		return false
	}
	p.log.Debug("shell quota reached; working with the sessions already open", "sessions", p.alive)
	p.noStartUntil = time.Now().Add(quotaHoldOff)
	return true
}

// quotaHoldOff is how long a pool that hit the shell quota works with its own sessions
// before trying to open another.
const quotaHoldOff = 30 * time.Second

// noteUnanswered remembers a node whose stdin-fed PowerShell does not answer.
func (p *pool) noteUnanswered(err error) {
	if !errors.Is(err, errStdinUnanswered) {
		return
	}
	p.mu.Lock()
	if p.stdinUnanswered == nil {
		p.stdinUnanswered = err
	}
	p.mu.Unlock()
}
