package obligations

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/timers"
)

// TimerKinds are the kinds of the obligations' timers, which Deadlines
// fires.
func TimerKinds() []string {
	return []string{string(incident.TimerReminder), string(incident.TimerOverdue), string(incident.TimerReevaluate)}
}

// Deadlines is the timer handler (timers.Handler) of the obligations'
// timers. A reminder or an overdue mark is recorded on the timeline, left
// in the outbox for delivery (see Deliver) and the incident re-timed; a
// re-evaluation (a hold lapsed) evaluates the obligations again. Each is a
// change through the commit path, so the hooks (Slack's message, the
// playbooks) see it like any other, and a crash loses nothing: either all
// of it is committed or the timer fires again.
type Deadlines struct {
	tracker *Tracker
	commit  timers.Committer
	sent    *prometheus.CounterVec
}

// NewDeadlines returns the handler; reg, when not nil, registers its
// counter.
func NewDeadlines(t *Tracker, c timers.Committer, reg prometheus.Registerer) *Deadlines {
	d := &Deadlines{tracker: t, commit: c,
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_reminders_sent_total",
			Help: "Deadline reminders (kind reminder) and overdue warnings (kind overdue) issued for delivery.",
		}, []string{"kind"}),
	}
	if reg != nil {
		reg.MustRegister(d.sent)
	}
	return d
}

// Fire handles one due timer and reports whether it issued a reminder or
// re-evaluated. A timer that no longer matches its obligation (the deadline
// moved, a submission was recorded) is only disarmed.
func (d *Deadlines) Fire(ctx context.Context, st store.Timer) (bool, error) {
	acted, err := timers.Fire(ctx, d.commit, st, incident.ObligationsActor, d.fire)
	if acted && st.Kind != string(incident.TimerReevaluate) {
		d.sent.WithLabelValues(st.Kind).Inc()
	}
	return acted, err
}

// fire carries out tm on inc in tx and returns the events it recorded.
func (d *Deadlines) fire(tx *store.Tx, inc *incident.Incident, tm incident.Timer, now time.Time) ([]incident.Event, error) {
	set, err := tx.Obligations(inc.ID)
	if err != nil || set == nil {
		return nil, err
	}
	if tm.Kind == incident.TimerReevaluate {
		return d.tracker.Reevaluate(tx, inc, now)
	}
	msg := d.message(inc, set, tm, now)
	if msg == nil {
		return nil, nil
	}
	var events []incident.Event
	if msg.Kind == incident.TimerOverdue {
		events, err = inc.RecordOverdue(set, tm.Regime, now)
	} else {
		events, err = inc.RecordReminder(set, tm.Regime, msg.Before, d.tracker.offsets, now)
	}
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s/%s/%s/%s", tm.Kind, inc.ID, tm.Regime, tm.DueAt.UTC().Format(time.RFC3339))
	if msg.Kind == incident.TimerReminder {
		key += "/" + incident.OffsetLabel(msg.Before)
	}
	if _, err := tx.Enqueue(&store.OutboxEntry{Key: key, Kind: OutboxKind, Incident: inc.ID, Payload: payload, CreatedAt: now}); err != nil {
		return nil, err
	}
	// Re-time the incident from the new state: this drops the reminders
	// the one issued made redundant.
	if err := d.tracker.store(tx, inc, set); err != nil {
		return nil, err
	}
	return events, nil
}

// current reports whether tm still matches its obligation in set: due by
// the same deadline, not overdue yet, and for a reminder not sent yet.
func current(set *incident.Obligations, tm incident.Timer) bool {
	o := set.Find(tm.Regime)
	if o == nil || !o.Status.Reminded() || o.DueAt == nil || !o.DueAt.Equal(tm.DueAt) || o.Overdue {
		return false
	}
	return tm.Kind != incident.TimerReminder || !slices.Contains(o.RemindersSent, incident.OffsetLabel(tm.Before))
}

// message decides what tm says at now, or nil when it says nothing: it is
// stale, or it is a reminder whose deadline passed already (the overdue
// mark says it). Of the reminders whose time has come, only the most
// urgent is issued.
func (d *Deadlines) message(inc *incident.Incident, set *incident.Obligations, tm incident.Timer, now time.Time) *Reminder {
	if !current(set, tm) {
		return nil
	}
	o := set.Find(tm.Regime)
	m := &Reminder{
		Kind: tm.Kind, Incident: inc.ID, Title: inc.Title, Severity: inc.Severity.String(), IssuedAt: now.UTC(),
		Regime: o.Regime, Recipient: o.Recipient, Basis: o.Basis, Due: o.Due, DueAt: o.DueAt.UTC(),
	}
	if tm.Kind == incident.TimerOverdue {
		return m
	}
	if !now.Before(tm.DueAt) {
		return nil
	}
	m.Before = tm.Before
	for _, off := range d.tracker.offsets { // largest first
		if off < m.Before && !tm.DueAt.Add(-off).After(now) && !slices.Contains(o.RemindersSent, incident.OffsetLabel(off)) {
			m.Before = off
		}
	}
	return m
}
