package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// Timer is one durable wake-up: at At, the timer service hands it to the
// handler of its Kind (a deadline reminder, an overdue mark, a playbook's
// wait, an approval's expiry; see package timers). Incident, Kind and Name
// are its identity: arming a timer of the same identity again moves it.
// Data is the kind's own, read only by its handler.
type Timer struct {
	At       time.Time       `json:"at"`
	Kind     string          `json:"kind"`
	Incident string          `json:"incident"`
	Name     string          `json:"name"`
	Data     json.RawMessage `json:"data,omitempty"`
}

// Validate checks the identity: a kind, an incident and a name, with no
// NUL byte in the first two (it separates them in the keys).
func (tm Timer) Validate() error {
	switch {
	case tm.Kind == "" || strings.IndexByte(tm.Kind, 0) >= 0:
		return fmt.Errorf("timer %q of %s: the kind must be set, without NUL bytes", tm.Name, tm.Incident)
	case tm.Incident == "" || strings.IndexByte(tm.Incident, 0) >= 0:
		return fmt.Errorf("%s timer %q: the incident must be set, without NUL bytes", tm.Kind, tm.Name)
	case tm.Name == "":
		return fmt.Errorf("%s timer of %s: the name must be set", tm.Kind, tm.Incident)
	}
	return nil
}

// All timers, of every kind, are kept in one layout of two buckets: timers,
// keyed by firing time, so that the due ones are a prefix scan; and
// timer_index, keyed by identity, so that an incident's timers are found,
// moved and replaced without a scan.
//
//	timers:      at (8 bytes, unix ns, big endian) | identity → 0x01 | data
//	timer_index: identity                                      → timers key
//	identity:    incident | 0x00 | kind | 0x00 | name
//
// A timer's value is its Data alone, after a layout byte: the rest is in
// the key. (An incident with breach facts has two dozen timers; the value
// used to be the whole Timer as JSON, twice the size.) A value that starts
// with '{' is the earlier layout, the whole Timer as JSON, and is still
// read; it is also what a timer whose time the key cannot hold exactly (in
// a zone other than UTC, or outside 1970-2261) is stored as.

// timerCompact is the first byte of a timer's value that holds only its
// Data.
const timerCompact = 0x01

