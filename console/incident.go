package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// maxEventsShown bounds the timeline table; the chain is verified whole.
const maxEventsShown = 200

// chainStatus is what the timeline's hash chain and the record say.
type chainStatus struct {
	OK bool
	// BrokenAt is the first broken link, 0 when the chain holds.
	BrokenAt uint64
	Problem  string
	// Mismatches are the record's fields its events contradict.
	Mismatches []string
}

// alertRow is one alert of the incident, from its opened or
// alert_attached event.
type alertRow struct {
	Seq      uint64
	AlertID  string            `json:"alert_id"`
	Source   string            `json:"source"`
	Kind     string            `json:"kind"`
	Severity incident.Severity `json:"severity"`
	Title    string            `json:"title"`
	Time     time.Time         `json:"time"`
	Labels   map[string]string `json:"labels"`
}

// SortedLabels lists the labels by name.
func (a alertRow) SortedLabels() []string { return slices.Sorted(maps.Keys(a.Labels)) }

// narrativeField is one text of the narrative editor.
type narrativeField struct {
	Key, Value string
}

// incidentPage is one incident whole.
type incidentPage struct {
	base
	Inc            *incident.Incident
	Obligations    []incident.Obligation
	AllObligations bool
	EvaluatedAt    time.Time
	CatalogVersion string
	// Drafts are the regimes of the obligations shown that have a draft.
	Drafts []string
	// Languages are the languages a draft can be rendered in (ISO 639-1).
	Languages []string
	// Refs are the recipients' references of the last filing of each
	// regime.
	Refs map[string]string
	// Submittable are the regimes a submission can be recorded for.
	Submittable []string
	Picture     template.HTML
	Facts       []factField
	FactsErrors []string
	// FactsChanged is set when the facts form was refused: the form shows
	// what was typed.
	Narrative   []narrativeField
	Chain       chainStatus
	Events      []incident.Event
	EventsTotal int
	Runs        []*incident.Run
	Alerts      []alertRow
	Statuses    []string
	// Problem is a refused form's message, shown at the top.
	Problem string
}

// SortedLabels lists the incident's labels by name.
func (p incidentPage) SortedLabels() []string { return slices.Sorted(maps.Keys(p.Inc.Labels)) }

// incident serves one incident's page.
func (c *Console) incident(w http.ResponseWriter, r *http.Request) {
	all := r.URL.Query().Get("all") == "true"
	p, err := c.loadIncident(r, r.PathValue("id"), all)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	current, err := factTexts(p.Inc.Facts)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Facts = factFields(current, nil, nil)
	c.render(w, r, http.StatusOK, "incident", p)
}

// loadIncident reads everything the incident page shows in one snapshot.
func (c *Console) loadIncident(r *http.Request, id string, all bool) (*incidentPage, error) {
	p := &incidentPage{base: c.base(r, id, "incidents"), AllObligations: all}
	p.incidentID = id
	var events []incident.Event
	err := c.opts.Store.View(func(tx *store.Tx) error {
		inc, err := tx.LoadIncident(id)
		if err != nil {
			return err
		}
		p.Inc = inc
		set, err := tx.Obligations(inc.ID)
		if err != nil {
			return err
		}
		if set != nil {
			p.EvaluatedAt, p.CatalogVersion = set.EvaluatedAt, set.CatalogVersion
			for _, o := range set.Obligations {
				if all || o.Status.Concerns() {
					p.Obligations = append(p.Obligations, o)
				}
			}
		}
		if events, err = tx.Timeline(inc.ID); err != nil {
			return err
		}
		p.Runs, err = tx.Runs(inc.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	p.Title = p.Inc.ID + " " + p.Inc.Title
	p.Languages = drafts.Languages()
	p.Refs = map[string]string{}
	for _, sub := range p.Inc.Submissions {
		p.Refs[sub.Regime] = sub.Ref
	}
	p.Drafts, p.Submittable = c.opts.Respond.Filings(p.Obligations)
	p.Chain = verify(p.Inc, events)
	p.EventsTotal = len(events)
	// Newest first, the last maxEventsShown.
	for i := len(events) - 1; i >= 0 && len(p.Events) < maxEventsShown; i-- {
		p.Events = append(p.Events, events[i])
	}
	for _, e := range events {
		if e.Type != incident.EventOpened && e.Type != incident.EventAlertAttached {
			continue
		}
		a := alertRow{Seq: e.Seq}
		if err := json.Unmarshal(e.Data, &a); err != nil {
			return nil, fmt.Errorf("read alert of event %d of %s: %w", e.Seq, id, err)
		}
		p.Alerts = append(p.Alerts, a)
	}
	p.Narrative = narrativeFields(p.Inc.Narrative)
	for _, s := range incident.Statuses() {
		p.Statuses = append(p.Statuses, string(s))
	}
	p.Picture = picture(p.Inc, p.Obligations, p.Now)
	return p, nil
}

// verify checks the timeline as breachctl verify does: the hash chain,
// then the record against what its events say.
func verify(inc *incident.Incident, events []incident.Event) chainStatus {
	if seq, err := incident.VerifyChain(events); err != nil {
		return chainStatus{BrokenAt: seq, Problem: err.Error()}
	}
	ms, err := inc.CheckAgainst(events)
	if err != nil {
		return chainStatus{Problem: "the timeline contradicts itself: " + err.Error()}
	}
	if len(ms) > 0 {
		st := chainStatus{Problem: "the record disagrees with its events"}
		for _, m := range ms {
			st.Mismatches = append(st.Mismatches, m.String())
		}
		return st
	}
	return chainStatus{OK: true}
}

// narrativeFields are the editor's texts: every key the drafts read, then
// any other key the incident holds (a REGIME.N element).
func narrativeFields(n map[string]string) []narrativeField {
	keys := drafts.NarrativeKeys()
	var out []narrativeField
	for _, k := range keys {
		out = append(out, narrativeField{Key: k, Value: n[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(n)) {
		if !slices.Contains(keys, k) {
			out = append(out, narrativeField{Key: k, Value: n[k]})
		}
	}
	return out
}

// draft serves one regime's notification draft for the page to show and
// download, rendered by the same use case as the API's
// GET /api/v1/incidents/{id}/drafts/{regime}: ?format=md (the default),
// html or pdf; ?download=true asks the browser to save it.
func (c *Console) draft(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := drafts.Format(q.Get("format"))
	if format == "" {
		format = drafts.Markdown
	}
	ctype := map[drafts.Format]string{drafts.Markdown: "text/markdown; charset=utf-8", drafts.HTML: "text/html; charset=utf-8", drafts.PDF: "application/pdf"}[format]
	if ctype == "" {
		c.fail(w, r, incident.Invalidf("format %.20q (want md, html or pdf)", format))
		return
	}
	d, err := c.opts.Respond.Draft(r.Context(), r.PathValue("id"), r.PathValue("regime"), format, q.Get("lang"))
	switch {
	case errors.Is(err, drafts.ErrNoTemplate):
		err = fmt.Errorf("%w: %v", store.ErrNotFound, err)
	case errors.Is(err, drafts.ErrInvalidInput):
		err = incident.Invalidf("%v", err)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	disposition := "inline"
	if q.Get("download") == "true" {
		disposition = "attachment"
	}
	h := w.Header()
	// The draft's own HTML runs no script and is shown sandboxed.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox")
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf(`%s; filename="%s"`, disposition, strings.ReplaceAll(d.Filename, `"`, "")))
	_, _ = w.Write(d.Body)
}
