package winclient

import (
	"context"
	"errors"
	"maps"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/regkey"
)

// Client is the Windows client of one WinRM endpoint. It is safe for concurrent use.
//
// Reads are served from a snapshot of the whole cluster (one script run), shared by
// concurrent callers and kept for the life of the Client, that is of one provider process
// (one terraform plan or apply): a change made out of band between two plans is seen by the
// second because it runs in a new process. Writes update or drop the snapshot (see
// applyWrite and invalidate), so a read after a write in the same process sees the write.
type Client struct {
	cfg    Config
	log    hclog.Logger
	w      *wire
	cnt    *counters
	pool   *pool
	runner scriptRunner
	wmi    *wmiTransport
	// run performs one attempt of a script operation on the configured transport
	// (transport_select.go).
	run func(ctx context.Context, op, scriptOp string, in scriptInput) (*clusterData, bool, error)
	// chosen is the transport an auto client settled on for its host (transport_select.go).
	chosen chosenState
	// notices are the warnings the user should see (a transport switch), until taken.
	notices notices

	mu        sync.Mutex
	snapshots map[string]*flight // by cluster key (see clusterKey)

	stopReaper context.CancelFunc
	closeOnce  sync.Once
}

var _ API = (*Client)(nil)

// flight is one script run shared by concurrent callers (single flight), then its answer.
type flight struct {
	done chan struct{}
	data *clusterData
	err  error
	// waiters and cancel are guarded by Client.mu.
	waiters int
	cancel  context.CancelFunc
}

// New makes a client; it does not connect until the first operation.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if cfg.usesKerberos() {
		if _, err := os.Stat(cfg.Kerberos.Krb5Conf); err != nil && (cfg.Auth == AuthKerberos || cfg.Kerberos.Realm != "" || cfg.Kerberos.CCachePath != "" || cfg.Kerberos.Keytab != "") {
			return nil, &ConfigError{Field: "kerberos_krb5_conf", Message: "cannot read the Kerberos configuration: " + err.Error()}
		}
		if cfg.Kerberos.CCachePath != "" {
			if _, err := os.Stat(cfg.Kerberos.CCachePath); err != nil {
				return nil, &ConfigError{Field: "kerberos_ccache", Message: "cannot read the credential cache: " + err.Error()}
			}
		}
		if cfg.Kerberos.Keytab != "" {
			if _, err := os.Stat(cfg.Kerberos.Keytab); err != nil {
				return nil, &ConfigError{Field: "kerberos_keytab", Message: "cannot read the keytab: " + err.Error()}
			}
		}
	}
	log := cfg.Logger.Named("winclient")
	if cfg.Auth == AuthBasic && !cfg.HTTPS {
		log.Warn("auth basic over plain HTTP sends the password in clear text (base64) on every request; use https")
	}
	if cfg.Insecure {
		log.Warn("TLS certificate verification is off (insecure = true)")
	}
	cnt := &counters{}
	w, err := newWire(cfg, log, cnt)
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:       cfg,
		log:       log,
		w:         w,
		cnt:       cnt,
		snapshots: map[string]*flight{},
		wmi:       &wmiTransport{w: w, transport: cfg.Transport, log: log},
	}
	c.run = c.runOf(cfg.Transport)
	oneShot := &oneShotRunner{w: w, log: log, slots: make(chan struct{}, cfg.MaxShells)}
	if cfg.OneShot {
		c.runner = oneShot
	} else {
		c.pool = newPool(w, log, cfg.MaxShells)
		c.pool.firstAnswer = firstAnswerBound(cfg.Timeout)
		c.runner = &sessionRunner{pool: c.pool, oneShot: oneShot, log: log, host: cfg.Host}
		reapCtx, stop := context.WithCancel(context.Background())
		c.stopReaper = stop
		go c.reapLoop(reapCtx)
	}
	openClients.Store(c, struct{}{})
	return c, nil
}

// openClients are the clients not yet closed, for CloseAll.
var openClients sync.Map

// CloseAll closes every client not yet closed, deleting their shells on the servers, for
// programs that do not keep track of their clients (the provider closes its own, see
// provider.CloseClients): shells left open count against the user's MaxShellsPerUser until
// the server's IdleTimeout (180 s) reaps them, and the next command would find the quota full.
func CloseAll() {
	var wg sync.WaitGroup
	openClients.Range(func(k, _ any) bool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c, ok := k.(*Client); ok {
				_ = c.Close()
			}
		}()
		return true
	})
	wg.Wait()
}

