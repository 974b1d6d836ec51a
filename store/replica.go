package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A store is a leader or a replica. A leader takes local writes (Update)
// and, with Options.Publish, puts each one's change record in the state log
// before it commits. A replica takes only the log's records (ApplyChange):
// a local write would make its file differ from the leader's, so Update
// refuses it with ErrReplica. Promote and Demote switch.
//
// Both record in bucket meta, under applied_seq, the log sequence number of
// the last record their file holds, in the transaction that wrote it: a
// record replayed after a crash is recognised and skipped.
//
// The caches stay right on a replica: decodeCache serves a decoded incident
// only for the very bytes it was decoded from, and sharedTexts remembers
// texts of bucketTexts, whose keys always hold the same bytes and are never
// deleted, so a text known to be stored stays stored whoever wrote it.
//
// Neither Open's creation of the buckets nor its migrations are recorded:
// every node runs them on its own file, and they are a function of the file
// and the release. A replica starts from an empty file or from a copy of the
// leader's (a snapshot), whose applied_seq says where in the log to resume.

// metaAppliedSeq names the log sequence number of the last change record
// the file holds (8 bytes big endian).
var metaAppliedSeq = []byte("applied_seq")

var (
	// ErrReplica: a local write to a replica, which takes its writes from
	// the state log only.
	ErrReplica = errors.New("store is a replica: it takes writes from the state log only")
	// ErrNotReplica: a change record given to a store that takes local
	// writes.
	ErrNotReplica = errors.New("store takes local writes, not change records")
	// ErrChangeGap: a change record that does not follow the last one
	// applied; the records between are missing.
	ErrChangeGap = errors.New("change record out of sequence")
	// ErrPublishedNotCommitted: a write transaction whose change record
	// the state log took, and which then failed (to commit, say): the file
	// lacks a record of the log. The store has become a replica; it
	// applies the log from AppliedSeq()+1, and may then be promoted.
	ErrPublishedNotCommitted = errors.New("change published but not committed")
)

// PublishFunc puts change, the change record of a write transaction, in
// the replicated state log, as the record that follows sequence number
// after (the last one the store holds; 0 for none), and returns the
// sequence number the log gave it, which must be after+1. It runs inside
// the transaction, before the commit: an error rolls the transaction back.
// A log without sequence numbers returns 0, and the store records none.
// change is the callee's to keep. It runs under bbolt's writer lock, so
// its latency adds to every write transaction's; it bounds its own wait.
type PublishFunc func(change []byte, after uint64) (seq uint64, err error)

// errSkip rolls back a transaction that found nothing to do.
var errSkip = errors.New("nothing to apply")

// ApplyChange makes the writes of a change record, the one the state log
// holds at seq, in one transaction that also records seq as applied. A
// record at or before the last one applied was applied already and is
// skipped; one past the next is refused with ErrChangeGap; a record that
// does not decode, or does not apply (a bucket it writes to is missing), is
// refused with ErrBadChange, and the store is left as it was.
func (s *Store) ApplyChange(seq uint64, change []byte) error {
	if s.readOnly {
		return fmt.Errorf("%w: %s", ErrReadOnly, s.path)
	}
	if seq == 0 {
		return fmt.Errorf("%w: sequence number 0", ErrBadChange)
	}
	cd, err := s.changeCodec()
	if err != nil {
		return err
	}
	c, err := cd.decode(change)
	if err != nil {
		return fmt.Errorf("change %d: %w", seq, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if !s.replica.Load() {
			return ErrNotReplica
		}
		t := &Tx{tx: tx, cache: &s.cache, texts: &s.texts}
		meta := t.bucket(bucketMeta)
		switch applied := appliedSeq(meta); {
		case seq <= applied:
			return errSkip
		case seq > applied+1:
			return fmt.Errorf("%w: it is %d where %d comes next", ErrChangeGap, seq, applied+1)
		}
		if err := t.applyChange(c); err != nil {
			return err
		}
		return meta.Put(metaAppliedSeq, u64(seq))
	})
	if errors.Is(err, errSkip) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("apply change %d: %w", seq, err)
	}
	return nil
}

