package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// getDraft renders the notification draft of one regime for an incident:
// ?format=md (the default) or html. Every legally required field is in it;
// one the facts cannot fill is marked missing, and a draft rendered past
// the deadline carries the reasons-for-delay section.
func (s *Server) getDraft(w http.ResponseWriter, r *http.Request) {
	format := drafts.Format(r.URL.Query().Get("format"))
	if format == "" {
		format = drafts.Markdown
	}
	if format != drafts.Markdown && format != drafts.HTML {
		s.fail(w, r, incident.Invalidf("format %.20q (want md or html)", format))
		return
	}
	regime := r.PathValue("regime")
	if s.opts.Obligations.Catalog().Regime(regime) == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("regime %.80q is not in the catalog", regime))
		return
	}
	now := s.opts.Now()
	var in drafts.Input
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := loadIncident(tx, r.PathValue("id"))
		if err != nil {
			return err
		}
		set, err := tx.Obligations(inc.ID)
		if err != nil {
			return err
		}
		in, err = drafts.InputFor(inc, set, regime, s.opts.Organisation)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in.Now = now
	out, err := drafts.Render(regime, format, in)
	if errors.Is(err, drafts.ErrNoTemplate) {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := "text/markdown; charset=utf-8"
	if format == drafts.HTML {
		ctype = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s-%s.%s"`, in.Incident.ID, regime, format))
	_, _ = w.Write(out)
}
