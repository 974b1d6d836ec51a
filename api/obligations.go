package api

import (
	"net/http"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// getObligations answers with the incident's stored obligations; an
// incident without breach facts has none.
func (s *Server) getObligations(w http.ResponseWriter, r *http.Request) {
	var set *incident.Obligations
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := loadIncident(tx, r.PathValue("id"))
		if err != nil {
			return err
		}
		if set, err = tx.Obligations(inc.ID); err != nil {
			return err
		}
		if set == nil {
			set = &incident.Obligations{Incident: inc.ID, CatalogVersion: s.opts.Obligations.Catalog().Version, Obligations: []incident.Obligation{}}
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, set)
}

// postSubmission records that a notification was filed: the regime's
// obligation is fulfilled and the next phase's clock starts.
func (s *Server) postSubmission(w http.ResponseWriter, r *http.Request) {
	var req client.SubmissionRequest
	if err := readJSON(w, r, &req, `{"regime": "gdpr_art33_sa", "ref": "…", "at": "RFC 3339, optional"}`); err != nil {
		s.fail(w, r, err)
		return
	}
	var (
		at  time.Time
		err error
	)
	if req.At != "" {
		if at, err = time.Parse(time.RFC3339, req.At); err != nil {
			s.fail(w, r, incident.Invalidf("at %.40q is not an RFC 3339 time such as 2026-03-12T09:30:00Z", req.At))
			return
		}
	}
	if req.Actor == "" {
		req.Actor = defaultActor
	}
	if req.Regime != "" && s.opts.Obligations.Catalog().Regime(req.Regime) == nil {
		s.fail(w, r, incident.Invalidf("regime %.80q is not in the catalog (see GET /api/v1/incidents/{id}/obligations for the ids)", req.Regime))
		return
	}
	now := s.opts.Now()
	var resp client.SubmissionResponse
	err = s.store.Update(func(tx *store.Tx) error {
		inc, _, err := s.changeFacts(tx, r.PathValue("id"), now, func(inc *incident.Incident) ([]incident.Event, error) {
			return inc.RecordSubmission(req.Regime, at, req.Ref, req.Actor, s.opts.Obligations.Check, now)
		})
		if err != nil {
			return err
		}
		resp.Submission = inc.Submissions[len(inc.Submissions)-1]
		resp.Obligations, err = tx.Obligations(inc.ID)
		resp.Obligation = resp.Obligations.Find(req.Regime)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, resp)
}
