package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// getFacts answers with the incident's breach facts, the flat object of
// REGULATIONS.md's appendix.
func (s *Server) getFacts(w http.ResponseWriter, r *http.Request) {
	var inc *incident.Incident
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		inc, err = loadIncident(tx, r.PathValue("id"))
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if inc.Facts == nil {
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, fmt.Sprintf("%s has no breach facts yet: set them with PATCH /api/v1/incidents/%s/facts", inc.ID, inc.ID))
		return
	}
	writeJSON(w, http.StatusOK, inc.Facts)
}

// patchFacts sets the facts the body names (a JSON object of facts; null
// unsets one) and re-evaluates the obligations, in one transaction. The
// actor is ?actor=NAME, or the body is {"actor": NAME, "facts": {…}}.
func (s *Server) patchFacts(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, incident.MaxFactsSize))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	patch, actor, err := factsPatch(body, r.URL.Query().Get("actor"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.opts.Respond.PatchFacts(r.Context(), r.PathValue("id"), actor, patch)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, client.FactsResponse{Incident: res.Incident.ID, Facts: res.Incident.Facts, Changes: res.Changes, Obligations: res.Obligations})
}

// factsPatch separates the facts from the actor: the body is the facts
// object itself, or {"actor": …, "facts": {…}}.
func factsPatch(body []byte, actor string) ([]byte, string, error) {
	var wrapped struct {
		Actor string          `json:"actor"`
		Facts json.RawMessage `json:"facts"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if dec.Decode(&wrapped) == nil && len(wrapped.Facts) > 0 {
		body = wrapped.Facts
		if wrapped.Actor != "" {
			actor = wrapped.Actor
		}
	}
	if actor == "" {
		actor = defaultActor
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, "", incident.Invalidf(`body needs a JSON object of facts, such as {"data_subjects": 1200}`)
	}
	return body, actor, nil
}
