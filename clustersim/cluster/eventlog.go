package cluster

import "time"

// EntryType is an event log entry type as Get-EventLog shows it.
type EntryType string

// Entry types.
const (
	EntryError       EntryType = "Error"
	EntryWarning     EntryType = "Warning"
	EntryInformation EntryType = "Information"
)

// EventEntry is one entry of a node's Application event log.
type EventEntry struct {
	Index     int       `json:"index"`
	Time      time.Time `json:"time"`
	EntryType EntryType `json:"entry_type"`
	Source    string    `json:"source"`
	EventID   int       `json:"event_id"`
	Message   string    `json:"message"`
}

// WriteEvent appends an entry to a node's Application log and returns it with its index.
func (c *Cluster) WriteEvent(node string, e EventEntry) (EventEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(node)
	if n == nil {
		return EventEntry{}, newError(ErrorClusterNodeNotFound, node)
	}
	return c.writeEvent(n, e), nil
}

func (c *Cluster) writeEvent(n *nodeState, e EventEntry) EventEntry {
	e.Index = len(n.EventLog) + 1
	if last := len(n.EventLog); last > 0 {
		e.Index = n.EventLog[last-1].Index + 1
	}
	if e.Time.IsZero() {
		e.Time = c.now()
	}
	n.EventLog = append(n.EventLog, e)
	return e
}

// Events returns a node's Application log, newest first (the order Get-EventLog gives).
func (c *Cluster) Events(node string) ([]EventEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.node(node)
	if n == nil {
		return nil, newError(ErrorClusterNodeNotFound, node)
	}
	out := make([]EventEntry, 0, len(n.EventLog))
	for i := len(n.EventLog) - 1; i >= 0; i-- {
		out = append(out, n.EventLog[i])
	}
	return out, nil
}
