package main

import (
	"context"
	"fmt"
	"os"
)

// RegisterCmd groups the breach register commands.
type RegisterCmd struct {
	Export RegisterExportCmd `cmd:"" help:"Export the breach register: every incident with breach facts, notified or not, with its obligations, reasons and submissions."`
}

// RegisterExportCmd writes the breach register for auditors.
type RegisterExportCmd struct {
	Format string `help:"csv or json." enum:"csv,json" default:"json"`
	All    bool   `help:"Also list the obligations that do not apply or are not in force, each with its reason."`
	Out    string `help:"Write to FILE instead of standard output." placeholder:"FILE" type:"path"`
}

// Run fetches and writes the register.
func (c *RegisterExportCmd) Run(ctx context.Context, app *App) error {
	body, err := app.Client.Register(ctx, c.Format, c.All)
	if err != nil {
		return err
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
