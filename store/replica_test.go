package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// stateLog is a state log in memory: the change records a leader
// published, refusing one that does not follow the last (the fencing a
// replicated log gives).
type stateLog struct {
	records [][]byte
	// fail, when set, refuses the next publish with it.
	fail error
}

func (l *stateLog) publish(change []byte, after uint64) (uint64, error) {
	if err := l.fail; err != nil {
		l.fail = nil
		return 0, err
	}
	if after != uint64(len(l.records)) {
		return 0, fmt.Errorf("expected last sequence %d, the log is at %d", after, len(l.records))
	}
	l.records = append(l.records, bytes.Clone(change))
	return uint64(len(l.records)), nil
}

// openLeader opens a store in a temp dir that publishes to a new log.
func openLeader(t *testing.T) (*store.Store, *stateLog) {
	t.Helper()
	l := &stateLog{}
	return openAt(t, filepath.Join(t.TempDir(), "leader.db"), store.Options{Publish: l.publish}), l
}

func openReplica(t *testing.T) *store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "replica.db"), store.Options{Replica: true})
}

// applyAll applies the log's records from the first, in order.
func applyAll(t *testing.T, s *store.Store, l *stateLog) {
	t.Helper()
	for i, rec := range l.records {
		require.NoError(t, s.ApplyChange(uint64(i+1), rec), "record %d", i+1)
	}
}