// encodeTimer is tm's value in the timers bucket.
func encodeTimer(tm Timer) ([]byte, error) {
	if _, off := tm.At.Zone(); off != 0 || tm.At.Year() < 1970 || tm.At.Year() > 2261 {
		return json.Marshal(tm)
	}
	b := bytes.NewBuffer(make([]byte, 0, 1+len(tm.Data)))
	b.WriteByte(timerCompact)
	if len(tm.Data) > 0 {
		// As json.Marshal(tm) would give it: compact, and checked.
		if err := json.Compact(b, tm.Data); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func timerIdentity(tm Timer) []byte {
	k := make([]byte, 0, len(tm.Incident)+len(tm.Kind)+len(tm.Name)+2)
	k = append(k, tm.Incident...)
	k = append(k, 0)
	k = append(k, tm.Kind...)
	k = append(k, 0)
	return append(k, tm.Name...)
}

func timerKey(tm Timer) []byte {
	return append(u64(uint64(max(tm.At.UnixNano(), 0))), timerIdentity(tm)...)
}

// ArmTimer stores tm, moving the incident's timer of the same kind and
// name if one is armed already.
func (t *Tx) ArmTimer(tm Timer) error {
	if err := tm.Validate(); err != nil {
		return err
	}
	raw, err := encodeTimer(tm)
	if err != nil {
		return fmt.Errorf("encode timer: %w", err)
	}
	idx, all := t.bucket(bucketTimerIndex), t.bucket(bucketTimers)
	// An incident's timers are indexed under its id, and incidents are
	// opened in id order: fill the index's pages fully.
	idx.fill(1)
	id := timerIdentity(tm)
	if old := idx.Get(id); old != nil {
		if err := all.Delete(bytes.Clone(old)); err != nil {
			return err
		}
	}
	k := timerKey(tm)
	if err := all.Put(k, raw); err != nil {
		return err
	}
	return idx.Put(id, k)
}

// DisarmTimer removes tm if it is still armed as it was read: a timer of
// the same identity armed since for another time stays. One that is gone
// is no error.
func (t *Tx) DisarmTimer(tm Timer) error {
	idx := t.bucket(bucketTimerIndex)
	id := timerIdentity(tm)
	k := timerKey(tm)
	if cur := idx.Get(id); cur == nil || !bytes.Equal(cur, k) {
		return nil
	}
	if err := t.bucket(bucketTimers).Delete(k); err != nil {
		return err
	}
	return idx.Delete(id)
}

// ReplaceTimers makes timers the incident's only timers of the given
// kinds; its timers of other kinds stay.
func (t *Tx) ReplaceTimers(incident string, kinds []string, timers []Timer) error {
	for _, tm := range timers {
		if tm.Incident != incident || !slices.Contains(kinds, tm.Kind) {
			return fmt.Errorf("%s timer %q of %s given to replace the %s timers of %s", tm.Kind, tm.Name, tm.Incident, strings.Join(kinds, ", "), incident)
		}
	}
	idx, all := t.bucket(bucketTimerIndex), t.bucket(bucketTimers)
	for _, kind := range kinds {
		prefix := timerIdentity(Timer{Incident: incident, Kind: kind})
		c := idx.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Seek(prefix) {
			if err := all.Delete(v); err != nil {
				return err
			}
			if err := idx.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, tm := range timers {
		if err := t.ArmTimer(tm); err != nil {
			return err
		}
	}
	return nil
}

// DueTimers returns up to limit timers due at now, earliest first; when
// kinds are given, only timers of those kinds (so that timers no handler
// takes do not hide the others).
func (t *Tx) DueTimers(now time.Time, limit int, kinds ...string) ([]Timer, error) {
	end := u64(uint64(max(now.UnixNano(), 0)))
	var out []Timer
	c := t.bucket(bucketTimers).Cursor()
	for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
		if len(k) < 8 || bytes.Compare(k[:8], end) > 0 {
			break
		}
		tm, err := decodeTimer(k, v)
		if err != nil {
			return nil, err
		}
		if len(kinds) == 0 || slices.Contains(kinds, tm.Kind) {
			out = append(out, tm)
		}
	}
	return out, nil
}

// Timers returns an incident's timers of every kind, earliest first.
func (t *Tx) Timers(incident string) ([]Timer, error) {
	prefix := append([]byte(incident), 0)
	var out []Timer
	all := t.bucket(bucketTimers)
	c := t.bucket(bucketTimerIndex).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		tm, err := decodeTimer(v, all.Get(v))
		if err != nil {
			return nil, err
		}
		out = append(out, tm)
	}
	slices.SortStableFunc(out, func(a, b Timer) int { return a.At.Compare(b.At) })
	return out, nil
}

// decodeTimer decodes the timer stored under the timers key k.
func decodeTimer(k, v []byte) (Timer, error) {
	var tm Timer
	switch {
	case v == nil:
		return tm, fmt.Errorf("%w: timer %q is indexed but not stored", ErrCorrupt, k)
	case v[0] == timerCompact:
		id := bytes.SplitN(k[min(len(k), 8):], []byte{0}, 3)
		if len(k) < 8 || len(id) != 3 {
			return tm, fmt.Errorf("%w: timer %q: not a timer's key", ErrCorrupt, k)
		}
		tm = Timer{At: time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC(),
			Incident: string(id[0]), Kind: string(id[1]), Name: string(id[2])}
		if len(v) > 1 {
			tm.Data = bytes.Clone(v[1:])
		}
	default:
		if err := json.Unmarshal(v, &tm); err != nil {
			return tm, fmt.Errorf("%w: timer %q: %v", ErrCorrupt, k, err)
		}
	}
	if err := tm.Validate(); err != nil {
		return tm, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return tm, nil
}

// ObligationTimer is the durable form of an obligation's timer (package
// obligations arms them); its Data is tm itself.
func ObligationTimer(tm incident.Timer) (Timer, error) {
	data, err := json.Marshal(tm)
	if err != nil {
		return Timer{}, fmt.Errorf("encode %s timer of %s: %w", tm.Kind, tm.Incident, err)
	}
	return Timer{At: tm.At, Kind: string(tm.Kind), Incident: tm.Incident, Name: tm.Name(), Data: data}, nil
}

// StepTimer is the durable form of a run step's timer (package runs arms
// them), of kind incident.TimerWait or incident.TimerApprovalExpiry; its
// Data is st.
func StepTimer(at time.Time, incidentID string, kind incident.TimerKind, st incident.StepTimer) (Timer, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return Timer{}, fmt.Errorf("encode %s timer of %s: %w", kind, st.Run, err)
	}
	return Timer{At: at, Kind: string(kind), Incident: incidentID, Name: st.Name(), Data: data}, nil
}
