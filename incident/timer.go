package incident

import (
	"fmt"
	"slices"
	"time"
)

// TimerKind says what a timer does when it fires.
type TimerKind string

// Timer kinds.
const (
	// TimerReminder reminds people of a deadline Before ahead of it.
	TimerReminder TimerKind = "reminder"
	// TimerOverdue marks an obligation overdue when its deadline passes.
	TimerOverdue TimerKind = "overdue"
	// TimerReevaluate re-evaluates the obligations, when a law-enforcement
	// hold lapses.
	TimerReevaluate TimerKind = "reevaluate"
	// TimerWait ends a playbook step's wait.
	TimerWait TimerKind = "wait"
	// TimerApprovalExpiry ends a playbook step's approval that was not
	// given in time.
	TimerApprovalExpiry TimerKind = "approval_expiry"
)

// StepTimer is what a run's timer (TimerWait or TimerApprovalExpiry)
// wakes: the step of the run. A run waits on one timer at a time.
type StepTimer struct {
	Run  string `json:"run"`
	Step string `json:"step"`
}

// Name identifies the timer among its incident's: run and step.
func (t StepTimer) Name() string { return t.Run + "/" + t.Step }

// Timer is one of an obligation's durable wake-ups (TimerReminder,
// TimerOverdue or TimerReevaluate): at At, do Kind for the obligation of
// Regime of Incident. DueAt is the deadline it was computed for, so that a timer
// left over from an older deadline is recognised and dropped.
type Timer struct {
	At       time.Time     `json:"at"`
	Incident string        `json:"incident"`
	Regime   string        `json:"regime"`
	Kind     TimerKind     `json:"kind"`
	Before   time.Duration `json:"before,omitempty"`
	DueAt    time.Time     `json:"due_at"`
}

// Name identifies the timer among its incident's: kind, regime, offset.
func (t Timer) Name() string {
	if t.Kind == TimerReminder {
		return fmt.Sprintf("%s/%s/%s", t.Kind, t.Regime, OffsetLabel(t.Before))
	}
	return fmt.Sprintf("%s/%s", t.Kind, t.Regime)
}

// OffsetLabel writes a reminder offset the way people say it: 24h, 90m.
func OffsetLabel(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// Timers returns the timers the obligations need: for each due obligation
// with a deadline that is not overdue, a reminder per offset not sent yet and
// an overdue mark at the deadline; and a re-evaluation when each
// law-enforcement hold that was in effect at the evaluation lapses. Obligations due "without undue delay" have no
// deadline to remind of; they show as due from their trigger.
func Timers(s *Obligations, offsets []time.Duration, holds []Hold) []Timer {
	var out []Timer
	for _, o := range s.Obligations {
		if !o.Status.Reminded() || o.DueAt == nil || o.Overdue {
			continue
		}
		due := o.DueAt.UTC()
		for _, off := range offsets {
			if !slices.Contains(o.RemindersSent, OffsetLabel(off)) {
				out = append(out, Timer{At: due.Add(-off), Incident: s.Incident, Regime: o.Regime, Kind: TimerReminder, Before: off, DueAt: due})
			}
		}
		out = append(out, Timer{At: due, Incident: s.Incident, Regime: o.Regime, Kind: TimerOverdue, DueAt: due})
	}
	for _, h := range holds {
		if h.Until != nil && h.Until.After(s.EvaluatedAt) {
			out = append(out, Timer{At: h.Until.UTC(), Incident: s.Incident, Regime: h.Regime, Kind: TimerReevaluate, DueAt: h.Until.UTC()})
		}
	}
	return out
}

// reminderData is the payload of reminder_sent and deadline_passed events.
type reminderData struct {
	Regime    string     `json:"regime"`
	Recipient string     `json:"recipient"`
	DueAt     *time.Time `json:"due_at"`
	Before    string     `json:"before,omitempty"`
}

// RecordReminder records, on the obligation of regime in s, that the
// reminder before its deadline was sent; the reminders for larger offsets
// (missed, say, because the deadline was learnt late) count as sent too,
// so that people get the most urgent one only. It returns the event.
func (inc *Incident) RecordReminder(s *Obligations, regime string, before time.Duration, offsets []time.Duration, now time.Time) ([]Event, error) {
	o := s.Find(regime)
	if o == nil {
		return nil, fmt.Errorf("%s has no obligation %s", inc.ID, regime)
	}
	for _, off := range offsets {
		if l := OffsetLabel(off); off >= before && !slices.Contains(o.RemindersSent, l) {
			o.RemindersSent = append(o.RemindersSent, l)
		}
	}
	e, err := inc.record(now, ObligationsActor, EventReminderSent, reminderData{Regime: regime, Recipient: o.Recipient, DueAt: o.DueAt, Before: OffsetLabel(before)})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}

// RecordOverdue marks the obligation of regime in s overdue and records a
// deadline_passed event.
func (inc *Incident) RecordOverdue(s *Obligations, regime string, now time.Time) ([]Event, error) {
	o := s.Find(regime)
	if o == nil {
		return nil, fmt.Errorf("%s has no obligation %s", inc.ID, regime)
	}
	o.Overdue = true
	e, err := inc.record(now, ObligationsActor, EventDeadlinePassed, reminderData{Regime: regime, Recipient: o.Recipient, DueAt: o.DueAt})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}
