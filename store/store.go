package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Bucket names that tools inspecting a backup (and tamper tests) need.
const (
	IncidentsBucket = "incidents"
	TimelineBucket  = "timeline"
)

var (
	bucketIncidents    = []byte(IncidentsBucket)
	bucketOrder        = []byte("incident_order")
	bucketTimeline     = []byte(TimelineBucket)
	bucketFingerprints = []byte("fingerprints")
	bucketCorrelations = []byte("correlations")
	bucketIncidentIDs  = []byte("incident_ids")
	bucketStats        = []byte("stats")
	bucketDeliveries   = []byte("deliveries")
	bucketObligations  = []byte("obligations")
	// bucketConcerning holds, per incident, the obligations that concern
	// it (incident.ObligationStatus.Concerns): a few of the hundreds of
	// regimes the full set lists, for what reads every incident.
	bucketConcerning  = []byte("obligations_concerning")
	bucketTimers      = []byte("timers")
	bucketTimerIndex  = []byte("timer_index")
	bucketOutbox      = []byte("outbox")
	bucketOutboxDue   = []byte("outbox_due")
	bucketOutboxKeys  = []byte("outbox_keys")
	bucketSilences    = []byte("silences")
	bucketMeta        = []byte("meta")
	bucketRuns        = []byte("runs")
	bucketAlertsTaken = []byte("alerts_taken")
	bucketFiledDrafts = []byte("filed_drafts")
)

var topBuckets = [][]byte{bucketIncidents, bucketOrder, bucketTimeline, bucketFingerprints,
	bucketCorrelations, bucketIncidentIDs, bucketStats, bucketDeliveries, bucketObligations, bucketTimers, bucketTimerIndex,
	bucketOutbox, bucketOutboxDue, bucketOutboxKeys, bucketSilences, bucketMeta, bucketRuns, bucketAlertsTaken, bucketFiledDrafts, bucketConcerning, bucketTexts, bucketMovedHeads}

// Options tune how the database file is opened.
type Options struct {
	// LockTimeout is how long Open waits for another process to release the
	// file before it fails with ErrLocked. Zero means two seconds.
	LockTimeout time.Duration
	// ReadOnly opens an existing file for reading only, under a shared
	// lock, so that several readers (a backup check, an inspection tool)
	// may hold it at once. Open then writes nothing: no directory, no mode
	// change, no missing bucket; Update and every write return ErrReadOnly.
	ReadOnly bool
	// Publish, when set, is handed the change record of every write
	// transaction (change.go) after its function returned nil and before
	// it commits; an error from it rolls the transaction back and is
	// Update's. A transaction that writes nothing publishes nothing.
	Publish PublishFunc
	// MaxChange is the largest change record Publish takes, in bytes
	// (the state log's max_payload); a larger one is not handed to it,
	// and Update returns ErrChangeTooLarge. Zero means no limit but
	// MaxChangeSize.
	MaxChange int
	// Replica opens the store as a replica (replica.go): it takes change
	// records (ApplyChange) and refuses local writes with ErrReplica
	// until promoted.
	Replica bool
}

// Store is breachd's bbolt database. It is safe for concurrent use: writes
// are serialised by bbolt, reads run on snapshots.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
	cache    decodeCache
	texts    sharedTexts
	pub      PublishFunc
	maxPub   int
	// wsBuf is the buffer of the last write set, kept for the next;
	// used under bbolt's writer lock only.
	wsBuf   []byte
	replica atomic.Bool
	// codec compresses and decompresses change records; made on first use.
	codecOnce sync.Once
	codec     *codec
	codecErr  error
}

