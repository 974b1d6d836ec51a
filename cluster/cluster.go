// Package cluster is what lets three breachd nodes share one state on a
// NATS JetStream cluster, one of them active and the others hot: a lease
// that says which node leads (lease.go), the replicated log of the
// leader's writes that the others apply (statelog.go), and the snapshots
// a new node starts from (snapshot.go). JetStream does the consensus; this
// package only names the buckets and the stream, and gives each the few
// operations breachd needs, with the errors it must tell apart.
package cluster

import (
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// The JetStream names of the three. Every node of one install must use
// the same.
const (
	// LeaseBucket is the key-value bucket of the lease.
	LeaseBucket = "BREACHD_LEADER"
	// StateStream is the stream of the state log, on StateSubject.
	StateStream  = "BREACHD_STATE"
	StateSubject = "breachd.state"
	// SnapshotBucket is the object store of the snapshots.
	SnapshotBucket = "BREACHD_SNAPSHOTS"
)

// MaxReplicas is the most replicas JetStream keeps of a stream.
const MaxReplicas = 5

// checkReplicas refuses a replica count JetStream would refuse, saying
// which setting it came from.
func checkReplicas(n int) error {
	if n < 1 || n > MaxReplicas {
		return fmt.Errorf("stream_replicas: %d (want 1 to %d; 3 on a three-node cluster)", n, MaxReplicas)
	}
	return nil
}

// wrongLastSequence reports whether err is JetStream refusing a publish
// because the stream (or the subject) holds another last sequence than
// the publish expected. A stream of one replica answers with error code
// 10071; a replicated stream answers 10164 for the same refusal, so both
// count.
func wrongLastSequence(err error) bool {
	var apiErr *jetstream.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant
}