// sessionIdleLimit closes idle sessions before Windows' IdleTimeout (180 s) does.
const sessionIdleLimit = 120 * time.Second

func (c *Client) reapLoop(ctx context.Context) {
	t := time.NewTicker(sessionIdleLimit / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.pool.reapIdle(sessionIdleLimit)
		}
	}
}

// Stats returns the client's own counters.
func (c *Client) Stats() Stats { return c.w.stats() }

// Warm implements API: with a session pool on a client that uses PowerShell, one session
// begins to start in the background. Over WMI there is nothing to start.
func (c *Client) Warm() {
	if c.pool != nil && c.usesPowerShell() {
		c.pool.warm(c.cfg.Timeout)
	}
}

// Close ends the sessions (deleting their shells on the server). Safe to call twice.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		openClients.Delete(c)
		if c.stopReaper != nil {
			c.stopReaper()
		}
		if c.pool != nil {
			c.pool.closeAll()
		}
		st := c.w.stats()
		c.log.Debug("client closed", "http_requests", st.HTTPRequests, "shells_created", st.ShellsCreated,
			"powershell_starts", st.PowerShellStarts, "script_runs", st.ScriptRuns)
	})
	return nil
}

// clusterKey is how a requested cluster is cached: Windows compares cluster names without
// regard to case; "" is the WinRM host's own cluster.
func clusterKey(cluster string) string { return strings.ToLower(strings.TrimSpace(cluster)) }

// ClusterName implements API. It shares the cluster's snapshot run: the snapshot script
// resolves and checks the cluster first, so a plan that resolves the host's cluster and then
// reads its resources costs one script run.
func (c *Client) ClusterName(ctx context.Context, cluster string) (name string, err error) {
	const op = "ClusterName"
	defer func(start time.Time) { c.logOp(op, start, err, "cluster", cluster, "resolved", name) }(time.Now())
	data, err := c.snapshot(ctx, op, cluster)
	if err != nil {
		return "", err
	}
	return data.Cluster, nil
}

// GetResource implements API.
func (c *Client) GetResource(ctx context.Context, cluster, resource string) (r *Resource, err error) {
	const op = "GetResource"
	defer func(start time.Time) { c.logOp(op, start, err, "cluster", cluster, "resource_name", resource) }(time.Now())
	snap, err := c.snapshot(ctx, op, cluster, resource)
	if err != nil {
		return nil, err
	}
	row, err := snap.row(op, resource)
	if err != nil {
		return nil, err
	}
	return row.toResource(snap.Cluster), nil
}

// row is the snapshot's row of resource.
func (d *clusterData) row(op, resource string) (*resourceRow, error) {
	for i := range d.Resources {
		// Windows compares resource names without regard to case.
		if strings.EqualFold(d.Resources[i].Name, resource) {
			return &d.Resources[i], nil
		}
	}
	return nil, &Error{Kind: KindResourceNotFound, Op: op,
		Message: "the cluster resource " + quote(resource) + " does not exist in cluster " + quote(d.Cluster)}
}

// FindCheckpoint implements API.
func (c *Client) FindCheckpoint(ctx context.Context, cluster, resource, key string) (stored string, found bool, err error) {
	const op = "FindCheckpoint"
	defer func(start time.Time) {
		c.logOp(op, start, err, "cluster", cluster, "resource_name", resource, "key", key, "found", found)
	}(time.Now())
	snap, err := c.snapshot(ctx, op, cluster, resource)
	if err != nil {
		return "", false, err
	}
	row, err := snap.row(op, resource)
	if err != nil {
		return "", false, err
	}
	// Stored names are compared as stored (regkey.Names): only key is normalised, and a key
	// the registry cannot hold names no checkpoint.
	if id, invalid := regkey.Identity(key); invalid == nil {
		stored, found = row.ids[id]
	}
	return stored, found, nil
}

// ListCheckpoints implements API.
func (c *Client) ListCheckpoints(ctx context.Context, cluster, resource string) (keys []string, err error) {
	const op = "ListCheckpoints"
	defer func(start time.Time) {
		c.logOp(op, start, err, "cluster", cluster, "resource_name", resource, "checkpoints", len(keys))
	}(time.Now())
	snap, err := c.snapshot(ctx, op, cluster, resource)
	if err != nil {
		// The snapshot may have been taken for another operation: this one failed.
		if e, ok := err.(*Error); ok {
			e2 := *e
			e2.Op = op
			return nil, &e2
		}
		return nil, err
	}
	row, err := snap.row(op, resource)
	if err != nil {
		return nil, err
	}
	return append([]string{}, row.Checkpoints...), nil
}

