package api

import (
	"errors"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// getRuns answers with the incident's playbook runs and their steps.
func (s *Server) getRuns(w http.ResponseWriter, r *http.Request) {
	resp := client.Runs{Runs: []*incident.Run{}}
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := loadIncident(tx, r.PathValue("id"))
		if err != nil {
			return err
		}
		resp.Incident = inc.ID
		list, err := tx.Runs(inc.ID)
		if len(list) > 0 {
			resp.Runs = list
		}
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// postApproval records an approval or a rejection of a pending approval
// step. Someone outside the step's approvers is refused with 403 naming the
// step's approvers, and the refusal is recorded on the timeline.
func (s *Server) postApproval(w http.ResponseWriter, r *http.Request) {
	var req client.ApprovalRequest
	if err := readJSON(w, r, &req, `{"run": "INC-…/playbook", "step": "…", "decision": "approve|reject", "approver": "…", "comment": "…"}`); err != nil {
		s.fail(w, r, err)
		return
	}
	run, err := s.opts.Respond.Decide(r.Context(), respond.Decision{Incident: r.PathValue("id"), Run: req.Run, Step: req.Step,
		Decision: req.Decision, Approver: req.Approver, Comment: req.Comment})
	switch {
	case errors.Is(err, respond.ErrNoPlaybooks):
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, err.Error())
		return
	case errors.Is(err, respond.ErrNotApprover):
		s.refused.WithLabelValues("403").Inc()
		s.log.Warn().Str("incident_id", r.PathValue("id")).Str("run", req.Run).Str("step", req.Step).Str("approver", req.Approver).Msg("approval refused")
		// The refusal names who may decide, in the message and as a list.
		resp := client.ErrorResponse{Error: client.ErrorDetail{Code: client.CodeNotApprover, Message: err.Error(), Field: "approver"}}
		var na *playbooks.NotApproverError
		if errors.As(err, &na) {
			resp.Approvers = na.Approvers
		}
		writeJSON(w, http.StatusForbidden, resp)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

// reloadResponse is the body of POST /api/v1/playbooks/reload: the
// playbooks now in force, or the error of every error answer with each
// problem of the refused set beside it.
type reloadResponse struct {
	Playbooks []string            `json:"playbooks,omitempty"`
	Error     *client.ErrorDetail `json:"error,omitempty"`
	Problems  []playbooks.Problem `json:"problems,omitempty"`
}

// reloadPlaybooks loads the playbook set again. An invalid set is refused
// whole with 422 and its problems; the set in force keeps running.
func (s *Server) reloadPlaybooks(w http.ResponseWriter, r *http.Request) {
	if s.opts.ReloadPlaybooks == nil {
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, "playbooks are not running in this daemon")
		return
	}
	set, err := s.opts.ReloadPlaybooks()
	var le *playbooks.LoadError
	switch {
	case errors.As(err, &le):
		s.refused.WithLabelValues("422").Inc()
		writeJSON(w, http.StatusUnprocessableEntity, reloadResponse{Problems: le.Problems,
			Error: &client.ErrorDetail{Code: client.CodeInvalidPlaybooks, Message: "the playbook set is invalid; the set in force keeps running"}})
		return
	case err != nil:
		s.refused.WithLabelValues("422").Inc()
		writeJSON(w, http.StatusUnprocessableEntity, reloadResponse{
			Error: &client.ErrorDetail{Code: client.CodeInvalidPlaybooks, Message: err.Error() + "; the set in force keeps running"}})
		return
	}
	resp := reloadResponse{Playbooks: []string{}}
	for _, pb := range set.Playbooks {
		resp.Playbooks = append(resp.Playbooks, pb.Name)
	}
	writeJSON(w, http.StatusOK, resp)
}
