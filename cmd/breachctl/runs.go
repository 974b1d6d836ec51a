package main

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/incident"
)

// RunsCmd prints an incident's playbook runs and the state of each step.
type RunsCmd struct {
	ID string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
}

// Run shows the runs.
func (c *RunsCmd) Run(ctx context.Context, app *App) error {
	rs, err := app.Client.Runs(ctx, c.ID)
	if err != nil {
		return err
	}
	if rs.Runs == nil {
		rs.Runs = []*incident.Run{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, rs)
	}
	if len(rs.Runs) == 0 {
		fmt.Fprintf(app.Stdout, "%s has no playbook runs\n", cell(c.ID, 0))
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "RUN\tSTATUS\tSTEP\tKIND\tSTEP STATUS\tATTEMPTS\tDETAIL")
	for _, r := range rs.Runs {
		for i, s := range r.Steps {
			run, status := "", ""
			if i == 0 {
				run, status = cell(r.ID, 0), cell(string(r.Status), 0)
			}
			detail := s.Error
			if detail == "" {
				detail = s.Detail
			}
			if s.Kind == "approval" && s.Status == incident.StepWaiting && s.Until != nil {
				detail = fmt.Sprintf("%d of %d approvals, expires %s", len(s.Approvals), s.Required, timeCell(*s.Until))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", orDash(run), orDash(status), cell(s.Name, 0), cell(s.Kind, 0),
				cell(string(s.Status), 0), s.Attempts, orDash(cell(detail, summaryLen)))
		}
	}
	return tw.Flush()
}
