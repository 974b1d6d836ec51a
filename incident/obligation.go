package incident

import (
	"fmt"
	"slices"
	"time"
)

// ObligationStatus is where one obligation stands.
type ObligationStatus string

// Statuses, as REGULATIONS.md's appendix lists them.
const (
	ObligationDue           ObligationStatus = "due"
	ObligationFulfilled     ObligationStatus = "fulfilled"      // a submission is recorded
	ObligationExempt        ObligationStatus = "exempt"         // an exemption of the law applies
	ObligationHeld          ObligationStatus = "held"           // a law-enforcement hold is in effect
	ObligationNotApplicable ObligationStatus = "not_applicable" // the regime's conditions are not met
	ObligationNotInForce    ObligationStatus = "not_in_force"   // the rule was not in force at awareness
	// ObligationUnknown is a jurisdiction of the facts whose duties the
	// catalog does not hold: what is owed there is not known, which is
	// never the same as nothing owed.
	ObligationUnknown ObligationStatus = "unknown"
	// ObligationPossible is a regime that applies if the jurisdictions not
	// yet recorded say so: its deadline is carried by the needs_facts
	// entry, not reminded of on its own.
	ObligationPossible ObligationStatus = "possible"
	// ObligationNeedsFacts is the one entry (regime NeedsFactsRegime) that
	// stands for the possible regimes: the facts to record, by the
	// earliest deadline any of them could have. It is reminded of like a
	// due obligation.
	ObligationNeedsFacts ObligationStatus = "needs_facts"
)

// Reminded reports whether obligations of this status have deadlines that
// are reminded of and marked overdue: due ones, and needs_facts.
func (s ObligationStatus) Reminded() bool { return s == ObligationDue || s == ObligationNeedsFacts }

// Concerns reports whether an obligation of this status concerns the
// breach: everything but what does not apply, is not in force, or might
// apply once the jurisdictions are known (needs_facts stands for those).
// They are the register's entries, and the few of the catalog's hundreds
// of regimes that the deadlines, the console and the metrics read.
func (s ObligationStatus) Concerns() bool {
	return s != ObligationNotApplicable && s != ObligationNotInForce && s != ObligationPossible
}

// Concerning is a copy of set with only the obligations that concern the
// breach (see Concerns); nil for nil.
func (set *Obligations) Concerning() *Obligations {
	if set == nil {
		return nil
	}
	c := *set
	c.Obligations = make([]Obligation, 0, 8)
	for _, o := range set.Obligations {
		if o.Status.Concerns() {
			c.Obligations = append(c.Obligations, o)
		}
	}
	return &c
}

// NeedsFactsRegime is the regime of the ObligationNeedsFacts entry.
const NeedsFactsRegime = "needs_facts"

// NoDutyRegimePrefix starts the regime of the not_applicable entry of a
// jurisdiction whose law imposes no breach-notification duty: "none/AR".
const NoDutyRegimePrefix = "none/"

// UnknownRegimePrefix starts the regime of an ObligationUnknown entry, which
// is followed by its jurisdiction: "unknown/US-WA".
const UnknownRegimePrefix = "unknown/"

// Obligation is one regime's verdict for the facts. DueAt is nil for duties
// without a numeric limit ("without undue delay", "immediately"), which are
// due from their trigger, and for entries that are neither due nor
// fulfilled (a fulfilled one keeps its deadline); Due always says
// the deadline in words. Reason explains every status but due; on a due
// entry it names the facts assumed until recorded and the clock choices made.
type Obligation struct {
	Regime string `json:"regime"`
	// Jurisdiction is the code of the jurisdiction whose law the regime
	// is (US-WA, EU, TH), or global or contract.
	Jurisdiction string `json:"jurisdiction"`
	Recipient    string `json:"recipient"`
	// RecipientKind is who the notice goes to: regulator, individuals,
	// customer, media, consumer_reporting_agencies, law_enforcement or
	// internal; empty for an unknown jurisdiction.
	RecipientKind string           `json:"recipient_kind"`
	Status        ObligationStatus `json:"status"`
	DueAt         *time.Time       `json:"due_at"`
	Due           string           `json:"due"`
	ClockStart    string           `json:"clock_start"`
	Basis         string           `json:"basis"`
	Reason        string           `json:"reason"`
	// SubmittedAt is when a fulfilled obligation was filed (or its
	// fulfilling fact recorded); DueAt stays its deadline, and Late says
	// the filing came after it.
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	Late        bool       `json:"late,omitempty"`
	// Overdue marks a due obligation whose deadline passed before a
	// submission was recorded. Only tracked obligations carry it.
	Overdue bool `json:"overdue,omitempty"`
	// RemindersSent lists the reminders already sent for the current
	// deadline, by how long before it ("24h", "4h", "1h").
	RemindersSent []string `json:"reminders_sent,omitempty"`
}

