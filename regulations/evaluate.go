package regulations

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations/deadline"
)

// Result is the evaluation of one set of facts: the output format of
// REGULATIONS.md's appendix.
type Result struct {
	Obligations []incident.Obligation `json:"obligations"`
}

// Evaluate decides, for each regime of the catalog in order, whether it
// applies to the facts and when it is due. It is a pure function: now is
// used only to tell whether a law-enforcement hold is still in effect. The
// facts must have passed Validate against the same catalog.
//
// A jurisdiction of the facts whose duties the catalog does not hold is
// never left out: it gets an entry of status unknown (see unknowns), after
// the regimes.
func Evaluate(f *incident.Facts, c *Catalog, now time.Time) Result {
	res := Result{Obligations: make([]incident.Obligation, 0, len(c.Regimes))}
	fx := newFacts(f)
	var possible []possibility
	for _, r := range c.Regimes {
		o, assumed := evaluateRegime(fx, c, r, now)
		// With no jurisdiction known, a regime that is due only because
		// its jurisdiction might be one of ours is possible, not due: one
		// needs_facts entry carries the earliest deadline any of them
		// could have, so that a breach whose jurisdictions are not yet
		// known raises one deadline, not every regime's.
		if o.Status == incident.ObligationDue && len(fx.codes) == 0 && slices.Contains(assumed, "jurisdictions") {
			o.Status = incident.ObligationPossible
			possible = append(possible, possibility{o: o, assumed: assumed})
		}
		res.Obligations = append(res.Obligations, o)
	}
	if len(possible) > 0 {
		res.Obligations = append(res.Obligations, needsFacts(possible))
	}
	res.Obligations = append(res.Obligations, unknowns(fx, c)...)
	return res
}

// possibility is a regime that applies if the facts not yet known say so.
type possibility struct {
	o       incident.Obligation
	assumed []string
}

// needsFacts is the one entry that stands for the possible regimes: it
// names the facts that decide which apply and carries the earliest
// deadline any of them could have (nil when none has a numeric one).
func needsFacts(possible []possibility) incident.Obligation {
	var decide []string
	var first *incident.Obligation
	for i, p := range possible {
		for _, a := range p.assumed {
			if !slices.Contains(decide, a) {
				decide = append(decide, a)
			}
		}
		if d := p.o.DueAt; d != nil && (first == nil || d.Before(*first.DueAt)) {
			first = &possible[i].o
		}
	}
	n := incident.Obligation{
		Regime:     incident.NeedsFactsRegime,
		Recipient:  "us: record the facts that decide which laws apply",
		Status:     incident.ObligationNeedsFacts,
		ClockStart: "aware_at",
		Due:        "as soon as possible: the earliest deadline any of the possible regimes could have",
	}
	n.Reason = fmt.Sprintf("no jurisdiction is recorded, so %d regimes could apply (status possible); record %s to know which", len(possible), strings.Join(decide, ", "))
	if first != nil {
		n.DueAt = first.DueAt
		n.Reason += fmt.Sprintf("; the earliest could be due %s (%s, %s)", stamp(*first.DueAt), first.Regime, first.Basis)
		n.Basis = first.Basis
	}
	return n
}

// unknowns are the entries of the jurisdictions of the facts that the
// catalog has no rules for, in the order the facts name them.
func unknowns(f *facts, c *Catalog) []incident.Obligation {
	var out []incident.Obligation
	seen := map[string]bool{}
	for _, code := range f.codes {
		if seen[code] {
			continue
		}
		seen[code] = true
		if n := c.noDuty(code); n != nil && !c.homes[code] {
			basis := strings.Join(n.Sources, "; ")
			if n.SourceKind == SourceSecondary {
				basis += unverifiedMark
			}
			out = append(out, incident.Obligation{
				Regime: incident.NoDutyRegimePrefix + code, Jurisdiction: code, Recipient: "none",
				Status: incident.ObligationNotApplicable, Due: "nothing: the law imposes no breach-notification duty",
				ClockStart: "aware_at", Basis: basis, Reason: n.Reason,
			})
			continue
		}
		if c.Covers(code) {
			continue
		}
		out = append(out, incident.Obligation{
			Regime:       incident.UnknownRegimePrefix + code,
			Jurisdiction: code,
			Recipient:    "unknown",
			Status:       incident.ObligationUnknown,
			Due:          "unknown: the breach-notification duties of " + code + " are not in this catalog",
			ClockStart:   "aware_at",
			Reason: fmt.Sprintf("the catalog (version %s) has no rules for %s: what is owed there, to whom and by when is not known; "+
				"check its law now and record what you file with a note", c.Version, code),
		})
	}
	return out
}

