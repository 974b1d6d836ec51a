package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/obligations"
)

// RegisterCmd groups the breach register commands.
type RegisterCmd struct {
	Export RegisterExportCmd `cmd:"" help:"Export the breach register: every incident with breach facts, notified or not, with its obligations, reasons and submissions."`
}

// RegisterExportCmd writes the breach register for auditors.
type RegisterExportCmd struct {
	Format string `help:"csv or json (default json; -o table prints a table instead)." placeholder:"csv|json"`
	All    bool   `help:"Also list the obligations that do not apply or are not in force, each with its reason."`
	Out    string `help:"Write to FILE instead of standard output." placeholder:"FILE" type:"path"`
}

// Validate checks --format.
func (c *RegisterExportCmd) Validate() error {
	if c.Format != "" && c.Format != "csv" && c.Format != "json" {
		return fmt.Errorf("--format must be one of \"csv\",\"json\" but got %q", c.Format)
	}
	return nil
}

// Run fetches and writes the register: as --format says, else as a table
// when -o table was given, else JSON.
func (c *RegisterExportCmd) Run(ctx context.Context, app *App) error {
	format := c.Format
	if format == "" {
		format = "json"
	}
	body, err := app.Client.Register(ctx, format, c.All)
	if err != nil {
		return err
	}
	if c.Format == "" && app.TableAsked {
		var reg obligations.Register
		if err := json.Unmarshal(body, &reg); err != nil {
			return fmt.Errorf("read register: %w", err)
		}
		var b bytes.Buffer
		if err := writeRegisterTable(&b, &reg); err != nil {
			return err
		}
		body = b.Bytes()
	}
	if c.Out == "" {
		_, err = app.Stdout.Write(body)
		return err
	}
	if err := os.WriteFile(c.Out, body, 0o600); err != nil {
		return fmt.Errorf("write register: %w", err)
	}
	fmt.Fprintf(app.Stderr, "register written to %s\n", c.Out)
	return nil
}

// writeRegisterTable prints the register one row per obligation, the
// incident's columns on its first row only.
func writeRegisterTable(w io.Writer, reg *obligations.Register) error {
	if len(reg.Entries) == 0 {
		_, err := fmt.Fprintln(w, "the register is empty: no incident has breach facts")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "INCIDENT\tSEVERITY\tSTATUS\tAWARE AT\tREGIME\tOBLIGATION\tDUE AT\tSUBMITTED\tREASON")
	for _, e := range reg.Entries {
		head := fmt.Sprintf("%s\t%s\t%s\t%s", cell(e.Incident, 0), cell(e.Severity, 0), cell(string(e.Status), 0), timeCell(e.AwareAt))
		if len(e.Obligations) == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\n", head)
			continue
		}
		for i, o := range e.Obligations {
			if i > 0 {
				head = "\t\t\t"
			}
			status := string(o.Status)
			switch {
			case o.Overdue:
				status += " (overdue)"
			case o.Late:
				status += " (late)"
			}
			due, submitted := "-", "-"
			if o.DueAt != nil {
				due = timeCell(*o.DueAt)
			}
			if o.SubmittedAt != nil {
				submitted = timeCell(*o.SubmittedAt)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", head, cell(o.Regime, 0), status, due, submitted, orDash(cell(o.Reason, 60)))
		}
	}
	return tw.Flush()
}
