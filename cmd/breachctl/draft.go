package main

import (
	"context"
	"fmt"
	"os"

	"github.com/breachd/breachd/drafts"
)

// DraftCmd prints the notification draft of one regime for an incident,
// with every legally required field; one the facts cannot fill is marked
// MISSING.
type DraftCmd struct {
	ID      string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Regime  string `arg:"" help:"Regime id, e.g. gdpr_art33_sa (see breachctl obligations ID)."`
	Format  string `help:"md, html or pdf (a document to file, without the reviewer's header; needs --out)." enum:"md,html,pdf" default:"md"`
	Out     string `help:"Write the draft to FILE instead of standard output." placeholder:"FILE" type:"path"`
	Lang    string `help:"Language of the draft, ISO 639-1 (pt, fr, de, ko, ja, zh; en is the default): the fixed wording translated, the English after it for review." placeholder:"CODE"`
	AsFiled bool   `name:"as-filed" help:"The draft as it stood when the regime's last filing was recorded (breachctl submitted), kept as Markdown; its SHA-256 is in the timeline."`
	Font    string `help:"With --format pdf: a TrueType font (.ttf) for the characters the built-in fonts lack, to print a Korean, Japanese or Chinese draft (on Debian: fonts-nanum, fonts-ipafont-gothic, fonts-droid-fallback). The PDF is printed here, from the draft the daemon renders." placeholder:"FILE" type:"path"`
}

// Run fetches and writes the draft.
func (c *DraftCmd) Run(ctx context.Context, app *App) error {
	if c.Format == "pdf" && c.Out == "" {
		return fmt.Errorf("--format pdf writes a binary file: give --out FILE.pdf")
	}
	if c.AsFiled && (c.Format != "md" || c.Lang != "" || c.Font != "") {
		return fmt.Errorf("--as-filed prints the draft kept at filing, in Markdown: it takes no --format, --lang or --font")
	}
	if c.Font != "" && c.Format != "pdf" {
		return fmt.Errorf("--font is for --format pdf: the Markdown and HTML drafts use the reader's fonts")
	}
	body, err := c.fetch(ctx, app)
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

// fetch returns the draft: as the daemon renders it, or, with a font, as
// the PDF printed here from the draft's data, since the daemon reads no
// font file a client names.
func (c *DraftCmd) fetch(ctx context.Context, app *App) ([]byte, error) {
	if c.AsFiled {
		return app.Client.FiledDraft(ctx, c.ID, c.Regime)
	}
	if c.Font == "" {
		return app.Client.Draft(ctx, c.ID, c.Regime, c.Format, c.Lang)
	}
	font, err := os.ReadFile(c.Font)
	if err != nil {
		return nil, fmt.Errorf("read font: %w", err)
	}
	data, err := app.Client.Draft(ctx, c.ID, c.Regime, string(drafts.JSON), c.Lang)
	if err != nil {
		return nil, err
	}
	pdf, err := drafts.PrintPDF(data, font)
	if err != nil {
		return nil, fmt.Errorf("print %s with %s: %w", c.Regime, c.Font, err)
	}
	return pdf, nil
}
