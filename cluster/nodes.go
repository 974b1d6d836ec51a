package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// NodesBucket is the key-value bucket where every node says, under its
// name, how far it has applied the state log: what GET /api/v1/cluster
// answers on any node.
const NodesBucket = "BREACHD_NODES"

// nodesTTL is how long a node's report outlives its last write: a node
// gone for longer drops out of the list.
const nodesTTL = 10 * time.Minute

// NodeStatus is one node's report.
type NodeStatus struct {
	// Name is the node's name (nats_server_name).
	Name string `json:"name"`
	// API is the URL of its API.
	API string `json:"api"`
	// AppliedSeq is the last state log record its database holds.
	AppliedSeq uint64 `json:"applied_seq"`
	// Leader says it held the lease when it reported.
	Leader bool `json:"leader"`
	// Seen is when it reported.
	Seen time.Time `json:"seen"`
}

// Nodes holds the nodes' reports.
type Nodes struct {
	kv jetstream.KeyValue
}

// OpenNodes creates the nodes' bucket, or opens the existing one.
func OpenNodes(ctx context.Context, js jetstream.JetStream, replicas int) (*Nodes, error) {
	if err := checkReplicas(replicas); err != nil {
		return nil, err
	}
	cfg := jetstream.KeyValueConfig{
		Bucket:      NodesBucket,
		Description: "breachd: how far each node has applied the state log",
		History:     1,
		TTL:         nodesTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
	}
	kv, err := retry(ctx, func(ctx context.Context) (jetstream.KeyValue, error) {
		kv, err := js.CreateKeyValue(ctx, cfg)
		if errors.Is(err, jetstream.ErrBucketExists) {
			return js.UpdateKeyValue(ctx, cfg)
		}
		return kv, err
	})
	if err != nil {
		return nil, fmt.Errorf("create key-value bucket %s: %w", NodesBucket, err)
	}
	return &Nodes{kv: kv}, nil
}

// nodeKey is the bucket key of a node's name: a key is dot-separated
// tokens of letters, digits, '-', '_', '/' and '='; anything else becomes
// '_'.
func nodeKey(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '/', r == '=':
			return r
		}
		return '_'
	}, name)
}

// Report puts s as its node's report.
func (n *Nodes) Report(ctx context.Context, s NodeStatus) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if _, err := n.kv.Put(ctx, nodeKey(s.Name), b); err != nil {
		return fmt.Errorf("report node %s: %w", s.Name, err)
	}
	return nil
}

// List returns every node's last report, by name.
func (n *Nodes) List(ctx context.Context) ([]NodeStatus, error) {
	keys, err := n.kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	var out []NodeStatus
	for key := range keys.Keys() {
		e, err := n.kv.Get(ctx, key)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue // expired meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("read node %s: %w", key, err)
		}
		var s NodeStatus
		if err := json.Unmarshal(e.Value(), &s); err != nil {
			return nil, fmt.Errorf("read node %s: %w", key, err)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b NodeStatus) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
