package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations"
)

// ObligationsCmd groups the commands about regulatory obligations.
type ObligationsCmd struct {
	Show     ObligationsShowCmd     `cmd:"" default:"withargs" help:"Show an incident's obligations (the default: breachctl obligations ID)."`
	Evaluate ObligationsEvaluateCmd `cmd:"" help:"Evaluate breach facts offline against the embedded regulation catalog: what is owed, to whom, by when."`
}

// ObligationsShowCmd prints an incident's obligations as the daemon keeps
// them: what is owed, to whom, by when, and what was reminded or missed.
type ObligationsShowCmd struct {
	ID  string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	All bool   `help:"Also list the regimes that do not apply or are not in force, with the reason."`
}

// Run prints the obligations.
func (c *ObligationsShowCmd) Run(ctx context.Context, app *App) error {
	set, err := app.Client.Obligations(ctx, c.ID)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, set)
	}
	if len(set.Obligations) == 0 {
		fmt.Fprintf(app.Stdout, "%s has no breach facts yet, so no obligations: record them with breachctl facts %s aware_at=… jurisdictions=…\n", cell(c.ID, 0), cell(c.ID, 0))
		return nil
	}
	var shown []incident.Obligation
	for _, o := range set.Obligations {
		if c.All || o.Status.Concerns() {
			shown = append(shown, o)
		}
	}
	if err := writeObligations(app.Stdout, regulations.Result{Obligations: shown}); err != nil {
		return err
	}
	fmt.Fprintf(app.Stderr, "evaluated %s with catalog %s\n", timeCell(set.EvaluatedAt), set.CatalogVersion)
	return nil
}

// ObligationsEvaluateCmd answers a privacy officer's "what do we owe if…"
// without a daemon: it reads breach facts (the flat JSON object of
// REGULATIONS.md's appendix), evaluates them with the embedded catalog and
// the current time, and prints one line per regime.
type ObligationsEvaluateCmd struct {
	Facts string `required:"" help:"Breach facts as a JSON object; - reads standard input." placeholder:"FILE|-" type:"path"`
	catalogFlags
	All bool `help:"Also list the regimes that do not apply, are not in force or are only possible (the JSON output always lists every one)."`
}

// Run evaluates the facts.
func (c *ObligationsEvaluateCmd) Run(app *App) error {
	facts, err := c.read(app.Stdin)
	if err != nil {
		return err
	}
	catalog, err := c.load()
	if err != nil {
		return err
	}
	if err := catalog.CheckFacts(facts); err != nil {
		return err
	}
	res := regulations.Evaluate(facts, catalog, app.Now())
	if app.JSON {
		return writeJSON(app.Stdout, res)
	}
	shown := regulations.Result{Obligations: []incident.Obligation{}}
	hidden := 0
	for _, o := range res.Obligations {
		if c.All || o.Status.Concerns() {
			shown.Obligations = append(shown.Obligations, o)
		} else {
			hidden++
		}
	}
	if err := writeObligations(app.Stdout, shown); err != nil {
		return err
	}
	if hidden > 0 {
		fmt.Fprintf(app.Stderr, "%d regimes that do not apply, are not in force or are only possible are not shown: --all lists them\n", hidden)
	}
	return nil
}

// read decodes the facts from the file or, for "-", from stdin.
func (c *ObligationsEvaluateCmd) read(stdin io.Reader) (*incident.Facts, error) {
	if c.Facts == "-" {
		return incident.DecodeFacts(stdin)
	}
	f, err := os.Open(c.Facts)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	defer f.Close()
	facts, err := incident.DecodeFacts(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Facts, err)
	}
	return facts, nil
}

// writeObligations prints the table. A duty without a numeric limit that is
// due shows "now": it is owed from its trigger (REGULATIONS.md convention 6).
func writeObligations(w io.Writer, res regulations.Result) error {
	tw := newTable(w)
	fmt.Fprintln(tw, "REGIME\tSTATUS\tDUE AT\tDUE\tRECIPIENT")
	for _, o := range res.Obligations {
		dueAt := "-"
		switch {
		case o.DueAt != nil && o.Overdue:
			dueAt = timeCell(*o.DueAt) + " OVERDUE"
		case o.DueAt != nil:
			dueAt = timeCell(*o.DueAt)
		case o.Status == incident.ObligationDue:
			dueAt = "now"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(o.Regime, 0), cell(string(o.Status), 0), dueAt, cell(o.Due, 70), cell(o.Recipient, 0))
	}
	return tw.Flush()
}
