package daemon

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/breachd/breachd/cluster"
)

// HAConfig is how a node of a highly available cluster leads and keeps
// the others up to date (docs/ha.md). It matters only on a cluster: the
// embedded servers clustered (nats_cluster_listen), or an external NATS
// with stream_replicas above 1.
type HAConfig struct {
	// LeaseTTL is how long the leader's lease outlives its last renewal:
	// the longest a failover waits for a leader that vanished. Every node
	// must use the same.
	LeaseTTL time.Duration `yaml:"lease_ttl"`
	// SnapshotEvery is how many state log records the leader lets pass
	// before it puts a new snapshot (behind which the log is trimmed).
	SnapshotEvery int `yaml:"snapshot_every_records"`
	// SnapshotInterval is the longest the leader goes without a new
	// snapshot while records come in.
	SnapshotInterval time.Duration `yaml:"snapshot_interval"`
	// APIURL is the URL other nodes and clients reach this node's API at:
	// where standbys redirect writes while it leads. Default:
	// http://<http_addr>.
	APIURL string `yaml:"api_url"`
}

// DefaultHAConfig is the configuration of a cluster node unless told
// otherwise.
func DefaultHAConfig() HAConfig {
	return HAConfig{LeaseTTL: cluster.DefaultLeaseTTL, SnapshotEvery: 10000, SnapshotInterval: 10 * time.Minute}
}

// Validate reports every bad setting, by its key.
func (c *HAConfig) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.LeaseTTL < time.Second || c.LeaseTTL > 5*time.Minute {
		bad("lease_ttl", "%s (want 1s to 5m; %s by default)", c.LeaseTTL, cluster.DefaultLeaseTTL)
	}
	if c.SnapshotEvery < 1 {
		bad("snapshot_every_records", "%d (want 1 or more)", c.SnapshotEvery)
	}
	if c.SnapshotInterval < time.Second {
		bad("snapshot_interval", "%s (want 1s or more)", c.SnapshotInterval)
	}
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("api_url", "%q is not an http(s) URL with a host", c.APIURL)
		}
	}
	return errors.Join(errs...)
}
