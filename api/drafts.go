package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
)

// getDraft renders the notification draft of one regime for an incident:
// ?format=md (the default), html, pdf (a document to file) or json (the
// draft as data, which breachctl draft --font prints as a PDF in a font of
// the user's: the server reads no font file); ?lang=pt renders it in that
// language with the English after it, for review. Every legally required field is in it;
// one the facts cannot fill is marked missing, and a draft rendered past
// the deadline carries the reasons-for-delay section. ?as_filed=true
// answers instead with the Markdown draft as it stood when the regime's
// last filing was recorded.
func (s *Server) getDraft(w http.ResponseWriter, r *http.Request) {
	switch q := r.URL.Query().Get("as_filed"); q {
	case "", "false":
	case "true":
		s.getFiledDraft(w, r)
		return
	default:
		s.fail(w, r, invalidField("as_filed", "as_filed %.20q (want true or false)", q))
		return
	}
	format := drafts.Format(r.URL.Query().Get("format"))
	if format == "" {
		format = drafts.Markdown
	}
	if format != drafts.Markdown && format != drafts.HTML && format != drafts.PDF && format != drafts.JSON {
		s.fail(w, r, invalidField("format", "format %.20q (want md, html, pdf or json)", format))
		return
	}
	d, err := s.opts.Respond.Draft(r.Context(), r.PathValue("id"), r.PathValue("regime"), format, r.URL.Query().Get("lang"))
	if errors.Is(err, drafts.ErrNoTemplate) {
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, err.Error())
		return
	}
	if errors.Is(err, drafts.ErrInvalidInput) {
		// The request's language, or the narrative it is drawn from.
		s.fail(w, r, incident.Invalidf("%v", err))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := "text/markdown; charset=utf-8"
	switch format {
	case drafts.HTML:
		ctype = "text/html; charset=utf-8"
	case drafts.PDF:
		ctype = "application/pdf"
	case drafts.JSON:
		ctype = "application/json"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, d.Filename))
	_, _ = w.Write(d.Body)
}

// getFiledDraft answers with the draft of a regime as it was filed.
func (s *Server) getFiledDraft(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "" && f != string(drafts.Markdown) {
		s.fail(w, r, invalidField("format", "a draft as filed is kept as Markdown: format %.20q is not available with as_filed", f))
		return
	}
	d, err := s.opts.Respond.FiledDraft(r.Context(), r.PathValue("id"), r.PathValue("regime"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, d.Filename))
	_, _ = w.Write(d.Body)
}