// ListResources implements API.
func (c *Client) ListResources(ctx context.Context, cluster string) (rs []Resource, err error) {
	const op = "ListResources"
	defer func(start time.Time) { c.logOp(op, start, err, "cluster", cluster, "resources", len(rs)) }(time.Now())
	snap, err := c.snapshot(ctx, op, cluster)
	if err != nil {
		return nil, err
	}
	return snap.resources(), nil
}

// logOp is the one log line of an operation, with its duration and outcome; the wire logs
// one per request beneath it (wsman.Client.Post).
func (c *Client) logOp(op string, start time.Time, err error, fields ...any) {
	fields = append(fields, "operation", op, "duration_ms", time.Since(start).Milliseconds())
	if err != nil {
		fields = append(fields, "error", err.Error())
		var e *Error
		if errors.As(err, &e) {
			fields = append(fields, "error_kind", string(e.Kind))
		}
		c.log.Debug("WinRM operation failed: "+op, fields...)
		return
	}
	c.log.Debug("WinRM operation done: "+op, fields...)
}

// resources is every row of the snapshot as a Resource: a pure function of the data, so
// that it means the same whichever transport filled the snapshot. The result shares
// nothing with the snapshot (callers may change it).
func (d *clusterData) resources() []Resource {
	out := make([]Resource, 0, len(d.Resources))
	for _, row := range d.Resources {
		out = append(out, *row.toResource(d.Cluster))
	}
	return out
}

func (r resourceRow) toResource(cluster string) *Resource {
	cps := append([]string{}, r.Checkpoints...)
	return &Resource{
		Name:                r.Name,
		Cluster:             cluster,
		ResourceType:        r.Type,
		State:               string(r.State),
		OwnerGroup:          r.OwnerGroup,
		OwnerNode:           r.OwnerNode,
		RegistryCheckpoints: cps,
	}
}

// snapshot returns the cluster's snapshot, running the script once for all concurrent
// callers (single flight) and keeping the answer until a write drops it; a failure is not
// kept (the next caller tries again). The names are checked first, the resource's too when
// the operation names one, so that a name no cluster can hold sends nothing.
func (c *Client) snapshot(ctx context.Context, op, cluster string, resource ...string) (*clusterData, error) {
	if err := checkName(op, "cluster", cluster, true); err != nil {
		return nil, err
	}
	for _, r := range resource {
		if err := checkName(op, "resource_name", r, false); err != nil {
			return nil, err
		}
	}
	key := clusterKey(cluster)
	c.mu.Lock()
	f, ok := c.snapshots[key]
	if !ok {
		// The run belongs to all its waiters, not to the first caller: it goes on while
		// anyone waits, bounded by the timeout, and stops when the last waiter gives up.
		runCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Timeout)
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.snapshots[key] = f
		go func() {
			data, err := c.read(runCtx, op, opSnapshot, scriptInput{Cluster: cluster})
			if err == nil && len(data.Resources) == 0 {
				// The cluster answered (its name was read) yet listed no resource, while
				// every cluster has at least its core resources: no answer that anything is
				// gone, on either transport.
				data, err = nil, &Error{Kind: KindWindows, Op: op, Message: "the cluster " + quote(data.Cluster) +
					" answered, but listed no cluster resource at all (not even its core resources): taken as a failed read, not as every resource gone"}
			}
			if err == nil {
				data.indexCheckpoints()
			}
			cancel()
			c.mu.Lock()
			defer c.mu.Unlock()
			f.data, f.err = data, err
			if f.err != nil && c.snapshots[key] == f {
				delete(c.snapshots, key)
			}
			if f.err == nil && f.data != nil && c.snapshots[key] == f {
				// "" and the cluster's own name are the same cluster: one snapshot serves both.
				if alias := clusterKey(f.data.Cluster); alias != key {
					if _, taken := c.snapshots[alias]; !taken {
						c.snapshots[alias] = f
					}
				}
			}
			close(f.done)
		}()
	}
	f.waiters++
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.data, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 && !isDone(f) {
			f.cancel()
			if c.snapshots[key] == f {
				delete(c.snapshots, key)
			}
		}
		c.mu.Unlock()
		return nil, classify("", ctx.Err())
	}
}

