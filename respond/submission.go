package respond

import (
	"context"
	"errors"
	"time"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations"
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
//
// The regime's draft as it stands, dated when it was filed, is kept with
// the filing and its SHA-256 goes into the submission event, so the
// timeline says what was filed and an evidence bundle carries it. A draft
// that cannot be rendered does not stop the filing from being recorded:
// it is recorded without one and the reason is logged.
func (s *Service) Submit(ctx context.Context, id, actor string, sub Submission) (SubmissionResult, error) {
	var res SubmissionResult
	r := s.opts.Obligations.Catalog().Regime(sub.Regime)
	if r == nil && sub.Regime != "" {
		return res, incident.Invalidf("regime %.80q is not in the catalog (see GET /api/v1/incidents/{id}/obligations for the ids)", sub.Regime)
	}
	inc, err := s.change(ctx, id, actor, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		var filed *incident.FiledDraft
		if r != nil && inc.Facts != nil {
			var err error
			if filed, err = s.keepDraft(tx, inc, r, sub.At, now); err != nil {
				return nil, err
			}
		}
		return inc.RecordSubmission(sub.Regime, sub.At, sub.Ref, actor, filed, s.opts.Obligations.Check, now)
	}, func(tx *store.Tx, inc *incident.Incident) error {
		res.Submission = inc.Submissions[len(inc.Submissions)-1]
		var err error
		res.Obligations, err = tx.Obligations(inc.ID)
		return err
	})
	res.Incident = inc
	return res, err
}

// keepDraft renders regime r's draft for inc, dated at (or now), keeps it
// in tx and returns what the submission event says of it: nil when the
// regime has no template or the draft cannot be rendered (logged).
func (s *Service) keepDraft(tx *store.Tx, inc *incident.Incident, r *regulations.Regime, at, now time.Time) (*incident.FiledDraft, error) {
	if at.IsZero() || at.After(now) {
		at = now
	}
	d, err := s.render(tx, inc, r, drafts.Markdown, "", at.UTC())
	if errors.Is(err, drafts.ErrNoTemplate) {
		return nil, nil
	}
	if err != nil {
		s.log.Warn().Err(err).Str("incident_id", inc.ID).Str("regime", r.ID).Msg("the filing is recorded without its draft: the draft cannot be rendered")
		return nil, nil
	}
	digest, err := tx.PutFiledDraft(inc.ID, d.Body)
	if err != nil {
		return nil, err
	}
	return &incident.FiledDraft{Name: d.Filename, Format: string(drafts.Markdown), SHA256: digest}, nil
}
