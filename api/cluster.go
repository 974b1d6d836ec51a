package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/breachd/breachd/client"
)

// ClusterStatus is the answer of GET /api/v1/cluster; the type is the
// client's, so that both ends read one declaration.
type ClusterStatus = client.ClusterStatus

// ClusterNode is one node of a ClusterStatus.
type ClusterNode = client.ClusterNode

// ClusterSnapshot is the state log's last snapshot in a ClusterStatus.
type ClusterSnapshot = client.ClusterSnapshot

// clusterTimeout bounds Options.Cluster: the status is read from the
// lease and the state log, which may be unreachable in a partition, and a
// caller asking who leads should hear so rather than hang.
const clusterTimeout = 5 * time.Second

// getCluster answers with the cluster's status: Options.Cluster's when the
// daemon runs in a cluster, else this node alone, the leader of itself.
func (s *Server) getCluster(w http.ResponseWriter, r *http.Request) {
	if s.opts.Cluster == nil {
		writeJSON(w, http.StatusOK, s.singleNode(r))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), clusterTimeout)
	defer cancel()
	st, err := s.opts.Cluster(ctx)
	if err != nil {
		s.log.Error().Err(err).Msg("cluster status")
		writeError(w, http.StatusServiceUnavailable, client.CodeClusterUnavailable,
			"the cluster's status cannot be read right now (its lease or state log is unreachable); retry later")
		return
	}
	if st.Nodes == nil {
		st.Nodes = []ClusterNode{}
	}
	writeJSON(w, http.StatusOK, st)
}

// singleNode is the status of a daemon without a cluster: itself, leading,
// with nothing to replay.
func (s *Server) singleNode(r *http.Request) ClusterStatus {
	return ClusterStatus{
		Leader: s.opts.NodeName,
		Nodes: []ClusterNode{{
			Name:   s.opts.NodeName,
			API:    s.apiURL(r),
			Leader: true,
			Seen:   s.opts.Now().UTC(),
		}},
	}
}

// apiURL is Options.APIURL, or else the address the request reached this
// node at.
func (s *Server) apiURL(r *http.Request) string {
	if s.opts.APIURL != "" {
		return strings.TrimSuffix(s.opts.APIURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