func isDone(f *flight) bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// invalidate drops the snapshots of the cluster a write touched, under every key that
// named it, and any snapshot still being taken (it may predate the write).
func (c *Client) invalidate(requested, canonical string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, f := range c.snapshots {
		if key == clusterKey(requested) || key == clusterKey(canonical) || !isDone(f) ||
			(f.err == nil && f.data != nil && strings.EqualFold(f.data.Cluster, canonical)) {
			delete(c.snapshots, key)
		}
	}
}

// applyWrite records a write that succeeded in the cluster's snapshots, so that reads in the
// same process see it without a new snapshot run (terraform's create reads before each
// add). Only the written key changes: concurrent writes on one resource each apply their
// own key, in any order. Snapshots still being taken may predate the write and are dropped,
// as is any snapshot that does not hold the resource.
func (c *Client) applyWrite(requested, canonical, resource, key string, added bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, f := range c.snapshots {
		if !isDone(f) {
			delete(c.snapshots, k)
			continue
		}
		if f.err != nil || f.data == nil || !strings.EqualFold(f.data.Cluster, canonical) {
			if k == clusterKey(requested) || k == clusterKey(canonical) {
				delete(c.snapshots, k)
			}
			continue
		}
		patched, ok := patchSnapshot(f.data, resource, key, added)
		if !ok {
			delete(c.snapshots, k)
			continue
		}
		// A new flight: callers holding the old one keep reading an unchanged value.
		nf := &flight{done: make(chan struct{}), data: patched}
		close(nf.done)
		c.snapshots[k] = nf
	}
}

// patchSnapshot returns a copy of d with key added to or removed from resource's
// checkpoints (compared without regard to case); ok is false when d has no such resource.
// The copy shares nothing the patch changes: callers holding d keep an unchanged value. Its
// cost does not grow with the number of checkpoints beyond copying the row's list and
// index (no name is normalised again but key), so an apply of n checkpoints patches in
// O(n) each, without n normalisations each.
func patchSnapshot(d *clusterData, resource, key string, added bool) (*clusterData, bool) {
	out := &clusterData{Cluster: d.Cluster, Resources: append(rowList{}, d.Resources...)}
	for i, row := range out.Resources {
		if !strings.EqualFold(row.Name, resource) {
			continue
		}
		cps := make(stringList, 0, len(row.Checkpoints)+1)
		present, removed := false, 0
		for _, cp := range row.Checkpoints {
			if strings.EqualFold(cp, key) {
				present = true
				if !added {
					removed++
					continue
				}
			}
			cps = append(cps, cp)
		}
		if added && !present {
			cps = append(cps, key)
		}
		out.Resources[i].Checkpoints = cps
		out.Resources[i].patchIndex(row, key, added && !present, removed)
		return out, true
	}
	return nil, false
}

// patchIndex sets r's index (r holds the patched list) from old's after key was added, or
// removed (removed names of it, in any case): the maps are copied, and only key is
// normalised, unless another spelling of a removed key remains, when the list is looked
// through for it.
func (r *resourceRow) patchIndex(old resourceRow, key string, added bool, removed int) {
	id := regkey.StoredIdentity(key)
	if old.ids == nil || old.idCount == nil {
		r.indexCheckpoints()
		return
	}
	r.ids, r.idCount = maps.Clone(old.ids), maps.Clone(old.idCount)
	switch {
	case added:
		r.idCount[id]++
		if _, taken := r.ids[id]; !taken {
			r.ids[id] = key
		}
	case removed > 0:
		r.idCount[id] -= removed
		if r.idCount[id] <= 0 {
			delete(r.idCount, id)
			delete(r.ids, id)
		} else if strings.EqualFold(r.ids[id], key) {
			for _, cp := range r.Checkpoints {
				if regkey.StoredIdentity(cp) == id {
					r.ids[id] = cp
					break
				}
			}
		}
	}
}

// AddCheckpoint implements API. ErrAlreadyExists when the resource already checkpoints key
// (compared without regard to case).
func (c *Client) AddCheckpoint(ctx context.Context, cluster, resource, key string) error {
	return c.write(ctx, "AddCheckpoint", opAdd, cluster, resource, key)
}

// RemoveCheckpoint implements API. ErrCheckpointNotFound when the resource does not
// checkpoint key.
func (c *Client) RemoveCheckpoint(ctx context.Context, cluster, resource, key string) error {
	return c.write(ctx, "RemoveCheckpoint", opRemove, cluster, resource, key)
}

func quote(s string) string { return "'" + s + "'" }
