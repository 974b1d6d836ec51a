package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachd/breachd/incident"
)

// ListOptions select a page of incidents.
type ListOptions struct {
	// Statuses and Severities, when not empty, keep only the incidents in
	// one of them.
	Statuses   []string
	Severities []string
	// Limit is the page size; zero leaves it to the server.
	Limit int
	// Cursor continues after a previous page (IncidentList.NextCursor).
	Cursor string
}

// IncidentList is the body of GET /api/v1/incidents: one page of
// incidents, newest first. NextCursor is empty on the last page.
type IncidentList struct {
	Incidents  []ListedIncident `json:"incidents"`
	NextCursor string           `json:"next_cursor"`
}

// ListedIncident is an incident as GET /api/v1/incidents lists it: the
// incident's own fields, and its next deadline.
type ListedIncident struct {
	*incident.Incident
	// NextDeadline is the earliest deadline among the incident's open
	// obligations; nil (null) when none has one.
	NextDeadline *NextDeadline `json:"next_deadline"`
}

// Timeline is the body of GET /api/v1/incidents/{id}/timeline: the
// incident's events in order, read in one snapshot with the incident.
type Timeline struct {
	Incident string `json:"incident"`
	// Head and HeadSeq are the hash and sequence number of the last event,
	// as the incident record has them.
	Head    string           `json:"head"`
	HeadSeq uint64           `json:"head_seq"`
	Events  []incident.Event `json:"events"`
}

// ActionRequest is the body of the lifecycle actions: POST
// /api/v1/incidents/{id}/ack, /status, /notes and /assessment. Each uses the fields it
// needs; an empty Actor is recorded as "api".
type ActionRequest struct {
	Actor  string `json:"actor,omitempty"`
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	Text   string `json:"text,omitempty"`
	// Notifiable is an assessment's verdict.
	Notifiable *bool `json:"notifiable,omitempty"`
}

// ListIncidents fetches one page of incidents.
func (c *Client) ListIncidents(ctx context.Context, o ListOptions) (IncidentList, error) {
	q := url.Values{}
	if len(o.Statuses) > 0 {
		q.Set("status", strings.Join(o.Statuses, ","))
	}
	if len(o.Severities) > 0 {
		q.Set("severity", strings.Join(o.Severities, ","))
	}
	if o.Limit != 0 { // the server says what is wrong with a bad one
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Cursor != "" {
		q.Set("cursor", o.Cursor)
	}
	var out IncidentList
	err := c.call(ctx, http.MethodGet, "/api/v1/incidents", q, nil, &out)
	return out, err
}

// Incident fetches one incident.
func (c *Client) Incident(ctx context.Context, id string) (*incident.Incident, error) {
	var inc incident.Incident
	if err := c.call(ctx, http.MethodGet, incidentPath(id), nil, nil, &inc); err != nil {
		return nil, err
	}
	return &inc, nil
}

// Timeline fetches an incident's timeline.
func (c *Client) Timeline(ctx context.Context, id string) (Timeline, error) {
	var out Timeline
	err := c.call(ctx, http.MethodGet, incidentPath(id, "timeline"), nil, nil, &out)
	return out, err
}

// Ack acknowledges an incident as actor and returns it as it now stands.
func (c *Client) Ack(ctx context.Context, id, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "ack", ActionRequest{Actor: actor})
}

// SetStatus moves an incident to status, as actor, for reason, and returns
// it as it now stands.
func (c *Client) SetStatus(ctx context.Context, id, status, reason, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "status", ActionRequest{Status: status, Reason: reason, Actor: actor})
}

// AddNote adds a note to an incident's timeline, as actor, and returns the
// incident as it now stands.
func (c *Client) AddNote(ctx context.Context, id, text, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "notes", ActionRequest{Text: text, Actor: actor})
}

func (c *Client) act(ctx context.Context, id, verb string, req ActionRequest) (*incident.Incident, error) {
	var inc incident.Incident
	if err := c.call(ctx, http.MethodPost, incidentPath(id, verb), nil, req, &inc); err != nil {
		return nil, err
	}
	return &inc, nil
}