// Obligations is an incident's evaluated obligations, one per regime of the
// catalog, as stored with the incident and re-evaluated whenever its facts
// change.
type Obligations struct {
	Incident       string       `json:"incident"`
	EvaluatedAt    time.Time    `json:"evaluated_at"`
	CatalogVersion string       `json:"catalog_version"`
	Obligations    []Obligation `json:"obligations"`
}

// Find returns the obligation of regime, or nil.
func (s *Obligations) Find(regime string) *Obligation {
	if s == nil {
		return nil
	}
	for i := range s.Obligations {
		if s.Obligations[i].Regime == regime {
			return &s.Obligations[i]
		}
	}
	return nil
}

// UnknownJurisdictions are the jurisdictions whose duties the catalog does
// not hold (the entries of status unknown), in order.
func (s *Obligations) UnknownJurisdictions() []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, o := range s.Obligations {
		if o.Status == ObligationUnknown {
			out = append(out, o.Jurisdiction)
		}
	}
	return out
}

// sameDeadline reports whether two evaluations of a regime owe the same
// thing by the same time.
func sameDeadline(a, b *Obligation) bool {
	return a.Status == b.Status && (a.DueAt == nil) == (b.DueAt == nil) && (a.DueAt == nil || a.DueAt.Equal(*b.DueAt))
}

// CarryOver copies the reminder state of prev into s for every regime whose
// deadline did not change: a reminder sent is not sent again, and an
// overdue mark stays until the deadline moves or the obligation is met.
func (s *Obligations) CarryOver(prev *Obligations) {
	for i := range s.Obligations {
		o := &s.Obligations[i]
		if p := prev.Find(o.Regime); p != nil && sameDeadline(p, o) {
			o.Overdue = p.Overdue
			o.RemindersSent = slices.Clone(p.RemindersSent)
		}
	}
}

// ObligationChange is one regime whose status or deadline changed.
type ObligationChange struct {
	Regime    string           `json:"regime"`
	From      ObligationStatus `json:"from,omitempty"`
	To        ObligationStatus `json:"to"`
	FromDueAt *time.Time       `json:"from_due_at,omitempty"`
	DueAt     *time.Time       `json:"due_at,omitempty"`
	Reason    string           `json:"reason,omitempty"`
}

// ObligationsActor is the actor of the events the obligation engine records.
const ObligationsActor = "obligations"

// RecordObligations records an obligations_changed event listing every
// regime whose status or deadline differs between prev (nil before the
// first evaluation) and next. Regimes that never applied are left out of
// the first one. Nothing changed records nothing.
func (inc *Incident) RecordObligations(prev, next *Obligations, now time.Time) ([]Event, error) {
	var changes []ObligationChange
	for i := range next.Obligations {
		o := &next.Obligations[i]
		p := prev.Find(o.Regime)
		if p == nil {
			if o.Status == ObligationNotApplicable || o.Status == ObligationNotInForce {
				continue
			}
			changes = append(changes, ObligationChange{Regime: o.Regime, To: o.Status, DueAt: o.DueAt, Reason: o.Reason})
			continue
		}
		if !sameDeadline(p, o) {
			changes = append(changes, ObligationChange{Regime: o.Regime, From: p.Status, To: o.Status, FromDueAt: p.DueAt, DueAt: o.DueAt, Reason: o.Reason})
		}
	}
	if len(changes) == 0 {
		return nil, nil
	}
	e, err := inc.record(now, ObligationsActor, EventObligationsChanged, struct {
		Changes []ObligationChange `json:"changes"`
	}{changes})
	if err != nil {
		return nil, fmt.Errorf("record obligations: %w", err)
	}
	return []Event{e}, nil
}
