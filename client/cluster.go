package client

import (
	"context"
	"net/http"
	"time"
)

// HeaderLeader names the leader on a standby's 307 redirect of a change
// to it.
const HeaderLeader = "Breachd-Leader"

// ClusterStatus is the body of GET /api/v1/cluster: who leads the
// cluster, how far each node has replayed the replicated state log, the
// last snapshot of that log, and the log's last sequence. A daemon without
// a cluster answers with itself alone, as leader, without lag.
type ClusterStatus struct {
	// Leader names the node that holds the lease, the only one that takes
	// writes; empty while none does (an election, a lost quorum).
	Leader string `json:"leader"`
	// Nodes lists every node the answering node knows of, itself
	// included.
	Nodes []ClusterNode `json:"nodes"`
	// Snapshot is the last snapshot of the state log, from which a node
	// that falls too far behind starts again; nil before the first.
	Snapshot *ClusterSnapshot `json:"snapshot"`
	// LastSeq is the sequence of the state log's last record.
	LastSeq uint64 `json:"last_seq"`
}

// ClusterNode is one node of the cluster as the answering node sees it.
type ClusterNode struct {
	// Name is the node's name in the cluster.
	Name string `json:"name"`
	// API is the base URL of the node's HTTP API, where a standby sends
	// writes on to the leader.
	API string `json:"api"`
	// AppliedSeq is the last record of the state log the node applied.
	AppliedSeq uint64 `json:"applied_seq"`
	// LagRecords is how many records of the log the node has yet to
	// apply: LastSeq - AppliedSeq.
	LagRecords uint64 `json:"lag_records"`
	// LagSeconds is how old the oldest record the node has yet to apply
	// is; 0 when it has applied them all.
	LagSeconds float64 `json:"lag_seconds"`
	// Leader says the node holds the lease.
	Leader bool `json:"leader"`
	// Seen is when the node last reported itself.
	Seen time.Time `json:"seen"`
}

// ClusterSnapshot is a snapshot of the state log: the sequence it covers
// up to, and when it was taken.
type ClusterSnapshot struct {
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`
}

// Cluster fetches the cluster's status as the server's node sees it.
func (c *Client) Cluster(ctx context.Context) (ClusterStatus, error) {
	var out ClusterStatus
	err := c.call(ctx, http.MethodGet, "/api/v1/cluster", nil, nil, &out)
	return out, err
}
