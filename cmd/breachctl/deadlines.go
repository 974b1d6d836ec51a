package main

import (
	"context"
	"fmt"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// DeadlinesCmd lists the open obligations of every incident, most urgent
// first: the privacy officer's "what is due next, and what is late".
type DeadlinesCmd struct {
	All bool `help:"Also list the fulfilled obligations (after the open ones), with when they were filed."`
}

// Run prints the deadlines.
func (c *DeadlinesCmd) Run(ctx context.Context, app *App) error {
	list, err := app.Client.Deadlines(ctx, c.All)
	if err != nil {
		return err
	}
	if list.Deadlines == nil {
		list.Deadlines = []client.Deadline{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, list)
	}
	if len(list.Deadlines) == 0 {
		fmt.Fprintln(app.Stderr, "no open deadlines")
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "INCIDENT\tSEVERITY\tREGIME\tTO\tSTATUS\tDUE\tLEFT")
	for _, d := range list.Deadlines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(d.Incident, 0), orDash(cell(d.Severity, 0)), cell(d.Regime, 0),
			orDash(cell(d.RecipientKind, 0)), cell(string(d.Status), 0), dueCell(d), leftCell(d))
	}
	return tw.Flush()
}

// dueCell renders when d is due: a duty without a numeric limit that is
// due shows "now", as it is owed from its trigger.
func dueCell(d client.Deadline) string {
	switch {
	case d.DueAt != nil:
		return timeCell(*d.DueAt)
	case d.Status == incident.ObligationDue:
		return "now"
	}
	return "-"
}

// leftCell renders the time left before d's deadline, or how long ago it
// passed; for a fulfilled obligation, whether it was filed in time.
func leftCell(d client.Deadline) string {
	switch {
	case d.Status == incident.ObligationFulfilled && d.Late:
		return "filed late"
	case d.Status == incident.ObligationFulfilled:
		return "filed"
	case d.LeftSeconds == nil:
		return "-"
	case *d.LeftSeconds <= 0:
		return "overdue " + span(time.Duration(-*d.LeftSeconds)*time.Second)
	}
	return span(time.Duration(*d.LeftSeconds) * time.Second)
}

// span renders a duration in days and hours, hours and minutes, or
// minutes, whichever is the coarsest that says it: 2d3h, 5h20m, 45m.
func span(d time.Duration) string {
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, hours)
	case hours > 0:
		return fmt.Sprintf("%dh%02dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}
