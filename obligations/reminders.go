package obligations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// Reminder is one message about a deadline: Before it (Kind reminder) or
// passed (Kind overdue).
type Reminder struct {
	Kind      incident.TimerKind `json:"kind"`
	Incident  string             `json:"incident"`
	Title     string             `json:"title"`
	Severity  string             `json:"severity"`
	Regime    string             `json:"regime"`
	Recipient string             `json:"recipient"`
	Basis     string             `json:"basis"`
	Due       string             `json:"due"`
	DueAt     time.Time          `json:"due_at"`
	Before    time.Duration      `json:"before,omitempty"`
}

// Text is the reminder in one line, for people.
func (r Reminder) Text() string {
	if r.Kind == incident.TimerOverdue {
		return fmt.Sprintf("OVERDUE %s: the notification to %s (%s, %s) was due %s and no submission is recorded",
			r.Incident, r.Recipient, r.Regime, r.Basis, r.DueAt.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s: the notification to %s (%s, %s) is due in %s, at %s",
		r.Incident, r.Recipient, r.Regime, r.Basis, incident.OffsetLabel(r.Before), r.DueAt.Format(time.RFC3339))
}

// Notifier delivers reminders to people. An error leaves the reminder to
// be tried again.
type Notifier interface {
	Notify(ctx context.Context, r Reminder) error
}

// OutboxKind is the outbox kind of reminders.
const OutboxKind = "reminder"

// Deliver is the outbox sender of reminders: it hands each to n.
func Deliver(n Notifier) outbox.Sender {
	return outbox.SenderFunc(func(ctx context.Context, e store.OutboxEntry) (string, error) {
		var r Reminder
		if err := json.Unmarshal(e.Payload, &r); err != nil {
			return "", outbox.Permanent(fmt.Errorf("reminder payload: %w", err))
		}
		if err := n.Notify(ctx, r); err != nil {
			return "", err
		}
		return "", nil
	})
}

// Clock tells the time; tests pass a fixed one.
type Clock func() time.Time

// Reminders fires the durable timers: in one transaction it records the
// reminder on the timeline, leaves it in the outbox for delivery (see
// Deliver) and re-times the incident. A crash loses nothing: either all of
// it is committed or the timer fires again.
type Reminders struct {
	store   *store.Store
	tracker *Tracker
	now     Clock
	log     zerolog.Logger
	sent    *prometheus.CounterVec
}

// maxTimersPerRound bounds the timers one round handles; the next round
// takes the rest.
const maxTimersPerRound = 256

// NewReminders returns the timer loop; reg, when not nil, registers its
// counter.
func NewReminders(s *store.Store, t *Tracker, now Clock, log zerolog.Logger, reg prometheus.Registerer) *Reminders {
	r := &Reminders{store: s, tracker: t, now: now, log: log,
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_reminders_sent_total",
			Help: "Deadline reminders (kind reminder) and overdue warnings (kind overdue) issued for delivery.",
		}, []string{"kind"}),
	}
	if reg != nil {
		reg.MustRegister(r.sent)
	}
	return r
}

