package wsman

import "sync"

// maxStartedKept bounds the record of started commands (the oldest are dropped).
const maxStartedKept = 1024

// startedLog is the record of the commands the endpoint started, with the options each was
// sent with (WINRS_CONSOLEMODE_STDIN, WINRS_SKIP_CMD_SHELL), so that tests can see what a
// client asked for.
type startedLog struct {
	mu   sync.Mutex
	cmds []Command
}

func (s *Server) noteStarted(cmd Command) {
	l := &s.started
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cmds) == maxStartedKept {
		l.cmds = append(l.cmds[:0], l.cmds[1:]...)
	}
	l.cmds = append(l.cmds, cmd)
}

// StartedCommands returns the commands started so far (at most the last 1024), oldest first.
func (s *Server) StartedCommands() []Command {
	l := &s.started
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Command(nil), l.cmds...)
}
