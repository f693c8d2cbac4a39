package clustersim

import (
	"net/http"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
)

// serveClusterName answers a request to the cluster's own name: the cluster IP address
// lives in "Cluster Group", so the node that owns that group at this moment answers.
func (s *Sim) serveClusterName(w http.ResponseWriter, r *http.Request) {
	g, err := s.cluster.Group(cluster.CoreGroupName)
	n := s.node(g.OwnerNode)
	if err != nil || n == nil || g.State != cluster.GroupOnline {
		// Nobody holds the address: the connection is refused on a real network.
		dropConnection(w)
		return
	}
	if r.URL.Path != "/wsman" {
		http.NotFound(w, r)
		return
	}
	n.wsman.ServeHTTP(w, r)
}

func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	http.Error(w, "no node owns the cluster address", http.StatusServiceUnavailable)
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
