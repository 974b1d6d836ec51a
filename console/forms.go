package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
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
	inc, err := c.record(id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	current, err := factTexts(inc.Facts)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	patch, typed, err := factsPatch(r.PostForm, current)
	if err == nil && patch != nil {
		_, err = c.opts.Respond.PatchFacts(r.Context(), id, v.Name, patch)
	}
	if errors.Is(err, incident.ErrInvalid) {
		// Only a refusal needs the whole page, shown again.
		p, lerr := c.loadIncident(r, id, false)
		if lerr != nil {
			c.fail(w, r, lerr)
			return
		}
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

// record reads incident id as stored, without what its page shows
// besides.
func (c *Console) record(id string) (*incident.Incident, error) {
	var inc *incident.Incident
	err := c.opts.Store.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.LoadIncident(id)
		return err
	})
	return inc, err
}

// setNarrative records the narrative editor: the texts that changed, an
// emptied one unset; "new_key" and "new_text" add a key the editor does
// not list (REGIME.N).
func (c *Console) setNarrative(r *http.Request, id, actor string) error {
	inc, err := c.record(id)
	if err != nil {
		return err
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
		text, base := formText(vals), inc.Narrative[k]
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
	if len(texts) == 0 {
		return nil
	}
	_, err = c.opts.Respond.SetNarrative(r.Context(), id, actor, texts)
	return err
}

// form serves a change made by a form: the viewer must hold need, the
// form is read, do makes the change as the viewer, and a change that
// succeeded goes back to the incident page at anchor (POST-redirect-GET);
// an error is answered as fail answers it.
func (c *Console) form(need role, anchor string, do func(r *http.Request, id, actor string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := c.allow(w, r, need)
		if !ok {
			return
		}
		if err := readForm(w, r); err != nil {
			c.fail(w, r, err)
			return
		}
		if err := do(r, r.PathValue("id"), v.Name); err != nil {
			c.fail(w, r, err)
			return
		}
		back(w, r, anchor)
	}
}

// submit records that a notice was filed: regime, ref, and at (RFC 3339;
// empty is now).
func (c *Console) submit(r *http.Request, id, actor string) error {
	sub := respond.Submission{Regime: strings.TrimSpace(r.PostForm.Get("regime")), Ref: strings.TrimSpace(r.PostForm.Get("ref"))}
	if sub.Regime == "" {
		return incident.Invalidf("choose the regime the notice was filed under")
	}
	if at := strings.TrimSpace(r.PostForm.Get("at")); at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return incident.Invalidf("at %.40q is not an RFC 3339 time such as 2026-03-12T09:30:00Z", at)
		}
		sub.At = t
	}
	_, err := c.opts.Respond.Submit(r.Context(), id, actor, sub)
	return err
}

// ack acknowledges the incident.
func (c *Console) ack(r *http.Request, id, actor string) error {
	_, err := c.opts.Respond.Acknowledge(r.Context(), id, actor)
	return err
}

// setStatus moves the incident: status and reason.
func (c *Console) setStatus(r *http.Request, id, actor string) error {
	st, err := incident.ParseStatus(r.PostForm.Get("status"))
	if err != nil {
		return err
	}
	_, err = c.opts.Respond.SetStatus(r.Context(), id, actor, st, strings.TrimSpace(r.PostForm.Get("reason")))
	return err
}

// note adds a note to the timeline.
func (c *Console) note(r *http.Request, id, actor string) error {
	_, err := c.opts.Respond.Note(r.Context(), id, actor, r.PostForm.Get("text"))
	return err
}

// assign assigns the incident to someone (empty: nobody).
func (c *Console) assign(r *http.Request, id, actor string) error {
	_, err := c.opts.Respond.Assign(r.Context(), id, actor, strings.TrimSpace(r.PostForm.Get("assignee")))
	return err
}

// assess records whether the breach is notifiable, and why.
func (c *Console) assess(r *http.Request, id, actor string) error {
	var a respond.Assessment
	switch r.PostForm.Get("notifiable") {
	case "true":
		a.Notifiable = true
	case "false":
	default:
		return incident.Invalidf("notifiable must be true or false")
	}
	a.Text = r.PostForm.Get("text")
	_, err := c.opts.Respond.Assess(r.Context(), id, actor, a)
	return err
}

// decide decides on a waiting approval step: run, step, decision
// (approve or reject) and comment. Someone the step does not list is
// refused with 403 naming who may decide.
func (c *Console) decide(r *http.Request, id, actor string) error {
	f := r.PostForm
	_, err := c.opts.Respond.Decide(r.Context(), respond.Decision{Incident: id, Run: f.Get("run"), Step: f.Get("step"),
		Decision: f.Get("decision"), Approver: actor, Comment: strings.TrimSpace(f.Get("comment"))})
	switch {
	case errors.Is(err, respond.ErrNotApprover):
		err = fmt.Errorf("%w: %v", errForbidden, err)
	case errors.Is(err, respond.ErrNoPlaybooks):
		err = incident.Invalidf("%v", err)
	}
	return err
}
