package provider

import (
	"context"
	"net/http/httptrace"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// The read path's depth: the function frames between a resource's Read and net/http's
// (*Client).Do (neither counted), on each transport, for the deepest request of the read. Every frame is a place a reader must pass through to
// see what a refresh sends; a frame that only forwards its arguments is a hop that carries
// nothing (issue 23). The limits are the figures reached when those hops were removed, so
// that a new hop shows up here rather than in a review.
const module = "github.com/exchange-tools/terraform-provider-exchange"

var readFrameLimits = map[string]struct{ frames, files int }{
	winclient.TransportWMI:        {frames: 9, files: 6},
	winclient.TransportPowerShell: {frames: 10, files: 6},
}

// stackFrame is one frame of a goroutine's traceback.
type stackFrame struct{ function, file string }

// goroutineStacks parses runtime.Stack's text: each goroutine's frames, innermost first.
func goroutineStacks(all bool) [][]stackFrame {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, all)]
	var out [][]stackFrame
	for _, g := range strings.Split(string(buf), "\n\n") {
		lines := strings.Split(g, "\n")
		var frames []stackFrame
		for i := 1; i+1 < len(lines); i += 2 {
			fn := lines[i]
			if j := strings.LastIndexByte(fn, '('); j > 0 {
				fn = fn[:j]
			}
			file := strings.TrimSpace(lines[i+1])
			if j := strings.LastIndexByte(file, ':'); j > 0 {
				file = file[:j]
			}
			if strings.HasPrefix(fn, "created by ") {
				break
			}
			frames = append(frames, stackFrame{function: fn, file: filepath.Base(file)})
		}
		out = append(out, frames)
	}
	return out
}

// ours is the frames of this module, outermost first, from the first whose function
// matches from, stopping before the first that is not in this module after it.
func ours(frames []stackFrame, from func(string) bool) []stackFrame {
	var path []stackFrame
	for i := len(frames) - 1; i >= 0; i-- {
		f := frames[i]
		mine := strings.HasPrefix(f.function, module)
		switch {
		case path == nil && mine && from(f.function):
			path = append(path, f)
		case path != nil && mine:
			path = append(path, f)
		case path != nil:
			return path
		}
	}
	return path
}

// readPath is the frames from the resource's Read to the caller of (*http.Client).Do,
// outermost first, captured from inside Do. The snapshot is taken on a goroutine of its
// own that all concurrent readers wait for (winclient's single flight), so the path is the
// waiting reader's frames down to the wait, then the flight's frames down to Do.
func readPath() []stackFrame {
	here := goroutineStacks(false)[0]
	// Below Do: net/http's own frames and this test's hook.
	for len(here) > 0 && here[0].function != "net/http.(*Client).Do" {
		here = here[1:]
	}
	flight := ours(here, func(string) bool { return true })
	if len(flight) > 0 && strings.Contains(flight[0].function, "/internal/provider.") {
		return flight // the Read's own goroutine reached the wire
	}
	isRead := func(fn string) bool {
		return strings.Contains(fn, "/internal/provider.") && strings.HasSuffix(fn, ").Read")
	}
	for _, g := range goroutineStacks(true) {
		if reader := ours(g, isRead); reader != nil {
			return append(reader, flight...)
		}
	}
	return nil
}

// TestReadFramesToTheWire reads an exchange_cluster_checkpoint through the plugin protocol
// against the simulator, on the transport EXCHANGE_WINRM_TRANSPORT names, and captures the
// stack of the first HTTP request the Read makes (httptrace's GetConn runs inside
// (*http.Client).Do, on the caller's goroutine).
func TestReadFramesToTheWire(t *testing.T) {
	b := startSimBackend(t, modeBasic)
	transport := winclient.TransportWMI
	if !overWMI() {
		transport = winclient.TransportPowerShell
	}
	settings := b.settings()
	settings[attrTransport] = transport
	srv, err := providerserver.NewProtocol6WithError(newWithClient(newWindowsClient, b.lookupEnv)())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	rig := &protocolRig{t: t, ctx: ctx, srv: srv, schemas: schemas}
	cresp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.12.0", Config: rig.value(schemas.Provider.ValueType(), settings),
	})
	if err != nil || hasErrors(cresp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, cresp.Diagnostics)
	}

	var mu sync.Mutex
	var path []stackFrame // the deepest request's
	requests := 0
	trace := &httptrace.ClientTrace{GetConn: func(string) {
		p := readPath()
		mu.Lock()
		defer mu.Unlock()
		requests++
		if len(p) > len(path) {
			path = p
		}
	}}
	const typeName = "exchange_cluster_checkpoint"
	cluster := b.clusterName()
	resp, err := srv.ReadResource(httptrace.WithClientTrace(ctx, trace), &tfprotov6.ReadResourceRequest{
		TypeName: typeName,
		CurrentState: rig.value(schemas.ResourceSchemas[typeName].ValueType(), map[string]string{
			"id": cluster + "|" + defaultResourceName + `|SOFTWARE\Fabrikam`, "cluster": cluster,
			"resource_name": defaultResourceName, "key": `SOFTWARE\Fabrikam`,
		}),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
	}
	if path == nil {
		t.Fatal("no HTTP request of the Read carried its context to (*http.Client).Do")
	}
	files := map[string]bool{}
	var lines []string
	for i, f := range path {
		if i > 0 { // the Read itself is where the path starts, not a hop
			files[f.file] = true
		}
		lines = append(lines, f.file+": "+strings.TrimPrefix(f.function, module+"/"))
	}
	frames := len(path) - 1
	t.Logf("%s: the deepest of %d requests crosses %d frames in %d files between Read and (*http.Client).Do:\n  %s",
		transport, requests, frames, len(files), strings.Join(lines, "\n  "))
	limit := readFrameLimits[transport]
	if frames > limit.frames || len(files) > limit.files {
		t.Errorf("%s: the read crosses %d frames in %d files before the wire, over the limit of %d in %d: a hop that carries nothing was added?",
			transport, frames, len(files), limit.frames, limit.files)
	}
}
