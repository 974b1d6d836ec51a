package respond

import (
	"context"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Submission is a notification that was filed with its recipient.
type Submission struct {
	// Regime is the catalog id of the obligation it fulfils.
	Regime string
	// Ref is the recipient's reference (a case number), if any.
	Ref string
	// At is when it was filed; zero means now.
	At time.Time
}

// SubmissionResult is a recorded submission with the obligations after it.
type SubmissionResult struct {
	Incident    *incident.Incident
	Submission  incident.Submission
	Obligations *incident.Obligations
}

// Submit records that a notification was filed: the regime's obligation is
// fulfilled and the clock of the next phase (a final report after an
// initial one) starts. A regime the catalog does not have is refused.
func (s *Service) Submit(ctx context.Context, id, actor string, sub Submission) (SubmissionResult, error) {
	var res SubmissionResult
	if s.opts.Obligations.Catalog().Regime(sub.Regime) == nil && sub.Regime != "" {
		return res, incident.Invalidf("regime %.80q is not in the catalog (see GET /api/v1/incidents/{id}/obligations for the ids)", sub.Regime)
	}
	inc, err := s.change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.RecordSubmission(sub.Regime, sub.At, sub.Ref, actor, s.opts.Obligations.Check, now)
	}, func(tx *store.Tx, inc *incident.Incident) error {
		res.Submission = inc.Submissions[len(inc.Submissions)-1]
		var err error
		res.Obligations, err = tx.Obligations(inc.ID)
		return err
	})
	res.Incident = inc
	return res, err
}
