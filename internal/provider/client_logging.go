package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// loggedAPI logs every Windows operation with its duration and outcome in the log of the
// Terraform call that made it (TF_LOG=DEBUG shows them), whatever the client logs itself.
type loggedAPI struct {
	inner   winclient.API
	secrets []string // masked from every line, as a second lock
}

var _ winclient.API = (*loggedAPI)(nil)

func (a *loggedAPI) observe(ctx context.Context, op string, fields map[string]any) func(error) {
	ctx = withSecretsMasked(ctx, a.secrets...)
	tflog.Trace(ctx, "WinRM operation starting: "+op, fields)
	start := time.Now()
	return func(err error) {
		fields["operation"] = op
		fields["duration_ms"] = time.Since(start).Milliseconds()
		if err != nil {
			fields["error"] = err.Error()
			var we *winclient.Error
			if errors.As(err, &we) {
				fields["error_kind"] = string(we.Kind)
			}
			tflog.Debug(ctx, "WinRM operation failed: "+op, fields)
			return
		}
		tflog.Debug(ctx, "WinRM operation done: "+op, fields)
	}
}

func (a *loggedAPI) ClusterName(ctx context.Context, cluster string) (name string, err error) {
	fields := map[string]any{"cluster": cluster}
	done := a.observe(ctx, "ClusterName", fields)
	defer func() { fields["resolved"] = name; done(err) }()
	return a.inner.ClusterName(ctx, cluster)
}

func (a *loggedAPI) GetResource(ctx context.Context, cluster, resource string) (r *winclient.Resource, err error) {
	done := a.observe(ctx, "GetResource", map[string]any{"cluster": cluster, "resource_name": resource})
	defer func() { done(err) }()
	return a.inner.GetResource(ctx, cluster, resource)
}

func (a *loggedAPI) ListCheckpoints(ctx context.Context, cluster, resource string) (keys []string, err error) {
	fields := map[string]any{"cluster": cluster, "resource_name": resource}
	done := a.observe(ctx, "ListCheckpoints", fields)
	defer func() { fields["checkpoints"] = len(keys); done(err) }()
	return a.inner.ListCheckpoints(ctx, cluster, resource)
}

func (a *loggedAPI) ListResources(ctx context.Context, cluster string) (rs []winclient.Resource, err error) {
	fields := map[string]any{"cluster": cluster}
	done := a.observe(ctx, "ListResources", fields)
	defer func() { fields["resources"] = len(rs); done(err) }()
	return a.inner.ListResources(ctx, cluster)
}

func (a *loggedAPI) DescribeCluster(ctx context.Context, cluster string) (info *winclient.ClusterInfo, err error) {
	fields := map[string]any{"cluster": cluster}
	done := a.observe(ctx, "DescribeCluster", fields)
	defer func() {
		if info != nil {
			fields["transport"], fields["nodes"] = info.Transport, len(info.Nodes)
		}
		done(err)
	}()
	return a.inner.DescribeCluster(ctx, cluster)
}

func (a *loggedAPI) FindCheckpoint(ctx context.Context, cluster, resource, key string) (stored string, found bool, err error) {
	fields := map[string]any{"cluster": cluster, "resource_name": resource, "key": key}
	done := a.observe(ctx, "FindCheckpoint", fields)
	defer func() { fields["found"] = found; done(err) }()
	return a.inner.FindCheckpoint(ctx, cluster, resource, key)
}

func (a *loggedAPI) AddCheckpoint(ctx context.Context, cluster, resource, key string) (err error) {
	done := a.observe(ctx, "AddCheckpoint", map[string]any{"cluster": cluster, "resource_name": resource, "key": key})
	defer func() { done(err) }()
	return a.inner.AddCheckpoint(ctx, cluster, resource, key)
}

func (a *loggedAPI) RemoveCheckpoint(ctx context.Context, cluster, resource, key string) (err error) {
	done := a.observe(ctx, "RemoveCheckpoint", map[string]any{"cluster": cluster, "resource_name": resource, "key": key})
	defer func() { done(err) }()
	return a.inner.RemoveCheckpoint(ctx, cluster, resource, key)
}

func (a *loggedAPI) Warm() { a.inner.Warm() }

func (a *loggedAPI) Close() error { return a.inner.Close() }

// TakeNotices passes the client's notices on (providerData.showNotices), with the known
// passwords masked as in every diagnostic.
func (a *loggedAPI) TakeNotices() []winclient.Notice {
	n, ok := a.inner.(interface{ TakeNotices() []winclient.Notice })
	if !ok {
		return nil
	}
	out := n.TakeNotices()
	for i := range out {
		out[i].Detail = maskKnownSecrets(out[i].Detail)
	}
	return out
}
