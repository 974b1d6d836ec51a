package console

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
)

// index keeps, per incident, what the Deadlines and Incidents pages show of
// it: its open obligations and the incident's title, severity and status.
// Decoding every incident's stored obligations (one per regime of the
// catalog) on every visit costs milliseconds an incident; the index decodes
// an incident's again only when its timeline head has moved.
//
// That is sound because every change to what the pages show records a
// timeline event: a status or severity change, a submission, an overdue
// mark, and any re-evaluation that moves an obligation's status or deadline
// (obligations_changed). The head is read from the store on every visit
// (Tx.Heads), whoever wrote it — this process, another front end, a standby
// applying the state log — so nothing is ever served from a stale entry.
// TestIndexMatchesListDeadlines holds it to obligations.ListDeadlines.
type index struct {
	mu sync.Mutex
	m  map[string]*indexEntry
	// sorted are the open obligations of every entry, most urgent first,
	// as references into the entries (a row is built from its reference
	// on a visit: a million rows kept whole took hundreds of MiB); nil
	// until first sorted. The order depends on the deadlines alone, never
	// on the time.
	sorted []rowRef
	// changed are the incidents read again (or gone) since sorted was
	// made: their rows are replaced at the next visit.
	changed map[string]bool
	// chunk is how many incidents Warm reads a transaction; 0 means
	// warmChunk.
	chunk int
}

// maxMerged is how many changed incidents a visit merges into the sorted
// rows; past it, sorting them all again is as quick.
const maxMerged = 256

// indexEntry is one incident as the index keeps it.
type indexEntry struct {
	seq  uint64
	head string
	// inc holds only the fields the rows use.
	inc incident.Incident
	// open are the open obligations, in the stored order.
	open []openObligation
}

// openObligation is what the rows show of an open obligation: the fields
// of incident.Obligation but its basis, clock and reason, which a million
// rows would otherwise hold.
type openObligation struct {
	Regime, Jurisdiction, Recipient, RecipientKind, Due string
	Status                                              incident.ObligationStatus
	DueAt, SubmittedAt                                  *time.Time
	Late, Overdue                                       bool
}

func (o *openObligation) obligation() incident.Obligation {
	return incident.Obligation{Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient,
		RecipientKind: o.RecipientKind, Status: o.Status, DueAt: o.DueAt, Due: o.Due, SubmittedAt: o.SubmittedAt,
		Late: o.Late, Overdue: o.Overdue}
}

// refreshLocked brings the index up to tx's state: the incidents whose
// head moved are read again, the ones gone are dropped. It returns the
// entries by incident id, to read while x.mu is held.
func (x *index) refreshLocked(tx *store.Tx) (map[string]*indexEntry, error) {
	if x.m == nil {
		x.m = map[string]*indexEntry{}
	}
	var stale []string
	seen := make(map[string]struct{}, len(x.m))
	err := tx.Heads(func(id string, seq uint64, head string) {
		seen[id] = struct{}{}
		if e := x.m[id]; e == nil || e.seq != seq || e.head != head {
			stale = append(stale, id)
		}
	})
	if err != nil {
		return nil, err
	}
	if x.changed == nil {
		x.changed = map[string]bool{}
	}
	for id := range x.m {
		if _, ok := seen[id]; !ok {
			delete(x.m, id)
			x.changed[id] = true
		}
	}
	if err := x.readLocked(tx, stale); err != nil {
		return nil, err
	}
	return x.m, nil
}

// readLocked reads the entries of the incidents ids again, marking them
// changed; x.mu is held.
func (x *index) readLocked(tx *store.Tx, ids []string) error {
	if x.changed == nil {
		x.changed = map[string]bool{}
	}
	for _, id := range ids {
		x.changed[id] = true
		inc, err := tx.Incident(id)
		if err != nil {
			return err
		}
		if inc == nil {
			delete(x.m, id)
			continue
		}
		e, err := entry(tx, inc)
		if err != nil {
			return err
		}
		x.m[id] = e
	}
	return nil
}

// warmChunk is how many incidents Warm reads in one read transaction.
const warmChunk = 1000