// workload drives s through a mix of what the daemon does, at random but
// the same for a seed: batches of alerts (new incidents, folded and
// silenced alerts, deliveries), obligations, timers armed, moved and
// fired, the outbox, silences, runs, status changes, Slack's bookkeeping,
// filed drafts, and transactions that roll back or write nothing.
func workload(t *testing.T, s *store.Store, seed uint64, rounds int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	update := func(fn func(tx *store.Tx) error) { require.NoError(t, s.Update(fn)) }
	now := t0
	var (
		ids     []string
		delSeq  uint64
		outbox  []uint64
		alertNo int
	)
	_, err := s.RedactionKey()
	require.NoError(t, err)
	update(func(tx *store.Tx) error {
		sil := &incident.Silence{Matchers: []incident.Matcher{{Field: "asset.id", Op: incident.OpEqual, Value: "quiet-1"}},
			StartsAt: t0, EndsAt: t0.Add(1000 * time.Hour), CreatedBy: "alice", Comment: "maintenance", CreatedAt: t0}
		require.NoError(t, sil.Validate())
		return tx.CreateSilence(sil)
	})
	for range rounds {
		now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
		switch op := rng.IntN(12); op {
		case 0, 1, 2: // a batch of alerts, some about silenced assets
			var alerts []*incident.Alert
			for range 1 + rng.IntN(40) {
				alertNo++
				asset := fmt.Sprintf("host-%d", rng.IntN(12))
				if rng.IntN(8) == 0 {
					asset = "quiet-1"
				}
				alerts = append(alerts, alert(fmt.Sprintf("a-%d", alertNo), asset, now))
			}
			if rng.IntN(4) == 0 { // a redelivery
				alerts = append(alerts, alerts[0])
			}
			outs, _ := triage(t, s, now, alerts...)
			for _, o := range outs {
				if o.Opened {
					ids = append(ids, o.Incident)
				}
			}
			update(func(tx *store.Tx) error {
				seqs := []uint64{delSeq + 1, delSeq + 2, delSeq + 4}
				delSeq += 4
				return tx.MarkDelivered(fmt.Sprintf("ALERTS-%d", delSeq/40), seqs...)
			})
		case 3: // an evaluation of obligations, with its timers
			if len(ids) == 0 {
				continue
			}
			id := ids[rng.IntN(len(ids))]
			update(func(tx *store.Tx) error {
				set := evaluation(t, id)
				if err := tx.PutObligations(set); err != nil {
					return err
				}
				var timers []store.Timer
				for i := range 1 + rng.IntN(3) {
					timers = append(timers, obligationTimer(t, incident.Timer{Incident: id, Regime: fmt.Sprintf("r%d", i),
						Kind: incident.TimerReminder, At: now.Add(time.Duration(1+rng.IntN(48)) * time.Hour)}))
				}
				return tx.ReplaceTimers(id, []string{string(incident.TimerReminder)}, timers)
			})
		case 4: // timers fire
			update(func(tx *store.Tx) error {
				due, err := tx.DueTimers(now.Add(24*time.Hour), 1+rng.IntN(4))
				if err != nil {
					return err
				}
				for _, tm := range due {
					if err := tx.DisarmTimer(tm); err != nil {
						return err
					}
				}
				return nil
			})
		case 5: // side effects enqueued
			update(func(tx *store.Tx) error {
				for range 1 + rng.IntN(3) {
					e := &store.OutboxEntry{Key: fmt.Sprintf("k-%d", rng.IntN(30)), Kind: "reminder",
						Payload: json.RawMessage(`{"to":"dpo"}`), CreatedAt: now}
					added, err := tx.Enqueue(e)
					if err != nil {
						return err
					}
					if added {
						outbox = append(outbox, e.ID)
					}
				}
				return nil
			})
		case 6: // side effects retried and carried out
			if len(outbox) == 0 {
				continue
			}
			i := rng.IntN(len(outbox))
			update(func(tx *store.Tx) error {
				e, err := tx.OutboxEntry(outbox[i])
				if err != nil || e == nil {
					return err
				}
				if rng.IntN(2) == 0 {
					e.Attempts++
					e.NextAt = now.Add(time.Minute)
					e.LastError = "503"
					return tx.RetryOutbox(e)
				}
				outbox = append(outbox[:i], outbox[i+1:]...)
				return tx.FinishOutbox(e.ID)
			})
		case 7: // a run and its wait
			if len(ids) == 0 {
				continue
			}
			id := ids[rng.IntN(len(ids))]
			update(func(tx *store.Tx) error {
				r := &incident.Run{ID: id + "/contain", Incident: id, Playbook: "contain", Status: incident.RunRunning,
					Alert: &incident.Alert{ID: "a-1", Severity: incident.SeverityHigh},
					Steps: []incident.RunStep{{Name: "wait", Kind: "wait", Status: incident.StepPending, Key: id + "/contain/wait"}}}
				if err := tx.PutRun(r); err != nil {
					return err
				}
				return tx.ArmTimer(stepTimer(t, now.Add(time.Hour), id, incident.TimerWait, r.ID, "wait"))
			})
		case 8: // a person moves an incident on; resolving it forgets its alerts
			if len(ids) == 0 {
				continue
			}
			id := ids[rng.IntN(len(ids))]
			inc := getIncident(t, s, id)
			next := map[incident.Status]incident.Status{incident.StatusOpen: incident.StatusAcknowledged,
				incident.StatusAcknowledged: incident.StatusResolved, incident.StatusContained: incident.StatusResolved}[inc.Status]
			if next != "" {
				change(t, s, id, func(inc *incident.Incident) ([]incident.Event, error) {
					return inc.SetStatus(next, "alice", "", now)
				})
			}
		case 9: // Slack's bookkeeping
			update(func(tx *store.Tx) error {
				key := fmt.Sprintf("post-%d", rng.IntN(5))
				if rng.IntN(3) == 0 {
					return tx.DeleteSlackPost(key)
				}
				if _, err := tx.SeenSlackRequest(fmt.Sprintf("d-%d", rng.IntN(20)), now, now.Add(5*time.Minute)); err != nil {
					return err
				}
				if err := tx.PutSlackMessage(fmt.Sprintf("INC-%d", rng.IntN(5)), store.SlackMessage{Channel: "C1", TS: "1.2", Want: 3}); err != nil {
					return err
				}
				return tx.PutSlackPost(key, store.SlackPost{Channel: "C1", StartedAt: now})
			})
		case 10: // a filed draft; old deliveries pruned
			update(func(tx *store.Tx) error {
				if len(ids) > 0 {
					if _, err := tx.PutFiledDraft(ids[rng.IntN(len(ids))], []byte(fmt.Sprintf("draft %d", rng.IntN(3)))); err != nil {
						return err
					}
				}
				_, err := tx.PruneDeliveries(fmt.Sprintf("ALERTS-%d", delSeq/40), delSeq/2)
				return err
			})
		case 11: // a transaction that rolls back, and one that writes nothing
			err := s.Update(func(tx *store.Tx) error {
				if _, err := tx.PutFiledDraft("INC-2026-0001", []byte("never")); err != nil {
					return err
				}
				return errors.New("changed my mind")
			})
			require.Error(t, err)
			update(func(tx *store.Tx) error {
				_, err := tx.DueOutbox(now, 10)
				return err
			})
		}
	}
}

