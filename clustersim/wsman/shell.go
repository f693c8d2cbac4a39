package wsman

import (
	"context"
	"strings"
	"sync"
	"time"
)

// shell is one remote shell (rsp:Shell) of the cmd resource.
type shell struct {
	id        string
	owner     string // the authenticated account, as given
	ownerKey  string // normalizeUser(owner), for quotas
	clientIP  string
	created   time.Time
	noProfile bool
	codepage  int
	workDir   string
	env       map[string]string
	logon     Logon // how owner logged on to the Create
	ctx       context.Context
	cancel    context.CancelFunc

	mu           sync.Mutex
	commands     map[string]*command
	inflight     int // requests being served for this shell (a pending Receive is activity)
	lastActivity time.Time
	idleTimer    *time.Timer
	gone         bool
}

func idKey(id string) string {
	if shellIDsCaseInsensitive {
		return strings.ToUpper(id)
	}
	return id
}

// shellTable holds the open shells of the endpoint.
type shellTable struct {
	mu     sync.Mutex
	shells map[string]*shell
}

func newShellTable() *shellTable { return &shellTable{shells: map[string]*shell{}} }

func (t *shellTable) get(id string) *shell {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.shells[idKey(id)]
}

// countOperations counts the live commands of a user across shells.
func (t *shellTable) countOperations(ownerKey string) int {
	t.mu.Lock()
	shells := make([]*shell, 0, len(t.shells))
	for _, s := range t.shells {
		if s.ownerKey == ownerKey {
			shells = append(shells, s)
		}
	}
	t.mu.Unlock()
	n := 0
	for _, s := range shells {
		for _, c := range s.commandList() {
			if countsAsOperation(c) {
				n++
			}
		}
	}
	return n
}

// add registers a shell if the owner is under limit; it returns false at the quota.
func (t *shellTable) add(s *shell, limit int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, o := range t.shells {
		if o.ownerKey == s.ownerKey {
			n++
		}
	}
	if n >= limit {
		return false
	}
	t.shells[idKey(s.id)] = s
	return true
}

// remove forgets a shell and returns it, or nil if it was not there.
func (t *shellTable) remove(id string) *shell {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.shells[idKey(id)]
	delete(t.shells, idKey(id))
	return s
}

// removeAll forgets every shell and returns them.
func (t *shellTable) removeAll() []*shell {
	t.mu.Lock()
	defer t.mu.Unlock()
	all := make([]*shell, 0, len(t.shells))
	for k, s := range t.shells {
		all = append(all, s)
		delete(t.shells, k)
	}
	return all
}

func (s *shell) commandList() []*command {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := make([]*command, 0, len(s.commands))
	for _, c := range s.commands {
		l = append(l, c)
	}
	return l
}

func (s *shell) command(id string) *command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[idKey(id)]
}

func (s *shell) addCommand(c *command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[idKey(c.id)] = c
}

// begin marks a request on the shell: a shell is never idle while a request is served.
// It returns false when the shell is already gone (deleted or reaped meanwhile).
func (s *shell) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone {
		return false
	}
	s.inflight++
	if s.idleTimer != nil {
		s.idleTimer.Stop()
	}
	return true
}

// end marks the end of a request and re-arms the idle timer when none is left.
func (s *shell) end(idle time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight--
	s.lastActivity = time.Now()
	if s.inflight == 0 && s.idleTimer != nil && !s.gone {
		s.idleTimer.Reset(idle)
	}
}

// reapIfIdle reports whether the shell is idle and marks it gone if so, so that exactly one
// caller reaps it.
func (s *shell) reapIfIdle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone || s.inflight > 0 {
		return false
	}
	s.gone = true
	return true
}

// close cancels every command of the shell (Delete, idle reaping, service restart).
func (s *shell) close() {
	s.mu.Lock()
	s.gone = true
	if s.idleTimer != nil {
		s.idleTimer.Stop()
	}
	cmds := make([]*command, 0, len(s.commands))
	for _, c := range s.commands {
		cmds = append(cmds, c)
	}
	s.mu.Unlock()
	for _, c := range cmds {
		c.signal()
	}
	s.cancel()
}