// warm reads the entries of at most x.chunk incidents after the
// incident after, in key order, unless they are current, and returns the
// last incident read ("" when none was left).
func (x *index) warm(tx *store.Tx, after string) (string, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.m == nil {
		x.m = map[string]*indexEntry{}
	}
	chunk := x.chunk
	if chunk == 0 {
		chunk = warmChunk
	}
	var stale []string
	last, err := tx.HeadsAfter(after, chunk, func(id string, seq uint64, head string) {
		if e := x.m[id]; e == nil || e.seq != seq || e.head != head {
			stale = append(stale, id)
		}
	})
	if err != nil {
		return "", err
	}
	return last, x.readLocked(tx, stale)
}

// deadlines refreshes the index from tx and lists the open obligations of
// every incident at now, most urgent first: the rows, in the order, of
// obligations.ListDeadlines(tx, false, now). The slice is the caller's.
func (x *index) deadlines(tx *store.Tx, now time.Time) ([]client.Deadline, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	entries, err := x.refreshLocked(tx)
	if err != nil {
		return nil, err
	}
	switch {
	case x.sorted == nil || len(x.changed) > maxMerged:
		x.sorted = sortRows(entries)
	case len(x.changed) > 0:
		x.sorted = mergeRows(x.sorted, entries, x.changed)
	}
	clear(x.changed)
	rows := make([]client.Deadline, len(x.sorted))
	for i := range rows {
		d := &rows[i]
		*d = x.sorted[i].row()
		if d.DueAt == nil {
			continue
		}
		left := int64(d.DueAt.Sub(now) / time.Second)
		d.LeftSeconds = &left
		// PastDue of the obligation: its overdue mark, kept in Overdue
		// by sortRows, or its deadline passed.
		d.Overdue = d.Overdue || !now.Before(*d.DueAt)
		d.Late = d.Overdue
	}
	return rows, nil
}

// nextDeadline is inc's next deadline at now, from its index entry when
// that is of inc's current head, else read afresh (and kept).
func (x *index) nextDeadline(tx *store.Tx, inc *incident.Incident, now time.Time) (*client.NextDeadline, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.m == nil {
		x.m = map[string]*indexEntry{}
	}
	e := x.m[inc.ID]
	if e == nil || e.seq != inc.TimelineSeq || e.head != inc.TimelineHead {
		var err error
		if e, err = entry(tx, inc); err != nil {
			return nil, err
		}
		x.m[inc.ID] = e
		// The sorted rows of the entry replaced are replaced at the
		// next visit: the refresh finds this one current.
		if x.changed == nil {
			x.changed = map[string]bool{}
		}
		x.changed[inc.ID] = true
	}
	return e.nextDeadline(now), nil
}

// entry reads inc's open obligations into a new index entry.
func entry(tx *store.Tx, inc *incident.Incident) (*indexEntry, error) {
	set, err := tx.ConcerningObligations(inc.ID)
	if err != nil {
		return nil, err
	}
	e := &indexEntry{seq: inc.TimelineSeq, head: inc.TimelineHead,
		inc: incident.Incident{ID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status}}
	if set != nil {
		n := 0
		for i := range set.Obligations {
			if obligations.Open(set.Obligations[i].Status) {
				n++
			}
		}
		if n > 0 {
			e.open = make([]openObligation, 0, n)
		}
		for i := range set.Obligations {
			if o := &set.Obligations[i]; obligations.Open(o.Status) {
				e.open = append(e.open, openObligation{Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient,
					RecipientKind: o.RecipientKind, Due: o.Due, Status: o.Status, DueAt: o.DueAt, SubmittedAt: o.SubmittedAt,
					Late: o.Late, Overdue: o.Overdue})
			}
		}
	}
	return e, nil
}

// rowRef is a row of the Deadlines page: open obligation i of entry e,
// with what orders it, computed once.
type rowRef struct {
	e       *indexEntry
	i       int
	urgency int
	due     time.Time
	year    int
	n       uint64
}

