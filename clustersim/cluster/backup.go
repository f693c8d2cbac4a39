package cluster

import (
	"fmt"
	"strings"
)

// BackupType is the /t option of ntbackup.
type BackupType string

// Backup types that Exchange's online backup supports here.
const (
	BackupNormal      BackupType = "normal"
	BackupIncremental BackupType = "incremental"
)

// ParseBackupType reads "normal" or "incremental" (case-insensitive).
func ParseBackupType(s string) (BackupType, error) {
	switch strings.ToLower(s) {
	case "normal":
		return BackupNormal, nil
	case "incremental":
		return BackupIncremental, nil
	}
	return "", fmt.Errorf("unsupported backup type %q (normal or incremental)", s)
}

func (t BackupType) label() string {
	if t == BackupNormal {
		return "Normal"
	}
	return "Incremental"
}

// BackupResult is what a backup did.
type BackupResult struct {
	Type BackupType `json:"type"`
	// Node is the node that owns the Exchange group: whose registry the backup read and wrote.
	Node          string `json:"node"`
	Server        string `json:"server"`
	LogGeneration uint32 `json:"log_generation"`
	Message       string `json:"message"`
}

// BackupError is a failed backup: the event it wrote to the Application log.
type BackupError struct {
	Event EventEntry
}

func (e *BackupError) Error() string { return e.Event.Message }

// Backup runs an online backup of the Exchange server, modelled on NT 4.0's ntbackup with the
// Exchange extension: it acts on the node that owns the Exchange group. A normal backup
// writes HKLM\SOFTWARE\Microsoft\Exchange\Backupinformation there; an incremental one needs
// that key there and fails without it with Event ID 8010 (KB Q245211). The event is written
// to the Application log of the node ntbackup ran on (from; "" means the Exchange node).
func (c *Cluster) Backup(from string, kind BackupType) (BackupResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cfg := c.st.Config
	g := c.group(cfg.ExchangeGroup)
	if g == nil {
		return BackupResult{}, newError(ErrorGroupNotFound, cfg.ExchangeGroup)
	}
	exch := c.node(g.Owner)
	logNode := exch
	if from != "" {
		if logNode = c.node(from); logNode == nil {
			return BackupResult{}, newError(ErrorClusterNodeNotFound, from)
		}
	}
	fail := func(id int, msg string) (BackupResult, error) {
		ev := c.writeEvent(logNode, EventEntry{EntryType: EntryError, Source: ntBackupSource, EventID: id, Message: msg})
		return BackupResult{Type: kind, Node: exch.Name, Server: cfg.ExchangeServer}, &BackupError{Event: ev}
	}
	if store := c.resource(cfg.InformationStore); store == nil || store.State != ResourceOnline || exch.State != NodeUp {
		return fail(eventBackupFailed, msgStoreNotRunning(cfg.ExchangeServer))
	}

	c.st.LogGeneration++ // new transaction logs since the last backup
	gen := c.st.LogGeneration
	now := formatBackupTime(c.now())
	switch kind {
	case BackupNormal:
		key := exch.Registry.create(backupInformationKey)
		key.setValue(SZ(valLastFullBackupTime, now))
		key.setValue(Dword(valLastFullBackupGeneration, gen))
		key.setValue(SZ(valBackupServer, cfg.ExchangeServer))
	case BackupIncremental:
		key := exch.Registry.find(backupInformationKey)
		if key == nil {
			return fail(eventBackupFailedIncremental, msgIncrementalFailed)
		}
		if _, ok := key.value(valLastFullBackupGeneration); !ok {
			return fail(eventBackupFailedIncremental, msgIncrementalFailed)
		}
		key.setValue(SZ(valLastIncrBackupTime, now))
		key.setValue(Dword(valLastIncrBackupGeneration, gen))
	default:
		return BackupResult{}, fmt.Errorf("unsupported backup type %q", kind)
	}
	c.afterRegistryWrite(exch, backupInformationKey)
	msg := msgBackupCompleted(kind, cfg.ExchangeServer, gen)
	c.writeEvent(logNode, EventEntry{EntryType: EntryInformation, Source: ntBackupSource, EventID: eventBackupCompleted, Message: msg})
	return BackupResult{Type: kind, Node: exch.Name, Server: cfg.ExchangeServer, LogGeneration: gen, Message: msg}, nil
}

// ExchangeServer is the Exchange server's network name (EXCHSRV).
func (c *Cluster) ExchangeServer() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.Config.ExchangeServer
}
