package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// IncidentCmd groups the commands on one incident.
type IncidentCmd struct {
	Show IncidentShowCmd `cmd:"" help:"Show one incident."`
}

// IncidentShowCmd prints one incident.
type IncidentShowCmd struct {
	ID string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
}

// Run shows the incident.
func (c *IncidentShowCmd) Run(ctx context.Context, app *App) error {
	inc, err := app.Client.Incident(ctx, c.ID)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, inc)
	}
	return printIncident(app, inc)
}

// printIncident prints an incident as one field a line.
func printIncident(app *App, inc *incident.Incident) error {
	tw := newTable(app.Stdout)
	row := func(k, v string) { fmt.Fprintf(tw, "%s:\t%s\n", k, v) }
	row("ID", cell(inc.ID, 0))
	row("Title", cell(inc.Title, 0))
	if inc.Description != "" {
		row("Description", cell(inc.Description, 200))
	}
	row("Severity", inc.Severity.String())
	row("Status", cell(string(inc.Status), 0))
	if inc.AcknowledgedAt != nil {
		row("Acknowledged", fmt.Sprintf("by %s at %s", cell(inc.AcknowledgedBy, 0), timeCell(*inc.AcknowledgedAt)))
	}
	row("Opened", timeCell(inc.OpenedAt))
	row("Updated", timeCell(inc.UpdatedAt))
	row("Seen", fmt.Sprintf("%s to %s", timeCell(inc.FirstSeen), timeCell(inc.LastSeen)))
	alerts := fmt.Sprintf("%d (%s)", inc.AlertCount, count(inc.FingerprintCount, "fingerprint", "fingerprints"))
	if inc.CollapsedAlerts > 0 {
		alerts += fmt.Sprintf("; %d counted without their own event (flood protection)", inc.CollapsedAlerts)
	}
	row("Alerts", alerts)
	row("Asset", assetCell(inc.Asset))
	if len(inc.Labels) > 0 {
		row("Labels", labelsCell(inc.Labels))
	}
	row("Kinds", list(inc.Kinds))
	row("Sources", list(inc.Sources))
	row("Correlation", orDash(cell(inc.CorrelationKey, 0)))
	row("Personal data", personalData(inc.PersonalData))
	if inc.Facts != nil {
		row("Breach facts", breachFacts(inc.Facts))
	}
	if inc.Customer != nil {
		row("Customer", cell(strings.TrimSpace(inc.Customer.Name+" "+paren(inc.Customer.Contact)), 0))
	}
	if n := len(inc.Submissions); n > 0 {
		last := inc.Submissions[n-1]
		row("Submissions", fmt.Sprintf("%d, last %s at %s (ref %s)", n, cell(last.Regime, 0), timeCell(last.At), cell(orDash(last.Ref), 60)))
	}
	row("Timeline", fmt.Sprintf("%d events, head %s", inc.TimelineSeq, short(inc.TimelineHead)))
	return tw.Flush()
}

// breachFacts summarises the facts a responder looks for first; the whole
// object is breachctl facts ID.
func breachFacts(f *incident.Facts) string {
	parts := []string{"aware " + timeCell(f.AwareAt)}
	if f.Role != "" {
		parts = append(parts, string(f.Role))
	}
	if len(f.Jurisdictions) > 0 {
		parts = append(parts, "jurisdictions "+list(f.Jurisdictions))
	}
	if f.DataSubjects != nil {
		parts = append(parts, count(*f.DataSubjects, "subject", "subjects"))
	}
	return strings.Join(parts, "; ")
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func assetCell(a incident.Asset) string {
	s := orDash(cell(a.ID, 0))
	var details []string
	if a.Type != "" {
		details = append(details, cell(a.Type, 0))
	}
	if a.Tenant != "" {
		details = append(details, "tenant "+cell(a.Tenant, 0))
	}
	if len(details) > 0 {
		s += " (" + strings.Join(details, ", ") + ")"
	}
	return s
}

func personalData(pd *incident.PersonalData) string {
	if pd == nil {
		return "none reported"
	}
	parts := []string{count(int(pd.Subjects), "subject", "subjects")}
	if len(pd.Categories) > 0 {
		parts = append(parts, "categories "+list(pd.Categories))
	}
	if len(pd.Jurisdictions) > 0 {
		parts = append(parts, "jurisdictions "+list(pd.Jurisdictions))
	}
	switch {
	case pd.Encrypted == nil:
		parts = append(parts, "encryption not stated")
	case *pd.Encrypted:
		parts = append(parts, "encrypted")
	default:
		parts = append(parts, "not encrypted")
	}
	return strings.Join(parts, "; ")
}

// list renders a list of names as one cell.
func list(names []string) string {
	if len(names) == 0 {
		return "-"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cell(n, 0)
	}
	return strings.Join(out, ", ")
}

// short abbreviates a hash for people; JSON output carries it whole.
func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12] + "…"
	}
	return orDash(hash)
}

// labelsCell lists labels as name=value in name order.
func labelsCell(labels map[string]string) string {
	parts := make([]string, 0, len(labels))
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		parts = append(parts, cell(k, 60)+"="+cell(labels[k], 120))
	}
	return strings.Join(parts, ", ")
}
