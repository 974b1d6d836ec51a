package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/incident"
)

// Tx is one transaction. Read-only transactions (from View) refuse writes.
// It implements incident.Ledger.
type Tx struct {
	tx    *bolt.Tx
	cache *decodeCache
	texts *sharedTexts
	// stored remembers what this transaction read of each incident, so that
	// saving an incident does not decode its stored copy a second time.
	stored map[string]storedIncident
	// tails holds the last timeline sequence number of each incident this
	// transaction appended to.
	tails map[string]uint64
	// ws records the transaction's writes when they are published
	// (Options.Publish); nil otherwise.
	ws *writeSet
}

type storedIncident struct {
	exists bool
	status incident.Status
}

var _ incident.Ledger = (*Tx)(nil)

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

// Incident returns the stored incident, or nil when there is none.
func (t *Tx) Incident(id string) (*incident.Incident, error) {
	raw := t.bucket(bucketIncidents).Get([]byte(id))
	if raw == nil {
		t.remember(id, storedIncident{})
		return nil, nil
	}
	inc := t.cache.get(id, raw)
	if inc == nil {
		var err error
		if inc, err = decodeIncident(id, raw); err != nil {
			return nil, err
		}
		t.cache.put(id, raw, inc)
	}
	t.remember(id, storedIncident{exists: true, status: inc.Status})
	return inc, nil
}

func (t *Tx) remember(id string, s storedIncident) {
	if t.stored == nil {
		t.stored = make(map[string]storedIncident)
	}
	t.stored[id] = s
}

// storedState says whether an incident is stored and in which status.
func (t *Tx) storedState(id string) (storedIncident, error) {
	if s, ok := t.stored[id]; ok {
		return s, nil
	}
	inc, err := t.Incident(id)
	if err != nil || inc == nil {
		return storedIncident{}, err
	}
	return storedIncident{exists: true, status: inc.Status}, nil
}

// IncidentByFingerprint returns the incident that last took this fingerprint.
func (t *Tx) IncidentByFingerprint(fp string) (string, error) {
	return string(t.bucket(bucketFingerprints).Get([]byte(fp))), nil
}

// IncidentByCorrelation returns the incident that last took this correlation key.
func (t *Tx) IncidentByCorrelation(key string) (string, error) {
	return string(t.bucket(bucketCorrelations).Get([]byte(key))), nil
}

// AlertTaken reports whether the active incident took an alert of this id.
func (t *Tx) AlertTaken(incidentID, alertID string) (bool, error) {
	b := t.bucket(bucketAlertsTaken)
	return b != nil && b.Get(takenKey(incidentID, alertID)) != nil, nil
}

// takenKey is incident id, NUL, alert id: an incident's alerts are one
// range, dropped together when it stops being active.
func takenKey(incidentID, alertID string) []byte {
	k := make([]byte, 0, len(incidentID)+1+len(alertID))
	k = append(k, incidentID...)
	k = append(k, 0)
	return append(k, alertID...)
}

// putTaken records the alerts incidents took, in key order: bbolt writes
// sorted keys to few pages, where a batch in arrival order touches many.
func (t *Tx) putTaken(taken []incident.TakenAlert) error {
	if len(taken) == 0 {
		return nil
	}
	keys := make([][]byte, len(taken))
	for i, a := range taken {
		keys[i] = takenKey(a.Incident, a.Alert)
	}
	slices.SortFunc(keys, bytes.Compare)
	b := t.bucket(bucketAlertsTaken)
	for _, k := range keys {
		if err := b.Put(k, []byte{}); err != nil {
			return fmt.Errorf("index alert id: %w", err)
		}
	}
	return nil
}

// forgetTaken drops the alerts an incident took: once it is no longer
// active, no alert folds into it, so no repeat needs recognising.
func (t *Tx) forgetTaken(incidentID string) error {
	c := t.bucket(bucketAlertsTaken).Cursor()
	prefix := takenKey(incidentID, "")
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("forget the alerts of %s: %w", incidentID, err)
		}
	}
	return nil
}

// NextIncidentNumber reserves the next number of the year. Numbers of a
// rolled-back transaction are reused, so ids have no gaps.
func (t *Tx) NextIncidentNumber(year int) (uint64, error) {
	b, err := t.bucket(bucketIncidentIDs).CreateBucketIfNotExists([]byte(strconv.Itoa(year)))
	if err != nil {
		return 0, fmt.Errorf("incident numbers of %d: %w", year, err)
	}
	return b.NextSequence()
}