// requireSameBuckets fails with the first few differences between two
// database files.
func requireSameBuckets(t *testing.T, pathA, pathB string) {
	t.Helper()
	diffs := bucketDiffs(t, pathA, pathB)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("… and %d more", len(diffs)-10))
	}
	require.Empty(t, diffs, "the two files differ")
}

// bucketDiffs compares two database files bucket by bucket, nested buckets
// and sequence numbers included, and returns the differences.
func bucketDiffs(t *testing.T, pathA, pathB string) []string {
	t.Helper()
	var diffs []string
	open := func(path string) *bolt.DB {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	a, b := open(pathA), open(pathB)
	require.NoError(t, a.View(func(ta *bolt.Tx) error {
		return b.View(func(tb *bolt.Tx) error {
			var walk func(path string, x, y *bolt.Bucket)
			walk = func(path string, x, y *bolt.Bucket) {
				if x.Sequence() != y.Sequence() {
					diffs = append(diffs, fmt.Sprintf("%s: sequence %d and %d", path, x.Sequence(), y.Sequence()))
				}
				cx, cy := x.Cursor(), y.Cursor()
				kx, vx := cx.First()
				ky, vy := cy.First()
				for kx != nil || ky != nil {
					switch c := compareKeys(kx, ky); {
					case c < 0:
						diffs = append(diffs, fmt.Sprintf("%s: %q only in %s", path, kx, pathA))
						kx, vx = cx.Next()
					case c > 0:
						diffs = append(diffs, fmt.Sprintf("%s: %q only in %s", path, ky, pathB))
						ky, vy = cy.Next()
					default:
						switch nx, ny := x.Bucket(kx), y.Bucket(ky); {
						case nx != nil && ny != nil:
							walk(fmt.Sprintf("%s/%s", path, kx), nx, ny)
						case nx != nil || ny != nil:
							diffs = append(diffs, fmt.Sprintf("%s: %q is a bucket in one file only", path, kx))
						case !bytes.Equal(vx, vy):
							diffs = append(diffs, fmt.Sprintf("%s: %q is %q and %q", path, kx, vx, vy))
						}
						kx, vx = cx.Next()
						ky, vy = cy.Next()
					}
				}
			}
			var rootA, rootB [][]byte
			_ = ta.ForEach(func(name []byte, _ *bolt.Bucket) error { rootA = append(rootA, bytes.Clone(name)); return nil })
			_ = tb.ForEach(func(name []byte, _ *bolt.Bucket) error { rootB = append(rootB, bytes.Clone(name)); return nil })
			if !slices.EqualFunc(rootA, rootB, bytes.Equal) {
				diffs = append(diffs, fmt.Sprintf("top-level buckets %q and %q", rootA, rootB))
				return nil
			}
			for _, name := range rootA {
				walk(string(name), ta.Bucket(name), tb.Bucket(name))
			}
			return nil
		})
	}))
	return diffs
}

// compareKeys orders keys with nil (the end of a bucket) last.
func compareKeys(a, b []byte) int {
	switch {
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return bytes.Compare(a, b)
}

// closeAll closes the stores, so that their files can be read.
func closeAll(t *testing.T, stores ...*store.Store) {
	t.Helper()
	for _, s := range stores {
		require.NoError(t, s.Close())
	}
}

func appliedSeq(t *testing.T, s *store.Store) uint64 {
	t.Helper()
	seq, err := s.AppliedSeq()
	require.NoError(t, err)
	return seq
}

// A replica that applies every record the leader published holds what the
// leader holds, bucket for bucket, and its timelines verify.
func TestAReplicaOfTheStateLogHoldsTheLeadersBuckets(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			leader, log := openLeader(t)
			workload(t, leader, seed, 150)
			require.NoError(t, leader.Check())
			requireEveryKindOfWrite(t, log)
			require.Equal(t, uint64(len(log.records)), appliedSeq(t, leader), "the leader records what the log took")

			replica := openReplica(t)
			applyAll(t, replica, log)
			require.NoError(t, replica.Check(), "the replica's timelines verify")
			require.Equal(t, appliedSeq(t, leader), appliedSeq(t, replica))
			closeAll(t, leader, replica)
			requireSameBuckets(t, leader.Path(), replica.Path())
		})
	}
}

