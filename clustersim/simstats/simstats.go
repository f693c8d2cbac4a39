// Package simstats holds the simulator's counters. They are shared by the WS-Management
// server (requests, shells, bytes) and the cmd.exe layer (PowerShell starts), and read by
// tests, benchmarks and the control API's GET /stats.
package simstats

import (
	"sync"
	"sync/atomic"
)

// Counters are safe for concurrent use. The zero value is ready.
type Counters struct {
	HTTPRequests     atomic.Int64
	ShellsCreated    atomic.Int64
	ShellsOpen       atomic.Int64
	Commands         atomic.Int64
	PowerShellStarts atomic.Int64
	BytesIn          atomic.Int64
	BytesOut         atomic.Int64
	AuthFailures     atomic.Int64

	mu       sync.Mutex
	byAction map[string]int64
}

// CountAction records one /wsman request by its short action name ("Create", "Command",
// "Send", "Receive", "Signal", "Delete", or "unknown"/"unauthenticated").
func (c *Counters) CountAction(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byAction == nil {
		c.byAction = make(map[string]int64)
	}
	c.byAction[action]++
}

// Snapshot is the JSON shape of GET /stats.
type Snapshot struct {
	HTTPRequests     int64            `json:"http_requests"`
	ShellsCreated    int64            `json:"shells_created"`
	ShellsOpen       int64            `json:"shells_open"`
	Commands         int64            `json:"commands"`
	PowerShellStarts int64            `json:"powershell_starts"`
	BytesIn          int64            `json:"bytes_in"`
	BytesOut         int64            `json:"bytes_out"`
	AuthFailures     int64            `json:"auth_failures"`
	RequestsByAction map[string]int64 `json:"requests_by_action"`
}

// Snapshot copies the counters.
func (c *Counters) Snapshot() Snapshot {
	s := Snapshot{
		HTTPRequests:     c.HTTPRequests.Load(),
		ShellsCreated:    c.ShellsCreated.Load(),
		ShellsOpen:       c.ShellsOpen.Load(),
		Commands:         c.Commands.Load(),
		PowerShellStarts: c.PowerShellStarts.Load(),
		BytesIn:          c.BytesIn.Load(),
		BytesOut:         c.BytesOut.Load(),
		AuthFailures:     c.AuthFailures.Load(),
		RequestsByAction: map[string]int64{},
	}
	c.mu.Lock()
	for k, v := range c.byAction {
		s.RequestsByAction[k] = v
	}
	c.mu.Unlock()
	return s
}

// Sub returns s minus an earlier snapshot: what happened in between.
func (s Snapshot) Sub(earlier Snapshot) Snapshot {
	d := Snapshot{
		HTTPRequests:     s.HTTPRequests - earlier.HTTPRequests,
		ShellsCreated:    s.ShellsCreated - earlier.ShellsCreated,
		ShellsOpen:       s.ShellsOpen,
		Commands:         s.Commands - earlier.Commands,
		PowerShellStarts: s.PowerShellStarts - earlier.PowerShellStarts,
		BytesIn:          s.BytesIn - earlier.BytesIn,
		BytesOut:         s.BytesOut - earlier.BytesOut,
		AuthFailures:     s.AuthFailures - earlier.AuthFailures,
		RequestsByAction: map[string]int64{},
	}
	for k, v := range s.RequestsByAction {
		if n := v - earlier.RequestsByAction[k]; n != 0 {
			d.RequestsByAction[k] = n
		}
	}
	return d
}
