package api

import (
	"bytes"
	"net/http"

	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
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
	var reg *obligations.Register
	err = s.store.View(func(tx *store.Tx) error {
		var err error
		reg, err = obligations.BuildRegister(tx, all, s.opts.Now())
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "json" {
		writeJSON(w, http.StatusOK, reg)
		return
	}
	var buf bytes.Buffer
	if err := reg.WriteCSV(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="breach-register.csv"`)
	_, _ = w.Write(buf.Bytes())
}
