package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The lease lives in a key-value bucket whose TTL is the lease's: the
// bucket's MaxAge, which removes the key once TTL has passed since it was
// last written. Each renewal writes it again, so the key outlives its
// holder by at most TTL; then Create succeeds for the next node.
//
// Why the bucket's TTL and not a per-key TTL (KeyValueConfig.LimitMarkerTTL
// with kv.Create(…, jetstream.KeyTTL(d))): the bucket holds this one key, so
// a bucket-wide TTL is the same thing, and it works on every nats-server
// breachd runs on (2.9 and later), where per-key TTLs need 2.11. What
// per-key TTLs would add, a marker that tells watchers the key expired, is
// not needed: contenders try Create at an interval instead of watching.
const leaseKey = "leader"

// DefaultLeaseTTL is the lease's TTL unless LeaseOptions says otherwise: a
// leader that vanishes is replaced within TTL and a tenth (a contender
// tries that often), 6.6 s.
const DefaultLeaseTTL = 6 * time.Second

// ErrLeaseHeld is TryAcquire's answer while another node holds the lease.
var ErrLeaseHeld = errors.New("another node holds the lease")

// ErrNoLeader is Leader's answer while no node holds the lease.
var ErrNoLeader = errors.New("no node holds the lease")

// ErrLeaseLost is why a term ended without Resign: a renewal was refused
// (another node holds the lease), failed for good, or did not succeed
// before the lease would have expired.
var ErrLeaseLost = errors.New("the lease is lost")

// ErrResigned is why a term ended by Resign.
var ErrResigned = errors.New("the lease was given up")

// LeaseOptions says who campaigns for the lease and how long it lasts.
type LeaseOptions struct {
	// Node names this node in the lease (--nats-server-name).
	Node string
	// API is the URL of this node's API, which the standbys redirect
	// writes to while it leads.
	API string
	// TTL is how long the lease outlives its holder's last renewal: the
	// time a failover takes at most. Every node must use the same.
	// DefaultLeaseTTL when zero.
	TTL time.Duration
	// Replicas of the bucket: 1 on one server, 3 on a three-node cluster.
	Replicas int
	// Now stamps the holder's Since; time.Now when nil. The lease's own
	// timing is against the servers' real clocks, so it always uses the
	// monotonic clock.
	Now func() time.Time
}

// Holder is who holds the lease: the lease's value.
type Holder struct {
	Node  string    `json:"node"`
	API   string    `json:"api"`
	Since time.Time `json:"since"`
}

// Lease is the leadership of the nodes sharing a JetStream cluster: a key
// in the bucket LeaseBucket, created by the node that takes it (Create
// fails while it exists) and renewed by its holder (Update on the last
// revision, which fails once anyone else has written it).
type Lease struct {
	kv   jetstream.KeyValue
	opts LeaseOptions
	// renewEvery is how often a holder renews; margin is how long before
	// TTL after its last renewal was sent a holder stops counting on the
	// lease: it covers the servers' clocks running a little apart and
	// the scheduling of the check.
	renewEvery, margin time.Duration
}

