package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// Layouts change with releases; each change brings its migration here, run
// at Open in the transaction that creates the buckets, so that a file
// written by an earlier release opens as if written by this one.

// metaTimerLayout records the layout of the timer buckets. timerLayout is
// the one layout of timers.go, for every kind. A file without it holds the
// layout before: obligation timers in timers and timer_index keyed without
// their kind, and run timers in a bucket of their own, run_timers.
var (
	metaTimerLayout = []byte("timer_layout")
	timerLayout     = []byte("2")
	bucketRunTimers = []byte("run_timers")
)

// migrate brings the file's layout up to date.
func migrate(t *Tx) error {
	if err := migrateTimers(t); err != nil {
		return fmt.Errorf("migrate the timers to one layout: %w", err)
	}
	if err := migrateConcerning(t); err != nil {
		return fmt.Errorf("store the obligations that concern each incident: %w", err)
	}
	return nil
}

// metaConcerning records that every incident's concerning obligations are
// stored beside its full set (bucketConcerning); a file without it was
// written before they were.
var metaConcerning = []byte("concerning_obligations")

// migrateConcerning stores the concerning obligations of every incident
// whose full set an earlier release stored alone.
func migrateConcerning(t *Tx) error {
	meta := t.bucket(bucketMeta)
	if meta.Get(metaConcerning) != nil {
		return nil
	}
	concerning := t.bucket(bucketConcerning)
	err := t.EachObligations(func(set *incident.Obligations) error {
		return putConcerning(concerning, set)
	})
	if err != nil {
		return err
	}
	return meta.Put(metaConcerning, []byte("1"))
}

// migrateTimers moves every timer of the earlier layout into the current
// one: the obligations' timers keep their data and gain their kind in the
// key; a run's timer becomes a wait or an approval expiry, by its step.
func migrateTimers(t *Tx) error {
	meta := t.bucket(bucketMeta)
	if string(meta.Get(metaTimerLayout)) == string(timerLayout) {
		return nil
	}
	var moved []Timer
	err := t.bucket(bucketTimers).ForEach(func(k, v []byte) error {
		var old incident.Timer
		if err := json.Unmarshal(v, &old); err != nil {
			return fmt.Errorf("%w: timer %q: %v", ErrCorrupt, k, err)
		}
		tm, err := ObligationTimer(old)
		moved = append(moved, tm)
		return err
	})
	if err != nil {
		return err
	}
	if b := t.bucket(bucketRunTimers); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			tm, err := migrateRunTimer(t, v)
			if err != nil {
				return fmt.Errorf("%w: run timer %q: %v", ErrCorrupt, k, err)
			}
			moved = append(moved, tm)
			return nil
		})
		if err != nil {
			return err
		}
		if err := t.deleteBucket(bucketRunTimers); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bucketTimers, bucketTimerIndex} {
		if err := t.deleteBucket(name); err != nil {
			return err
		}
		if _, err := t.createBucketIfNotExists(name); err != nil {
			return err
		}
	}
	for _, tm := range moved {
		if err := t.ArmTimer(tm); err != nil {
			return err
		}
	}
	return meta.Put(metaTimerLayout, timerLayout)
}

// migrateRunTimer reads one timer of the run_timers bucket: its run tells
// the incident, and its step whether it is a wait or an approval's expiry.
// A timer whose run is gone becomes a wait, which its handler drops.
func migrateRunTimer(t *Tx, v []byte) (Timer, error) {
	var old struct {
		At   time.Time `json:"at"`
		Run  string    `json:"run"`
		Step string    `json:"step"`
	}
	if err := json.Unmarshal(v, &old); err != nil {
		return Timer{}, err
	}
	id, _, _ := strings.Cut(old.Run, "/")
	kind := incident.TimerWait
	if raw := t.bucket(bucketRuns).Get([]byte(old.Run)); raw != nil {
		var r incident.Run
		if err := json.Unmarshal(raw, &r); err != nil {
			return Timer{}, fmt.Errorf("run %s: %v", old.Run, err)
		}
		id = r.Incident
		if s := r.Step(old.Step); s != nil && s.Kind == "approval" {
			kind = incident.TimerApprovalExpiry
		}
	}
	return StepTimer(old.At, id, kind, incident.StepTimer{Run: old.Run, Step: old.Step})
}
