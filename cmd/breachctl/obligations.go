package main

import (
	"fmt"
	"io"
	"os"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks/regulations"
)

// ObligationsCmd groups the commands about regulatory obligations.
type ObligationsCmd struct {
	Evaluate ObligationsEvaluateCmd `cmd:"" help:"Evaluate breach facts offline against the embedded regulation catalog: what is owed, to whom, by when."`
}

// ObligationsEvaluateCmd answers a privacy officer's "what do we owe if…"
// without a daemon: it reads breach facts (the flat JSON object of
// REGULATIONS.md's appendix), evaluates them with the embedded catalog and
// the current time, and prints one line per regime.
type ObligationsEvaluateCmd struct {
	Facts string `required:"" help:"Breach facts as a JSON object; - reads standard input." placeholder:"FILE|-" type:"path"`
}

// Run evaluates the facts.
func (c *ObligationsEvaluateCmd) Run(app *App) error {
	facts, err := c.read(app.Stdin)
	if err != nil {
		return err
	}
	catalog := regulations.Default()
	if err := catalog.CheckFacts(facts); err != nil {
		return err
	}
	res := regulations.Evaluate(facts, catalog, app.Now())
	if app.JSON {
		return writeJSON(app.Stdout, res)
	}
	return writeObligations(app.Stdout, res)
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
		case o.DueAt != nil:
			dueAt = timeCell(*o.DueAt)
		case o.Status == incident.ObligationDue:
			dueAt = "now"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(o.Regime, 0), cell(string(o.Status), 0), dueAt, cell(o.Due, 70), cell(o.Recipient, 0))
	}
	return tw.Flush()
}
