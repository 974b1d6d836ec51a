package api

import (
	"fmt"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/regulations"
)

// getRegimes answers with the catalog's regimes in words; ?jurisdiction=
// keeps those of one jurisdiction or whose conditions name it.
func (s *Server) getRegimes(w http.ResponseWriter, r *http.Request) {
	cat := s.opts.Respond.Obligations().Catalog()
	code := r.URL.Query().Get("jurisdiction")
	regimes, err := cat.Describe(code)
	if err != nil {
		s.refuseWith(w, r, http.StatusBadRequest, client.ErrorResponse{Error: client.ErrorDetail{Code: client.CodeBadRequest, Field: "jurisdiction",
			Message: fmt.Sprintf("jurisdiction %.40q is %v", code, regulations.ErrJurisdiction)}})
		return
	}
	writeJSON(w, http.StatusOK, client.RegimeList{CatalogVersion: cat.Version, Regimes: regimes})
}

// getRegime answers with one regime in words.
func (s *Server) getRegime(w http.ResponseWriter, r *http.Request) {
	cat := s.opts.Respond.Obligations().Catalog()
	reg := cat.Regime(r.PathValue("id"))
	if reg == nil {
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, fmt.Sprintf("regime %.80q is not in the catalog (version %s)", r.PathValue("id"), cat.Version))
		return
	}
	writeJSON(w, http.StatusOK, client.RegimeDetail{CatalogVersion: cat.Version, Regime: reg.Describe()})
}
