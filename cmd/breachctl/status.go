package main

import (
	"context"
	"fmt"
)

// StatusCmd moves an incident to another status. The daemon decides which
// moves the lifecycle allows and says so when one is not.
type StatusCmd struct {
	ID     string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	State  string `arg:"" help:"New status: open, acknowledged, contained, resolved or closed."`
	Reason string `help:"Why, as recorded in the timeline." placeholder:"TEXT"`
	Actor  string `help:"Who makes the change, as recorded in the timeline (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run changes the status.
func (c *StatusCmd) Run(ctx context.Context, app *App) error {
	inc, err := app.Client.SetStatus(ctx, c.ID, c.State, c.Reason, c.Actor)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, inc)
	}
	fmt.Fprintf(app.Stdout, "%s is now %s\n", cell(inc.ID, 0), cell(string(inc.Status), 0))
	return nil
}