// unverifiedMark follows the basis of a rule read in secondary sources only.
const unverifiedMark = " [unverified: read in secondary sources only]"

// evaluateRegime evaluates r for the facts; assumed are the facts the
// applies checks needed and did not find (the regime applies until they are
// recorded).
func evaluateRegime(fx *facts, c *Catalog, r *Regime, now time.Time) (o incident.Obligation, assumed []string) {
	f := fx.Facts
	o = incident.Obligation{
		Regime:        r.ID,
		Jurisdiction:  r.Jurisdiction,
		Recipient:     r.Recipient,
		RecipientKind: r.RecipientKind,
		Due:           r.Due,
		ClockStart:    r.Clock.Start[0],
		Basis:         r.shownBasis,
	}
	// Convention: the rule version is checked against awareness, not now
	// (REGULATIONS.md §17.12).
	aware := f.AwareAt.UTC()
	if aware.Before(r.Effective.from) {
		o.Status, o.Reason = incident.ObligationNotInForce, fmt.Sprintf("in force from %s; awareness was %s", r.Effective.From, stamp(aware))
		return o, assumed
	}
	if !r.Effective.until.IsZero() && !aware.Before(r.Effective.until.AddDate(0, 0, 1)) {
		o.Status, o.Reason = incident.ObligationNotInForce, fmt.Sprintf("in force until %s; awareness was %s", r.Effective.Until, stamp(aware))
		return o, assumed
	}

	// A check that rests on an unrecorded fact applies: the earlier answer
	// is the defensible one (convention 7). The reason says what was assumed.
	for i := range r.Applies {
		a := &r.Applies[i]
		t, missing := a.When.eval(fx)
		switch t {
		case no:
			o.Status, o.Reason = incident.ObligationNotApplicable, a.Otherwise
			return o, assumed
		case unknown:
			for _, m := range missing {
				if !slices.Contains(assumed, m) {
					assumed = append(assumed, m)
				}
			}
		}
	}
	// An exemption needs its facts recorded: unknown never exempts.
	for _, e := range r.Exemptions {
		if t, _ := e.When.eval(fx); t == yes {
			o.Status, o.Reason = incident.ObligationExempt, e.Reason
			return o, assumed
		}
	}
	var notes []string
	if len(assumed) > 0 {
		notes = append(notes, "applies unless recorded otherwise: "+strings.Join(assumed, ", ")+" not yet known")
	}

	// A fulfilled obligation keeps its deadline, so that the register
	// shows whether the filing was late: the deadline is computed as for a
	// due one, and the status and the filing time set at the end.
	var filedAt *time.Time
	var filed string
	if at, ok := f.Submitted[r.ID]; ok {
		filedAt, filed = &at, "submitted "+stamp(at)
	}
	for _, name := range r.FulfilledBy {
		if at := readTime(f, name); filedAt == nil && at != nil {
			filedAt, filed = at, name+" recorded "+stamp(*at)
		}
	}

	hold, lapsed := activeHold(f, r.ID, now)
	if hold != nil && !lapsed && filedAt == nil {
		o.Status = incident.ObligationHeld
		if hold.Until != nil {
			o.Reason = fmt.Sprintf("held until %s: %s", stamp(*hold.Until), hold.Reason)
		} else {
			o.Reason = "held until lifted: " + hold.Reason
		}
		return o, assumed
	}
	if hold != nil && !lapsed {
		hold = nil // filed while held: the hold moved nothing
	}
	// A notice the law times from another notice follows it: while that
	// one is held and not yet filed, this one is held too (California's
	// copy to the Attorney General waits for the residents' notice).
	if prior, ok := strings.CutPrefix(r.Clock.Start[0], submittedPrefix); ok && filedAt == nil {
		if _, filed := f.Submitted[prior]; !filed {
			if h, lapsed := activeHold(f, prior, now); h != nil && !lapsed {
				o.Status = incident.ObligationHeld
				o.Reason = fmt.Sprintf("held while %s is held (%s): it is due from that notice", prior, h.Reason)
				return o, assumed
			}
		}
	}

	o.Status = incident.ObligationDue
	var start *time.Time
	for i, name := range r.Clock.Start {
		if t := readTime(f, name); t != nil {
			start, o.ClockStart = t, name
			if i > 0 {
				notes = append(notes, fmt.Sprintf("clock started by %s, %s not being recorded", name, r.Clock.Start[0]))
			}
			break
		}
	}
	var due *time.Time
	if start == nil {
		notes = append(notes, r.Pending)
	} else {
		var err error
		due, err = dueAt(fx, c, r, *start, &notes)
		if err != nil {
			notes = append(notes, "deadline not computed: "+err.Error())
		}
	}
	due = applyCap(f, r, start, due, &notes)
	if due != nil && r.Clock.Relief != nil {
		due = applyRelief(fx, c, r.Clock.Relief, *due, &notes)
	}
	switch {
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
	if filedAt != nil {
		at := filedAt.UTC()
		o.Status, o.SubmittedAt, o.Reason = incident.ObligationFulfilled, &at, filed
		if due != nil && at.After(*due) {
			o.Late = true
			o.Reason += "; late: it was due " + stamp(*due)
		}
	}
	return o, assumed
}

// activeHold returns the hold on regime that ends last, and whether it has
// lapsed by now. A hold without an end never lapses.
func activeHold(f *incident.Facts, regime string, now time.Time) (h *incident.Hold, lapsed bool) {
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

// zonedUnits are the units whose period ends by the clock of a zone
// (zoneOf), with the deadline function of each.
var zonedUnits = map[string]func(time.Time, int, *time.Location) time.Time{
	UnitCalendarDays:          deadline.CalendarDays,
	UnitCalendarDaysInclusive: deadline.CalendarDaysInclusive,
	UnitMonths:                deadline.Months,
	UnitMonthsSameTime:        deadline.MonthsSameTime,
	UnitDaysAfterYearEnd:      deadline.AfterYearEnd,
}

// dueAt computes the deadline of r from the clock start, in UTC; nil for a
// duty without a numeric limit. Choices it makes are added to notes.
func dueAt(fx *facts, c *Catalog, r *Regime, start time.Time, notes *[]string) (*time.Time, error) {
	f := fx.Facts
	var (
		t   time.Time
		err error
	)
	period := r.Clock.Period
	if r.Clock.PeriodFrom != "" {
		n := readCount(f, r.Clock.PeriodFrom)
		if n == nil {
			return nil, fmt.Errorf("%s is not recorded", r.Clock.PeriodFrom)
		}
		period = *n
	}
	for _, o := range r.Clock.Overrides {
		v, missing := o.When.eval(fx)
		// An unknown condition takes the shorter period: it may shorten
		// the deadline, never lengthen it (convention 7).
		if v == no || (v == unknown && o.Period > period) {
			continue
		}
		period = o.Period
		if v == unknown {
			*notes = append(*notes, fmt.Sprintf("%s (assumed: %s not yet known)", o.Note, strings.Join(missing, ", ")))
		} else {
			*notes = append(*notes, o.Note)
		}
		break
	}
	switch unit := r.Clock.Unit; {
	case unit == UnitNone:
		return nil, nil
	case unit == UnitHours:
		t = deadline.Hours(start, period)
	case zonedUnits[unit] != nil:
		loc, lerr := zoneOf(f, c, r)
		if lerr != nil {
			return nil, lerr
		}
		t = zonedUnits[unit](start, period, loc)
	case unit == UnitBusinessDays, unit == UnitSECBusinessDays:
		cal, cerr := c.calendars.Get(r.Clock.Calendar)
		if cerr != nil {
			return nil, cerr
		}
		if r.Clock.Unit == UnitSECBusinessDays {
			t, err = deadline.SEC(start, cal)
		} else {
			t, err = deadline.BusinessDays(start, period, cal)
		}
		if err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// applyCap returns the earlier of due and the clock's cap. While the main
// clock has not started (start nil) the cap alone is the deadline. A cap
// that had already passed when the main clock started does not pull the
// deadline before its own start: the main deadline stands and the notes say
// the cap was missed (DORA late classification, REGULATIONS.md §7).
func applyCap(f *incident.Facts, r *Regime, start, due *time.Time, notes *[]string) *time.Time {
	cp := r.Clock.Cap
	if cp == nil {
		return due
	}
	from := readTime(f, cp.Start)
	if from == nil {
		return due
	}
	capAt := deadline.Hours(*from, cp.Period)
	switch {
	case start == nil:
		*notes = append(*notes, fmt.Sprintf("%s: due by %s", cp.Note, stamp(capAt)))
		return &capAt
	case capAt.Before(*start):
		*notes = append(*notes, fmt.Sprintf("%s: the limit of %s had already passed when %s was recorded; due %s after it", cp.Note, stamp(capAt), r.Clock.Start[0], periodWords(r)))
		return due
	case due != nil && capAt.Before(*due):
		*notes = append(*notes, fmt.Sprintf("%s: due by %s, before %s", cp.Note, stamp(capAt), stamp(*due)))
		return &capAt
	}
	return due
}

func periodWords(r *Regime) string {
	return fmt.Sprintf("%d %s", r.Clock.Period, strings.ReplaceAll(r.Clock.Unit, "_", " "))
}

// applyRelief moves due to noon of the next working day where the relief's
// condition is certainly true and due falls on a weekend or holiday of a
// matching jurisdiction of the facts. With several such jurisdictions the
// earliest relieved deadline wins (convention 7).
func applyRelief(fx *facts, c *Catalog, rl *Relief, due time.Time, notes *[]string) *time.Time {
	if v, _ := rl.When.eval(fx); v != yes {
		return &due
	}
	best := due
	found := false
	var failed []string
	for _, code := range fx.codes {
		if !slices.ContainsFunc(rl.Jurisdiction, func(p string) bool { return matchJurisdiction(p, code) }) {
			continue
		}
		cal, err := c.calendars.Get(code)
		if err != nil {
			continue
		}
		t, err := deadline.NextWorkingDayNoon(due, cal)
		if err != nil {
			failed = append(failed, err.Error())
			continue
		}
		if !found || t.Before(best) {
			best, found = t, true
		}
	}
	switch {
	case len(failed) > 0:
		*notes = append(*notes, "relief not applied: "+strings.Join(failed, "; "))
		return &due
	case !found:
		*notes = append(*notes, rl.Note+": not applied, no holiday calendar for the jurisdiction")
		return &due
	case best.After(due):
		*notes = append(*notes, fmt.Sprintf("%s: %s falls on a non-working day, moved to %s", rl.Note, stamp(due), stamp(best)))
	}
	return &best
}

// zoneOf is the zone whose end of day ends r's periods: the facts'
// timezones entry for the regime's calendar or jurisdiction, else the
// regime's own zone, else its calendar's zone; UTC for a regime with neither
// (only months_same_time, where it is the submission's own clock time).
func zoneOf(f *incident.Facts, c *Catalog, r *Regime) (*time.Location, error) {
	for _, code := range []string{r.Clock.Calendar, r.Jurisdiction} {
		if name, ok := f.Timezones[code]; ok && code != "" {
			return time.LoadLocation(name)
		}
	}
	if r.Clock.loc != nil {
		return r.Clock.loc, nil
	}
	if r.Clock.Calendar == "" {
		return time.UTC, nil
	}
	cal, err := c.calendars.Get(r.Clock.Calendar)
	if err != nil {
		return nil, err
	}
	return cal.Location(), nil
}
