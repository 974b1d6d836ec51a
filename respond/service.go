package respond

import (
	"context"
	"errors"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
)

// Options configure the use cases.
type Options struct {
	// Obligations checks breach facts against the catalog and
	// re-evaluates an incident's obligations when its facts change; nil
	// means the embedded catalog with the default reminders.
	Obligations *obligations.Tracker
	// Organisation is the organisation's details that drafts show; nil
	// leaves them to be filled in.
	Organisation *drafts.Organisation
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Wiring is what the service calls out to: the parts that are built after
// it because they call it themselves. It is set once, at start, before the
// first change (Service.Wire).
type Wiring struct {
	// Hooks are told of every change, in order (see Hook).
	Hooks Hooks
	// Approvals decides on playbook approvals; nil answers that playbooks
	// are not running.
	Approvals Approvals
	// Wake nudges the outbox after a change has committed, so that the
	// entries it issued leave at once rather than at the next round.
	Wake func()
}

// Service carries out the use cases on one store. It is safe for
// concurrent use once wired.
type Service struct {
	store *store.Store
	opts  Options
	w     Wiring
	log   zerolog.Logger
}

// New returns the use cases over st.
func New(st *store.Store, opts Options, log zerolog.Logger) (*Service, error) {
	if st == nil {
		return nil, errors.New("respond: a store is required")
	}
	if opts.Obligations == nil {
		var err error
		if opts.Obligations, err = obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets()); err != nil {
			return nil, err
		}
	}
	if opts.Organisation == nil {
		opts.Organisation = &drafts.Organisation{}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{store: st, opts: opts, log: log}, nil
}

// Wire sets the hooks, the approvals and the outbox's wake-up. Call it once,
// while wiring at start, before the service is used.
func (s *Service) Wire(w Wiring) { s.w = w }

// Hooks are the hooks every change runs, for the ingest commit to run
// after triage.
func (s *Service) Hooks() Hooks { return s.w.Hooks }

// Obligations is the tracker the service evaluates with.
func (s *Service) Obligations() *obligations.Tracker { return s.opts.Obligations }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.opts.Now() }

// ChangeFunc changes inc, loaded in tx, and returns the timeline events it
// recorded on it. It may read and write tx (a run, an outbox entry), but it
// leaves saving inc and telling the hooks to Change. Returning no events
// changes nothing; an error rolls everything back. It is an alias, so that
// a package below respond (the outbox) can name the same signature.
type ChangeFunc = func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error)

// Change is the one commit path of a change to incident id made by actor.
// In one transaction it loads the incident, applies fn, re-evaluates the
// obligations when fn changed the breach facts, saves the incident with
// every event, and runs the hooks; after the commit it wakes the outbox.
// It returns the incident as saved (or as loaded, when fn recorded
// nothing). An unknown id is store.ErrNotFound.
func (s *Service) Change(ctx context.Context, id, actor string, fn ChangeFunc) (*incident.Incident, error) {
	return s.change(ctx, id, actor, fn, nil)
}

// change is Change with read, when set, called in the same transaction
// after the change is saved and the hooks have run, to read what the
// caller answers with.
func (s *Service) change(ctx context.Context, id, actor string, fn ChangeFunc, read func(tx *store.Tx, inc *incident.Incident) error) (*incident.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.opts.Now()
	var inc *incident.Incident
	var events []incident.Event
	err := s.store.Update(func(tx *store.Tx) error {
		var err error
		if inc, err = tx.LoadIncident(id); err != nil {
			return err
		}
		if err := s.commit(tx, inc, now, fn, &events); err != nil {
			return err
		}
		if read != nil {
			return read(tx, inc)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(events) > 0 {
		s.log.Debug().Str("incident_id", id).Str("actor", actor).Int("events", len(events)).Msg("incident changed")
	}
	return inc, nil
}

// commit applies fn to inc in tx and carries the change through: the
// obligations, the save and the hooks. events receives what was recorded.
func (s *Service) commit(tx *store.Tx, inc *incident.Incident, now time.Time, fn ChangeFunc, events *[]incident.Event) error {
	facts := inc.Facts
	recorded, err := fn(tx, inc, now)
	if err != nil || len(recorded) == 0 {
		return err
	}
	// The domain functions that change facts replace the Facts value, so
	// a different pointer is a change of facts.
	if inc.Facts != facts {
		more, err := s.opts.Obligations.Reevaluate(tx, inc, now)
		if err != nil {
			return err
		}
		recorded = append(recorded, more...)
	}
	if err := tx.SaveIncident(inc, recorded); err != nil {
		return err
	}
	c := incident.Changes{Incidents: []*incident.Incident{inc}, Events: recorded}
	if err := s.w.Hooks.Changed(tx, &c, now); err != nil {
		return err
	}
	if s.w.Wake != nil {
		tx.OnCommit(s.w.Wake)
	}
	*events = c.Events
	return nil
}
