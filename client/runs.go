package client

import (
	"context"
	"net/http"

	"github.com/breachd/breachd/incident"
)

// Runs is the body of GET /api/v1/incidents/{id}/runs: the incident's
// playbook runs and their steps.
type Runs struct {
	Incident string          `json:"incident"`
	Runs     []*incident.Run `json:"runs"`
}

// ApprovalRequest is the body of POST /api/v1/incidents/{id}/approvals: a
// decision on a pending approval step.
type ApprovalRequest struct {
	Run  string `json:"run"`
	Step string `json:"step"`
	// Decision is "approve" or "reject".
	Decision string `json:"decision"`
	// Approver must be among the step's approvers; the API refuses anyone
	// else with 403 and records the refusal.
	Approver string `json:"approver"`
	Comment  string `json:"comment,omitempty"`
}

// Runs fetches an incident's playbook runs.
func (c *Client) Runs(ctx context.Context, id string) (Runs, error) {
	var out Runs
	err := c.call(ctx, http.MethodGet, incidentPath(id, "runs"), nil, nil, &out)
	return out, err
}

// Decide approves or rejects a pending approval step and returns the run
// as it now stands.
func (c *Client) Decide(ctx context.Context, id string, req ApprovalRequest) (*incident.Run, error) {
	var run incident.Run
	if err := c.call(ctx, http.MethodPost, incidentPath(id, "approvals"), nil, req, &run); err != nil {
		return nil, err
	}
	return &run, nil
}