// applyChange makes c's writes.
func (t *Tx) applyChange(c *Change) error {
	var (
		cur  *bucket
		path [][]byte
		ok   bool // cur is the bucket path names
	)
	for i, w := range c.Writes {
		if !ok || !slices.EqualFunc(path, w.Bucket, bytesEqual) {
			var err error
			if cur, err = t.bucketAt(w.Bucket); err != nil {
				return fmt.Errorf("%w: write %d (%s): %v", ErrBadChange, i, w.Op, err)
			}
			path, ok = w.Bucket, true
		}
		if cur != nil {
			cur.fill(float64(w.Fill) / 100)
		}
		var err error
		switch w.Op {
		case OpPut:
			err = cur.Put(w.Key, w.Value)
		case OpDelete:
			err = cur.Delete(w.Key)
		case OpSetSequence:
			err = cur.setSequence(w.Sequence)
		case OpCreateBucket:
			if cur == nil {
				_, err = t.createBucketIfNotExists(w.Key)
			} else {
				_, err = cur.CreateBucketIfNotExists(w.Key)
			}
			ok = false // bbolt hands out new buckets after these
		case OpDeleteBucket:
			if cur == nil {
				err = t.deleteBucket(w.Key)
			} else {
				err = cur.DeleteBucket(w.Key)
			}
			ok = false
		default:
			err = fmt.Errorf("unknown op")
		}
		if err != nil {
			return fmt.Errorf("%w: write %d (%s %q in %q): %v", ErrBadChange, i, w.Op, w.Key, w.Bucket, err)
		}
	}
	return nil
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// bucketAt returns the bucket of path; nil for the root.
func (t *Tx) bucketAt(path [][]byte) (*bucket, error) {
	if len(path) == 0 {
		return nil, nil
	}
	b := t.bucket(path[0])
	for i := 1; b != nil && i < len(path); i++ {
		b = b.Bucket(path[i])
	}
	if b == nil {
		return nil, fmt.Errorf("no bucket %q", path)
	}
	return b, nil
}

// appliedSeq is the sequence number metaAppliedSeq holds; 0 for none.
func appliedSeq(meta *bucket) uint64 {
	if meta == nil {
		return 0
	}
	if raw := meta.Get(metaAppliedSeq); len(raw) == 8 {
		return be(raw)
	}
	return 0
}

// AppliedSeq returns the log sequence number of the last change record
// the store holds, published as leader or applied as replica; 0 for none.
func (s *Store) AppliedSeq() (uint64, error) {
	var seq uint64
	err := s.View(func(t *Tx) error {
		seq = appliedSeq(t.bucket(bucketMeta))
		return nil
	})
	return seq, err
}

// publish encodes the write set of t, hands it to Options.Publish and
// records the sequence number the log gave it; published is true once the
// log holds the record. Nothing is published for a transaction that wrote
// nothing.
func (s *Store) publish(t *Tx) (published bool, err error) {
	ws := t.ws
	if ws == nil || ws.n == 0 {
		return false, nil
	}
	t.ws = nil // what follows is the store's own bookkeeping
	cd, err := s.changeCodec()
	if err != nil {
		return false, err
	}
	rec, err := cd.record(ws.buf)
	if err != nil {
		return false, err
	}
	if s.maxPub > 0 && len(rec) > s.maxPub {
		return false, fmt.Errorf("%w: %d bytes (%d raw), more than the %d the state log takes", ErrChangeTooLarge, len(rec), len(ws.buf), s.maxPub)
	}
	meta := t.bucket(bucketMeta)
	after := appliedSeq(meta)
	seq, err := s.pub(rec, after)
	if err != nil {
		return false, fmt.Errorf("publish the change: %w", err)
	}
	switch {
	case seq == 0:
		return true, nil
	case seq != after+1:
		return true, fmt.Errorf("%w: the log took the change as %d where %d comes next", ErrChangeGap, seq, after+1)
	}
	return true, meta.Put(metaAppliedSeq, u64(seq))
}

// metaLeader names the node that leads the cluster, and since when, as its
// term's first write recorded it (JSON).
var metaLeader = []byte("leader")

// RecordLeader records that node leads the cluster since since: the first
// write of each leader's term, in the state log like any other.
func (s *Store) RecordLeader(node string, since time.Time) error {
	v, err := json.Marshal(struct {
		Node  string    `json:"node"`
		Since time.Time `json:"since"`
	}{node, since.UTC()})
	if err != nil {
		return err
	}
	return s.Update(func(t *Tx) error { return t.bucket(bucketMeta).Put(metaLeader, v) })
}

// Replica reports whether the store is a replica (Options.Replica, Demote).
func (s *Store) Replica() bool { return s.replica.Load() }

// Promote makes a replica a leader, which takes local writes; the caller
// has applied every record of the log first.
func (s *Store) Promote() { s.replica.Store(false) }

// Demote makes the store a replica, which refuses local writes. It returns
// once the write in progress, if any, has committed or rolled back, so that
// no local write commits after it.
func (s *Store) Demote() error {
	err := s.db.Update(func(*bolt.Tx) error {
		s.replica.Store(true)
		return errSkip // writes nothing
	})
	if errors.Is(err, errSkip) {
		return nil
	}
	return err
}
