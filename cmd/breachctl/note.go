package main

import (
	"context"
	"fmt"
	"strings"
)

// NoteCmd adds a free-text note to an incident's timeline.
type NoteCmd struct {
	ID    string   `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Text  []string `arg:"" sep:"none" help:"The note; several words are joined with spaces."`
	Actor string   `help:"Who writes the note, as recorded in the timeline (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run adds the note.
func (c *NoteCmd) Run(ctx context.Context, app *App) error {
	inc, err := app.Client.AddNote(ctx, c.ID, strings.Join(c.Text, " "), c.Actor)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, inc)
	}
	fmt.Fprintf(app.Stdout, "note added to %s as event %d\n", cell(inc.ID, 0), inc.TimelineSeq)
	return nil
}
