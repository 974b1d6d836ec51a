package console

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// incidentsPageSize is how many incidents one page of the list shows.
const incidentsPageSize = 50

// searchBudget bounds how many incidents one search request examines, so
// that a search that matches little stays fast however many incidents there
// are; the page then offers to continue from where it stopped.
const searchBudget = 20000

// incidentsPage is the list of incidents, newest first.
type incidentsPage struct {
	base
	Query            string
	Status, Severity string
	Statuses         []string
	Severities       []string
	Rows             []client.ListedIncident
	Next             string
	Cursor           string
	Exhausted        bool // the search stopped at its budget, not at a full page
	Examined         int
}

// incidents serves the Incidents page: the store's own paging (the API's
// GET /api/v1/incidents), filtered by status and severity, with each
// incident's next deadline (obligations.NextDeadline) from the index. A search by
// incident id loads that incident; any other search matches the asset id,
// its tenant or the title.
func (c *Console) incidents(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := incidentsPage{base: c.base(r, "Incidents", "incidents"),
		Query: strings.TrimSpace(v.Get("q")), Status: v.Get("status"), Severity: v.Get("severity"), Cursor: v.Get("cursor")}
	for _, s := range incident.Statuses() {
		p.Statuses = append(p.Statuses, string(s))
	}
	for _, s := range incident.Severities() {
		p.Severities = append(p.Severities, s.String())
	}
	q := store.ListQuery{Limit: incidentsPageSize, Cursor: p.Cursor}
	if p.Status != "" {
		st, err := incident.ParseStatus(p.Status)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		q.Statuses = []incident.Status{st}
	}
	if p.Severity != "" {
		sev, err := incident.ParseSeverity(p.Severity)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		q.Severities = []incident.Severity{sev}
	}
	err := c.opts.Store.View(func(tx *store.Tx) error {
		var list []*incident.Incident
		switch {
		case p.Query == "":
			page, err := tx.ListIncidents(q)
			if err != nil {
				return err
			}
			list, p.Next = page.Incidents, page.Next
		case isIncidentID(p.Query):
			inc, err := tx.LoadIncident(strings.ToUpper(p.Query))
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if inc != nil && filtered(q, inc) {
				list = append(list, inc)
			}
		default:
			var err error
			list, p.Next, p.Examined, err = search(tx, q, strings.ToLower(p.Query))
			if err != nil {
				return err
			}
			p.Exhausted = p.Examined >= searchBudget && p.Next != ""
		}
		for _, inc := range list {
			next, err := c.idx.nextDeadline(tx, inc, p.Now)
			if err != nil {
				return err
			}
			p.Rows = append(p.Rows, client.ListedIncident{Incident: inc, NextDeadline: next})
		}
		return nil
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "incidents", p)
}

// isIncidentID reports whether s is written as an incident id.
func isIncidentID(s string) bool {
	_, _, err := incident.ParseID(strings.ToUpper(s))
	return err == nil
}

// search pages through the incidents from q's cursor, newest first, and
// keeps those whose asset id, tenant or title holds needle, until a page is
// full or searchBudget incidents were examined. Each store page asks for no
// more incidents than matches are still wanted, so none is skipped: the
// cursor of the last page continues exactly after the last one examined.
func search(tx *store.Tx, q store.ListQuery, needle string) ([]*incident.Incident, string, int, error) {
	var out []*incident.Incident
	examined := 0
	for {
		need := incidentsPageSize - len(out)
		q.Limit = need
		page, err := tx.ListIncidents(q)
		if err != nil {
			return nil, "", examined, err
		}
		for _, inc := range page.Incidents {
			if matches(inc, needle) {
				out = append(out, inc)
			}
		}
		examined += len(page.Incidents)
		q.Cursor = page.Next
		if len(out) == incidentsPageSize || page.Next == "" || examined >= searchBudget {
			return out, page.Next, examined, nil
		}
	}
}

// matches reports whether inc's asset id, tenant or title holds needle,
// which is lower case.
func matches(inc *incident.Incident, needle string) bool {
	return strings.Contains(strings.ToLower(inc.Asset.ID), needle) ||
		strings.Contains(strings.ToLower(inc.Asset.Tenant), needle) ||
		strings.Contains(strings.ToLower(inc.Title), needle)
}

// filtered reports whether inc passes q's status and severity filters, as
// the store's own paging filters them.
func filtered(q store.ListQuery, inc *incident.Incident) bool {
	return (len(q.Statuses) == 0 || slices.Contains(q.Statuses, inc.Status)) &&
		(len(q.Severities) == 0 || slices.Contains(q.Severities, inc.Severity))
}