// NewLease creates the lease's bucket, or opens the existing one, which
// must have the same TTL.
func NewLease(ctx context.Context, js jetstream.JetStream, opts LeaseOptions) (*Lease, error) {
	if opts.Node == "" {
		return nil, errors.New("lease: the node has no name (nats_server_name)")
	}
	if err := checkReplicas(opts.Replicas); err != nil {
		return nil, err
	}
	if opts.TTL == 0 {
		opts.TTL = DefaultLeaseTTL
	}
	// The server refuses a MaxAge under 100ms; renewing at a third of it
	// leaves room for a few round trips.
	if opts.TTL < 300*time.Millisecond {
		return nil, fmt.Errorf("lease: TTL %s is too short (300ms at least; %s by default)", opts.TTL, DefaultLeaseTTL)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	kv, err := retry(ctx, func(ctx context.Context) (jetstream.KeyValue, error) {
		return js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      LeaseBucket,
			Description: "breachd: which node leads",
			History:     1,
			TTL:         opts.TTL,
			Storage:     jetstream.FileStorage,
			Replicas:    opts.Replicas,
		})
	})
	if errors.Is(err, jetstream.ErrBucketExists) {
		// Another TTL (or replica count). Two nodes with different
		// TTLs would each believe the lease lasts its own: refuse.
		if kv, err = js.KeyValue(ctx, LeaseBucket); err == nil {
			var st jetstream.KeyValueStatus
			if st, err = kv.Status(ctx); err == nil && st.TTL() != opts.TTL {
				return nil, fmt.Errorf("lease: the bucket %s has a TTL of %s and this node's is %s: give every node the same lease TTL",
					LeaseBucket, st.TTL(), opts.TTL)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("lease: bucket %s: %w", LeaseBucket, err)
	}
	return &Lease{kv: kv, opts: opts, renewEvery: opts.TTL / 3, margin: opts.TTL / 5}, nil
}

// TTL is how long the lease outlives its holder's last renewal.
func (l *Lease) TTL() time.Duration { return l.opts.TTL }

// Leader is who holds the lease, or ErrNoLeader.
func (l *Lease) Leader(ctx context.Context) (Holder, error) {
	e, err := l.kv.Get(ctx, leaseKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return Holder{}, ErrNoLeader
	}
	if err != nil {
		return Holder{}, fmt.Errorf("lease: read %s: %w", LeaseBucket, err)
	}
	var h Holder
	if err := json.Unmarshal(e.Value(), &h); err != nil {
		return Holder{}, fmt.Errorf("lease: %s holds %q, not a holder: %w", LeaseBucket, e.Value(), err)
	}
	return h, nil
}

// TryAcquire takes the lease if nobody holds it, and keeps renewing it
// until the term is lost or resigned. While another node holds it, it is
// ErrLeaseHeld, naming the holder.
func (l *Lease) TryAcquire(ctx context.Context) (*Term, error) {
	h := Holder{Node: l.opts.Node, API: l.opts.API, Since: l.opts.Now().UTC()}
	value, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("lease: %w", err)
	}
	sent := time.Now()
	rev, err := l.kv.Create(ctx, leaseKey, value)
	if errors.Is(err, jetstream.ErrKeyExists) {
		if cur, err := l.Leader(ctx); err == nil {
			return nil, fmt.Errorf("%w: %s, since %s", ErrLeaseHeld, cur.Node, cur.Since.Format(time.RFC3339))
		}
		return nil, ErrLeaseHeld
	}
	if err != nil {
		return nil, fmt.Errorf("lease: take it: %w", err)
	}
	t := &Term{lease: l, holder: h, value: value, rev: rev, renewed: sent,
		lost: make(chan struct{}), done: make(chan struct{})}
	// The renewals outlive the call that took the lease: only Resign or
	// a loss ends them.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	t.stop = cancel
	go t.renew(runCtx)
	return t, nil
}

// Campaign takes the lease as soon as it is free, trying every tenth of
// its TTL, until ctx ends. It keeps trying through errors that waiting
// may cure (a server lost, its streams electing a leader) and returns any
// other.
func (l *Lease) Campaign(ctx context.Context) (*Term, error) {
	// Often: a lease that lapsed is taken a tenth of its TTL later at
	// most.
	wait := time.NewTicker(max(l.opts.TTL/10, 50*time.Millisecond))
	defer wait.Stop()
	for {
		attempt, cancel := context.WithTimeout(ctx, l.opts.TTL)
		t, err := l.TryAcquire(attempt)
		cancel()
		if err == nil {
			return t, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("lease: campaign: %w (last attempt: %v)", ctx.Err(), err)
		}
		if !errors.Is(err, ErrLeaseHeld) && !Transient(err) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lease: campaign: %w (last attempt: %v)", ctx.Err(), err)
		case <-wait.C:
		}
	}
}

// Transient reports whether err may go away by itself: a timeout, no
// server answering yet, a connection being re-established.
func Transient(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, nats.ErrConnectionReconnecting) ||
		errors.Is(err, jetstream.ErrNoStreamResponse)
}

// Term is one node's tenure of the lease, from the moment it took it
// until it lost or resigned it. The holder writes only while Held: the
// state log's fencing refuses a deposed holder's records anyway, but
// stopping at once keeps it from trying.
type Term struct {
	lease  *Lease
	holder Holder
	value  []byte
	stop   context.CancelFunc
	done   chan struct{} // closed when renew returns

	mu       sync.Mutex
	rev      uint64    // the key's revision this term last wrote
	renewed  time.Time // when that write was sent, on the monotonic clock
	lost     chan struct{}
	lostOnce sync.Once
	why      error
}

// Holder is this term's lease value.
func (t *Term) Holder() Holder { return t.holder }

// Lost is closed when the term ends: the lease was lost (Err says why) or
// given up. The holder must stop writing at once.
func (t *Term) Lost() <-chan struct{} { return t.lost }

