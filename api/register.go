package api

import (
	"errors"
	"net/http"

	"github.com/breachd/breachd/obligations"
)

// getRegister exports the breach register: ?format=json (the default) or
// csv, and ?all=true to list the obligations that do not apply too.
func (s *Server) getRegister(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		s.fail(w, r, invalidField("format", "format %.20q (want json or csv)", format))
		return
	}
	all, err := queryBool(r, "all")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="breach-register.csv"`)
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	// Streamed as it is read. A failure before the first byte is an error
	// answer; after it, the answer can only be cut short.
	if err := obligations.ExportRegister(s.store, all, s.opts.Now(), format, w); err != nil {
		if errors.Is(err, obligations.ErrCutShort) {
			s.log.Error().Err(err).Msg("register export")
			panic(http.ErrAbortHandler)
		}
		w.Header().Del("Content-Disposition")
		s.fail(w, r, err)
	}
}
