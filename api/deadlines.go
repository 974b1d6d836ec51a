package api

import (
	"net/http"
	"strconv"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
)

// getDeadlines answers with the open obligations of every incident, most
// urgent first, read in one snapshot; ?all=true adds the fulfilled ones.
func (s *Server) getDeadlines(w http.ResponseWriter, r *http.Request) {
	all, err := queryBool(r, "all")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var list client.DeadlineList
	err = s.store.View(func(tx *store.Tx) error {
		list, err = obligations.ListDeadlines(tx, all, s.opts.Now())
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// queryBool reads the query parameter name as true or false; absent is
// false.
func queryBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalidField(name, "%s %.20q (want true or false)", name, v)
	}
	return b, nil
}
