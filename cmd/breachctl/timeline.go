package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/breachd/breachd/incident"
)

// summaryLen bounds the SUMMARY column of a timeline.
const summaryLen = 80

// TimelineCmd prints an incident's timeline, oldest event first.
type TimelineCmd struct {
	ID string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
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
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tTYPE\tSUMMARY")
	for i := range tl.Events {
		e := &tl.Events[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, timeCell(e.Time), orDash(cell(e.Actor, 32)),
			cell(string(e.Type), 0), orDash(cell(summarize(e.Type, e.Data), summaryLen)))
	}
	return tw.Flush()
}

// summarize renders an event's data in a few words. Types it does not know
// show as their fields, so a newer daemon's events still read.
func summarize(typ incident.EventType, data json.RawMessage) string {
	if len(data) == 0 {
		return ""
	}
	var d map[string]any
	if err := json.Unmarshal(data, &d); err != nil {
		return string(data)
	}
	str := func(k string) string {
		if v, ok := d[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	switch typ {
	case incident.EventOpened, incident.EventAlertAttached:
		s := fmt.Sprintf("alert %s (%s/%s, %s): %s", str("alert_id"), str("source"), str("kind"), str("severity"), str("title"))
		if d["correlated"] == true {
			s = "correlated " + s
		}
		return s
	case incident.EventSeverityRaised:
		return fmt.Sprintf("%s → %s by alert %s", str("from"), str("to"), str("alert_id"))
	case incident.EventStatusChanged:
		s := fmt.Sprintf("%s → %s", str("from"), str("to"))
		if r := str("reason"); r != "" {
			s += ": " + r
		}
		return s
	case incident.EventNoteAdded:
		return str("text")
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, _ := json.Marshal(d[k])
		parts[i] = k + "=" + strings.Trim(string(v), `"`)
	}
	return strings.Join(parts, " ")
}
