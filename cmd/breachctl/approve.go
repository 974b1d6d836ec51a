package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// ApproveCmd approves a pending approval step of a playbook run.
type ApproveCmd struct {
	decisionArgs
}

// RejectCmd rejects a pending approval step, which ends the run.
type RejectCmd struct {
	decisionArgs
}

// decisionArgs are what approve and reject take. With the incident alone
// they list its pending approvals.
type decisionArgs struct {
	ID      string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	RunID   string `arg:"" optional:"" name:"run" help:"The run: its playbook's name (ransomware-host) when that names one run of the incident, else the run id, e.g. INC-2026-0042/ransomware-host (breachctl runs ID). Without RUN and STEP, list the incident's pending approvals."`
	Step    string `arg:"" optional:"" help:"The approval step, e.g. approve-isolation."`
	Comment string `help:"Why, recorded with the decision." placeholder:"TEXT"`
	Actor   string `help:"The approver, who must be among the step's approvers (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Validate refuses a run without its step: the two come together.
func (c *decisionArgs) Validate() error {
	if c.RunID != "" && c.Step == "" {
		return errors.New("name the approval step after the run: ID RUN STEP (the incident alone lists its pending approvals)")
	}
	return nil
}

// Run approves, or lists the pending approvals.
func (c *ApproveCmd) Run(ctx context.Context, app *App) error { return c.decide(ctx, app, "approve") }

// Run rejects, or lists the pending approvals.
func (c *RejectCmd) Run(ctx context.Context, app *App) error { return c.decide(ctx, app, "reject") }

func (c *decisionArgs) decide(ctx context.Context, app *App, decision string) error {
	if c.RunID == "" {
		return c.listPending(ctx, app, decision)
	}
	run := c.RunID
	if !strings.Contains(run, "/") {
		// A playbook's name: find its run among the incident's.
		rs, err := app.Client.Runs(ctx, c.ID)
		if err != nil {
			return err
		}
		if run, err = resolveRun(rs.Runs, c.ID, c.RunID, c.Step); err != nil {
			return err
		}
	}
	r, err := app.Client.Decide(ctx, c.ID, client.ApprovalRequest{Run: run, Step: c.Step, Decision: decision, Approver: c.Actor, Comment: c.Comment})
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, r)
	}
	fmt.Fprintf(app.Stdout, "%s: %s %s by %s; run %s\n", cell(c.ID, 0), cell(c.Step, 0), decided(decision), cell(c.Actor, 0), cell(string(r.Status), 0))
	return nil
}

// resolveRun finds the run of incident id that a playbook's name means:
// the one run of that playbook, or the one of them whose step is waiting
// for decisions. Several are refused, naming them.
func resolveRun(runs []*incident.Run, id, playbook, step string) (string, error) {
	var all, waiting []string
	for _, r := range runs {
		if r.Playbook != playbook {
			continue
		}
		all = append(all, r.ID)
		if s := r.Step(step); s != nil && s.Status == incident.StepWaiting {
			waiting = append(waiting, r.ID)
		}
	}
	switch {
	case len(waiting) == 1:
		return waiting[0], nil
	case len(all) == 1:
		return all[0], nil
	case len(all) == 0 && len(runs) == 0:
		return "", fmt.Errorf("%s has no playbook runs", cell(id, 0))
	case len(all) == 0:
		ids := make([]string, len(runs))
		for i, r := range runs {
			ids[i] = r.ID
		}
		return "", fmt.Errorf("%s has no run of playbook %q; its runs are %s", cell(id, 0), cell(playbook, 64), cellList(ids))
	}
	candidates := all
	if len(waiting) > 1 {
		candidates = waiting
	}
	return "", fmt.Errorf("playbook %q has %d runs on %s that %s could mean; give the run id, one of %s",
		cell(playbook, 64), len(candidates), cell(id, 0), cell(step, 64), cellList(candidates))
}

// cellList renders names for one line of a message.
func cellList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cell(n, 0)
	}
	return strings.Join(out, ", ")
}

// pendingApproval is one approval step waiting for decisions, as
// `approve ID` lists it.
type pendingApproval struct {
	// Run is what to type as RUN: the playbook's name when it names one
	// run of the incident, else the run id.
	Run       string              `json:"run"`
	RunID     string              `json:"run_id"`
	Playbook  string              `json:"playbook"`
	Step      string              `json:"step"`
	Approvers []string            `json:"approvers"`
	Required  int                 `json:"required"`
	Approvals []incident.Decision `json:"approvals"`
	Expires   *time.Time          `json:"expires,omitempty"`
	Message   string              `json:"message,omitempty"`
}

// listPending prints the incident's approval steps waiting for decisions.
func (c *decisionArgs) listPending(ctx context.Context, app *App, decision string) error {
	rs, err := app.Client.Runs(ctx, c.ID)
	if err != nil {
		return err
	}
	perPlaybook := map[string]int{}
	for _, r := range rs.Runs {
		perPlaybook[r.Playbook]++
	}
	pending := []pendingApproval{}
	for _, r := range rs.Runs {
		for _, s := range r.Steps {
			if s.Kind != string(playbooks.KindApproval) || s.Status != incident.StepWaiting {
				continue
			}
			p := pendingApproval{Run: r.ID, RunID: r.ID, Playbook: r.Playbook, Step: s.Name, Approvers: s.Approvers,
				Required: s.Required, Approvals: s.Approvals, Expires: s.Until, Message: s.Detail}
			if perPlaybook[r.Playbook] == 1 {
				p.Run = r.Playbook
			}
			if p.Approvers == nil {
				p.Approvers = []string{}
			}
			if p.Approvals == nil {
				p.Approvals = []incident.Decision{}
			}
			pending = append(pending, p)
		}
	}
	slices.SortStableFunc(pending, func(a, b pendingApproval) int { return compareExpiry(a.Expires, b.Expires) })
	if app.JSON {
		return writeJSON(app.Stdout, pending)
	}
	if len(pending) == 0 {
		fmt.Fprintf(app.Stdout, "%s has no approvals waiting for a decision\n", cell(c.ID, 0))
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "RUN\tSTEP\tAPPROVALS\tAPPROVERS\tEXPIRES\tMESSAGE")
	for _, p := range pending {
		approved := 0
		for _, a := range p.Approvals {
			if a.Decision == playbooks.Approve {
				approved++
			}
		}
		expires := "-"
		if p.Expires != nil {
			expires = timeCell(*p.Expires)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d of %d\t%s\t%s\t%s\n", cell(p.Run, 0), cell(p.Step, 0), approved, p.Required,
			cellList(p.Approvers), expires, orDash(cell(p.Message, summaryLen)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.Stderr, "decide with: breachctl %s %s RUN STEP\n", decision, cell(c.ID, 0))
	return nil
}

// compareExpiry orders the soonest expiry first, none last.
func compareExpiry(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}