// Apply persists what triage or a lifecycle change decided: incidents,
// timeline events and index entries.
func (t *Tx) Apply(c incident.Changes) error {
	for _, inc := range c.Incidents {
		if err := t.putIncident(inc); err != nil {
			return err
		}
	}
	if err := t.appendEvents(c.Events); err != nil {
		return err
	}
	for fp, id := range c.Fingerprints {
		if err := t.bucket(bucketFingerprints).Put([]byte(fp), []byte(id)); err != nil {
			return fmt.Errorf("index fingerprint: %w", err)
		}
	}
	for key, id := range c.Correlations {
		if err := t.bucket(bucketCorrelations).Put([]byte(key), []byte(id)); err != nil {
			return fmt.Errorf("index correlation key: %w", err)
		}
	}
	if err := t.putTaken(c.Taken); err != nil {
		return err
	}
	return t.countSilenced(c.Silenced, c.SilencedAt)
}

// SaveIncident persists one incident and the events recorded on it, the
// shape of every change a person makes through the API.
func (t *Tx) SaveIncident(inc *incident.Incident, events []incident.Event) error {
	return t.Apply(incident.Changes{Incidents: []*incident.Incident{inc}, Events: events})
}

func (t *Tx) putIncident(inc *incident.Incident) error {
	if err := inc.Validate(); err != nil {
		return fmt.Errorf("store incident: %w", err)
	}
	b := t.bucket(bucketIncidents)
	key := []byte(inc.ID)
	old, err := t.storedState(inc.ID)
	if err != nil {
		return err
	}
	if !old.exists {
		order := t.bucket(bucketOrder)
		order.fill(1) // append-only: fill pages fully
		n, err := order.NextSequence()
		if err != nil {
			return err
		}
		if err := order.Put(u64(n), key); err != nil {
			return fmt.Errorf("index incident %s: %w", inc.ID, err)
		}
	}
	if !old.exists || old.status != inc.Status {
		if old.exists {
			if err := t.addStat(old.status, -1); err != nil {
				return err
			}
			if old.status.Active() && !inc.Status.Active() {
				if err := t.forgetTaken(inc.ID); err != nil {
					return err
				}
			}
		}
		if err := t.addStat(inc.Status, 1); err != nil {
			return err
		}
	}
	t.remember(inc.ID, storedIncident{exists: true, status: inc.Status})
	raw, err := encodeIncident(inc)
	if err != nil {
		return fmt.Errorf("encode incident %s: %w", inc.ID, err)
	}
	if err := b.Put(key, raw); err != nil {
		return fmt.Errorf("store incident %s: %w", inc.ID, err)
	}
	// The next batch reads this record back: spare it the decoding.
	t.cache.put(inc.ID, raw, inc)
	return nil
}

func (t *Tx) addStat(s incident.Status, delta int64) error {
	b := t.bucket(bucketStats)
	var n int64
	if raw := b.Get([]byte(s)); len(raw) == 8 {
		n = int64(binary.BigEndian.Uint64(raw))
	}
	return b.Put([]byte(s), u64(uint64(n+delta)))
}

// TimelineKey is the key of an incident's event in the timeline bucket: the
// incident id, a zero byte, and the sequence number big-endian, so that an
// incident's events sort together and in order.
func TimelineKey(id string, seq uint64) []byte {
	k := make([]byte, 0, len(id)+9)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

// timelinePrefix is what every key of an incident's timeline starts with.
func timelinePrefix(id string) []byte {
	return append([]byte(id), 0)
}

// appendEvents adds events to their timelines. A timeline only grows: an
// event must carry the next sequence number of its incident.
func (t *Tx) appendEvents(events []incident.Event) error {
	// In key order, each Put finds the pages the one before it touched.
	// Sort pointers: events are large to move around.
	order := make([]*incident.Event, len(events))
	for i := range events {
		order[i] = &events[i]
	}
	slices.SortFunc(order, func(a, b *incident.Event) int {
		return cmp.Or(strings.Compare(a.Incident, b.Incident), cmp.Compare(a.Seq, b.Seq))
	})
	b := t.bucket(bucketTimeline)
	// Each incident's events append at the end of its key range: fill pages
	// fully rather than leaving half-empty pages behind every split.
	b.fill(1)
	for _, e := range order {
		last, err := t.lastSeq(b, e.Incident)
		if err != nil {
			return err
		}
		if e.Seq != last+1 {
			return fmt.Errorf("%w: timeline of %s is append-only: event %d offered where %d comes next", ErrCorrupt, e.Incident, e.Seq, last+1)
		}
		raw, err := encodeEvent(e)
		if err != nil {
			return fmt.Errorf("encode event %s#%d: %w", e.Incident, e.Seq, err)
		}
		if err := b.Put(TimelineKey(e.Incident, e.Seq), raw); err != nil {
			return fmt.Errorf("append event %s#%d: %w", e.Incident, e.Seq, err)
		}
		t.tails[e.Incident] = e.Seq
	}
	// In the same transaction, for the next checkpoint (movedheads.go);
	// the events are sorted, so each incident is marked once.
	for i, e := range order {
		if i > 0 && order[i-1].Incident == e.Incident {
			continue
		}
		if err := t.markMoved(e.Incident); err != nil {
			return fmt.Errorf("mark the head of %s moved: %w", e.Incident, err)
		}
	}
	return nil
}

// lastSeq returns the sequence number of an incident's last stored event
// (0 for none), looking it up once per transaction.
func (t *Tx) lastSeq(b *bucket, id string) (uint64, error) {
	if seq, ok := t.tails[id]; ok {
		return seq, nil
	}
	if t.tails == nil {
		t.tails = make(map[string]uint64)
	}
	prefix := timelinePrefix(id)
	c := b.Cursor()
	k, _ := c.Seek(TimelineKey(id, ^uint64(0)))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	var seq uint64
	if k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8 {
		seq = binary.BigEndian.Uint64(k[len(prefix):])
	}
	t.tails[id] = seq
	return seq, nil
}

// Timeline returns an incident's events in key order, or ErrNotFound. It
// does not judge them: VerifyTimeline (and incident.VerifyChain) do.
func (t *Tx) Timeline(id string) ([]incident.Event, error) {
	prefix := timelinePrefix(id)
	var events []incident.Event
	prev := incident.GenesisHash
	c := t.bucket(bucketTimeline).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("%w: timeline key %q of %s is malformed", ErrCorrupt, k, id)
		}
		e, err := decodeEvent(id, binary.BigEndian.Uint64(k[len(prefix):]), prev, v)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
		prev = e.Hash
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("timeline of %s: %w", id, ErrNotFound)
	}
	return events, nil
}

