package main

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/client"
)

// SubmittedCmd records that a notification was filed with its recipient:
// the obligation is fulfilled and the next phase's clock starts (NIS2 final
// report, DORA intermediate and final reports, CA AG copy).
type SubmittedCmd struct {
	ID     string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Regime string `arg:"" help:"Regime id of the notification, e.g. gdpr_art33_sa (see breachctl obligations ID)."`
	Ref    string `help:"The recipient's reference: case number, portal receipt, message id." placeholder:"REF"`
	At     string `help:"When it was filed, RFC 3339 (default: now)." placeholder:"TIME"`
	Actor  string `help:"Who records it, as the timeline shows (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run records the submission.
func (c *SubmittedCmd) Run(ctx context.Context, app *App) error {
	res, err := app.Client.Submit(ctx, c.ID, client.SubmissionRequest{Regime: c.Regime, Ref: c.Ref, At: c.At, Actor: c.Actor})
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, res)
	}
	status := "recorded"
	if res.Obligation != nil {
		status = string(res.Obligation.Status)
	}
	fmt.Fprintf(app.Stdout, "%s %s submitted at %s (ref %s): %s\n", cell(c.ID, 0), cell(c.Regime, 0),
		timeCell(res.Submission.At), cell(orDash(res.Submission.Ref), 80), status)
	if d := res.Submission.Draft; d != nil {
		fmt.Fprintf(app.Stdout, "draft as filed: %s sha256 %s (breachctl draft %s %s --as-filed)\n", cell(d.Name, 0), d.SHA256, cell(c.ID, 0), cell(c.Regime, 0))
	}
	return nil
}
