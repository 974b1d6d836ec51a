package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/breachd/breachd/incident"
)

// Timers are kept in two buckets: timers, keyed by firing time (so that the
// due ones are a prefix scan) and holding the timer; and timer_index, keyed
// by incident, so that an incident's timers can be replaced without a scan.
//
//	timers:      at (8 bytes, unix ns, big endian) | incident | 0x00 | name  → JSON timer
//	timer_index: incident | 0x00 | name                                     → timers key

func timerKey(tm incident.Timer) []byte {
	k := u64(uint64(max(tm.At.UnixNano(), 0)))
	k = append(k, tm.Incident...)
	k = append(k, 0)
	return append(k, tm.Name()...)
}

func timerIndexKey(tm incident.Timer) []byte {
	k := append([]byte(tm.Incident), 0)
	return append(k, tm.Name()...)
}

// ReplaceTimers makes timers the incident's only timers.
func (t *Tx) ReplaceTimers(id string, timers []incident.Timer) error {
	idx := t.tx.Bucket(bucketTimerIndex)
	all := t.tx.Bucket(bucketTimers)
	prefix := append([]byte(id), 0)
	c := idx.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Seek(prefix) {
		if err := all.Delete(v); err != nil {
			return err
		}
		if err := idx.Delete(k); err != nil {
			return err
		}
	}
	for _, tm := range timers {
		if tm.Incident != id {
			return fmt.Errorf("timer %s of %s given for %s", tm.Name(), tm.Incident, id)
		}
		if err := t.putTimer(tm); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) putTimer(tm incident.Timer) error {
	raw, err := json.Marshal(tm)
	if err != nil {
		return fmt.Errorf("encode timer: %w", err)
	}
	k := timerKey(tm)
	if err := t.tx.Bucket(bucketTimers).Put(k, raw); err != nil {
		return err
	}
	return t.tx.Bucket(bucketTimerIndex).Put(timerIndexKey(tm), k)
}

// DueTimers returns up to limit timers due at now, earliest first.
func (t *Tx) DueTimers(now time.Time, limit int) ([]incident.Timer, error) {
	end := u64(uint64(max(now.UnixNano(), 0)))
	var out []incident.Timer
	c := t.tx.Bucket(bucketTimers).Cursor()
	for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
		if bytes.Compare(k[:8], end) > 0 {
			break
		}
		var tm incident.Timer
		if err := json.Unmarshal(v, &tm); err != nil {
			return nil, fmt.Errorf("%w: timer %q: %v", ErrCorrupt, k, err)
		}
		out = append(out, tm)
	}
	return out, nil
}

// DeleteTimer removes one timer; a timer that is gone already is no error.
func (t *Tx) DeleteTimer(tm incident.Timer) error {
	idx := t.tx.Bucket(bucketTimerIndex)
	ik := timerIndexKey(tm)
	k := idx.Get(ik)
	if k == nil {
		return nil
	}
	if err := t.tx.Bucket(bucketTimers).Delete(bytes.Clone(k)); err != nil {
		return err
	}
	return idx.Delete(ik)
}

// Timers returns an incident's timers, earliest first.
func (t *Tx) Timers(id string) ([]incident.Timer, error) {
	prefix := append([]byte(id), 0)
	var out []incident.Timer
	all := t.tx.Bucket(bucketTimers)
	c := t.tx.Bucket(bucketTimerIndex).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var tm incident.Timer
		if err := json.Unmarshal(all.Get(v), &tm); err != nil {
			return nil, fmt.Errorf("%w: timer %q: %v", ErrCorrupt, v, err)
		}
		out = append(out, tm)
	}
	slices.SortFunc(out, func(a, b incident.Timer) int { return a.At.Compare(b.At) })
	return out, nil
}
