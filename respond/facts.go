package respond

import (
	"context"
	"encoding/json"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// FactsResult is a facts change as it was committed.
type FactsResult struct {
	Incident *incident.Incident
	// Changes lists each fact that changed, with its old and new value;
	// empty when the patch changed nothing.
	Changes []incident.FactChange
	// Obligations are the incident's obligations re-evaluated from the
	// new facts.
	Obligations *incident.Obligations
}

// PatchFacts sets the breach facts patch names (a JSON object of facts;
// null unsets one) on incident id. The whole patch is checked first, against
// the facts model and the catalog; nothing is applied when any of it is
// wrong. The obligations are re-evaluated in the same transaction.
func (s *Service) PatchFacts(ctx context.Context, id, actor string, patch []byte) (FactsResult, error) {
	var res FactsResult
	var before *incident.Facts
	inc, err := s.change(ctx, id, actor, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		before = inc.Facts
		return inc.PatchFacts(patch, actor, s.opts.Obligations.Check, now)
	}, func(tx *store.Tx, inc *incident.Incident) error {
		res.Changes = []incident.FactChange{}
		if inc.Facts != before {
			var err error
			if res.Changes, err = incident.DiffFacts(before, inc.Facts); err != nil {
				return err
			}
		}
		var err error
		res.Obligations, err = tx.Obligations(inc.ID)
		return err
	})
	res.Incident = inc
	return res, err
}

// Assessment is a person's verdict on whether a breach must be notified.
type Assessment struct {
	// Notifiable is the verdict.
	Notifiable bool
	// Text is why, recorded as a note beside the verdict.
	Text string
}

// Assess records an assessment of incident id: the fact
// assessed_notifiable_at or assessed_not_notifiable_at set to now (which
// starts the clocks that run from an assessment, such as Singapore's), and
// a note with the verdict and why.
func (s *Service) Assess(ctx context.Context, id, actor string, a Assessment) (*incident.Incident, error) {
	key, verdict := "assessed_not_notifiable_at", "not notifiable"
	if a.Notifiable {
		key, verdict = "assessed_notifiable_at", "notifiable"
	}
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		patch, err := json.Marshal(map[string]time.Time{key: now.UTC().Truncate(time.Second)})
		if err != nil {
			return nil, err
		}
		events, err := inc.PatchFacts(patch, actor, s.opts.Obligations.Check, now)
		if err != nil {
			return nil, err
		}
		note, err := inc.AddNote("Assessed "+verdict+": "+a.Text, actor, now)
		return append(events, note...), err
	})
}
