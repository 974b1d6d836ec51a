package daemon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/cluster"
	"github.com/breachd/breachd/store"
)

// haNode is this node's part in a cluster of breachd nodes (docs/ha.md):
// one leads and writes, publishing each write transaction's change record
// to the state log before it commits; the others apply the log to their
// own database and take over when the leader's lease lapses.
type haNode struct {
	name, api string
	cfg       HAConfig
	dbPath    string
	lease     *cluster.Lease
	state     *cluster.StateLog
	snaps     *cluster.Snapshots
	nodes     *cluster.Nodes
	log       zerolog.Logger
	// js, and the alert stream and its consumer, for keepLeadersAway.
	js                   jetstream.JetStream
	alertStream, durable string
	// st is the node's store, opened by Start once prepare is done.
	st *store.Store

	// term is the lease while this node leads and writes; nil otherwise.
	term atomic.Pointer[cluster.Term]
	// leader is the last holder of the lease seen; nil for none.
	leader atomic.Pointer[cluster.Holder]
	// stepDown asks run to give up leading: the log refused a record
	// (another node wrote), or the store lost a commit.
	stepDown chan struct{}

	// What the status loop last measured, for the metrics and the API.
	lastSeq    atomic.Uint64
	applied    atomic.Uint64
	lagSeconds atomic.Uint64 // math.Float64bits
	mu         sync.Mutex
	snap       cluster.SnapshotInfo // the kept snapshot; Seq 0 and At zero for none
}

// recordTimeout bounds a change record's publish: it runs under the
// store's writer lock.
const recordTimeout = 5 * time.Second

// errNotLeading refuses a write on a node whose lease is gone.
var errNotLeading = errors.New("this node no longer leads the cluster")

// openHANode creates or opens the cluster's lease, state log, snapshots
// and node reports.
func openHANode(ctx context.Context, js jetstream.JetStream, cfg *Config, apiURL string, log zerolog.Logger) (*haNode, error) {
	replicas := cfg.Ingest.StreamReplicas
	in := cfg.Ingest.Options()
	n := &haNode{name: cfg.NATS.NodeName(), api: apiURL, cfg: cfg.HA, dbPath: cfg.DBPath(), log: log,
		stepDown: make(chan struct{}, 1), js: js, alertStream: in.Stream, durable: in.Durable}
	var err error
	if n.lease, err = cluster.NewLease(ctx, js, cluster.LeaseOptions{Node: n.name, API: apiURL, TTL: cfg.HA.LeaseTTL, Replicas: replicas}); err != nil {
		return nil, err
	}
	if n.state, err = cluster.OpenStateLog(ctx, js, cluster.StateLogOptions{Replicas: replicas}); err != nil {
		return nil, err
	}
	if n.snaps, err = cluster.OpenSnapshots(ctx, js, cluster.SnapshotOptions{Replicas: replicas}); err != nil {
		return nil, err
	}
	if n.nodes, err = cluster.OpenNodes(ctx, js, replicas); err != nil {
		return nil, err
	}
	return n, nil
}