// The comparison sees a write the replica missed: the test above could not
// pass with a write made around the write set.
func TestTheComparisonSeesAMissingWrite(t *testing.T) {
	leader, log := openLeader(t)
	workload(t, leader, 7, 40)
	replica := openReplica(t)
	applyAll(t, replica, log)
	require.NoError(t, leader.Update(func(tx *store.Tx) error {
		_, err := tx.PutFiledDraft("INC-2026-0001", []byte("not applied"))
		return err
	}))
	closeAll(t, leader, replica)
	require.Len(t, bucketDiffs(t, leader.Path(), replica.Path()), 2, "the draft, and the sequence the log gave it")
}

// A change the log refuses commits nothing: the leader's store is as
// before, and the records the log did take still make a replica equal to
// it.
func TestAChangeTheLogRefusesIsRolledBack(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	refused := errors.New("not the leader any more")
	log.fail = refused
	err := leader.Update(func(tx *store.Tx) error {
		c := incident.NewTriage(incident.DefaultPolicy(), tx)
		if _, err := c.Add(alert("a-2", "db-2", t0), t0); err != nil {
			return err
		}
		return tx.Apply(c.Changes())
	})
	require.ErrorIs(t, err, refused)
	require.Nil(t, getIncident(t, leader, "INC-2026-0002"), "nothing of the refused change is committed")
	require.Len(t, log.records, 1)
	require.Equal(t, uint64(1), appliedSeq(t, leader))

	triage(t, leader, t0, alert("a-3", "db-3", t0))
	require.Equal(t, "INC-2026-0002", getIncident(t, leader, "INC-2026-0002").ID, "the number the refused change took is given again")
	replica := openReplica(t)
	applyAll(t, replica, log)
	closeAll(t, leader, replica)
	requireSameBuckets(t, leader.Path(), replica.Path())
}

// A transaction that writes nothing publishes nothing.
func TestATransactionThatWritesNothingPublishesNothing(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	require.Len(t, log.records, 1)
	triage(t, leader, t0, alert("a-1", "db-1", t0)) // a repeat changes nothing
	require.NoError(t, leader.Update(func(tx *store.Tx) error {
		_, err := tx.Incident("INC-2026-0001")
		return err
	}))
	_, err := leader.RedactionKey()
	require.NoError(t, err)
	_, err = leader.RedactionKey() // the second time it only reads
	require.NoError(t, err)
	require.Len(t, log.records, 2, "the alert, then the redaction key")
}

// Records replayed (a replica restarting where its file says, a log
// delivering again) change nothing: each is applied once.
func TestReplayingTheStateLogChangesNothing(t *testing.T) {
	leader, log := openLeader(t)
	workload(t, leader, 11, 80)
	replica := openReplica(t)
	for i := range log.records {
		for _, j := range []int{i, max(i-1, 0), i} { // each record, the one before it again, and itself again
			require.NoError(t, replica.ApplyChange(uint64(j+1), log.records[j]))
		}
	}
	applyAll(t, replica, log) // all of them once more
	require.NoError(t, replica.Check())
	closeAll(t, leader, replica)
	requireSameBuckets(t, leader.Path(), replica.Path())
}

