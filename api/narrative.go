package api

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
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
	inc, err := s.opts.Respond.SetNarrative(r.Context(), r.PathValue("id"), actor, texts)
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
