package main

import (
	"context"
	"fmt"
)

// AckCmd acknowledges an incident: someone is on it.
type AckCmd struct {
	ID    string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Actor string `help:"Who acknowledges, as recorded in the timeline (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run acknowledges the incident.
func (c *AckCmd) Run(ctx context.Context, app *App) error {
	inc, err := app.Client.Ack(ctx, c.ID, c.Actor)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, inc)
	}
	fmt.Fprintf(app.Stdout, "%s acknowledged by %s\n", cell(inc.ID, 0), cell(inc.AcknowledgedBy, 0))
	return nil
}
