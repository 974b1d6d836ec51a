package regulations

import (
	"fmt"
	"strings"
	"time"

	"github.com/breachd/breachd/playbooks/deadline"
)

// Status is where one obligation stands.
type Status string

// Statuses, as REGULATIONS.md's appendix lists them.
const (
	StatusDue           Status = "due"
	StatusFulfilled     Status = "fulfilled"      // a submission is recorded
	StatusExempt        Status = "exempt"         // an exemption of the law applies
	StatusHeld          Status = "held"           // a law-enforcement hold is in effect
	StatusNotApplicable Status = "not_applicable" // the regime's conditions are not met
	StatusNotInForce    Status = "not_in_force"   // the rule was not in force at awareness
)

// Result is the evaluation of one set of facts: the output format of
// REGULATIONS.md's appendix.
type Result struct {
	Obligations []Obligation `json:"obligations"`
}

// Obligation is one regime's verdict for the facts. DueAt is nil for duties
// without a numeric limit ("without undue delay", "immediately"), which are
// due from their trigger, and for entries that are not due; Due always says
// the deadline in words. Reason explains every status but due; on a due
// entry it names the facts assumed until recorded and the clock choices made.
type Obligation struct {
	Regime     string     `json:"regime"`
	Recipient  string     `json:"recipient"`
	Status     Status     `json:"status"`
	DueAt      *time.Time `json:"due_at"`
	Due        string     `json:"due"`
	ClockStart string     `json:"clock_start"`
	Basis      string     `json:"basis"`
	Reason     string     `json:"reason"`
}

// Evaluate decides, for each regime of the catalog in order, whether it
// applies to the facts and when it is due. It is a pure function: now is
// used only to tell whether a law-enforcement hold is still in effect. The
// facts must have passed Validate against the same catalog.
func Evaluate(f *Facts, c *Catalog, now time.Time) Result {
	res := Result{Obligations: make([]Obligation, 0, len(c.Regimes))}
	for _, r := range c.Regimes {
		res.Obligations = append(res.Obligations, evaluateRegime(f, c, r, now))
	}
	return res
}

func evaluateRegime(f *Facts, c *Catalog, r *Regime, now time.Time) Obligation {
	o := Obligation{
		Regime:     r.ID,
		Recipient:  r.Recipient,
		Due:        r.Due,
		ClockStart: r.Clock.Start[0],
		Basis:      r.Basis,
	}
	// Convention: the rule version is checked against awareness, not now
	// (REGULATIONS.md §17.12).
	aware := f.AwareAt.UTC()
	if aware.Before(r.Effective.from) {
		o.Status, o.Reason = StatusNotInForce, fmt.Sprintf("in force from %s; awareness was %s", r.Effective.From, stamp(aware))
		return o
	}
	if !r.Effective.until.IsZero() && !aware.Before(r.Effective.until.AddDate(0, 0, 1)) {
		o.Status, o.Reason = StatusNotInForce, fmt.Sprintf("in force until %s; awareness was %s", r.Effective.Until, stamp(aware))
		return o
	}

	// A check that rests on an unrecorded fact applies: the earlier answer
	// is the defensible one (convention 7). The reason says what was assumed.
	var assumed []string
	for _, a := range r.Applies {
		t, missing := a.When.eval(f)
		switch t {
		case no:
			o.Status, o.Reason = StatusNotApplicable, a.Otherwise
			return o
		case unknown:
			for _, m := range missing {
				if !contains(assumed, m) {
					assumed = append(assumed, m)
				}
			}
		}
	}
	// An exemption needs its facts recorded: unknown never exempts.
	for _, e := range r.Exemptions {
		if t, _ := e.When.eval(f); t == yes {
			o.Status, o.Reason = StatusExempt, e.Reason
			return o
		}
	}
	var notes []string
	if len(assumed) > 0 {
		notes = append(notes, "applies unless recorded otherwise: "+strings.Join(assumed, ", ")+" not yet known")
	}

	if at, ok := f.Submitted[r.ID]; ok {
		o.Status, o.Reason = StatusFulfilled, "submitted "+stamp(at)
		return o
	}
	for _, name := range r.FulfilledBy {
		if at := timeFacts[name](f); at != nil {
			o.Status, o.Reason = StatusFulfilled, name+" recorded "+stamp(*at)
			return o
		}
	}

	hold, lapsed := activeHold(f, r.ID, now)
	if hold != nil && !lapsed {
		o.Status = StatusHeld
		if hold.Until != nil {
			o.Reason = fmt.Sprintf("held until %s: %s", stamp(*hold.Until), hold.Reason)
		} else {
			o.Reason = "held until lifted: " + hold.Reason
		}
		return o
	}

	o.Status = StatusDue
	var start *time.Time
	for i, name := range r.Clock.Start {
		if t := timeFacts[name](f); t != nil {
			start, o.ClockStart = t, name
			if i > 0 {
				notes = append(notes, fmt.Sprintf("clock started by %s, %s not being recorded", name, r.Clock.Start[0]))
			}
			break
		}
	}
	if start == nil {
		notes = append(notes, r.Pending)
		o.Reason = strings.Join(notes, "; ")
		return o
	}
	due, err := dueAt(f, c, r, *start)
	switch {
	case err != nil:
		notes = append(notes, "deadline not computed: "+err.Error())
	case due != nil && hold != nil && hold.Until.After(*due):
		// A lapsed hold postponed the notice: it is due when the hold
		// ended, the earliest reading of "delay for the period specified".
		u := hold.Until.UTC()
		due = &u
		notes = append(notes, fmt.Sprintf("a hold (%s) ended %s, after the deadline", hold.Reason, stamp(u)))
	case hold != nil:
		notes = append(notes, fmt.Sprintf("a hold (%s) ended %s", hold.Reason, stamp(*hold.Until)))
	}
	o.DueAt = due
	o.Reason = strings.Join(notes, "; ")
	return o
}

