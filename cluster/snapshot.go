package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrNoSnapshot is Latest's answer while no snapshot has been put: a new
// node reads the state log from its first record.
var ErrNoSnapshot = errors.New("no snapshot has been taken yet")

// ErrStaleSnapshot is Put's answer for a snapshot older than the one kept:
// it would make new nodes replay more, or restore a deposed leader's view.
var ErrStaleSnapshot = errors.New("a snapshot of a later state log sequence is already kept")

// The object a snapshot is kept as, and the metadata it carries.
const (
	snapshotObject = "latest"
	metaSeq        = "seq"
	metaAt         = "at"
)

// SnapshotOptions says how the snapshot bucket is made.
type SnapshotOptions struct {
	// Replicas of the bucket: 1 on one server, 3 on a three-node cluster.
	Replicas int
	// Now stamps each snapshot; time.Now when nil.
	Now func() time.Time
}

// Snapshots keeps the latest consistent copy of a node's database in the
// object store SnapshotBucket, tagged with the sequence of the last state
// log record it includes, so that a new node restores it and replays only
// the records after it, and the log can be trimmed before it.
//
// One snapshot is kept: putting a new one replaces it, and the object
// store removes the old one's chunks only once the new one is complete,
// so an interrupted Put leaves the previous snapshot in place.
type Snapshots struct {
	obs jetstream.ObjectStore
	now func() time.Time
}

// SnapshotInfo describes the kept snapshot.
type SnapshotInfo struct {
	// Seq is the last state log record the snapshot includes.
	Seq uint64
	// At is when it was put.
	At time.Time
	// Size is its length in bytes.
	Size uint64
}

// OpenSnapshots creates the snapshot bucket, or opens the existing one.
func OpenSnapshots(ctx context.Context, js jetstream.JetStream, opts SnapshotOptions) (*Snapshots, error) {
	if err := checkReplicas(opts.Replicas); err != nil {
		return nil, err
	}
	cfg := jetstream.ObjectStoreConfig{
		Bucket:      SnapshotBucket,
		Description: "breachd: the latest snapshot of the database, and the state log sequence it includes",
		Storage:     jetstream.FileStorage,
		Replicas:    opts.Replicas,
		// No compression: nats-server 2.9, the oldest breachd runs on,
		// refuses it.
	}
	// Created first, updated only when it exists otherwise, for the
	// reason EnsureStream gives.
	obs, err := retry(ctx, func(ctx context.Context) (jetstream.ObjectStore, error) {
		obs, err := js.CreateObjectStore(ctx, cfg)
		if errors.Is(err, jetstream.ErrBucketExists) {
			return js.UpdateObjectStore(ctx, cfg)
		}
		return obs, err
	})
	if err != nil {
		return nil, fmt.Errorf("create object store %s: %w", SnapshotBucket, err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Snapshots{obs: obs, now: now}, nil
}

// Put stores the snapshot read from r as including every state log record
// up to seq, in place of the one kept, and returns what it stored. A
// snapshot of an earlier sequence than the kept one's is ErrStaleSnapshot.
func (s *Snapshots) Put(ctx context.Context, seq uint64, r io.Reader) (SnapshotInfo, error) {
	switch cur, err := s.Stat(ctx); {
	case errors.Is(err, ErrNoSnapshot):
	case err != nil:
		return SnapshotInfo{}, err
	case cur.Seq > seq:
		return SnapshotInfo{}, fmt.Errorf("%w: kept %d, put %d", ErrStaleSnapshot, cur.Seq, seq)
	}
	at := s.now().UTC()
	info, err := s.obs.Put(ctx, jetstream.ObjectMeta{
		Name:        snapshotObject,
		Description: "breachd database snapshot",
		Metadata:    map[string]string{metaSeq: strconv.FormatUint(seq, 10), metaAt: at.Format(time.RFC3339Nano)},
	}, r)
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("put snapshot at sequence %d: %w", seq, err)
	}
	return snapshotInfo(info)
}

// Stat describes the kept snapshot, or is ErrNoSnapshot.
func (s *Snapshots) Stat(ctx context.Context) (SnapshotInfo, error) {
	info, err := s.obs.GetInfo(ctx, snapshotObject)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return SnapshotInfo{}, ErrNoSnapshot
	}
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("read snapshot: %w", err)
	}
	return snapshotInfo(info)
}

// Latest opens the kept snapshot: the state log sequence it includes, when
// it was put, and its content, which the caller closes. Reading the
// content to its end checks its digest: a damaged snapshot fails the read
// instead of restoring wrong state. With none kept it is ErrNoSnapshot.
func (s *Snapshots) Latest(ctx context.Context) (seq uint64, at time.Time, rc io.ReadCloser, err error) {
	res, err := s.obs.Get(ctx, snapshotObject)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return 0, time.Time{}, nil, ErrNoSnapshot
	}
	if err != nil {
		return 0, time.Time{}, nil, fmt.Errorf("open snapshot: %w", err)
	}
	info, err := res.Info()
	if err == nil {
		var si SnapshotInfo
		if si, err = snapshotInfo(info); err == nil {
			return si.Seq, si.At, res, nil
		}
	}
	res.Close()
	return 0, time.Time{}, nil, fmt.Errorf("open snapshot: %w", err)
}

// snapshotInfo reads the sequence and the time an object's metadata
// carries.
func snapshotInfo(info *jetstream.ObjectInfo) (SnapshotInfo, error) {
	seq, err := strconv.ParseUint(info.Metadata[metaSeq], 10, 64)
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s in %s has no state log sequence (metadata %q: %q)",
			info.Name, info.Bucket, metaSeq, info.Metadata[metaSeq])
	}
	at, err := time.Parse(time.RFC3339Nano, info.Metadata[metaAt])
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s in %s has no time (metadata %q: %q)",
			info.Name, info.Bucket, metaAt, info.Metadata[metaAt])
	}
	return SnapshotInfo{Seq: seq, At: at, Size: info.Size}, nil
}
