package console

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// deadlineFilter is what the Deadlines page's form narrows the list to;
// an empty field lets every value through.
type deadlineFilter struct {
	Jurisdiction  string
	RecipientKind string
	Regime        string
	Severity      string
	Status        string // the incident's status
}

func (f deadlineFilter) keep(d *client.Deadline) bool {
	return (f.Jurisdiction == "" || d.Jurisdiction == f.Jurisdiction) &&
		(f.RecipientKind == "" || d.RecipientKind == f.RecipientKind) &&
		(f.Regime == "" || d.Regime == f.Regime) &&
		(f.Severity == "" || d.Severity == f.Severity) &&
		(f.Status == "" || string(d.IncidentStatus) == f.Status)
}

// deadlinesPageSize is how many rows one page of the Deadlines shows; the
// rest follow on the next pages, in the same order.
const deadlinesPageSize = 500

// deadlinesPage is the home page: every open obligation of every incident.
type deadlinesPage struct {
	base
	Filter deadlineFilter
	Rows   []client.Deadline
	// Total is how many open obligations there are before filtering,
	// Matching how many pass it; Rows are one page of those, from Offset.
	Total, Matching, Offset int
	NextOffset, PrevOffset  string
	// The choices of each filter: the values the list holds.
	Jurisdictions, RecipientKinds, Regimes []string
	Severities, Statuses                   []string
}

// deadlines serves the Deadlines page: the rows of the API's
// GET /api/v1/deadlines (obligations.ListDeadlines), read through the
// console's index so that a visit does not decode every incident's
// obligations; only the order of the top differs: an unknown jurisdiction
// and missing facts lead, since nobody can say how urgent they are until
// someone looks.
func (c *Console) deadlines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := deadlinesPage{base: c.base(r, "Deadlines", "deadlines"), Filter: deadlineFilter{
		Jurisdiction: q.Get("jurisdiction"), RecipientKind: q.Get("recipient_kind"), Regime: q.Get("regime"),
		Severity: q.Get("severity"), Status: q.Get("status"),
	}}
	var list client.DeadlineList
	err := c.opts.Store.View(func(tx *store.Tx) error {
		var err error
		list.Deadlines, err = c.idx.deadlines(tx, p.Now)
		return err
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Total = len(list.Deadlines)
	seen := map[string]map[string]bool{"j": {}, "k": {}, "r": {}}
	add := func(set, v string, to *[]string) {
		if v != "" && !seen[set][v] {
			seen[set][v] = true
			*to = append(*to, v)
		}
	}
	rows := make([]client.Deadline, 0, len(list.Deadlines))
	for i := range list.Deadlines {
		d := &list.Deadlines[i]
		add("j", d.Jurisdiction, &p.Jurisdictions)
		add("k", d.RecipientKind, &p.RecipientKinds)
		add("r", d.Regime, &p.Regimes)
		if p.Filter.keep(d) {
			rows = append(rows, *d)
		}
	}
	slices.Sort(p.Jurisdictions)
	slices.Sort(p.RecipientKinds)
	slices.Sort(p.Regimes)
	for _, s := range incident.Severities() {
		p.Severities = append(p.Severities, s.String())
	}
	for _, s := range incident.Statuses() {
		p.Statuses = append(p.Statuses, string(s))
	}
	// A stable sort keeps the API's order within each group.
	slices.SortStableFunc(rows, func(a, b client.Deadline) int { return unsure(a) - unsure(b) })
	p.Matching = len(rows)
	p.Offset, _ = strconv.Atoi(q.Get("offset"))
	p.Offset = max(0, min(p.Offset, len(rows)))
	p.Rows = rows[p.Offset:min(len(rows), p.Offset+deadlinesPageSize)]
	if end := p.Offset + len(p.Rows); end < len(rows) {
		p.NextOffset = strconv.Itoa(end)
	}
	if p.Offset > 0 {
		p.PrevOffset = strconv.Itoa(max(0, p.Offset-deadlinesPageSize))
	}
	c.render(w, r, http.StatusOK, "deadlines", p)
}

// unsure is 0 for the obligations nobody can time yet (an unknown
// jurisdiction, missing facts), 1 for the others.
func unsure(d client.Deadline) int {
	if d.Status == incident.ObligationUnknown || d.Status == incident.ObligationNeedsFacts {
		return 0
	}
	return 1
}

// From and To number the rows shown, from 1.
func (p deadlinesPage) From() int { return p.Offset + 1 }

// To is the number of the last row shown.
func (p deadlinesPage) To() int { return p.Offset + len(p.Rows) }