// prepare makes the database file one the state log can be applied to,
// before the store opens it: a file that holds a record the log still has
// (or the one before its first) is kept; otherwise the cluster's snapshot
// is restored in its place, a file with incidents of its own moved aside
// first. With no snapshot and an empty log this node seeds the cluster:
// it takes the lease and puts its own file (an existing single-node
// database, or a new one) as the first snapshot; it then returns the
// lease, which it leads with. Until one node has seeded, the others wait.
func (n *haNode) prepare(ctx context.Context, setStatus func(string)) (*cluster.Term, error) {
	for {
		term, err := n.prepareOnce(ctx, setStatus)
		if err == nil || !cluster.Transient(err) || ctx.Err() != nil {
			return term, err
		}
		// A cluster just formed elects the leaders of its streams.
		setStatus("waiting for the cluster's streams: " + err.Error())
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// seedGrace is how long a node without incidents leaves a new cluster to
// nodes with some before it seeds it itself.
const seedGrace = 3 * time.Second

// prepareOnce is prepare, giving up at the first error.
func (n *haNode) prepareOnce(ctx context.Context, setStatus func(string)) (*cluster.Term, error) {
	started := time.Now()
	for {
		applied, incidents, err := fileState(n.dbPath)
		if err != nil {
			return nil, err
		}
		last, err := n.state.LastSeq(ctx)
		if err != nil {
			return nil, err
		}
		first, err := n.state.FirstSeq(ctx)
		if err != nil {
			return nil, err
		}
		first = max(first, 1)
		snap, snapErr := n.snaps.Stat(ctx)
		if snapErr != nil && !errors.Is(snapErr, cluster.ErrNoSnapshot) {
			return nil, snapErr
		}
		haveSnap := snapErr == nil
		switch {
		case applied > last:
			return nil, fmt.Errorf("the database %s holds state log record %d and the log %s ends at %d: "+
				"it is another cluster's, or the log was reset; move it aside to start this node from the cluster's snapshot",
				n.dbPath, applied, cluster.StateStream, last)
		case applied > 0 && applied+1 >= first:
			return nil, nil // the log holds what follows
		case haveSnap && (applied == 0 || applied+1 < first) && snap.Seq >= applied:
			if applied == 0 && incidents > 0 {
				aside := fmt.Sprintf("%s.before-cluster-%d", n.dbPath, time.Now().Unix())
				if err := os.Rename(n.dbPath, aside); err != nil {
					return nil, fmt.Errorf("move the database aside: %w", err)
				}
				n.log.Warn().Str("db", n.dbPath).Str("moved_to", aside).Int("incidents", incidents).
					Msg("the database holds incidents of its own, and the cluster has its own state: moved aside, the cluster's snapshot takes its place")
			}
			setStatus("restoring the cluster's snapshot")
			seq, err := n.restore(ctx)
			if errors.Is(err, jetstream.ErrDigestMismatch) {
				// The leader replaced the snapshot while it was read:
				// read the new one.
				n.log.Info().Err(err).Msg("the snapshot changed while it was restored: restoring the new one")
				continue
			}
			if err != nil {
				return nil, err
			}
			if seq+1 >= first {
				return nil, nil // the log holds what follows
			}
			// Trimmed past it meanwhile: a newer snapshot is kept.
		case !haveSnap && first > 1:
			return nil, fmt.Errorf("the state log %s starts at record %d and the cluster has no snapshot: "+
				"the records before are lost; restore a backup on one node and start it alone (docs/ha.md)", cluster.StateStream, first)
		case !haveSnap && last > 0:
			return nil, nil // a log kept from its first record: apply it all
		default:
			// No snapshot, an empty log: the first node to take the
			// lease seeds the cluster. A node with no incidents gives
			// one that has some (a single node becoming a cluster)
			// seedGrace to take it first.
			if incidents == 0 && time.Since(started) < seedGrace {
				setStatus("waiting for a node with incidents to seed the cluster")
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(250 * time.Millisecond):
				}
				continue
			}
			term, err := n.lease.TryAcquire(ctx)
			if errors.Is(err, cluster.ErrLeaseHeld) {
				setStatus("waiting for the cluster's first snapshot, from the node that leads")
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(500 * time.Millisecond):
				}
				continue
			}
			if err != nil {
				return nil, err
			}
			setStatus("seeding the cluster with this node's database")
			if err := n.seed(ctx); err != nil {
				_ = term.Resign(context.WithoutCancel(ctx))
				return nil, err
			}
			return term, nil
		}
	}
}

// fileState reads the applied sequence and the number of incidents of the
// database file at path; zeros when there is none.
func fileState(path string) (applied uint64, incidents int, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0, 0, nil
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	if applied, err = st.AppliedSeq(); err != nil {
		return 0, 0, err
	}
	err = st.View(func(tx *store.Tx) error {
		for _, c := range tx.StatusCounts() {
			incidents += int(c)
		}
		return nil
	})
	return applied, incidents, err
}

