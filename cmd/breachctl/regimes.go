package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/regulations"
)

// RegimesCmd groups the commands that show the regulation catalog, for the
// people who maintain it and the privacy officers who rely on it. They read
// the catalog offline: the embedded one, or one of one's own.
type RegimesCmd struct {
	List     RegimesListCmd     `cmd:"" help:"List the catalog's regimes: jurisdiction, recipient, period, thresholds, whether verified."`
	Show     RegimesShowCmd     `cmd:"" help:"Show one regime whole: conditions, exemptions, effective dates, basis, content, sources."`
	Coverage RegimesCoverageCmd `cmd:"" help:"Write the coverage matrix (jurisdiction, recipient, period, thresholds, basis, verified) as Markdown: make coverage-doc writes docs/coverage.md."`
}

// catalogFlags choose the catalog an offline command reads, as the
// daemon's catalog_file and calendars_file do.
type catalogFlags struct {
	Catalog   string `help:"Regulation catalog to read instead of the embedded one: a YAML file, or a directory laid out as regulations/ (catalog.yaml and catalog/*.yaml)." placeholder:"PATH" type:"path"`
	Calendars string `help:"Holiday calendars YAML to use instead of the embedded ones." placeholder:"FILE" type:"path"`
}

// load reads the catalog the flags choose.
func (f catalogFlags) load() (*regulations.Catalog, error) {
	return regulations.LoadFiles(f.Catalog, f.Calendars)
}

// RegimesListCmd lists the regimes, one line each.
type RegimesListCmd struct {
	catalogFlags
	Jurisdiction string `help:"Only the regimes of this jurisdiction or whose conditions name it (US-WA or WA, TH, EU-FR, EU, global; CA is Canada, California is US-CA)." placeholder:"CODE"`
}

// Run lists the regimes.
func (c *RegimesListCmd) Run(app *App) error {
	cat, err := c.load()
	if err != nil {
		return err
	}
	regimes, err := cat.Describe(c.Jurisdiction)
	if err != nil {
		return fmt.Errorf("--jurisdiction %w", err)
	}
	list := client.RegimeList{CatalogVersion: cat.Version, Regimes: regimes}
	if app.JSON {
		return writeJSON(app.Stdout, list)
	}
	if len(list.Regimes) == 0 {
		fmt.Fprintf(app.Stdout, "the catalog (version %s) has no regime for %s: its duties are unknown, and incidents there show status unknown\n", list.CatalogVersion, c.Jurisdiction)
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "REGIME\tJURISDICTION\tRECIPIENT\tPERIOD\tTHRESHOLDS\tVERIFIED")
	for _, r := range list.Regimes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(r.ID, 0), cell(r.Jurisdiction, 0), cell(r.RecipientKind, 0),
			cell(r.Period, 60), cell(orDash(strings.Join(r.Thresholds, "; ")), 40), verified(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.Stderr, "%d regimes of catalog %s\n", len(list.Regimes), list.CatalogVersion)
	return nil
}

// RegimesShowCmd prints one regime whole.
type RegimesShowCmd struct {
	catalogFlags
	ID string `arg:"" help:"Regime id, e.g. us_wa_19_255_individuals_2020."`
}

// Run shows the regime.
func (c *RegimesShowCmd) Run(app *App) error {
	cat, err := c.load()
	if err != nil {
		return err
	}
	r := cat.Regime(c.ID)
	if r == nil {
		return errors.New("regime " + cell(c.ID, 80) + " is not in the catalog (version " + cat.Version + "); breachctl regimes list shows them")
	}
	d := client.RegimeDetail{CatalogVersion: cat.Version, Regime: r.Describe()}
	if app.JSON {
		return writeJSON(app.Stdout, d)
	}
	writeRegime(app.Stdout, d.Regime)
	return nil
}

// writeRegime prints a regime as labelled lines and lists.
func writeRegime(w io.Writer, r client.Regime) {
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-15s %s\n", label+":", cell(v, 0))
		}
	}
	effective := "from " + r.EffectiveFrom
	if r.EffectiveTo != "" {
		effective += " until " + r.EffectiveTo
	}
	line("Regime", r.ID)
	line("Name", r.Name)
	line("Jurisdiction", r.Jurisdiction)
	line("Obliged", r.Obliged)
	line("Trigger", r.Trigger)
	line("Recipient", r.Recipient+" ("+r.RecipientKind+")")
	line("Period", r.Period)
	line("Due", r.Due)
	line("Effective", effective)
	line("Basis", r.Basis)
	line("Verified", verified(r))
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(w, "  - %s\n", cell(it, 0))
		}
	}
	rules := func(title string, rs []client.Rule) {
		var items []string
		for _, x := range rs {
			items = append(items, x.When+" — "+x.Then)
		}
		list(title, items)
	}
	rules("Applies when (otherwise)", r.Applies)
	list("Thresholds", r.Thresholds)
	rules("Exempt when", r.Exemptions)
	list("Content", r.Content)
	list("Sources", r.Sources)
	list("Unverified", r.Unverified)
	list("Notes", r.Notes)
}

func verified(r client.Regime) string {
	switch {
	case !r.Verified:
		return "no: secondary sources only"
	case len(r.Unverified) > 0:
		return fmt.Sprintf("yes, %d points unverified", len(r.Unverified))
	}
	return "yes"
}

// RegimesCoverageCmd writes the coverage matrix (docs/coverage.md).
type RegimesCoverageCmd struct {
	catalogFlags
}

// Run writes the matrix to standard output.
func (c *RegimesCoverageCmd) Run(app *App) error {
	cat, err := c.load()
	if err != nil {
		return err
	}
	_, err = app.Stdout.Write(cat.CoverageMatrix())
	return err
}
