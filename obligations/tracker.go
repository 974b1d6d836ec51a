package obligations

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
)

// DefaultOffsets are when reminders go out before a deadline.
func DefaultOffsets() []time.Duration {
	return []time.Duration{24 * time.Hour, 4 * time.Hour, time.Hour}
}

// Ledger is the stored state the tracker reads and writes. store.Tx
// implements it.
type Ledger interface {
	Obligations(id string) (*incident.Obligations, error)
	PutObligations(*incident.Obligations) error
	ReplaceTimers(id string, kinds []string, timers []store.Timer) error
	// OnCommit runs fn once the transaction has committed.
	OnCommit(fn func())
}

// Tracker evaluates incidents' obligations with one catalog and reminds at
// fixed offsets before each deadline. It holds no mutable state and is safe
// for concurrent use.
type Tracker struct {
	catalog *regulations.Catalog
	offsets []time.Duration
	// unknown counts the jurisdictions found in incidents' facts that the
	// catalog has no rules for (see Collectors).
	unknown *prometheus.CounterVec
}

// NewTracker returns a tracker for catalog that reminds offsets before each
// deadline (largest first; nil means none).
func NewTracker(catalog *regulations.Catalog, offsets []time.Duration) (*Tracker, error) {
	offs := slices.Clone(offsets)
	for _, d := range offs {
		if d <= 0 {
			return nil, fmt.Errorf("reminder offset %s: must be positive", d)
		}
	}
	slices.SortFunc(offs, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	offs = slices.Compact(offs)
	return &Tracker{catalog: catalog, offsets: offs, unknown: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "breachd_obligations_unknown_jurisdictions_total",
		Help: "Jurisdictions found in an incident's facts that the regulation catalog has no rules for (status unknown), counted once per incident and jurisdiction.",
	}, []string{"jurisdiction"})}, nil
}

// Collectors are the tracker's metrics, for the daemon to register.
func (t *Tracker) Collectors() []prometheus.Collector { return []prometheus.Collector{t.unknown} }

// Catalog is the regulation catalog the tracker evaluates with.
func (t *Tracker) Catalog() *regulations.Catalog { return t.catalog }

// Offsets are the reminder offsets, largest first.
func (t *Tracker) Offsets() []time.Duration { return slices.Clone(t.offsets) }

// Check is the catalog's check of facts, to pass to the incident methods
// that change them.
func (t *Tracker) Check(f *incident.Facts) error { return t.catalog.CheckFacts(f) }

// Reevaluate evaluates the obligations of inc's facts at now, stores them
// (keeping the reminder state of every deadline that did not move),
// replaces the incident's timers, and records an obligations_changed event
// on inc when a status or a deadline changed. The caller saves inc with the
// returned events in the same transaction. An incident without facts has
// no obligations.
func (t *Tracker) Reevaluate(l Ledger, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
	if inc.Facts == nil {
		return nil, nil
	}
	prev, err := l.Obligations(inc.ID)
	if err != nil {
		return nil, err
	}
	res := regulations.Evaluate(inc.Facts, t.catalog, now)
	next := &incident.Obligations{
		Incident:       inc.ID,
		EvaluatedAt:    now.UTC(),
		CatalogVersion: t.catalog.Version,
		Obligations:    res.Obligations,
	}
	next.CarryOver(prev)
	events, err := inc.RecordObligations(prev, next, now)
	if err != nil {
		return nil, err
	}
	// Count each jurisdiction newly found unknown, once the change is
	// committed: a rolled-back batch counts nothing.
	var found []string
	known := prev.UnknownJurisdictions()
	for _, code := range next.UnknownJurisdictions() {
		if !slices.Contains(known, code) {
			found = append(found, code)
		}
	}
	if len(found) > 0 {
		l.OnCommit(func() {
			for _, code := range found {
				t.unknown.WithLabelValues(code).Inc()
			}
		})
	}
	if err := t.store(l, inc, next); err != nil {
		return nil, err
	}
	return events, nil
}

// store saves the obligations and the timers they need.
func (t *Tracker) store(l Ledger, inc *incident.Incident, s *incident.Obligations) error {
	if err := l.PutObligations(s); err != nil {
		return fmt.Errorf("store obligations of %s: %w", inc.ID, err)
	}
	var holds []incident.Hold
	if inc.Facts != nil {
		holds = inc.Facts.Holds
	}
	var timers []store.Timer
	for _, tm := range incident.Timers(s, t.offsets, holds) {
		st, err := store.ObligationTimer(tm)
		if err != nil {
			return err
		}
		timers = append(timers, st)
	}
	if err := l.ReplaceTimers(inc.ID, TimerKinds(), timers); err != nil {
		return fmt.Errorf("store timers of %s: %w", inc.ID, err)
	}
	return nil
}

// Track re-evaluates the incidents of a triage run whose facts changed and
// adds the events it records to c, for the caller to apply in the same
// transaction.
func (t *Tracker) Track(l Ledger, c *incident.Changes, now time.Time) error {
	for _, inc := range c.FactsChanged {
		events, err := t.Reevaluate(l, inc, now)
		if err != nil {
			return fmt.Errorf("obligations of %s: %w", inc.ID, err)
		}
		c.Events = append(c.Events, events...)
	}
	return nil
}