// seed puts the database file as the cluster's first snapshot, at
// sequence 0: opened as a leader that publishes nothing, so that what
// every node needs from the start (the redaction key) is made once, here.
func (n *haNode) seed(ctx context.Context) error {
	st, err := store.Open(n.dbPath, store.Options{})
	if err != nil {
		return err
	}
	if _, err := st.RedactionKey(); err != nil {
		st.Close()
		return err
	}
	info, err := n.putSnapshot(ctx, st)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	n.log.Info().Uint64("seq", info.Seq).Uint64("bytes", info.Size).Msg("seeded the cluster: this node's database is its first snapshot")
	return nil
}

// restore puts the cluster's snapshot in place of the database file.
func (n *haNode) restore(ctx context.Context) (seq uint64, err error) {
	seq, at, rc, err := n.snaps.Latest(ctx)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	start := time.Now()
	size, err := store.RestoreFile(n.dbPath, rc)
	if err != nil {
		return 0, err
	}
	n.log.Info().Uint64("seq", seq).Time("taken", at).Int64("bytes", size).Dur("took", time.Since(start)).
		Msg("restored the cluster's snapshot: the state log is applied from the record after it")
	return seq, nil
}

// putSnapshot writes a snapshot of st to a file beside the database (the
// object store needs the sequence before the content) and puts it.
func (n *haNode) putSnapshot(ctx context.Context, st *store.Store) (cluster.SnapshotInfo, error) {
	f, err := os.CreateTemp(filepath.Dir(n.dbPath), "snapshot-*.db")
	if err != nil {
		return cluster.SnapshotInfo{}, fmt.Errorf("snapshot: %w", err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	seq, _, err := st.Snapshot(f)
	if err != nil {
		return cluster.SnapshotInfo{}, fmt.Errorf("snapshot: %w", err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return cluster.SnapshotInfo{}, fmt.Errorf("snapshot: %w", err)
	}
	info, err := n.snaps.Put(ctx, seq, f)
	if err != nil {
		return cluster.SnapshotInfo{}, err
	}
	n.mu.Lock()
	n.snap = info
	n.mu.Unlock()
	return info, nil
}

// publish is the store's PublishFunc: the record goes to the state log as
// the one after after, refused unless this node leads. A refusal by the
// log (another node wrote after after) makes the node step down.
func (n *haNode) publish(change []byte, after uint64) (uint64, error) {
	t := n.term.Load()
	if t == nil || !t.Held() {
		return 0, errNotLeading
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	seq, err := n.state.Append(ctx, after, change)
	if errors.Is(err, cluster.ErrFenced) {
		n.log.Error().Err(err).Msg("the state log refused this node's record: another node wrote; stepping down")
		n.askStepDown()
	}
	return seq, err
}

func (n *haNode) askStepDown() {
	select {
	case n.stepDown <- struct{}{}:
	default:
	}
}

// leading reports whether this node leads and may write.
func (n *haNode) leading() bool {
	t := n.term.Load()
	return t != nil && t.Held()
}

// leaderOf returns the node that leads, as last seen.
func (n *haNode) leaderOf() (name, api string, ok bool) {
	if h := n.leader.Load(); h != nil {
		return h.Node, h.API, true
	}
	return "", "", false
}

// run leads or stands by until ctx ends: standing by, it applies the state
// log as it grows and campaigns for the lease; leading, it has applied the
// whole log, takes local writes and runs lead (the alert consumer, the
// outbox, the timers, Slack) until the lease is lost or ctx ends. first is
// a lease prepare already took, or nil.
func (n *haNode) run(ctx context.Context, first *cluster.Term, lead func(context.Context)) error {
	term := first
	for {
		if term == nil {
			var err error
			if term, err = n.standBy(ctx); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
		if err := n.catchUpHolding(ctx, term); err != nil {
			_ = term.Resign(context.WithoutCancel(ctx))
			if ctx.Err() != nil {
				return nil
			}
			n.log.Error().Err(err).Msg("could not apply the whole state log before leading: standing by again")
			term = nil
			continue
		}
		n.lead(ctx, term, lead)
		term = nil
		if ctx.Err() != nil {
			return nil
		}
	}
}

// standBy applies the log while it campaigns, and returns the lease once
// this node holds it. A log trimmed past what the store holds ends it
// with an error: the node must restart to restore the snapshot.
func (n *haNode) standBy(ctx context.Context) (*cluster.Term, error) {
	n.log.Info().Msg("standing by: applying the state log")
	campaign, stopCampaign := context.WithCancel(ctx)
	defer stopCampaign()
	follow, stopFollow := context.WithCancel(ctx)
	var followErr error
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		if followErr = n.followLog(follow); follow.Err() == nil {
			stopCampaign() // it cannot lead what it cannot apply
		}
	}()
	term, err := n.lease.Campaign(campaign)
	stopFollow()
	<-followed
	if errors.Is(followErr, cluster.ErrTrimmed) {
		if term != nil {
			_ = term.Resign(context.WithoutCancel(ctx))
		}
		return nil, fmt.Errorf("this node fell behind the state log, which is trimmed past it: restart it to restore the cluster's snapshot: %w", followErr)
	}
	return term, err
}

// followLog applies the log as it grows until ctx ends or the log no
// longer holds what the store needs next (ErrTrimmed). Other errors (the
// servers away for a while) are retried.
func (n *haNode) followLog(ctx context.Context) error {
	for {
		err := n.follow(ctx)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, cluster.ErrTrimmed):
			return err
		}
		n.log.Warn().Err(err).Msg("apply the state log: trying again in a second")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// follow applies the log from the record after the store's last, as the
// leader appends to it, until ctx ends or a record does not apply.
func (n *haNode) follow(ctx context.Context) error {
	applied, err := n.st.AppliedSeq()
	if err != nil {
		return err
	}
	return n.state.Read(ctx, applied+1, func(seq uint64, data []byte, _ time.Time) error { return n.apply(seq, data) })
}

// apply makes the writes of the log's record at seq in the store.
func (n *haNode) apply(seq uint64, data []byte) error {
	if err := n.st.ApplyChange(seq, data); err != nil {
		return err
	}
	n.applied.Store(seq)
	return nil
}

// catchUpHolding is catchUp, tried again while the lease is held: the
// log's stream may be electing a leader of its own (its last was on the
// server that went with the old leader) and answer nothing for seconds.
func (n *haNode) catchUpHolding(ctx context.Context, term *cluster.Term) error {
	for {
		attempt, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := n.catchUp(attempt)
		cancel()
		if err == nil || ctx.Err() != nil || !term.Held() || !cluster.Transient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// errCaughtUp ends a catch-up's read.
var errCaughtUp = errors.New("caught up")

// catchUp applies the log to its last record; the node holds the lease, so
// no record is appended meanwhile (one that is makes its first write
// fenced, and it steps down).
func (n *haNode) catchUp(ctx context.Context) error {
	last, err := n.state.LastSeq(ctx)
	if err != nil {
		return err
	}
	applied, err := n.st.AppliedSeq()
	if err != nil {
		return err
	}
	switch {
	case applied > last:
		return fmt.Errorf("the database holds record %d and the state log ends at %d", applied, last)
	case applied == last:
		return nil
	}
	err = n.state.Read(ctx, applied+1, func(seq uint64, data []byte, _ time.Time) error {
		if err := n.apply(seq, data); err != nil {
			return err
		}
		if seq >= last {
			return errCaughtUp
		}
		return nil
	})
	if errors.Is(err, errCaughtUp) {
		return nil
	}
	return err
}

// lead takes local writes and runs lead until the lease is lost, the node
// is asked to step down, or ctx ends. On a loss, writes stop first, at
// once; on a stop, the leader's work is drained first, then the lease is
// given up so that another node leads without waiting for it to lapse.
func (n *haNode) lead(ctx context.Context, term *cluster.Term, lead func(context.Context)) {
	select {
	case <-n.stepDown: // left from an earlier term
	default:
	}
	n.term.Store(term)
	h := term.Holder()
	n.leader.Store(&h)
	n.st.Promote()
	// The term's first record says who leads from when: a refusal by
	// the log shows at once, before any alert is taken.
	if err := n.st.RecordLeader(n.name, h.Since); err != nil {
		n.log.Error().Err(err).Msg("record this node as the leader")
		n.askStepDown()
	}
	n.log.Info().Str("node", n.name).Msg("leading: this node writes, and runs the alert consumer, the outbox, the timers and Slack")
	go n.keepLeadersAway(ctx)

	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		lead(work)
	}()
	check := time.NewTicker(time.Second)
	defer check.Stop()
	var why string
wait:
	for {
		select {
		case <-ctx.Done():
			why = "stopping"
			break wait
		case <-term.Lost():
			why = "the lease is lost: " + errString(term.Err())
			break wait
		case <-n.stepDown:
			why = "asked to step down (the error logged before says why)"
			break wait
		case <-check.C:
			// A commit that failed after its record was published
			// made the store a replica: it must apply the log.
			if n.st.Replica() {
				why = "a write was published and not committed"
				break wait
			}
		}
	}
	drain := func() { stopWork(); <-done }
	stopWriting := func() {
		n.term.Store(nil)
		if err := n.st.Demote(); err != nil {
			n.log.Error().Err(err).Msg("stop writing")
		}
	}
	if ctx.Err() != nil {
		// A clean stop: what the leader holds is committed first.
		drain()
		stopWriting()
	} else {
		// Writes stop at once: another node may lead already.
		stopWriting()
		drain()
	}
	n.leader.Store(nil)
	if err := term.Resign(context.WithoutCancel(ctx)); err != nil {
		n.log.Warn().Err(err).Msg("give up the lease")
	}
	n.log.Warn().Str("why", why).Msg("no longer leading")
}

// keepLeadersAway asks the replicated streams a failover depends on (the
// lease's, the state log, the alerts and their consumer) to elect a leader
// on another server when theirs is this node's own embedded one. Losing
// this machine then costs one wait, the lease's TTL, and not also the
// elections of the streams that were led from it, which take seconds of
// their own before anything can be read or written. (With an external
// NATS cluster the servers' names are not the nodes', and nothing moves.)
func (n *haNode) keepLeadersAway(ctx context.Context) {
	if n.js == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var alerts jetstream.Stream
	for _, name := range []string{"KV_" + cluster.LeaseBucket, cluster.StateStream, n.alertStream} {
		s, err := n.js.Stream(ctx, name)
		if err != nil {
			continue
		}
		if name == n.alertStream {
			alerts = s
		}
		if info := s.CachedInfo(); info.Cluster == nil || info.Cluster.Leader != n.name {
			continue
		}
		if _, err := n.js.Conn().RequestWithContext(ctx, "$JS.API.STREAM.LEADER.STEPDOWN."+name, nil); err != nil {
			n.log.Debug().Err(err).Str("stream", name).Msg("move the stream's leader to another server")
		}
	}
	if alerts == nil {
		return
	}
	c, err := alerts.Consumer(ctx, n.durable)
	if err != nil || c.CachedInfo().Cluster == nil || c.CachedInfo().Cluster.Leader != n.name {
		return
	}
	if _, err := n.js.Conn().RequestWithContext(ctx, "$JS.API.CONSUMER.LEADER.STEPDOWN."+n.alertStream+"."+n.durable, nil); err != nil {
		n.log.Debug().Err(err).Msg("move the alert consumer's leader to another server")
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// statusEvery is how often a node reports how far it has applied the log,
// and the leader checks whether a snapshot is due.
const statusEvery = time.Second

// watch reports this node's progress, follows who leads, and, while this
// node leads, puts snapshots and trims the log behind them, until ctx ends.
func (n *haNode) watch(ctx context.Context) {
	tick := time.NewTicker(statusEvery)
	defer tick.Stop()
	for {
		n.observe(ctx)
		if n.leading() {
			n.snapshotIfDue(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// observe measures the lag, learns who leads and reports this node.
func (n *haNode) observe(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, statusEvery)
	defer cancel()
	applied, err := n.st.AppliedSeq()
	if err != nil {
		return
	}
	n.applied.Store(applied)
	if last, err := n.state.LastSeq(ctx); err == nil {
		n.lastSeq.Store(last)
		lag := 0.0
		if last > applied {
			if at, err := n.state.RecordTime(ctx, applied+1); err == nil {
				lag = max(0, time.Since(at).Seconds())
			}
		}
		n.lagSeconds.Store(math.Float64bits(lag))
	}
	if !n.leading() {
		if h, err := n.lease.Leader(ctx); err == nil {
			n.leader.Store(&h)
		} else if errors.Is(err, cluster.ErrNoLeader) {
			n.leader.Store(nil)
		}
	}
	if info, err := n.snaps.Stat(ctx); err == nil {
		n.mu.Lock()
		n.snap = info
		n.mu.Unlock()
	}
	err = n.nodes.Report(ctx, cluster.NodeStatus{Name: n.name, API: n.api, AppliedSeq: applied, Leader: n.leading(), Seen: time.Now().UTC()})
	if err != nil && ctx.Err() == nil {
		n.log.Debug().Err(err).Msg("report this node")
	}
}

// snapshotIfDue puts a snapshot once SnapshotEvery records have been
// written since the last, or SnapshotInterval has passed with any, then
// trims the log before the first record a live node still needs.
func (n *haNode) snapshotIfDue(ctx context.Context) {
	applied := n.applied.Load()
	n.mu.Lock()
	since, at := n.snap.Seq, n.snap.At
	n.mu.Unlock()
	if applied <= since || (applied-since < uint64(n.cfg.SnapshotEvery) && time.Since(at) < n.cfg.SnapshotInterval) {
		return
	}
	start := time.Now()
	info, err := n.putSnapshot(ctx, n.st)
	if err != nil {
		if ctx.Err() == nil {
			n.log.Error().Err(err).Msg("put a snapshot")
		}
		return
	}
	n.log.Info().Uint64("seq", info.Seq).Uint64("bytes", info.Size).Dur("took", time.Since(start)).Msg("snapshot")
	n.trim(ctx, info.Seq)
}

// trim removes the log's records up to the snapshot's sequence, but none a
// node seen in the last minute has yet to apply: a standby that lags
// catches up from the log rather than restarting from the snapshot.
func (n *haNode) trim(ctx context.Context, snapSeq uint64) {
	keep := snapSeq + 1
	nodes, err := n.nodes.List(ctx)
	if err != nil {
		return
	}
	for _, s := range nodes {
		if time.Since(s.Seen) < time.Minute {
			keep = min(keep, s.AppliedSeq+1)
		}
	}
	if keep <= 1 {
		return
	}
	if err := n.state.TrimBefore(ctx, keep); err != nil {
		n.log.Warn().Err(err).Uint64("before", keep).Msg("trim the state log")
	}
}

// collectors are the cluster's metrics, as this node sees them.
func (n *haNode) collectors() []prometheus.Collector {
	gauge := func(name, help string, value func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "breachd", Subsystem: "cluster", Name: name, Help: help}, value)
	}
	return []prometheus.Collector{
		gauge("leader", "1 while this node leads the cluster (holds the lease and writes), 0 while it stands by.", func() float64 {
			if n.leading() {
				return 1
			}
			return 0
		}),
		gauge("applied_seq", "The last state log record this node's database holds.", func() float64 { return float64(n.applied.Load()) }),
		gauge("lag_records", "State log records this node has yet to apply.", func() float64 {
			last, applied := n.lastSeq.Load(), n.applied.Load()
			if last <= applied {
				return 0
			}
			return float64(last - applied)
		}),
		gauge("lag_seconds", "How long the oldest state log record this node has yet to apply has waited; 0 when it has applied them all.",
			func() float64 { return math.Float64frombits(n.lagSeconds.Load()) }),
		gauge("snapshot_age_seconds", "Age of the cluster's latest snapshot; -1 while there is none.", func() float64 {
			n.mu.Lock()
			at := n.snap.At
			n.mu.Unlock()
			if at.IsZero() {
				return -1
			}
			return time.Since(at).Seconds()
		}),
	}
}

// lag is how far this node is behind the log, as last measured, and its
// name: the headers every answer carries on a cluster.
func (n *haNode) lag() (records uint64, seconds float64, node string) {
	if last, applied := n.lastSeq.Load(), n.applied.Load(); last > applied {
		records = last - applied
	}
	return records, math.Float64frombits(n.lagSeconds.Load()), n.name
}

// status is the cluster as GET /api/v1/cluster shows it: who leads, every
// node that reported in the last ten minutes with how far behind the log it
// is, and the snapshot kept. During a failover JetStream may not answer
// for seconds: what it does not answer within a second comes from this
// node's last measures (who it saw lead, the log's last record, itself),
// so the answer says who leads when it matters most.
func (n *haNode) status(ctx context.Context) (api.ClusterStatus, error) {
	ask := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, time.Second) }
	var st api.ClusterStatus
	c, cancel := ask()
	h, err := n.lease.Leader(c)
	cancel()
	switch {
	case err == nil:
		st.Leader = h.Node
	case errors.Is(err, cluster.ErrNoLeader):
	default:
		st.Leader, _, _ = n.leaderOf()
	}
	c, cancel = ask()
	last, err := n.state.LastSeq(c)
	cancel()
	if err != nil {
		last = n.lastSeq.Load()
	}
	st.LastSeq = last
	c, cancel = ask()
	nodes, err := n.nodes.List(c)
	cancel()
	if err != nil {
		nodes = []cluster.NodeStatus{{Name: n.name, API: n.api, AppliedSeq: n.applied.Load(), Leader: n.leading(), Seen: time.Now().UTC()}}
	}
	now := time.Now()
	for _, s := range nodes {
		node := api.ClusterNode{Name: s.Name, API: s.API, AppliedSeq: s.AppliedSeq, Leader: s.Name == st.Leader, Seen: s.Seen}
		if last > s.AppliedSeq {
			node.LagRecords = last - s.AppliedSeq
			c, cancel = ask()
			if at, err := n.state.RecordTime(c, s.AppliedSeq+1); err == nil {
				node.LagSeconds = max(0, now.Sub(at).Seconds())
			}
			cancel()
		}
		st.Nodes = append(st.Nodes, node)
	}
	c, cancel = ask()
	info, err := n.snaps.Stat(c)
	cancel()
	switch {
	case err == nil:
		st.Snapshot = &api.ClusterSnapshot{Seq: info.Seq, At: info.At}
	case !errors.Is(err, cluster.ErrNoSnapshot):
		n.mu.Lock()
		if !n.snap.At.IsZero() {
			st.Snapshot = &api.ClusterSnapshot{Seq: n.snap.Seq, At: n.snap.At}
		}
		n.mu.Unlock()
	}
	return st, nil
}

// handler serves what a node of a cluster serves: the API as it is while
// this node leads; while it stands by, reads from its copy and writes
// redirected to the leader. Every answer says which node gave it and how
// far behind the log that node is.
func (n *haNode) handler(served http.Handler) http.Handler {
	standby := api.StandbyWrites(served, n.leaderOf)
	return api.LagHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.leading() {
			served.ServeHTTP(w, r)
			return
		}
		standby.ServeHTTP(w, r)
	}), n.lag)
}
