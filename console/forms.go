package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
)

// maxFormBody bounds a posted form: the narrative is the largest.
const maxFormBody = 512 << 10

// role is what a form needs of the viewer.
type role int

const (
	roleRespond role = iota
	rolePrivacy
)

// allow returns the viewer when they hold need, or answers 403 and
// returns false.
func (c *Console) allow(w http.ResponseWriter, r *http.Request, need role) (Viewer, bool) {
	v := c.opts.Viewer(r)
	ok, what := v.CanRespond, "responder"
	if need == rolePrivacy {
		ok, what = v.CanPrivacy, "privacy office"
	}
	if !ok {
		c.fail(w, r, fmt.Errorf("%w: %s may not do this: it needs the %s role", errForbidden, v.Name, what))
		return v, false
	}
	return v, true
}

// readForm parses the posted form within maxFormBody.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return incident.Invalidf("the form could not be read: %v", err)
	}
	return nil
}

// back answers a change that succeeded: to the incident page, at the
// section the form belongs to (POST-redirect-GET).
func back(w http.ResponseWriter, r *http.Request, anchor string) {
	http.Redirect(w, r, "/incidents/"+r.PathValue("id")+"#"+anchor, http.StatusSeeOther)
}

// postFacts records the facts form: only the fields changed, each emptied
// one back to unknown. A refusal shows the page again with 422, what was
// typed kept, and each problem beside its field.
func (c *Console) postFacts(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, rolePrivacy)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	p, err := c.loadIncident(r, id, false)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	current, err := factTexts(p.Inc.Facts)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	patch, typed, err := factsPatch(r.PostForm, current)
	if err == nil && patch != nil {
		_, err = c.opts.Respond.PatchFacts(r.Context(), id, v.Name, patch)
	}
	if errors.Is(err, incident.ErrInvalid) {
		byKey, general := factProblems(err)
		p.Facts = factFields(current, typed, byKey)
		p.FactsErrors = general
		p.Problem = "The facts were not recorded: nothing was changed. See the fields marked below."
		c.render(w, r, http.StatusUnprocessableEntity, "incident", p)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "facts")
}

// postNarrative records the narrative editor: the texts that changed, an
// emptied one unset; "new_key" and "new_text" add a key the editor does
// not list (REGIME.N).
func (c *Console) postNarrative(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, rolePrivacy)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	p, err := c.loadIncident(r, id, false)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	texts := map[string]string{}
	for key, vals := range r.PostForm {
		k, ok := strings.CutPrefix(key, "n.")
		if !ok {
			continue
		}
		// Only what the person changed, against the text the form was
		// drawn from (no.KEY), so that a text someone else changed
		// meanwhile is not put back.
		text, base := formText(vals), p.Inc.Narrative[k]
		if orig, ok := r.PostForm["no."+k]; ok {
			base = formText(orig)
		}
		if text != base {
			texts[k] = text
		}
	}
	if k := strings.TrimSpace(r.PostForm.Get("new_key")); k != "" {
		texts[k] = strings.TrimSpace(r.PostForm.Get("new_text"))
	}
	if len(texts) > 0 {
		if _, err := c.opts.Respond.SetNarrative(r.Context(), id, v.Name, texts); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	back(w, r, "narrative")
}

// postSubmission records that a notice was filed: regime, ref, and at
// (RFC 3339; empty is now).
func (c *Console) postSubmission(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, rolePrivacy)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	sub := respond.Submission{Regime: strings.TrimSpace(r.PostForm.Get("regime")), Ref: strings.TrimSpace(r.PostForm.Get("ref"))}
	if sub.Regime == "" {
		c.fail(w, r, incident.Invalidf("choose the regime the notice was filed under"))
		return
	}
	if at := strings.TrimSpace(r.PostForm.Get("at")); at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			c.fail(w, r, incident.Invalidf("at %.40q is not an RFC 3339 time such as 2026-03-12T09:30:00Z", at))
			return
		}
		sub.At = t
	}
	if _, err := c.opts.Respond.Submit(r.Context(), r.PathValue("id"), v.Name, sub); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "obligations")
}

// postAck acknowledges the incident.
func (c *Console) postAck(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, roleRespond)
	if !ok {
		return
	}
	if _, err := c.opts.Respond.Acknowledge(r.Context(), r.PathValue("id"), v.Name); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "summary")
}

// postStatus moves the incident: status and reason.
func (c *Console) postStatus(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, roleRespond)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	st, err := incident.ParseStatus(r.PostForm.Get("status"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.opts.Respond.SetStatus(r.Context(), r.PathValue("id"), v.Name, st, strings.TrimSpace(r.PostForm.Get("reason"))); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "summary")
}

// postNote adds a note to the timeline.
func (c *Console) postNote(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, roleRespond)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.opts.Respond.Note(r.Context(), r.PathValue("id"), v.Name, r.PostForm.Get("text")); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "timeline")
}

// postAssignee assigns the incident to someone (empty: nobody).
func (c *Console) postAssignee(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, roleRespond)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.opts.Respond.Assign(r.Context(), r.PathValue("id"), v.Name, strings.TrimSpace(r.PostForm.Get("assignee"))); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "summary")
}

// postAssessment records whether the breach is notifiable, and why.
func (c *Console) postAssessment(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, rolePrivacy)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	var a respond.Assessment
	switch r.PostForm.Get("notifiable") {
	case "true":
		a.Notifiable = true
	case "false":
	default:
		c.fail(w, r, incident.Invalidf("notifiable must be true or false"))
		return
	}
	a.Text = r.PostForm.Get("text")
	if _, err := c.opts.Respond.Assess(r.Context(), r.PathValue("id"), v.Name, a); err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "obligations")
}

// postApproval decides on a waiting approval step: run, step, decision
// (approve or reject) and comment. Someone the step does not list is
// refused with 403 naming who may decide.
func (c *Console) postApproval(w http.ResponseWriter, r *http.Request) {
	v, ok := c.allow(w, r, roleRespond)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		c.fail(w, r, err)
		return
	}
	f := r.PostForm
	_, err := c.opts.Respond.Decide(r.Context(), respond.Decision{Incident: r.PathValue("id"), Run: f.Get("run"), Step: f.Get("step"),
		Decision: f.Get("decision"), Approver: v.Name, Comment: strings.TrimSpace(f.Get("comment"))})
	switch {
	case errors.Is(err, respond.ErrNotApprover):
		err = fmt.Errorf("%w: %v", errForbidden, err)
	case errors.Is(err, respond.ErrNoPlaybooks):
		err = incident.Invalidf("%v", err)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	back(w, r, "runs")
}
