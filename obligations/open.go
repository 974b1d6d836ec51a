package obligations

import (
	"cmp"
	"slices"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Open reports whether an obligation of this status is still owed: due,
// needs_facts (the facts that say which possible regimes apply), held (owed
// once the hold lapses) and unknown (a jurisdiction whose duties nobody
// knows, which is never the same as nothing owed). Fulfilled, exempt, not
// applicable, not in force and possible (carried by needs_facts) are not.
func Open(s incident.ObligationStatus) bool {
	switch s {
	case incident.ObligationDue, incident.ObligationNeedsFacts, incident.ObligationHeld, incident.ObligationUnknown:
		return true
	}
	return false
}

// PastDue reports whether o is open and its deadline has passed at now:
// marked overdue by its timer, or past it already while the timer has not
// fired yet.
func PastDue(o *incident.Obligation, now time.Time) bool {
	return Open(o.Status) && o.DueAt != nil && (o.Overdue || !now.Before(*o.DueAt))
}

// ListDeadlines reads the open obligations of every incident in tx, most
// urgent first, with all the fulfilled ones after them. It reads each
// incident record once for its title and status, never its timeline.
func ListDeadlines(tx *store.Tx, all bool, now time.Time) (client.DeadlineList, error) {
	list := client.DeadlineList{GeneratedAt: now.UTC(), Deadlines: []client.Deadline{}}
	err := tx.EachConcerningObligations(func(set *incident.Obligations) error {
		var inc *incident.Incident
		for i := range set.Obligations {
			o := &set.Obligations[i]
			if !Open(o.Status) && (!all || o.Status != incident.ObligationFulfilled) {
				continue
			}
			if inc == nil {
				var err error
				if inc, err = tx.Incident(set.Incident); err != nil {
					return err
				}
				if inc == nil { // obligations of an incident that is gone: nothing to show
					return nil
				}
			}
			list.Deadlines = append(list.Deadlines, deadline(inc, o, now))
		}
		return nil
	})
	if err != nil {
		return client.DeadlineList{}, err
	}
	slices.SortFunc(list.Deadlines, func(a, b client.Deadline) int { return CompareDeadlines(&a, &b) })
	return list, nil
}

// deadline is the row of o, of inc, at now.
func deadline(inc *incident.Incident, o *incident.Obligation, now time.Time) client.Deadline {
	d := client.Deadline{
		Incident: inc.ID, Title: inc.Title, Severity: inc.Severity.String(), IncidentStatus: inc.Status,
		Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient, RecipientKind: o.RecipientKind,
		Status: o.Status, DueAt: utc(o.DueAt), Due: o.Due, SubmittedAt: utc(o.SubmittedAt), Late: o.Late,
	}
	if Open(o.Status) && o.DueAt != nil {
		left := int64(o.DueAt.Sub(now) / time.Second)
		d.LeftSeconds = &left
		d.Overdue = PastDue(o, now)
		d.Late = d.Overdue
	}
	return d
}

// Urgency ranks the groups of rows: open ones with a deadline, then open
// ones without (a duty without a numeric limit first, as it is owed now),
// then the fulfilled ones.
func Urgency(d *client.Deadline) int {
	switch {
	case d.Status == incident.ObligationFulfilled:
		return 3
	case d.DueAt != nil:
		return 0
	case d.Status == incident.ObligationDue:
		return 1
	}
	return 2
}

// CompareDeadlines orders rows by urgency, then deadline, then incident
// (by year and number) and regime, so that the order never depends on the
// store's: the order of GET /api/v1/deadlines and of the console.
func CompareDeadlines(a, b *client.Deadline) int {
	if c := cmp.Compare(Urgency(a), Urgency(b)); c != 0 {
		return c
	}
	if a.DueAt != nil && b.DueAt != nil {
		if c := a.DueAt.Compare(*b.DueAt); c != 0 {
			return c
		}
	}
	ya, na, _ := incident.ParseID(a.Incident)
	yb, nb, _ := incident.ParseID(b.Incident)
	return cmp.Or(cmp.Compare(ya, yb), cmp.Compare(na, nb), cmp.Compare(a.Incident, b.Incident), cmp.Compare(a.Regime, b.Regime))
}

// NextDeadline is the earliest deadline among the open obligations of set
// that have one, or nil when none has.
func NextDeadline(set *incident.Obligations, now time.Time) *client.NextDeadline {
	if set == nil {
		return nil
	}
	var next *incident.Obligation
	for i := range set.Obligations {
		o := &set.Obligations[i]
		if Open(o.Status) && o.DueAt != nil && (next == nil || o.DueAt.Before(*next.DueAt)) {
			next = o
		}
	}
	if next == nil {
		return nil
	}
	return &client.NextDeadline{Regime: next.Regime, DueAt: next.DueAt.UTC(), Overdue: PastDue(next, now)}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
