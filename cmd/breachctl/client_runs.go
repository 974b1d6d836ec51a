package main

import (
	"context"
	"net/url"

	"github.com/breachd/breachd/incident"
)

// Runs is the answer of GET /api/v1/incidents/{id}/runs.
type Runs struct {
	Incident string          `json:"incident"`
	Runs     []*incident.Run `json:"runs"`
}

// Runs returns an incident's playbook runs.
func (c *Client) Runs(ctx context.Context, id string) (Runs, error) {
	var out Runs
	err := c.getJSON(ctx, "/api/v1/incidents/"+url.PathEscape(id)+"/runs", nil, &out)
	return out, err
}

// Decision is the body of POST /api/v1/incidents/{id}/approvals.
type Decision struct {
	Run      string `json:"run"`
	Step     string `json:"step"`
	Decision string `json:"decision"`
	Approver string `json:"approver"`
	Comment  string `json:"comment,omitempty"`
}

// Decide approves or rejects a pending approval step and returns the run.
func (c *Client) Decide(ctx context.Context, id string, d Decision) (*incident.Run, error) {
	var out incident.Run
	err := c.postJSON(ctx, "/api/v1/incidents/"+url.PathEscape(id)+"/approvals", d, &out)
	return &out, err
}
