package respond

import (
	"context"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Acknowledge records that actor has seen incident id and is on it.
func (s *Service) Acknowledge(ctx context.Context, id, actor string) (*incident.Incident, error) {
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.Acknowledge(actor, now)
	})
}

// SetStatus moves incident id to status to, for reason.
func (s *Service) SetStatus(ctx context.Context, id, actor string, to incident.Status, reason string) (*incident.Incident, error) {
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.SetStatus(to, actor, reason, now)
	})
}

// Note adds a note to incident id's timeline.
func (s *Service) Note(ctx context.Context, id, actor, text string) (*incident.Incident, error) {
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.AddNote(text, actor, now)
	})
}

// Assign makes assignee the owner of incident id.
func (s *Service) Assign(ctx context.Context, id, actor, assignee string) (*incident.Incident, error) {
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.Assign(assignee, actor, now)
	})
}

// Refuse records on incident id's timeline that actor was refused action,
// and why: the audit trail of a request that was not allowed.
func (s *Service) Refuse(ctx context.Context, id, actor, action, reason string) error {
	_, err := s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.RecordRefusal(action, actor, reason, now)
	})
	return err
}