// A record cut short, damaged or of another format is refused and leaves
// the replica as it was, so is one whose writes do not apply to it, even
// after some of them were made; so is a record that skips some.
func TestABadRecordIsRefusedAndChangesNothing(t *testing.T) {
	leader, log := openLeader(t)
	workload(t, leader, 5, 40)
	require.Greater(t, len(log.records), 3)
	replica := openReplica(t)
	applyAll(t, replica, log)

	next := uint64(len(log.records) + 1)
	whole := log.records[len(log.records)-1]
	notApplying, err := (&store.Change{Writes: []store.Write{
		{Op: store.OpPut, Bucket: [][]byte{[]byte("incidents")}, Fill: 50, Key: []byte("INC-2026-9999"), Value: []byte(`{}`)},
		{Op: store.OpPut, Bucket: [][]byte{[]byte("deliveries"), []byte("nowhere")}, Fill: 50, Key: []byte("k"), Value: []byte("v")},
	}}).Encode()
	require.NoError(t, err)
	bad := map[string][]byte{
		"empty":                    nil,
		"cut short":                whole[:len(whole)/2],
		"its last byte lost":       whole[:len(whole)-1],
		"another format":           []byte(`{"puts":[]}`),
		"a later version":          append([]byte("BDCR\x02"), whole[5:]...),
		"an unknown codec":         append([]byte("BDCR\x01\x07"), whole[6:]...),
		"a byte flipped":           flip(whole, len(whole)-3),
		"writes that do not apply": notApplying,
	}
	for name, rec := range bad {
		t.Run(name, func(t *testing.T) {
			err := replica.ApplyChange(next, rec)
			require.ErrorIs(t, err, store.ErrBadChange)
			require.Equal(t, next-1, appliedSeq(t, replica))
		})
	}
	require.Nil(t, getIncident(t, replica, "INC-2026-9999"), "the write made before the one that failed is rolled back")

	require.ErrorIs(t, replica.ApplyChange(next+1, whole), store.ErrChangeGap, "a record after one missing")
	require.ErrorIs(t, replica.ApplyChange(0, whole), store.ErrBadChange, "the log numbers records from 1")
	closeAll(t, leader, replica)
	requireSameBuckets(t, leader.Path(), replica.Path())
}

// flip returns rec with the byte at i inverted.
func flip(rec []byte, i int) []byte {
	out := bytes.Clone(rec)
	out[i] ^= 0xff
	return out
}

// A replica takes records and refuses local writes; a leader the other way
// round; Promote and Demote switch, and a promoted replica publishes after
// the last record it applied.
func TestAStoreIsALeaderOrAReplica(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	require.ErrorIs(t, leader.ApplyChange(2, log.records[0]), store.ErrNotReplica)

	path := filepath.Join(t.TempDir(), "standby.db")
	standby := openAt(t, path, store.Options{Replica: true, Publish: log.publish})
	require.True(t, standby.Replica())
	applyAll(t, standby, log)
	err := standby.Update(func(tx *store.Tx) error { return tx.SaveIncident(getIncident(t, standby, "INC-2026-0001"), nil) })
	require.ErrorIs(t, err, store.ErrReplica)
	_, err = standby.RedactionKey()
	require.ErrorIs(t, err, store.ErrNotFound, "a replica does not make a key of its own")

	require.NoError(t, leader.Demote())
	standby.Promote()
	triage(t, standby, t0, alert("a-2", "db-2", t0))
	require.Len(t, log.records, 2)
	require.Equal(t, uint64(2), appliedSeq(t, standby))
	require.NoError(t, leader.ApplyChange(2, log.records[1]), "the former leader follows the log")
	require.Equal(t, "INC-2026-0002", getIncident(t, leader, "INC-2026-0002").ID)
	closeAll(t, leader, standby)
	requireSameBuckets(t, leader.Path(), standby.Path())
}

// Each record decodes back to the writes the transaction made, in order.
func TestAChangeRecordHoldsTheWritesInOrder(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	require.NoError(t, leader.Update(func(tx *store.Tx) error {
		require.NoError(t, tx.ArmTimer(stepTimer(t, t0, "INC-2026-0001", incident.TimerWait, "INC-2026-0001/p", "s")))
		return tx.MarkDelivered("ALERTS", 7)
	}))
	c, err := store.DecodeChange(log.records[1])
	require.NoError(t, err)
	var got []string
	for _, w := range c.Writes {
		got = append(got, fmt.Sprintf("%s %s %q", w.Op, bytes.Join(w.Bucket, []byte("/")), w.Key))
	}
	require.Equal(t, []string{
		fmt.Sprintf("put timers %q", append(binary.BigEndian.AppendUint64(nil, uint64(t0.UnixNano())), "INC-2026-0001\x00wait\x00INC-2026-0001/p/s"...)),
		`put timer_index "INC-2026-0001\x00wait\x00INC-2026-0001/p/s"`,
		`create bucket deliveries "ALERTS"`,
		`put deliveries/ALERTS "\x00\x00\x00\x00\x00\x00\x00\a"`,
	}, got)
	require.Equal(t, uint8(100), c.Writes[3].Fill, "deliveries fill their pages")

	first, err := store.DecodeChange(log.records[0])
	require.NoError(t, err)
	var seqs []string
	for _, w := range first.Writes {
		if w.Op == store.OpSetSequence {
			seqs = append(seqs, fmt.Sprintf("%s=%d", bytes.Join(w.Bucket, []byte("/")), w.Sequence))
		}
	}
	require.Equal(t, []string{"incident_ids/2026=1", "incident_order=1"}, seqs, "a replica gets the numbers, not increments")
}

