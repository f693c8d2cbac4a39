package wsman

import (
	"sync"
	"time"
)

// Faults injects failures into a running endpoint. It is safe for concurrent use; every
// rule applies to the next N matching requests to /wsman and is then spent.
//
// An action filter is a short name ("Create", "Command", "Send", "Receive", "Signal",
// "Delete") or a full action URI; "" matches every request.
type Faults struct {
	mu             sync.Mutex
	drops          []*rule
	fails          []*failRule
	delays         []*delayRule
	authRefusals   int
	shellQuotaFull bool
}

type rule struct {
	remaining int
	action    string
}

type failRule struct {
	rule
	fault *Fault
}

type delayRule struct {
	remaining int
	delay     time.Duration
}

// DropConnections closes the connection without an answer for the next n requests
// (of the given action). The request is read but not executed.
func (f *Faults) DropConnections(n int, action string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drops = append(f.drops, &rule{remaining: n, action: canonicalAction(action)})
}

// FailWith answers the next n requests (of the given action) with HTTP 500 and a fault
// carrying the WSManFault code and text, without executing them.
func (f *Faults) FailWith(n int, action string, code uint32, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fails = append(f.fails, &failRule{rule: rule{remaining: n, action: canonicalAction(action)}, fault: InjectedFault(code, text)})
}

// Delay holds each of the next n answers back by d (on top of the latency model).
func (f *Faults) Delay(n int, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delays = append(f.delays, &delayRule{remaining: n, delay: d})
}

// RefuseAuth answers the next n requests with 401, whatever their credentials.
func (f *Faults) RefuseAuth(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.authRefusals += n
}

// FillShellQuota makes every Create get the MaxShellsPerUser fault while on.
func (f *Faults) FillShellQuota(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shellQuotaFull = on
}

// Clear removes every pending rule.
func (f *Faults) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drops, f.fails, f.delays = nil, nil, nil
	f.authRefusals = 0
	f.shellQuotaFull = false
}

func canonicalAction(a string) string {
	for uri, short := range shortActions {
		if a == short {
			return uri
		}
	}
	return a
}

func (r *rule) matches(action string) bool {
	return r.remaining > 0 && (r.action == "" || r.action == action)
}

func (f *Faults) takeDelay() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, d := range f.delays {
		if d.remaining > 0 {
			d.remaining--
			if d.remaining == 0 {
				f.delays = append(f.delays[:i:i], f.delays[i+1:]...)
			}
			return d.delay
		}
	}
	return 0
}

func (f *Faults) takeAuthRefusal() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.authRefusals > 0 {
		f.authRefusals--
		return true
	}
	return false
}

func (f *Faults) takeDrop(action string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.drops {
		if r.matches(action) {
			r.remaining--
			if r.remaining == 0 {
				f.drops = append(f.drops[:i:i], f.drops[i+1:]...)
			}
			return true
		}
	}
	return false
}

func (f *Faults) takeFail(action string) *Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.fails {
		if r.matches(action) {
			r.remaining--
			if r.remaining == 0 {
				f.fails = append(f.fails[:i:i], f.fails[i+1:]...)
			}
			ff := *r.fault
			return &ff
		}
	}
	return nil
}

func (f *Faults) shellQuotaFilled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shellQuotaFull
}
