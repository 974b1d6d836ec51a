package slack

import (
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// change loads incident id, applies fn to it and saves it with the events
// fn recorded, in one transaction, as the API does. When facts is set and
// fn recorded something, the obligations are re-evaluated in the same
// transaction. The Slack messages the change calls for are enqueued there
// too, and the outbox is woken.
func (s *Slack) change(id string, facts bool, fn func(inc *incident.Incident, now time.Time) ([]incident.Event, error)) (*incident.Incident, error) {
	now := s.opts.Now()
	var inc *incident.Incident
	err := s.store.Update(func(tx *store.Tx) error {
		var err error
		if inc, err = tx.LoadIncident(id); err != nil {
			return err
		}
		events, err := fn(inc, now)
		if err != nil || len(events) == 0 {
			return err
		}
		if facts {
			more, err := s.opts.Tracker.Reevaluate(tx, inc, now)
			if err != nil {
				return err
			}
			events = append(events, more...)
		}
		if err := tx.SaveIncident(inc, events); err != nil {
			return err
		}
		return s.Changed(tx, incident.Changes{Incidents: []*incident.Incident{inc}, Events: events}, now)
	})
	if err != nil {
		return nil, err
	}
	s.wake()
	return inc, nil
}
