package main

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/client"
)

// ApproveCmd approves a pending approval step of a playbook run.
type ApproveCmd struct {
	decisionArgs
}

// RejectCmd rejects a pending approval step, which ends the run.
type RejectCmd struct {
	decisionArgs
}

// decisionArgs are what approve and reject take.
type decisionArgs struct {
	ID      string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	RunID   string `arg:"" name:"run" help:"Run id, e.g. INC-2026-0042/ransomware-host (breachctl runs ID)."`
	Step    string `arg:"" help:"The approval step, e.g. approve-isolation."`
	Comment string `help:"Why, recorded with the decision." placeholder:"TEXT"`
	Actor   string `help:"The approver, who must be among the step's approvers (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run approves.
func (c *ApproveCmd) Run(ctx context.Context, app *App) error { return c.decide(ctx, app, "approve") }

// Run rejects.
func (c *RejectCmd) Run(ctx context.Context, app *App) error { return c.decide(ctx, app, "reject") }

func (c *decisionArgs) decide(ctx context.Context, app *App, decision string) error {
	r, err := app.Client.Decide(ctx, c.ID, client.ApprovalRequest{Run: c.RunID, Step: c.Step, Decision: decision, Approver: c.Actor, Comment: c.Comment})
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, r)
	}
	fmt.Fprintf(app.Stdout, "%s: %s %sd by %s; run %s\n", cell(c.ID, 0), cell(c.Step, 0), decision, cell(c.Actor, 0), cell(string(r.Status), 0))
	return nil
}