// row is the row r refers to, with its stored overdue mark in Overdue and
// nothing that depends on the time.
func (r *rowRef) row() client.Deadline {
	o := &r.e.open[r.i]
	return client.Deadline{
		Incident: r.e.inc.ID, Title: r.e.inc.Title, Severity: r.e.inc.Severity.String(), IncidentStatus: r.e.inc.Status,
		Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient, RecipientKind: o.RecipientKind,
		Status: o.Status, DueAt: utc(o.DueAt), Due: o.Due, SubmittedAt: utc(o.SubmittedAt), Late: o.Late,
		Overdue: o.DueAt != nil && o.Overdue,
	}
}

// compareRows is the order of obligations.CompareDeadlines, on what the
// references computed once.
func compareRows(a, b *rowRef) int {
	if c := cmp.Compare(a.urgency, b.urgency); c != 0 {
		return c
	}
	// Within urgency 0 every row has a deadline; elsewhere none has, and
	// the zero times compare equal.
	if c := a.due.Compare(b.due); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.n, b.n), cmp.Compare(a.e.inc.ID, b.e.inc.ID),
		cmp.Compare(a.e.open[a.i].Regime, b.e.open[b.i].Regime))
}

// mergeRows replaces in sorted the rows of the changed incidents with
// their rows in entries (none for an incident gone), keeping the order.
func mergeRows(sorted []rowRef, entries map[string]*indexEntry, changed map[string]bool) []rowRef {
	fresh := map[string]*indexEntry{}
	for id := range changed {
		if e := entries[id]; e != nil {
			fresh[id] = e
		}
	}
	add := sortRows(fresh)
	out := make([]rowRef, 0, len(sorted)+len(add))
	j := 0
	for i := range sorted {
		if changed[sorted[i].e.inc.ID] {
			continue
		}
		for j < len(add) && compareRows(&add[j], &sorted[i]) < 0 {
			out = append(out, add[j])
			j++
		}
		out = append(out, sorted[i])
	}
	return append(out, add[j:]...)
}

// sortRows lists the open obligations of every entry, most urgent first.
func sortRows(entries map[string]*indexEntry) []rowRef {
	n := 0
	for _, e := range entries {
		n += len(e.open)
	}
	refs := make([]rowRef, 0, n)
	for _, e := range entries {
		year, num, _ := incident.ParseID(e.inc.ID)
		for i := range e.open {
			r := rowRef{e: e, i: i, year: year, n: num}
			d := r.row()
			r.urgency = obligations.Urgency(&d)
			if d.DueAt != nil {
				r.due = *d.DueAt
			}
			refs = append(refs, r)
		}
	}
	slices.SortFunc(refs, func(a, b rowRef) int { return compareRows(&a, &b) })
	return refs
}

// nextDeadline is obligations.NextDeadline over the entry's open
// obligations (it reads only the open ones).
func (e *indexEntry) nextDeadline(now time.Time) *client.NextDeadline {
	set := &incident.Obligations{Incident: e.inc.ID, Obligations: make([]incident.Obligation, len(e.open))}
	for i := range e.open {
		set.Obligations[i] = e.open[i].obligation()
	}
	return obligations.NextDeadline(set, now)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Warm reads every incident's open obligations into the console's index,
// which the first visit to the Deadlines page would do otherwise, and
// sorts them. Call it once after start, from a goroutine of its own; the
// pages are right whether it ran, runs or not.
//
// It reads warmChunk incidents a read transaction, each chunk under the
// index's lock: a visit meanwhile waits for one chunk, not for them all,
// and no read transaction is held for seconds while the intake writes (a
// long one keeps bbolt from growing its map).
func (c *Console) Warm() error {
	for after := ""; ; {
		var last string
		err := c.opts.Store.View(func(tx *store.Tx) error {
			var err error
			last, err = c.idx.warm(tx, after)
			return err
		})
		if err != nil {
			return err
		}
		if last == "" {
			break
		}
		after = last
	}
	return c.opts.Store.View(func(tx *store.Tx) error {
		_, err := c.idx.deadlines(tx, c.opts.Now())
		return err
	})
}
