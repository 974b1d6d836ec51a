package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/breachd/breachd/client"
)

// maxPageSize is the largest page the API serves; following every cursor is
// fastest with it.
const maxPageSize = 1000

// IncidentsCmd groups the commands on many incidents.
type IncidentsCmd struct {
	List IncidentsListCmd `cmd:"" help:"List incidents, newest first."`
}

// IncidentsListCmd lists incidents one page at a time, or every page with
// --all.
type IncidentsListCmd struct {
	Status   []string `help:"Only incidents in these statuses (comma list: open, acknowledged, contained, resolved, closed)." placeholder:"S"`
	Severity []string `help:"Only incidents of these severities (comma list: info, low, medium, high, critical)." placeholder:"S"`
	Limit    int      `help:"Page size, 1 to 1000 (default: the server's, 100; 1000 with --all)." placeholder:"N"`
	Cursor   string   `help:"Continue after a previous page, from the hint printed below it." placeholder:"C"`
	All      bool     `help:"Follow the cursors to the last page."`
}

// Run lists the incidents.
func (c *IncidentsListCmd) Run(ctx context.Context, app *App) error {
	opts := client.ListOptions{Statuses: c.Status, Severities: c.Severity, Limit: c.Limit, Cursor: c.Cursor}
	var page client.IncidentList
	if c.All {
		if opts.Limit == 0 {
			opts.Limit = maxPageSize
		}
		incs, err := listAll(ctx, app.Client, opts, nil)
		if err != nil {
			return err
		}
		page.Incidents = incs
	} else {
		var err error
		if page, err = app.Client.ListIncidents(ctx, opts); err != nil {
			return err
		}
	}
	if page.Incidents == nil {
		page.Incidents = []client.ListedIncident{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, page)
	}
	if len(page.Incidents) == 0 {
		fmt.Fprintln(app.Stderr, "no incidents")
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSTATUS\tALERTS\tASSET\tOPENED\tNEXT DUE\tREGIME\tTITLE")
	for _, inc := range page.Incidents {
		due, regime := "-", "-"
		if d := inc.NextDeadline; d != nil {
			due, regime = timeCell(d.DueAt), cell(d.Regime, 0)
			if d.Overdue {
				due += " OVERDUE"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", cell(inc.ID, 0), inc.Severity, cell(string(inc.Status), 0),
			inc.AlertCount, orDash(cell(inc.Asset.ID, 40)), timeCell(inc.OpenedAt), due, regime, cell(inc.Title, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if page.NextCursor != "" {
		fmt.Fprintf(app.Stderr, "more incidents: run again with the same flags and --cursor %s, or with --all\n", page.NextCursor)
	}
	return nil
}

// listAll follows the cursors from opts to the last page and returns every
// incident. progress, when not nil, is told how many were fetched so far.
func listAll(ctx context.Context, cl *client.Client, opts client.ListOptions, progress func(fetched int)) ([]client.ListedIncident, error) {
	var all []client.ListedIncident
	seen := make(map[string]bool)
	for {
		page, err := cl.ListIncidents(ctx, opts)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Incidents...)
		if progress != nil {
			progress(len(all))
		}
		if page.NextCursor == "" {
			return all, nil
		}
		// A server that hands back a cursor it already gave would have us
		// loop forever.
		if seen[page.NextCursor] || page.NextCursor == opts.Cursor {
			return nil, fmt.Errorf("list incidents: the server repeated cursor %s", strconv.Quote(page.NextCursor))
		}
		seen[page.NextCursor] = true
		opts.Cursor = page.NextCursor
	}
}
