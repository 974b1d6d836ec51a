package regulations

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations/deadline"
)

// A jurisdiction the catalog has no rules for is never an absence: it gets
// an entry of status unknown that names it.
func TestAJurisdictionWithoutRulesIsUnknownNeverAbsent(t *testing.T) {
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller",
		"jurisdictions":["EU-IE","AQ","FR"],"data_subjects_by_jurisdiction":{"AQ":3,"BV":1}}`))
	require.NoError(t, err)
	c := embeddedCatalog()
	require.NoError(t, c.CheckFacts(f))
	var unknown []incident.Obligation
	for _, o := range Evaluate(f, c, now).Obligations {
		if o.Status == incident.ObligationUnknown {
			unknown = append(unknown, o)
		}
	}
	require.Len(t, unknown, 2, "AQ and BV once each; EU-IE and FR (a member state) are covered by the GDPR")
	require.Equal(t, "unknown/AQ", unknown[0].Regime)
	require.Equal(t, "AQ", unknown[0].Jurisdiction)
	require.Nil(t, unknown[0].DueAt)
	require.Contains(t, unknown[0].Reason, "has no rules for AQ")
	require.Equal(t, "unknown/BV", unknown[1].Regime)

	require.True(t, c.Covers("EU-FR"), "the EU's coverage")
	require.True(t, c.Covers("CA-ON"), "PIPEDA in every province")
	require.True(t, c.Covers("US"), "federal regimes")
	require.False(t, c.Covers("US-AS"), "federal regimes are not a State's law")
}

func TestARuleReadInSecondarySourcesOnlyIsMarkedInItsBasis(t *testing.T) {
	doc := `version: x
regimes:
  - {id: th_test, name: n, jurisdiction: TH, obliged: o, trigger: t, recipient: r, recipient_kind: regulator,
     basis: "PDPA s.37(4)", source_kind: secondary, sources: ["a law firm's summary"], effective: {from: 2022-06-01},
     clock: {start: [aware_at], period: 72, unit: hours}, due: d, content: [c]}
`
	c, err := LoadCatalog([]byte(doc), deadline.Default())
	require.NoError(t, err)
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["TH"]}`))
	require.NoError(t, err)
	o := Evaluate(f, c, now).Obligations[0]
	require.Equal(t, "PDPA s.37(4) [unverified: read in secondary sources only]", o.Basis)
	require.Equal(t, "regulator", o.RecipientKind)
	require.Equal(t, "TH", o.Jurisdiction)

	_, err = LoadCatalog([]byte(`version: x
regimes:
  - {id: t, name: n, jurisdiction: XX, obliged: o, trigger: t, recipient: r, recipient_kind: press,
     basis: b, source_kind: rumour, effective: {from: 2022-06-01}, clock: {start: [aware_at], unit: none}, due: d}
`), deadline.Default())
	require.ErrorContains(t, err, `recipient_kind "press" is not one of regulator, individuals`)
	require.ErrorContains(t, err, `source_kind "rumour" is not primary or secondary`)
	require.ErrorContains(t, err, `jurisdiction "XX" is not a jurisdiction code`)
}

func TestAFreeZoneIsNotReachedByItsCountrysLaw(t *testing.T) {
	facts := `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["AE-DIFC"]}`
	if o := evalOne(t, facts, "ae_pdpl_9_data_office", now); o.Status != incident.ObligationNotApplicable {
		t.Errorf("the federal PDPL in the DIFC: %s (%s)", o.Status, o.Reason)
	}
	if o := evalOne(t, facts, "ae_difc_dpl_41_commissioner", now); o.Status != incident.ObligationDue {
		t.Errorf("the DIFC law in the DIFC: %s (%s)", o.Status, o.Reason)
	}
}