// Err is why the term ended (wrapping ErrLeaseLost or ErrResigned), or nil
// while it lasts.
func (t *Term) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.why
}

// Held reports whether the lease is still this node's: the term has not
// ended, and its last renewal was sent less than TTL (less a margin) ago
// by the monotonic clock, so no other node can have taken it even if the
// renewals stalled and Lost is not closed yet.
func (t *Term) Held() bool {
	select {
	case <-t.lost:
		return false
	default:
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(t.renewed) < t.lease.opts.TTL-t.lease.margin
}

// expiry is when the lease stops counting as held without a renewal.
func (t *Term) expiry() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.renewed.Add(t.lease.opts.TTL - t.lease.margin)
}

// end closes Lost with why, once.
func (t *Term) end(why error) {
	t.lostOnce.Do(func() {
		t.mu.Lock()
		t.why = why
		t.mu.Unlock()
		close(t.lost)
	})
}

// renew writes the lease again every renewEvery until ctx ends. A refused
// renewal (another node has the key) ends the term at once; one that
// fails otherwise is tried again soon, until the lease would expire.
func (t *Term) renew(ctx context.Context) {
	defer close(t.done)
	l := t.lease
	tick := time.NewTicker(l.renewEvery)
	defer tick.Stop()
	for {
		expires := time.NewTimer(time.Until(t.expiry()))
		select {
		case <-ctx.Done():
			expires.Stop()
			return
		case <-expires.C:
			t.end(fmt.Errorf("%w: not renewed within %s", ErrLeaseLost, l.opts.TTL-l.margin))
			return
		case <-tick.C:
			expires.Stop()
		}
		for {
			err := t.renewOnce(ctx)
			if err == nil || ctx.Err() != nil {
				break
			}
			if !Transient(err) {
				if !errors.Is(err, ErrLeaseLost) {
					err = fmt.Errorf("%w: %v", ErrLeaseLost, err)
				}
				t.end(err)
				return
			}
			// Try again before the next tick, if there is time.
			retry := time.NewTimer(min(l.renewEvery/4, time.Until(t.expiry())))
			select {
			case <-ctx.Done():
				retry.Stop()
				return
			case <-retry.C:
			}
			if !time.Now().Before(t.expiry()) {
				t.end(fmt.Errorf("%w: not renewed within %s: %v", ErrLeaseLost, l.opts.TTL-l.margin, err))
				return
			}
		}
	}
}

// renewOnce writes the lease on the revision this term last wrote, within
// the time the lease still counts as held.
func (t *Term) renewOnce(ctx context.Context) error {
	t.mu.Lock()
	rev := t.rev
	t.mu.Unlock()
	ctx, cancel := context.WithDeadline(ctx, t.expiry())
	defer cancel()
	sent := time.Now()
	newRev, err := t.lease.kv.Update(ctx, leaseKey, t.value, rev)
	if errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyNotFound) ||
		errors.Is(err, jetstream.ErrKeyDeleted) {
		// An earlier renewal may have been stored though its answer
		// was lost: then the key holds this term's value at a later
		// revision, and the lease is still ours.
		if e, gerr := t.lease.kv.Get(ctx, leaseKey); gerr == nil && e.Revision() > rev && bytes.Equal(e.Value(), t.value) {
			t.mu.Lock()
			t.rev = e.Revision()
			t.mu.Unlock()
			return nil
		}
		return fmt.Errorf("%w: another node has written it: %v", ErrLeaseLost, err)
	}
	if errors.Is(err, nats.ErrConnectionClosed) {
		return fmt.Errorf("%w: %v", ErrLeaseLost, err)
	}
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.rev, t.renewed = newRev, sent
	t.mu.Unlock()
	return nil
}

// Resign ends the term: renewals stop, Lost closes, and the key is
// deleted (if this term still holds it) so that another node can take the
// lease at once instead of after the TTL. It is safe to call more than
// once and after a loss.
func (t *Term) Resign(ctx context.Context) error {
	t.stop()
	<-t.done
	held := t.Held()
	t.end(ErrResigned)
	if !held {
		return nil
	}
	t.mu.Lock()
	rev := t.rev
	t.mu.Unlock()
	err := t.lease.kv.Delete(ctx, leaseKey, jetstream.LastRevision(rev))
	if err != nil && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return fmt.Errorf("lease: give it up: %w", err)
	}
	return nil
}