// Open opens or creates the database at path. The file is created with mode
// 0600 and its directory with 0700, because it holds breach details. With
// Options.ReadOnly the file must exist and is left as it is.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 2 * time.Second
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      opts.LockTimeout,
		FreelistType: bolt.FreelistMapType,
		// The freelist is written with every commit. Without it, bbolt
		// rebuilds the list at open by reading every page of the file:
		// 80 s for a database of a million incidents (8 GB), where
		// writing it costs the commits nothing measurable. A file written
		// without it gets it at its first commit.
		NoFreelistSync: false,
		ReadOnly:       opts.ReadOnly,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (is another breachd running on this data directory?)", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if opts.ReadOnly {
		return &Store{db: db, path: path, readOnly: true}, nil
	}
	// bbolt applies the mode only when it creates the file; an older file
	// may be more open than it should be.
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return nil, fmt.Errorf("restrict %s to its owner: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		// Not published: every node creates and migrates its own file
		// (replica.go).
		t := &Tx{tx: tx, texts: &sharedTexts{}}
		for _, name := range topBuckets {
			if _, err := t.createBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return migrate(t)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialise %s: %w", path, err)
	}
	st := &Store{db: db, path: path, pub: opts.Publish, maxPub: opts.MaxChange}
	st.replica.Store(opts.Replica)
	return st, nil
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close waits for open transactions and closes the file.
func (s *Store) Close() error {
	err := s.db.Close()
	// None is made after this.
	s.codecOnce.Do(func() { s.codecErr = fmt.Errorf("change records of %s: the store is closed", s.path) })
	if s.codec != nil {
		s.codec.close()
	}
	return err
}

// changeCodec returns the codec of change records, made on first use: a
// store that neither publishes nor applies any needs none.
func (s *Store) changeCodec() (*codec, error) {
	s.codecOnce.Do(func() { s.codec, s.codecErr = newCodec() })
	return s.codec, s.codecErr
}

// Update runs fn in one read-write transaction, committed when fn returns nil
// and rolled back otherwise. With Options.Publish, the transaction's change
// record is published between the two, and a failure to publish rolls it
// back; a failure after the record was published (to commit, say) makes
// the store a replica and returns ErrPublishedNotCommitted. On a store
// opened read-only it returns ErrReadOnly, and on a replica ErrReplica,
// without calling fn.
func (s *Store) Update(fn func(*Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%w: %s", ErrReadOnly, s.path)
	}
	var published bool
	err := s.db.Update(func(tx *bolt.Tx) error {
		// Under bbolt's writer lock: Demote waits for it.
		if s.replica.Load() {
			return fmt.Errorf("%w: %s", ErrReplica, s.path)
		}
		t := &Tx{tx: tx, cache: &s.cache, texts: &s.texts}
		if s.pub == nil {
			return fn(t)
		}
		// The write set's buffer serves the next transaction too: a
		// batch's is megabytes.
		ws := &writeSet{buf: s.wsBuf[:0]}
		defer func() {
			if cap(ws.buf) <= maxKeptWriteSet {
				s.wsBuf = ws.buf[:0]
			}
		}()
		t.ws = ws
		if err := fn(t); err != nil {
			return err
		}
		var err error
		published, err = s.publish(t)
		return err
	})
	if err != nil && published {
		// The log holds a change the file does not: from now on the
		// store follows the log. A write that slips in before this is
		// refused by the log, which is past what the file holds.
		s.replica.Store(true)
		return fmt.Errorf("%w: %w", ErrPublishedNotCommitted, err)
	}
	return err
}

// maxKeptWriteSet bounds the write set buffer a store keeps between
// transactions.
const maxKeptWriteSet = 16 << 20

// ReleaseMemory lets the kernel drop the pages of the database file that are
// mapped into the process (see releaseMapped). The data stays in the file and
// the page cache; the next read maps a page again. The daemon calls it a few
// times a second, which keeps its RSS to what it really uses.
func (s *Store) ReleaseMemory() error {
	// A read transaction holds off remapping, so the mapping stays put.
	return s.db.View(func(tx *bolt.Tx) error { return releaseMapped(s.db, tx) })
}

// View runs fn in a read-only snapshot.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx, cache: &s.cache, texts: &s.texts}) })
}

// Backup writes a consistent copy of the whole database to w while writes go
// on, and returns the bytes written. size, if not nil, is told the copy's
// size before the first byte is written (an HTTP handler sets
// Content-Length with it).
func (s *Store) Backup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// ReadOnly reports whether the store was opened with Options.ReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Size is the database's size in bytes as its meta page records it. A file
// shorter than that was cut short (a partial copy): reading the pages it
// lacks would fault, so a copy's checker compares sizes before Check.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// Check verifies bbolt's own page consistency and every incident's hash
// chain, and returns every problem found. A file shorter than Size is
// reported as corrupt without reading further.
func (s *Store) Check() error {
	var errs []error
	err := s.db.View(func(tx *bolt.Tx) error {
		var short bool
		if errs, short = s.checkFile(tx); short {
			return nil
		}
		incidents := tx.Bucket(bucketIncidents)
		if incidents == nil || tx.Bucket(bucketTimeline) == nil {
			// A file opened read-only need not have every bucket yet.
			return nil
		}
		t := &Tx{tx: tx, cache: &s.cache, texts: &s.texts}
		return incidents.ForEach(func(k, _ []byte) error {
			if err := t.VerifyTimeline(string(k)); err != nil {
				errs = append(errs, err)
			}
			return nil
		})
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// CheckFile verifies what belongs to no one incident: the file is as long
// as bbolt's meta page says, bbolt's pages are consistent, and every
// timeline event has an incident record. Each incident's own timeline is
// VerifyTimeline's.
func (s *Store) CheckFile() error {
	var errs []error
	err := s.db.View(func(tx *bolt.Tx) error {
		errs, _ = s.checkFile(tx)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkFile returns CheckFile's problems; short is true when the file is
// cut short, and nothing past its size was read.
func (s *Store) checkFile(tx *bolt.Tx) (errs []error, short bool) {
	if fi, err := os.Stat(s.path); err != nil {
		return []error{err}, true
	} else if fi.Size() < tx.Size() {
		return []error{fmt.Errorf("%w: the file is %d bytes of %d", ErrCorrupt, fi.Size(), tx.Size())}, true
	}
	for err := range tx.Check() {
		errs = append(errs, err)
	}
	incidents, timeline := tx.Bucket(bucketIncidents), tx.Bucket(bucketTimeline)
	if incidents == nil || timeline == nil {
		return errs, false
	}
	// Events whose incident is gone.
	err := timeline.ForEach(func(k, _ []byte) error {
		id, _, ok := bytes.Cut(k, []byte{0})
		if !ok || incidents.Get(id) == nil {
			errs = append(errs, fmt.Errorf("%w: timeline event %q belongs to no incident", ErrCorrupt, k))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs, false
}
