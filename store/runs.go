package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
)

// Playbook runs and their timers:
//
//	runs:       run id (incident/playbook[/alert hash])          → JSON run
//	run_timers: at (8 bytes, unix ns, big endian) | run id | 0x00 | step → JSON RunTimer
//
// A run id starts with its incident's id and a slash, so an incident's runs
// are a prefix scan. A run waits on at most one timer at a time: a delay or
// an approval's expiry.

// RunTimer wakes a run at At: a wait ends, or an approval expires.
type RunTimer struct {
	At   time.Time `json:"at"`
	Run  string    `json:"run"`
	Step string    `json:"step"`
}

func runTimerKey(tm RunTimer) []byte {
	k := u64(uint64(max(tm.At.UnixNano(), 0)))
	k = append(k, tm.Run...)
	k = append(k, 0)
	return append(k, tm.Step...)
}

// Run returns the stored run, or nil when there is none.
func (t *Tx) Run(id string) (*incident.Run, error) {
	raw := t.tx.Bucket(bucketRuns).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	var r incident.Run
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("%w: run %s: %v", ErrCorrupt, id, err)
	}
	return &r, nil
}

// HasRun reports whether the run is stored, without decoding it: the
// ingest path asks this of every run-once playbook for every alert that
// joins an incident.
func (t *Tx) HasRun(id string) bool {
	return t.tx.Bucket(bucketRuns).Get([]byte(id)) != nil
}

// PutRun stores a run, replacing its previous state.
func (t *Tx) PutRun(r *incident.Run) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("store run: %w", err)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode run %s: %w", r.ID, err)
	}
	return t.tx.Bucket(bucketRuns).Put([]byte(r.ID), raw)
}

// Runs returns an incident's runs in run id order.
func (t *Tx) Runs(incidentID string) ([]*incident.Run, error) {
	prefix := []byte(incidentID + "/")
	var out []*incident.Run
	c := t.tx.Bucket(bucketRuns).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r incident.Run
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, fmt.Errorf("%w: run %s: %v", ErrCorrupt, k, err)
		}
		out = append(out, &r)
	}
	return out, nil
}

// CountRuns is how many runs an incident has had.
func (t *Tx) CountRuns(incidentID string) int {
	prefix := []byte(incidentID + "/")
	n := 0
	c := t.tx.Bucket(bucketRuns).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// PutRunTimer arms a run timer.
func (t *Tx) PutRunTimer(tm RunTimer) error {
	raw, err := json.Marshal(tm)
	if err != nil {
		return fmt.Errorf("encode run timer: %w", err)
	}
	return t.tx.Bucket(bucketRunTimers).Put(runTimerKey(tm), raw)
}

// DeleteRunTimer disarms a run timer; one that is gone is no error.
func (t *Tx) DeleteRunTimer(tm RunTimer) error {
	return t.tx.Bucket(bucketRunTimers).Delete(runTimerKey(tm))
}

// DueRunTimers returns up to limit run timers due at now, earliest first.
func (t *Tx) DueRunTimers(now time.Time, limit int) ([]RunTimer, error) {
	end := u64(uint64(max(now.UnixNano(), 0)))
	var out []RunTimer
	c := t.tx.Bucket(bucketRunTimers).Cursor()
	for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
		if len(k) < 8 || bytes.Compare(k[:8], end) > 0 {
			break
		}
		var tm RunTimer
		if err := json.Unmarshal(v, &tm); err != nil {
			return nil, fmt.Errorf("%w: run timer %q: %v", ErrCorrupt, k, err)
		}
		out = append(out, tm)
	}
	return out, nil
}
