package main

import (
	"context"
	"fmt"
	"os"
)

// DraftCmd prints the notification draft of one regime for an incident,
// with every legally required field; one the facts cannot fill is marked
// MISSING.
type DraftCmd struct {
	ID     string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Regime string `arg:"" help:"Regime id, e.g. gdpr_art33_sa (see breachctl obligations ID)."`
	Format string `help:"md, html or pdf (a document to file, without the reviewer's header; needs --out)." enum:"md,html,pdf" default:"md"`
	Out    string `help:"Write the draft to FILE instead of standard output." placeholder:"FILE" type:"path"`
	Lang   string `help:"Language of the draft, ISO 639-1 (pt, fr, de, ko, ja, zh; en is the default): the fixed wording translated, the English after it for review." placeholder:"CODE"`
}

// Run fetches and writes the draft.
func (c *DraftCmd) Run(ctx context.Context, app *App) error {
	if c.Format == "pdf" && c.Out == "" {
		return fmt.Errorf("--format pdf writes a binary file: give --out FILE.pdf")
	}
	body, err := app.Client.Draft(ctx, c.ID, c.Regime, c.Format, c.Lang)
	if err != nil {
		return err
	}
	if c.Format != "pdf" && len(body) > 0 && body[len(body)-1] != '\n' {
		body = append(body, '\n')
	}
	if c.Out == "" {
		_, err = app.Stdout.Write(body)
		return err
	}
	if err := os.WriteFile(c.Out, body, 0o600); err != nil {
		return fmt.Errorf("write draft: %w", err)
	}
	fmt.Fprintf(app.Stderr, "draft written to %s\n", c.Out)
	return nil
}