// VerifyTimeline checks an incident's hash chain, that its head matches the
// incident record, and that every field of the record its events record
// (status, severity, alert count, facts…; see incident.CheckAgainst) says
// what they say.
func (t *Tx) VerifyTimeline(id string) error {
	inc, err := t.Incident(id)
	if err != nil {
		return err
	}
	if inc == nil {
		return fmt.Errorf("incident %s: %w", id, ErrNotFound)
	}
	events, err := t.Timeline(id)
	if err != nil {
		return err
	}
	if seq, err := incident.VerifyChain(events); err != nil {
		return fmt.Errorf("%w: timeline of %s broken at event %d: %v", ErrCorrupt, id, seq, err)
	}
	last := events[len(events)-1]
	switch {
	case last.Seq != inc.TimelineSeq:
		return fmt.Errorf("%w: timeline of %s ends at event %d but the incident records %d events", ErrCorrupt, id, last.Seq, inc.TimelineSeq)
	case last.Hash != inc.TimelineHead:
		return fmt.Errorf("%w: timeline of %s ends at event %d whose hash %.12s… is not the incident's head %.12s…", ErrCorrupt, id, last.Seq, last.Hash, inc.TimelineHead)
	}
	// The chain is intact; the record must also say what its events say,
	// or someone changed the record without an event.
	ms, err := inc.CheckAgainst(events)
	if err != nil {
		return fmt.Errorf("%w: timeline of %s contradicts itself: %v", ErrCorrupt, id, err)
	}
	if len(ms) > 0 {
		problems := make([]string, len(ms))
		for i, m := range ms {
			problems[i] = m.String()
		}
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, id, strings.Join(problems, "; "))
	}
	return nil
}

// StatusCounts returns how many incidents are in each status.
func (t *Tx) StatusCounts() map[incident.Status]int64 {
	counts := make(map[incident.Status]int64)
	for _, s := range incident.Statuses() {
		if raw := t.bucket(bucketStats).Get([]byte(s)); len(raw) == 8 {
			counts[s] = int64(binary.BigEndian.Uint64(raw))
		} else {
			counts[s] = 0
		}
	}
	return counts
}

// IncidentIDs returns the id of every incident record, in key order.
func (t *Tx) IncidentIDs() []string {
	var ids []string
	if b := t.bucket(bucketIncidents); b != nil {
		_ = b.ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	}
	return ids
}

// Heads calls fn with every incident's timeline head (its id, the sequence
// of its last event and that event's hash), as its record has them, in key
// order.
func (t *Tx) Heads(fn func(id string, seq uint64, head string)) error {
	_, err := t.HeadsAfter("", -1, fn)
	return err
}

// HeadsAfter is Heads for at most limit incidents (all when negative), in
// key order from the one after after ("" from the first). It returns the
// last incident read, "" when there was none left, for the next call.
func (t *Tx) HeadsAfter(after string, limit int, fn func(id string, seq uint64, head string)) (string, error) {
	b := t.bucket(bucketIncidents)
	if b == nil {
		return "", nil
	}
	c := b.Cursor()
	k, v := c.Seek([]byte(after))
	if k != nil && after != "" && string(k) == after {
		k, v = c.Next()
	}
	last := ""
	for n := 0; k != nil && n != limit; k, v = c.Next() {
		h, err := decodeHead(k, v)
		if err != nil {
			return "", err
		}
		last = h.Incident
		fn(last, h.Seq, h.Hash)
		n++
	}
	return last, nil
}
