package api

import (
	"net/http"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
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
			set = &incident.Obligations{Incident: inc.ID, CatalogVersion: s.opts.Respond.Obligations().Catalog().Version, Obligations: []incident.Obligation{}}
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
			s.fail(w, r, invalidField("at", "at %.40q is not an RFC 3339 time such as 2026-03-12T09:30:00Z", req.At))
			return
		}
	}
	if req.Actor == "" {
		req.Actor = defaultActor
	}
	res, err := s.opts.Respond.Submit(r.Context(), r.PathValue("id"), req.Actor, respond.Submission{Regime: req.Regime, Ref: req.Ref, At: at})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := client.SubmissionResponse{Submission: res.Submission, Obligations: res.Obligations, Obligation: res.Obligations.Find(req.Regime)}
	writeJSON(w, http.StatusCreated, resp)
}
