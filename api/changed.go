package api

import (
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// save persists an incident with the events a request recorded on it and,
// in the same transaction, tells Options.Changed, so that what follows
// from the change (a Slack update) is as durable as the change.
func (s *Server) save(tx *store.Tx, inc *incident.Incident, events []incident.Event) error {
	if err := tx.SaveIncident(inc, events); err != nil {
		return err
	}
	if s.opts.Changed == nil {
		return nil
	}
	return s.opts.Changed(tx, incident.Changes{Incidents: []*incident.Incident{inc}, Events: events}, s.opts.Now())
}
