package main

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/incident"
)

// summaryLen bounds the SUMMARY column of a timeline.
const summaryLen = 80

// TimelineCmd prints an incident's timeline, oldest event first.
type TimelineCmd struct {
	ID   string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Wide bool   `short:"w" help:"Print each summary whole (an alert's labels included) instead of cutting it at 80 characters."`
}

// Run shows the timeline.
func (c *TimelineCmd) Run(ctx context.Context, app *App) error {
	tl, err := app.Client.Timeline(ctx, c.ID)
	if err != nil {
		return err
	}
	if tl.Events == nil {
		tl.Events = []incident.Event{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, tl)
	}
	width := summaryLen
	if c.Wide {
		width = 0
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tTYPE\tSUMMARY")
	for i := range tl.Events {
		e := &tl.Events[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, timeCell(e.Time), orDash(cell(e.Actor, 32)),
			cell(string(e.Type), 0), orDash(cell(summarize(e.Type, e.Data), width)))
	}
	return tw.Flush()
}