// activeHold returns the hold on regime that ends last, and whether it has
// lapsed by now. A hold without an end never lapses.
func activeHold(f *Facts, regime string, now time.Time) (h *Hold, lapsed bool) {
	for i := range f.Holds {
		cand := &f.Holds[i]
		if cand.Regime != regime {
			continue
		}
		if cand.Until == nil {
			return cand, false
		}
		if h == nil || cand.Until.After(*h.Until) {
			h = cand
		}
	}
	if h == nil {
		return nil, false
	}
	return h, !now.Before(*h.Until)
}

// dueAt computes the deadline of r from the clock start, in UTC; nil for a
// duty without a numeric limit.
func dueAt(f *Facts, c *Catalog, r *Regime, start time.Time) (*time.Time, error) {
	var (
		t   time.Time
		err error
	)
	switch r.Clock.Unit {
	case UnitNone:
		return nil, nil
	case UnitHours:
		t = deadline.Hours(start, r.Clock.Period)
	case UnitCalendarDays, UnitMonths:
		loc, lerr := zoneOf(f, c, r)
		if lerr != nil {
			return nil, lerr
		}
		if r.Clock.Unit == UnitMonths {
			t = deadline.Months(start, r.Clock.Period, loc)
		} else {
			t = deadline.CalendarDays(start, r.Clock.Period, loc)
		}
	case UnitBusinessDays, UnitSECBusinessDays:
		cal, cerr := c.calendars.Get(r.Clock.Calendar)
		if cerr != nil {
			return nil, cerr
		}
		if r.Clock.Unit == UnitSECBusinessDays {
			t, err = deadline.SEC(start, cal)
		} else {
			t, err = deadline.BusinessDays(start, r.Clock.Period, cal)
		}
		if err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// zoneOf is the zone whose end of day ends r's periods: the regime's own
// fixed zone, else its calendar's jurisdiction zone as overridden by the
// facts' timezones.
func zoneOf(f *Facts, c *Catalog, r *Regime) (*time.Location, error) {
	if r.Clock.Zone != "" {
		return time.LoadLocation(r.Clock.Zone)
	}
	if name, ok := f.Timezones[r.Clock.Calendar]; ok {
		return time.LoadLocation(name)
	}
	cal, err := c.calendars.Get(r.Clock.Calendar)
	if err != nil {
		return nil, err
	}
	return cal.Location(), nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
