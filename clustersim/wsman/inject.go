package wsman

import (
	"fmt"
	"slices"
	"strings"
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
	wmiErrors      []*wmiErrorRule
}

type wmiErrorRule struct {
	rule
	hr uint32
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

// FailWMI makes WMI fail the next n WMI requests of the operation op ("Enumerate", "Get",
// "Invoke"; "" for any; or an operation and a class, "Enumerate MSCluster_Resource", which
// also matches a WQL query of that class) with the HRESULT hr (a WBEM_E_* code or a Win32 error as an
// HRESULT), without executing them. The answer is the fault the server writes for that
// failure in its WMIFaultForm, as WMI's own failures are (wmi_fault.go).
func (f *Faults) FailWMI(n int, op string, hr uint32) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wmiErrors = append(f.wmiErrors, &wmiErrorRule{rule: rule{remaining: n, action: op}, hr: hr})
}

func (f *Faults) takeWMIError(op, class string) (uint32, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := takeRule(&f.wmiErrors, op); r != nil {
		return r.hr, true
	}
	for _, r := range f.wmiErrors {
		// A rule for one class: compared without regard to case, as WMI names classes.
		if a, c, ok := strings.Cut(r.action, " "); ok && a == op && strings.EqualFold(c, class) && r.remaining > 0 {
			r.remaining--
			if r.remaining == 0 {
				f.wmiErrors = slices.DeleteFunc(f.wmiErrors, func(x *wmiErrorRule) bool { return x == r })
			}
			return r.hr, true
		}
	}
	return 0, false
}

// counted is a rule of any kind: each has a rule (how many requests of which action).
type counted interface{ base() *rule }

func (r *rule) base() *rule { return r }

// takeRule spends one request of the first rule in rules matching action and returns that
// rule (removed once spent), or nil. The caller holds f.mu.
func takeRule[R counted](rules *[]R, action string) R {
	var none R
	for i, r := range *rules {
		if b := r.base(); b.matches(action) {
			b.remaining--
			if b.remaining == 0 {
				*rules = append((*rules)[:i:i], (*rules)[i+1:]...)
			}
			return r
		}
	}
	return none
}

// injectedWMIText is the text of an injected WMI failure.
func injectedWMIText(hr uint32) string {
	return fmt.Sprintf("Injected WMI failure 0x%08X", hr)
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
	f.drops, f.fails, f.delays, f.wmiErrors = nil, nil, nil, nil
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
	return takeRule(&f.drops, action) != nil
}

func (f *Faults) takeFail(action string) *Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := takeRule(&f.fails, action); r != nil {
		ff := *r.fault
		return &ff
	}
	return nil
}

func (f *Faults) shellQuotaFilled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shellQuotaFull
}
