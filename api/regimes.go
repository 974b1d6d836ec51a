package api

import (
	"fmt"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// getRegimes answers with the catalog's regimes in words; ?jurisdiction=
// keeps those of one jurisdiction or whose conditions name it.
func (s *Server) getRegimes(w http.ResponseWriter, r *http.Request) {
	cat := s.opts.Respond.Obligations().Catalog()
	code := r.URL.Query().Get("jurisdiction")
	if state, ok := incident.USState(code); ok && !incident.ValidJurisdiction(code) {
		code = state // WA, as residents_by_state takes it
	}
	if code != "" && !incident.ValidJurisdiction(code) && code != "EU" && code != "global" && code != "contract" {
		s.fail(w, r, fmt.Errorf("%w: jurisdiction %.40q is not a jurisdiction code (TH, EU-FR, US-WA, CA-QC, EU, global)", incident.ErrInvalid, code))
		return
	}
	if code != "" && code != "EU" {
		code = incident.CanonicalJurisdiction(code)
	}
	writeJSON(w, http.StatusOK, client.RegimeList{CatalogVersion: cat.Version, Regimes: cat.Describe(code)})
}

// getRegime answers with one regime in words.
func (s *Server) getRegime(w http.ResponseWriter, r *http.Request) {
	cat := s.opts.Respond.Obligations().Catalog()
	reg := cat.Regime(r.PathValue("id"))
	if reg == nil {
		writeJSON(w, http.StatusNotFound, client.ErrorResponse{Error: fmt.Sprintf("regime %.80q is not in the catalog (version %s)", r.PathValue("id"), cat.Version)})
		s.refused.WithLabelValues("404").Inc()
		return
	}
	writeJSON(w, http.StatusOK, client.RegimeDetail{CatalogVersion: cat.Version, Regime: reg.Describe()})
}
