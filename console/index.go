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
	// without the fields that depend on the time (left, overdue); nil
	// until first sorted. The order depends on the deadlines alone, never
	// on the time.
	sorted []client.Deadline
	// changed are the incidents read again (or gone) since sorted was
	// made: their rows are replaced at the next visit.
	changed map[string]bool
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
	open []incident.Obligation
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
	for _, id := range stale {
		x.changed[id] = true
	}
	for _, id := range stale {
		inc, err := tx.Incident(id)
		if err != nil {
			return nil, err
		}
		if inc == nil {
			delete(x.m, id)
			continue
		}
		e, err := entry(tx, inc)
		if err != nil {
			return nil, err
		}
		x.m[id] = e
	}
	return x.m, nil
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
	rows := slices.Clone(x.sorted)
	for i := range rows {
		d := &rows[i]
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
		for _, o := range set.Obligations {
			if obligations.Open(o.Status) {
				e.open = append(e.open, o)
			}
		}
	}
	return e, nil
}

// mergeRows replaces in sorted the rows of the changed incidents with
// their rows in entries (none for an incident gone), keeping the order.
func mergeRows(sorted []client.Deadline, entries map[string]*indexEntry, changed map[string]bool) []client.Deadline {
	fresh := map[string]*indexEntry{}
	for id := range changed {
		if e := entries[id]; e != nil {
			fresh[id] = e
		}
	}
	add := sortRows(fresh)
	out := make([]client.Deadline, 0, len(sorted)+len(add))
	j := 0
	for i := range sorted {
		if changed[sorted[i].Incident] {
			continue
		}
		for j < len(add) && obligations.CompareDeadlines(&add[j], &sorted[i]) < 0 {
			out = append(out, add[j])
			j++
		}
		out = append(out, sorted[i])
	}
	return append(out, add[j:]...)
}

// sortRows lists the open obligations of every entry, most urgent first,
// each with its stored overdue mark in Overdue and nothing that depends on
// the time. It sorts small keys, not the rows: a row is large, and parsing
// the incident ids once spares every comparison from doing it.
func sortRows(entries map[string]*indexEntry) []client.Deadline {
	type key struct {
		urgency int
		due     time.Time
		year    int
		n       uint64
		row     int
	}
	var rows []client.Deadline
	var keys []key
	for _, e := range entries {
		year, n, _ := incident.ParseID(e.inc.ID)
		for i := range e.open {
			o := &e.open[i]
			d := client.Deadline{
				Incident: e.inc.ID, Title: e.inc.Title, Severity: e.inc.Severity.String(), IncidentStatus: e.inc.Status,
				Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient, RecipientKind: o.RecipientKind,
				Status: o.Status, DueAt: utc(o.DueAt), Due: o.Due, SubmittedAt: utc(o.SubmittedAt), Late: o.Late,
				Overdue: o.DueAt != nil && o.Overdue,
			}
			k := key{urgency: obligations.Urgency(&d), year: year, n: n, row: len(rows)}
			if d.DueAt != nil {
				k.due = *d.DueAt
			}
			rows = append(rows, d)
			keys = append(keys, k)
		}
	}
	// The order of obligations.CompareDeadlines, on keys computed once.
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.urgency, b.urgency); c != 0 {
			return c
		}
		// Within urgency 0 every row has a deadline; elsewhere none has,
		// and the zero times compare equal.
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		ra, rb := &rows[a.row], &rows[b.row]
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.n, b.n), cmp.Compare(ra.Incident, rb.Incident), cmp.Compare(ra.Regime, rb.Regime))
	})
	out := make([]client.Deadline, len(keys))
	for i, k := range keys {
		out[i] = rows[k.row]
	}
	return out
}

// nextDeadline is obligations.NextDeadline over the entry's open
// obligations (it reads only the open ones).
func (e *indexEntry) nextDeadline(now time.Time) *client.NextDeadline {
	return obligations.NextDeadline(&incident.Obligations{Incident: e.inc.ID, Obligations: e.open}, now)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Warm reads every incident's open obligations into the console's index,
// which the first visit to the Deadlines page would do otherwise: that
// decodes every stored obligation set once (seconds at ten thousand
// incidents). Call it once after start, from a goroutine of its own; the
// pages are right whether it ran, runs or not.
func (c *Console) Warm() error {
	return c.opts.Store.View(func(tx *store.Tx) error {
		_, err := c.idx.deadlines(tx, c.opts.Now())
		return err
	})
}
