package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// NarrativeCmd records what people write about the breach that the facts
// do not hold (nature, likely_consequences, measures_taken…); drafts show
// it in their sections.
type NarrativeCmd struct {
	ID    string   `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Set   []string `arg:"" name:"key=text" help:"Texts to record, e.g. measures_taken=\"Keys rotated at 10:05\"; an empty text unsets the key."`
	Actor string   `help:"Who writes it, as the timeline shows (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run records the texts.
func (c *NarrativeCmd) Run(ctx context.Context, app *App) error {
	texts := map[string]string{}
	for _, kv := range c.Set {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("%q: want key=text, such as nature=\"Customer table exported\"", kv)
		}
		texts[strings.TrimSpace(k)] = v
	}
	res, err := app.Client.PatchNarrative(ctx, c.ID, c.Actor, texts)
	if err != nil {
		return err
	}
	narrative := res.Narrative
	if app.JSON {
		return writeJSON(app.Stdout, narrative)
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "KEY\tTEXT")
	keys := make([]string, 0, len(narrative))
	for k := range narrative {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\n", cell(k, 0), cell(narrative[k], 100))
	}
	return tw.Flush()
}
