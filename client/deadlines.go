package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/breachd/breachd/incident"
)

// Deadline is one obligation of one incident as GET /api/v1/deadlines
// lists it: what is owed, to whom, by when, and how long is left.
type Deadline struct {
	Incident string `json:"incident"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	// IncidentStatus is the incident's own status: closing an incident
	// does not discharge what the law asks, so a closed one stays listed.
	IncidentStatus incident.Status `json:"incident_status"`
	Regime         string          `json:"regime"`
	Jurisdiction   string          `json:"jurisdiction"`
	Recipient      string          `json:"recipient"`
	// RecipientKind is regulator, individuals, customer, …; empty for an
	// unknown jurisdiction.
	RecipientKind string                    `json:"recipient_kind"`
	Status        incident.ObligationStatus `json:"status"`
	// DueAt is nil for a duty without a numeric limit (due now, "without
	// undue delay"), a held one, and an unknown jurisdiction's; Due says
	// the deadline in words.
	DueAt *time.Time `json:"due_at"`
	Due   string     `json:"due"`
	// LeftSeconds is the time from the list's GeneratedAt to DueAt, in
	// whole seconds, negative once the deadline has passed; nil without a
	// DueAt and for a fulfilled obligation.
	LeftSeconds *int64 `json:"left_seconds"`
	// Overdue says an open obligation's deadline has passed.
	Overdue bool `json:"overdue"`
	// Late says the notice is or will be late: a fulfilled obligation
	// filed after its deadline, or an open one that is overdue.
	Late bool `json:"late"`
	// SubmittedAt is when a fulfilled obligation was filed.
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
}

// DeadlineList is the body of GET /api/v1/deadlines: the open obligations
// of every incident, most urgent first (earliest deadline first, so the
// overdue ones lead; then those without a deadline), and with all the
// fulfilled ones after them.
type DeadlineList struct {
	GeneratedAt time.Time  `json:"generated_at"`
	Deadlines   []Deadline `json:"deadlines"`
}

// NextDeadline is an incident's earliest open obligation with a deadline,
// as GET /api/v1/incidents carries it.
type NextDeadline struct {
	Regime  string    `json:"regime"`
	DueAt   time.Time `json:"due_at"`
	Overdue bool      `json:"overdue"`
}

// Deadlines fetches the open obligations of every incident, most urgent
// first; all adds the fulfilled ones.
func (c *Client) Deadlines(ctx context.Context, all bool) (DeadlineList, error) {
	var q url.Values
	if all {
		q = url.Values{"all": {strconv.FormatBool(all)}}
	}
	var out DeadlineList
	err := c.call(ctx, http.MethodGet, "/api/v1/deadlines", q, nil, &out)
	return out, err
}