// Run fires due timers every interval until ctx ends.
func (r *Reminders) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := r.FireDue(ctx); err != nil && ctx.Err() == nil {
			r.log.Error().Err(err).Msg("deadline timers")
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// FireDue handles every timer due now and reports how many reminders it
// issued. A timer that no longer matches its obligation (the deadline moved,
// a submission was recorded) is dropped.
func (r *Reminders) FireDue(ctx context.Context) (int, error) {
	now := r.now()
	var due []incident.Timer
	err := r.store.View(func(tx *store.Tx) error {
		var err error
		due, err = tx.DueTimers(now, maxTimersPerRound)
		return err
	})
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, tm := range due {
		if ctx.Err() != nil {
			break
		}
		var issued bool
		err := r.store.Update(func(tx *store.Tx) error {
			var err error
			issued, err = r.fire(tx, tm, now)
			return err
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s of %s: %w", tm.Name(), tm.Incident, err))
			continue
		}
		if issued {
			sent++
			r.sent.WithLabelValues(string(tm.Kind)).Inc()
		}
	}
	return sent, errors.Join(errs...)
}

// fire handles one timer in tx and reports whether it issued a reminder.
func (r *Reminders) fire(tx *store.Tx, tm incident.Timer, now time.Time) (bool, error) {
	inc, err := tx.Incident(tm.Incident)
	if err != nil {
		return false, err
	}
	set, err := tx.Obligations(tm.Incident)
	if err != nil {
		return false, err
	}
	if inc == nil || set == nil {
		return false, tx.DeleteTimer(tm)
	}
	if tm.Kind == incident.TimerReevaluate {
		events, err := r.tracker.Reevaluate(tx, inc, now)
		if err != nil {
			return false, err
		}
		if err := tx.DeleteTimer(tm); err != nil {
			return false, err
		}
		return false, tx.SaveIncident(inc, events)
	}
	msg := r.message(inc, set, tm, now)
	if msg == nil {
		return false, tx.DeleteTimer(tm)
	}
	var events []incident.Event
	if msg.Kind == incident.TimerOverdue {
		events, err = inc.RecordOverdue(set, tm.Regime, now)
	} else {
		events, err = inc.RecordReminder(set, tm.Regime, msg.Before, r.tracker.offsets, now)
	}
	if err != nil {
		return false, err
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return false, err
	}
	key := fmt.Sprintf("%s/%s/%s/%s", tm.Kind, inc.ID, tm.Regime, tm.DueAt.UTC().Format(time.RFC3339))
	if msg.Kind == incident.TimerReminder {
		key += "/" + incident.OffsetLabel(msg.Before)
	}
	if _, err := tx.Enqueue(&store.OutboxEntry{Key: key, Kind: OutboxKind, Incident: inc.ID, Payload: payload, CreatedAt: now}); err != nil {
		return false, err
	}
	// Re-time the incident from the new state: this drops tm and the
	// reminders it made redundant.
	if err := r.tracker.store(tx, inc, set); err != nil {
		return false, err
	}
	return true, tx.SaveIncident(inc, events)
}

// current reports whether tm still matches its obligation in set: due by
// the same deadline, not overdue yet, and for a reminder not sent yet.
func (r *Reminders) current(set *incident.Obligations, tm incident.Timer) bool {
	o := set.Find(tm.Regime)
	if o == nil || o.Status != incident.ObligationDue || o.DueAt == nil || !o.DueAt.Equal(tm.DueAt) || o.Overdue {
		return false
	}
	return tm.Kind != incident.TimerReminder || !slices.Contains(o.RemindersSent, incident.OffsetLabel(tm.Before))
}

// message decides what tm says at now, or nil when it says nothing: it is
// stale, or it is a reminder whose deadline passed already (the overdue
// mark says it). Of the reminders whose time has come, only the most
// urgent is issued.
func (r *Reminders) message(inc *incident.Incident, set *incident.Obligations, tm incident.Timer, now time.Time) *Reminder {
	if !r.current(set, tm) {
		return nil
	}
	o := set.Find(tm.Regime)
	m := &Reminder{
		Kind: tm.Kind, Incident: inc.ID, Title: inc.Title, Severity: inc.Severity.String(),
		Regime: o.Regime, Recipient: o.Recipient, Basis: o.Basis, Due: o.Due, DueAt: o.DueAt.UTC(),
	}
	if tm.Kind == incident.TimerOverdue {
		return m
	}
	if !now.Before(tm.DueAt) {
		return nil
	}
	m.Before = tm.Before
	for _, off := range r.tracker.offsets { // largest first
		if off < m.Before && !tm.DueAt.Add(-off).After(now) && !slices.Contains(o.RemindersSent, incident.OffsetLabel(off)) {
			m.Before = off
		}
	}
	return m
}
