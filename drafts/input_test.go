package drafts

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestInputForGathersTheIncident(t *testing.T) {
	due := awareAt.Add(72 * time.Hour)
	inc := &incident.Incident{ID: "INC-2026-0001", Title: "Bucket public", Description: "policy grants everyone read",
		Status: incident.StatusOpen, Asset: incident.Asset{ID: "s3://exports", Type: "bucket"},
		Facts: &incident.Facts{AwareAt: awareAt}, Customer: &incident.Customer{Name: "Acme GmbH", Contact: "dpo@acme.example"},
		Narrative: map[string]string{"nature": "Export bucket made public", "delay_reason": "late discovery"}}
	set := &incident.Obligations{Obligations: []incident.Obligation{{Regime: "gdpr_art33_sa", Status: incident.ObligationDue, DueAt: &due}}}
	org := &Organisation{Name: "Example Cloud Ltd", Regulators: map[string]Regulator{"gdpr_art33_sa": {Name: "DPC"}}}
	in, err := InputFor(inc, set, "gdpr_art33_sa", org)
	require.NoError(t, err)
	require.Equal(t, "s3://exports (bucket)", in.Incident.Asset)
	require.Equal(t, "policy grants everyone read", in.Incident.Description)
	require.Equal(t, "DPC", in.Org.RegulatorName)
	require.Equal(t, "Acme GmbH", in.Customer.Name)
	require.Equal(t, &due, in.Obligation.DueAt)
	require.Equal(t, "Export bucket made public", in.Narrative.Nature)
	require.Equal(t, "late discovery", in.DelayReason)

	inc.Narrative = map[string]string{"colour": "red"}
	_, err = InputFor(inc, nil, "gdpr_art33_sa", nil)
	require.ErrorIs(t, err, ErrInvalidInput)
}

// A draft names what it was rendered from: the catalog version and the
// timeline head, so that a filed copy traces back to the incident's state.
func TestADraftCarriesTheCatalogVersionAndTimelineHeadItWasRenderedFrom(t *testing.T) {
	inc := &incident.Incident{ID: "INC-2026-0001", Title: "t", Status: incident.StatusOpen, TimelineHead: "9f2c…e1",
		Facts: &incident.Facts{AwareAt: awareAt}}
	set := &incident.Obligations{CatalogVersion: "2026-12-07.1", Obligations: []incident.Obligation{{Regime: "gdpr_art33_sa", Status: incident.ObligationDue}}}
	in, err := InputFor(inc, set, "gdpr_art33_sa", nil)
	require.NoError(t, err)
	in.Now = awareAt
	md, err := Render("gdpr_art33_sa", Markdown, in)
	require.NoError(t, err)
	require.Contains(t, string(md), "Catalog version")
	require.Contains(t, string(md), "2026-12-07.1")
	require.Contains(t, string(md), "9f2c…e1")
}
