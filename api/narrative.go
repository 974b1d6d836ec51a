package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// maxNarrativeBody bounds a narrative request.
const maxNarrativeBody = 256 << 10

// patchNarrative records what people write about the breach for the drafts:
// a JSON object of texts by key ("" unsets one); ?actor=NAME says who.
func (s *Server) patchNarrative(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxNarrativeBody))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var texts map[string]string
	if err := json.Unmarshal(body, &texts); err != nil {
		s.fail(w, r, incident.Invalidf(`body must be a JSON object of texts, such as {"nature": "…", "measures_taken": "…"}: %v`, err))
		return
	}
	actor := r.URL.Query().Get("actor")
	if actor == "" {
		actor = defaultActor
	}
	keys := drafts.NarrativeKeys()
	known := func(k string) error {
		if slices.Contains(keys, k) {
			return nil
		}
		return fmt.Errorf("unknown narrative key %.64q (known: %s)", k, strings.Join(keys, ", "))
	}
	var inc *incident.Incident
	err = s.store.Update(func(tx *store.Tx) error {
		var err error
		if inc, err = loadIncident(tx, r.PathValue("id")); err != nil {
			return err
		}
		events, err := inc.SetNarrative(texts, actor, known, s.opts.Now())
		if err != nil || len(events) == 0 {
			return err
		}
		return s.save(tx, inc, events)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	narrative := inc.Narrative
	if narrative == nil {
		narrative = map[string]string{}
	}
	writeJSON(w, http.StatusOK, client.NarrativeResponse{Incident: inc.ID, Narrative: narrative})
}