// A change larger than the state log takes is not published, and the
// transaction is rolled back with ErrChangeTooLarge, so that the caller
// can commit its work in smaller parts.
func TestAChangeLargerThanTheLogTakesIsRolledBack(t *testing.T) {
	l := &stateLog{}
	s := openAt(t, filepath.Join(t.TempDir(), "leader.db"), store.Options{Publish: l.publish, MaxChange: 4096})
	var alerts []*incident.Alert
	for i := range 200 {
		alerts = append(alerts, alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i), t0))
	}
	err := s.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for _, a := range alerts {
			if _, err := tr.Add(a, t0); err != nil {
				return err
			}
		}
		return tx.Apply(tr.Changes())
	})
	require.ErrorIs(t, err, store.ErrChangeTooLarge)
	require.Empty(t, l.records)
	require.Nil(t, getIncident(t, s, "INC-2026-0001"))
	triage(t, s, t0, alerts[:5]...)
	require.Len(t, l.records, 1, "a smaller part goes through")
}

// A change the log took, after which the transaction fails, leaves the
// file behind the log: the store becomes a replica, refuses local writes,
// and catches up by applying the log.
func TestAChangePublishedButNotCommittedMakesTheStoreAReplica(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	var misnumbered [][]byte
	s := openAt(t, filepath.Join(t.TempDir(), "misnumbered.db"), store.Options{
		Publish: func(change []byte, after uint64) (uint64, error) {
			misnumbered = append(misnumbered, change)
			return after + 2, nil // taken, but not where the store expects
		},
	})
	_, err := s.RedactionKey()
	require.ErrorIs(t, err, store.ErrPublishedNotCommitted)
	require.ErrorIs(t, err, store.ErrChangeGap)
	require.Len(t, misnumbered, 1)
	require.True(t, s.Replica(), "the store follows the log from now on")
	err = s.Update(func(tx *store.Tx) error { return tx.PutSilence(&incident.Silence{ID: "SIL-0001"}) })
	require.ErrorIs(t, err, store.ErrReplica)

	require.NoError(t, s.ApplyChange(1, log.records[0]))
	require.Equal(t, "INC-2026-0001", getIncident(t, s, "INC-2026-0001").ID)
}

// A closed store refuses records rather than failing on them.
func TestAClosedStoreRefusesChangeRecords(t *testing.T) {
	leader, log := openLeader(t)
	triage(t, leader, t0, alert("a-1", "db-1", t0))
	replica := openReplica(t)
	require.NoError(t, replica.Close())
	require.Error(t, replica.ApplyChange(1, log.records[0]))
}

// requireEveryKindOfWrite checks that the log's records hold every kind
// of write, to every bucket the store writes but Slack's channels: the
// comparison of the files then means something.
func requireEveryKindOfWrite(t *testing.T, log *stateLog) {
	t.Helper()
	ops := make(map[store.Op]bool)
	buckets := make(map[string]bool)
	for _, rec := range log.records {
		c, err := store.DecodeChange(rec)
		require.NoError(t, err)
		for _, w := range c.Writes {
			ops[w.Op] = true
			if len(w.Bucket) > 0 {
				buckets[string(w.Bucket[0])] = true
			}
		}
	}
	for _, op := range []store.Op{store.OpPut, store.OpDelete, store.OpCreateBucket, store.OpDeleteBucket, store.OpSetSequence} {
		require.True(t, ops[op], "no %s in the log", op)
	}
	for _, name := range []string{"incidents", "incident_order", "timeline", "fingerprints", "correlations", "incident_ids",
		"stats", "deliveries", "obligations", "obligations_concerning", "obligation_texts", "timers", "timer_index",
		"outbox", "outbox_due", "outbox_keys", "silences", "meta", "runs", "alerts_taken", "filed_drafts",
		"slack_messages", "slack_posts", "slack_seen"} {
		require.True(t, buckets[name], "no write to %s in the log", name)
	}
}
